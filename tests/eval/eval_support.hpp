// Helpers for evaluator tests: rules from text, treatment plans built in code.
#pragma once

#include "covercheck/evaluate.hpp"
#include "covercheck/load.hpp"

#include <gtest/gtest.h>

#include <ostream>

#include <string>
#include <vector>

namespace covercheck {
/// GoogleTest prints an amount as "$12.34 (1234 cents)" when an assertion fails.
inline void PrintTo(Money m, std::ostream* os) { *os << format_money(m) << " (" << m.cents << " cents)"; }
}  // namespace covercheck

namespace covercheck::testing {

/// A RuleBook from rules text that must parse clean.
inline RuleBook book_from(std::string const& text) {
    ParseResult parsed = parse_rules(text, "test.rules");
    for (Diagnostic const& d : parsed.diagnostics) ADD_FAILURE() << render_text(d, text);
    std::vector<RulesFile> files;
    files.push_back(std::move(parsed.file));
    return RuleBook::build(std::move(files));
}

inline Date day(char const* iso) { return Date::parse(iso).value(); }

inline Money usd(char const* text) { return parse_money(text).value(); }

/// A service line: id, date, code, charge; more fields set by the caller.
inline ServiceLine service(std::string id, char const* date, std::string code, char const* charge) {
    ServiceLine line;
    line.id = std::move(id);
    line.date = day(date);
    line.code = std::move(code);
    line.billed = usd(charge);
    return line;
}

inline ServiceLine fill(std::string id, char const* date, std::string drug, std::int64_t quantity, std::int32_t days,
                        char const* charge) {
    ServiceLine line;
    line.id = std::move(id);
    line.date = day(date);
    line.drug = std::move(drug);
    line.quantity = quantity;
    line.days_supply = days;
    line.billed = usd(charge);
    return line;
}

inline TreatmentPlan plan_with(std::vector<ServiceLine> lines, std::vector<std::string> diagnoses = {}) {
    TreatmentPlan plan;
    plan.id = "TP-1";
    plan.plan_id = "TEST-2026";
    plan.patient.member_id = "M1";
    plan.patient.birth_date = day("1960-05-01");
    plan.patient.sex = Sex::female;
    plan.diagnoses = std::move(diagnoses);
    plan.lines = std::move(lines);
    return plan;
}

/// True when some finding of the line has this kind.
inline bool has_finding(LineResult const& r, std::string const& kind) {
    for (Finding const& f : r.findings) {
        if (f.kind == kind) return true;
    }
    return false;
}

/// Checks the patient's parts of a line: deductible, copay, coinsurance ("$12.50").
inline void expect_parts(LineResult const& r, char const* deductible, char const* copay, char const* coinsurance) {
    EXPECT_EQ(r.cost.deductible, usd(deductible)) << "line " << r.line.id << ": deductible";
    EXPECT_EQ(r.cost.copay, usd(copay)) << "line " << r.line.id << ": copay";
    EXPECT_EQ(r.cost.coinsurance, usd(coinsurance)) << "line " << r.line.id << ": coinsurance";
}

inline std::string describe(LineResult const& r) {
    std::string out = r.line.id + " " + to_string(r.outcome) + ":";
    for (Finding const& f : r.findings) out += " [" + f.kind + ": " + f.reason + "]";
    return out;
}

}  // namespace covercheck::testing
