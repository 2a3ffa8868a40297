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

/// "$28.00", or "" for an amount the line's plan states none of (a remaining deductible).
std::string money_text(std::optional<Money> const& amount) { return amount ? format_money(*amount) : std::string(); }

/// The columns of a line: what identifies it, then its money (right-aligned).
constexpr std::size_t text_columns = 6;
constexpr std::size_t columns = 13;

std::array<std::string, columns> row_of(LineResult const& r) {
    LineCost const& c = r.cost;
    return {r.line.id,
            r.line.date.iso(),
            code_of(r.line),
            fit(r.benefit.empty() ? "(no rule)" : r.benefit, service_width),
            r.line.in_network ? "in" : "out",
            to_string(r.outcome),
            format_money(c.billed),
            format_money(c.allowed),
            format_money(c.plan),
            format_money(c.patient),
            format_money(c.at_risk),
            money_text(c.deductible_left),
            money_text(c.out_of_pocket_left)};
}

}  // namespace

std::string render_table(Evaluation const& e) {
    std::string out = "Treatment plan " + e.treatment_id + " against plan " + e.plan_id;
    if (!e.plan_name.empty()) out += " (" + e.plan_name + ")";
    out += "\n\n";

    std::array<std::string, columns> const head{"line",      "date",         "code",    "service",
                                                "network",   "outcome",      "charge",  "allowed",
                                                "plan pays", "patient owes", "at risk", "deductible left",
                                                "OOP left"};
    std::array<std::size_t, columns> width{};
    for (std::size_t i = 0; i < columns; ++i) width[i] = width_of(head[i]);
    std::vector<std::array<std::string, columns>> rows;
    rows.reserve(e.lines.size());
    // The remaining deductible and out-of-pocket columns only when the plan states them.
    std::array<bool, columns> shown{};
    for (std::size_t i = 0; i < columns; ++i) shown[i] = i + 2 < columns;
    for (LineResult const& r : e.lines) {
        rows.push_back(row_of(r));
        for (std::size_t i = 0; i < columns; ++i) {
            width[i] = std::max(width[i], width_of(rows.back()[i]));
            if (!rows.back()[i].empty()) shown[i] = true;
        }
    }
    auto render_row = [&](std::array<std::string, columns> const& cells) {
        std::string line;
        for (std::size_t i = 0; i < columns; ++i) {
            if (!shown[i]) continue;
            if (i != 0) line += "  ";
            line += i < text_columns ? pad(cells[i], width[i]) : pad_left(cells[i], width[i]);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        return line + "\n";
    };
    std::string const gap = "  ";   // before a line's findings, under its number
    out += render_row(head);
    for (std::size_t k = 0; k < e.lines.size(); ++k) {
        LineResult const& r = e.lines[k];
        out += render_row(rows[k]);
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
    out += "\nTotals: charge " + format_money(t.billed) + ", allowed " + format_money(t.allowed) + ", plan estimate " +
           format_money(t.plan) + ", patient owes " + format_money(t.patient) + ", provider at risk " +
           format_money(t.at_risk) + "\n";
    if (t.balance_billing > Money{}) {
        out += "Out of network, the provider may also bill the patient " + format_money(t.balance_billing) +
               " above the allowed amounts (balance billing; not toward the out-of-pocket maximum)\n";
    }
    out += std::to_string(e.lines.size()) + (e.lines.size() == 1 ? " line, " : " lines, ") +
           std::to_string(t.flagged_lines) + " flagged\n";
    auto list = [&](char const* title, std::vector<PaToFile> const& pas) {
        if (pas.empty()) return;
        out += title;
        for (PaToFile const& p : pas) {
            out += "  " + p.code + " (" + p.benefit + ") for line" + (p.lines.size() == 1 ? " " : "s ");
            for (std::size_t i = 0; i < p.lines.size(); ++i) out += (i == 0 ? "" : ", ") + p.lines[i];
            if (!p.documentation.empty()) {
                out += "; send: ";
                for (std::size_t i = 0; i < p.documentation.size(); ++i) out += (i == 0 ? "" : "; ") + p.documentation[i];
            }
            out += "\n";
        }
    };
    list("\nPrior authorizations to file:\n", e.pas_to_file);
    list("\nPrior authorizations to follow up (pended with the payer):\n", e.pas_to_follow_up);
    return out;
}

}  // namespace covercheck
