// The table for people.

#include "covercheck/report.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace covercheck {
namespace {

constexpr std::size_t service_width = 36;

// Column widths count UTF-8 code points, not bytes, so a benefit named with an accented letter or
// an en dash lines up with ASCII ones. A code point is one column for the Latin text billing
// staff see; wide (CJK) and combining characters are not special-cased.

/// True for the 10xxxxxx bytes that continue a UTF-8 sequence.
bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

/// The number of code points in `text` (a stray continuation byte counts as none).
std::size_t width_of(std::string const& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

/// `text` cut to `width` code points, ending in "..." when cut; never inside a UTF-8 sequence.
std::string fit(std::string const& text, std::size_t width) {
    if (width_of(text) <= width) return text;
    std::size_t keep = width - 3;   // code points kept before the "..."
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
        if (!is_continuation_byte(text[end])) {
            if (keep == 0) break;
            --keep;
        }
    }
    return text.substr(0, end) + "...";
}

/// `text` followed by spaces up to `width` code points.
std::string pad(std::string const& text, std::size_t width) {
    std::size_t const w = width_of(text);
    return w >= width ? text : text + std::string(width - w, ' ');
}

/// Spaces up to `width` code points, then `text` (right-aligned, for money).
std::string pad_left(std::string const& text, std::size_t width) {
    std::size_t const w = width_of(text);
    return w >= width ? text : std::string(width - w, ' ') + text;
}

std::string where_text(SourceLocation const& where) {
    if (where.file.empty()) return "";
    return to_string(where);
}

/// "97110", "97110-GP-KX" (every modifier, in input order), or "Rx 25480" for a pharmacy line.
std::string code_of(ServiceLine const& line) {
    if (line.code.empty()) return "Rx " + line.drug;
    std::string out = line.code;
    for (std::string const& m : line.modifiers) out += "-" + m;
    return out;
}

/// "$28.00", or "$28.00 + $112.00 at risk" for a line needing a PA not on file.
std::string owes_text(LineCost const& cost) {
    std::string owes = format_money(cost.patient);
    if (cost.at_risk > Money{}) owes += " + " + format_money(cost.at_risk) + " at risk";
    return owes;
}

}  // namespace

std::string render_table(Evaluation const& e) {
    std::string out = "Treatment plan " + e.treatment_id + " against plan " + e.plan_id;
    if (!e.plan_name.empty()) out += " (" + e.plan_name + ")";
    out += "\n\n";

    std::array<std::string, 7> const head{"line", "date", "code", "service", "outcome", "patient owes", ""};
    std::array<std::size_t, 6> width{4, 10, 8, 7, 7, 12};
    for (LineResult const& r : e.lines) {
        width[0] = std::max(width[0], width_of(r.line.id));
        width[2] = std::max(width[2], width_of(code_of(r.line)));
        width[3] = std::max(width[3], width_of(fit(r.benefit.empty() ? "(no rule)" : r.benefit, service_width)));
        width[4] = std::max(width[4], width_of(to_string(r.outcome)));
        width[5] = std::max(width[5], width_of(owes_text(r.cost)));
    }
    std::string const gap = "  ";
    out += pad(head[0], width[0]) + gap + pad(head[1], width[1]) + gap + pad(head[2], width[2]) + gap +
           pad(head[3], width[3]) + gap + pad(head[4], width[4]) + gap + pad_left(head[5], width[5]) + "\n";
    for (LineResult const& r : e.lines) {
        std::string const owes = owes_text(r.cost);
        out += pad(r.line.id, width[0]) + gap + pad(r.line.date.iso(), width[1]) + gap + pad(code_of(r.line), width[2]) +
               gap + pad(fit(r.benefit.empty() ? "(no rule)" : r.benefit, service_width), width[3]) + gap +
               pad(to_string(r.outcome), width[4]) + gap + pad_left(owes, width[5]) + "\n";
        std::string const indent(width[0] + gap.size(), ' ');
        for (Finding const& f : r.findings) {
            out += indent + "- " + to_string(f.outcome) + ": " + f.reason;
            if (!f.carc.empty()) out += " [CARC " + f.carc + "]";
            std::string const rule = where_text(f.rule);
            if (!rule.empty()) out += " (" + rule + ")";
            out += "\n";
            if (!f.fix.empty()) out += indent + "  fix: " + f.fix + "\n";
        }
    }

    Totals const& t = e.totals;
    out += "\nTotals: billed " + format_money(t.billed) + ", plan estimate " + format_money(t.plan) +
           ", patient estimate " + format_money(t.patient) + ", at risk " + format_money(t.at_risk) + "\n";
    out += std::to_string(e.lines.size()) + (e.lines.size() == 1 ? " line, " : " lines, ") +
           std::to_string(t.flagged_lines) + " flagged\n";
    if (!e.pas_to_file.empty()) {
        out += "\nPrior authorizations to file:\n";
        for (PaToFile const& p : e.pas_to_file) {
            out += "  " + p.code + " (" + p.benefit + ") for line" + (p.lines.size() == 1 ? " " : "s ");
            for (std::size_t i = 0; i < p.lines.size(); ++i) out += (i == 0 ? "" : ", ") + p.lines[i];
            if (!p.documentation.empty()) {
                out += "; send: ";
                for (std::size_t i = 0; i < p.documentation.size(); ++i) out += (i == 0 ? "" : "; ") + p.documentation[i];
            }
            out += "\n";
        }
    }
    return out;
}

}  // namespace covercheck
