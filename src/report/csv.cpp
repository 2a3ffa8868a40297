// The CSV rendering (RFC 4180: fields with a comma, quote or line break are quoted).

#include "covercheck/report.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace covercheck {
namespace {

/// A text cell. Text from the input (a treatment-plan or line id, a reason quoting a rule) that
/// starts with = + - @ tab or CR would run as a formula when the file is opened in a
/// spreadsheet, so such a cell gets a leading single quote (OWASP, "CSV Injection"); then the
/// cell is quoted per RFC 4180 when it holds a comma, a quote or a line break.
std::string text_cell(std::string const& text) {
    std::string cell = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos
                           ? "'" + text
                           : text;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// A money cell as a plain number a spreadsheet sums: 1234.50, -12.50 for a credit; no dollar
/// sign, no thousands separators. Never neutralised: a leading minus is a sign, not a formula.
std::string amount(Money m) {
    // INVARIANT: the magnitude is taken in unsigned arithmetic, so even INT64_MIN cents is exact.
    std::uint64_t const cents = m.cents < 0 ? 0U - static_cast<std::uint64_t>(m.cents) : static_cast<std::uint64_t>(m.cents);
    std::uint64_t const part = cents % 100;
    std::string out = m.cents < 0 ? "-" : "";
    out += std::to_string(cents / 100);
    out += '.';
    out += static_cast<char>('0' + part / 10);
    out += static_cast<char>('0' + part % 10);
    return out;
}

/// The given findings' `member`s that are not empty, joined with " | ".
std::string joined(std::vector<Finding> const& findings, std::string Finding::*member) {
    std::string out;
    for (Finding const& f : findings) {
        if ((f.*member).empty()) continue;
        if (!out.empty()) out += " | ";
        out += f.*member;
    }
    return out;
}

}  // namespace

std::string csv_header() {
    return "treatment_plan,plan,line,date,code,drug,modifiers,units,quantity,days_supply,benefit,outcome,billed,"
           "allowed,deductible,copay,coinsurance,oop_capped,not_covered,plan_pays,patient_owes,at_risk,carc,reasons,fixes,rule,"
           "network,contractual,balance_billing,deductible_left,out_of_pocket_left\r\n";
}

std::string render_csv_rows(Evaluation const& e) {
    std::string out;
    for (LineResult const& r : e.lines) {
        std::string modifiers;
        for (std::string const& m : r.line.modifiers) modifiers += (modifiers.empty() ? "" : " ") + m;
        // A drug line (one naming a drug) has a quantity and a days' supply; other lines leave
        // those cells empty.
        bool const drug_line = !r.line.drug.empty();
        std::string const quantity = drug_line ? std::to_string(r.line.quantity) : std::string();
        std::string const days_supply = drug_line ? std::to_string(r.line.days_supply) : std::string();
        LineCost const& c = r.cost;
        std::string const rule = r.findings.empty() || r.findings.front().rule.file.empty()
                                     ? std::string()
                                     : to_string(r.findings.front().rule);
        out += text_cell(e.treatment_id) + "," + text_cell(e.plan_id) + "," + text_cell(r.line.id) + "," +
               r.line.date.iso() + "," + text_cell(r.line.code) + "," + text_cell(r.line.drug) + "," +
               text_cell(modifiers) + "," + std::to_string(r.line.units) + "," + quantity + "," + days_supply + "," +
               text_cell(r.benefit) + "," + text_cell(to_string(r.outcome)) + "," + amount(c.billed) + "," +
               amount(c.allowed) + "," + amount(c.deductible) + "," + amount(c.copay) + "," + amount(c.coinsurance) +
               "," + amount(c.oop_capped) + "," + amount(c.not_covered) + "," + amount(c.plan) + "," + amount(c.patient) + "," + amount(c.at_risk) +
               "," + text_cell(joined(r.findings, &Finding::carc)) + "," +
               text_cell(joined(r.findings, &Finding::reason)) + "," + text_cell(joined(r.findings, &Finding::fix)) +
               "," + text_cell(rule) + "," + (r.line.in_network ? "in" : "out") + "," + amount(c.contractual) + "," +
               amount(c.balance_billing) + "," + (c.deductible_left ? amount(*c.deductible_left) : std::string()) + "," +
               (c.out_of_pocket_left ? amount(*c.out_of_pocket_left) : std::string()) + "\r\n";
    }
    return out;
}

}  // namespace covercheck
