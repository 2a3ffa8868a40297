// The table for people.

#include "covercheck/report.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace covercheck {
namespace {

constexpr std::size_t service_width = 36;

std::string fit(std::string text, std::size_t width) {
    if (text.size() > width) text = text.substr(0, width - 3) + "...";
    return text;
}

std::string pad(std::string const& text, std::size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string pad_left(std::string const& text, std::size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string where_text(SourceLocation const& where) {
    if (where.file.empty()) return "";
    return to_string(where);
}

std::string code_of(ServiceLine const& line) {
    if (line.code.empty()) return "Rx " + line.drug;
    return line.modifiers.empty() ? line.code : line.code + "-" + line.modifiers.front();
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
        width[0] = std::max(width[0], r.line.id.size());
        width[2] = std::max(width[2], code_of(r.line).size());
        width[3] = std::max(width[3], fit(r.benefit.empty() ? "(no rule)" : r.benefit, service_width).size());
        width[4] = std::max(width[4], std::string(to_string(r.outcome)).size());
        width[5] = std::max(width[5], owes_text(r.cost).size());
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
