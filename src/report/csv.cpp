// The CSV rendering (RFC 4180: fields with a comma, quote or line break are quoted).

#include "covercheck/report.hpp"

#include <string>

namespace covercheck {
namespace {

std::string field(std::string const& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// 1234.50 style: no dollar sign, no thousands separators.
std::string amount(Money m) {
    std::int64_t const whole = m.cents / 100;
    std::int64_t const part = (m.cents < 0 ? -m.cents : m.cents) % 100;
    return std::to_string(whole) + "." + (part < 10 ? "0" : "") + std::to_string(part);
}

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
    return "treatment_plan,plan,line,date,code,drug,modifiers,units,benefit,outcome,billed,allowed,deductible,copay,"
           "coinsurance,not_covered,plan_pays,patient_owes,at_risk,carc,reasons,fixes,rule\r\n";
}

std::string render_csv_rows(Evaluation const& e) {
    std::string out;
    for (LineResult const& r : e.lines) {
        std::string modifiers;
        for (std::string const& m : r.line.modifiers) modifiers += (modifiers.empty() ? "" : " ") + m;
        LineCost const& c = r.cost;
        std::string const rule = r.findings.empty() || r.findings.front().rule.file.empty()
                                     ? std::string()
                                     : to_string(r.findings.front().rule);
        out += field(e.treatment_id) + "," + field(e.plan_id) + "," + field(r.line.id) + "," + r.line.date.iso() + "," +
               field(r.line.code) + "," + field(r.line.drug) + "," + field(modifiers) + "," +
               std::to_string(r.line.units) + "," + field(r.benefit) + "," + field(to_string(r.outcome)) + "," +
               amount(c.billed) + "," + amount(c.allowed) + "," + amount(c.deductible) + "," + amount(c.copay) + "," +
               amount(c.coinsurance) + "," + amount(c.not_covered) + "," + amount(c.plan) + "," + amount(c.patient) +
               "," + amount(c.at_risk) + "," + field(joined(r.findings, &Finding::carc)) + "," +
               field(joined(r.findings, &Finding::reason)) + "," + field(joined(r.findings, &Finding::fix)) + "," +
               field(rule) + "\r\n";
    }
    return out;
}

}  // namespace covercheck
