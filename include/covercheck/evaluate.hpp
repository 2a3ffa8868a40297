// The evaluator: a treatment plan against a plan's rules, line by line, in date-of-service
// order, with the reasons and the patient's likely cost. A pure function: no I/O, no logging.
#pragma once

#include "covercheck/money.hpp"
#include "covercheck/rule_book.hpp"
#include "covercheck/treatment.hpp"

#include <string>
#include <vector>

namespace covercheck {

/// What will likely happen to a line. Ordered from least to most serious: a line's outcome is
/// the most serious of its findings.
enum class Outcome {
    covered,                  ///< covered; cost share and limits apply
    covered_with_pa,          ///< needs a prior authorization and one on file covers it
    needs_pa,                 ///< needs a prior authorization that is not on file: at risk
    /// No rule for the code, a fact needed to decide is missing, or the line must be corrected
    /// (a retired code, a missing modifier). Ranks above needs_pa: an undecided line is not priced.
    needs_review,
    over_limit,               ///< past a visit, unit, day or dollar limit
    sequencing_not_met,       ///< needs an earlier service first (a trial before the implant)
    step_therapy_not_met,     ///< needs a trial of first-line drugs first
    diagnosis_not_supported,  ///< no linked diagnosis the rule accepts
    out_of_network,           ///< not covered out of network
    not_covered,              ///< excluded, not a benefit, or outside the plan's dates
};

/// "covered", "covered with PA", "needs review", "needs PA", "over limit", "sequencing not met",
/// "step therapy not met", "diagnosis not supported", "out of network", "not covered".
char const* to_string(Outcome outcome);

/// True for outcomes that deny the line (the patient owes it all): over_limit and above.
bool is_denial(Outcome outcome);

/// True for a line that needs attention: any outcome but covered and covered with PA.
bool is_flagged(Outcome outcome);

/// One reason a line got its outcome.
struct Finding {
    Outcome outcome = Outcome::covered;
    /// Stable id of the kind of finding, for tools and tests: "no-rule", "excluded",
    /// "not-covered", "outside-plan-dates", "not-in-effect", "out-of-network",
    /// "diagnosis-required", "condition-not-met", "step-therapy", "sequencing", "modifier-required",
    /// "pa-required", "pa-on-file", "pa-not-certified", "pa-units-used-up", "limit-reached",
    /// "limit-partly-reached" (a dollar maximum covers part of the line; the rest is not covered),
    /// "limit-modifier-present", "supply-limit", "retired-code", "missing-data", "no-coverage-rule",
    /// "oop-maximum-reached" (outcome covered: the maximum took some of the patient's share).
    std::string kind;
    std::string reason;          ///< plain English with the numbers: "visit 21 of a 20-visit calendar-year limit"
    SourceLocation rule;         ///< the deciding rule (file:line:col); file only when none applies
    std::string carc;            ///< the 835 claim adjustment reason code a clinic would see, "" if none
    std::string fix;             ///< what would make it covered, "" when nothing would
};

/// The money of one line. allowed = plan + patient, always. patient = deductible + copay +
/// coinsurance + not_covered, each part as owed after the out-of-pocket maximum; oop_capped is
/// what the maximum took off those parts (the plan pays it).
struct LineCost {
    Money billed;
    Money allowed;        ///< the billed charge (covercheck has no fee schedules)
    Money deductible;     ///< applied to the deductible
    Money copay;
    Money coinsurance;
    /// What the out-of-pocket maximum took off the patient's share (coinsurance first, then the
    /// copay, then the deductible): the patient would owe it without the maximum. Part of `plan`.
    Money oop_capped;
    Money not_covered;    ///< the whole allowed amount of a denied or unreviewed line; the part over a dollar maximum
    Money plan;
    Money patient;
    /// For a line needing a PA not on file: the plan's share, which the patient may owe too
    /// if the PA is not obtained (patient + at_risk = allowed). Zero otherwise.
    Money at_risk;
};

/// The evaluation of one service line.
struct LineResult {
    ServiceLine line;
    std::string benefit;             ///< the benefit that answered for the line ("" if none)
    SourceLocation benefit_where;
    Outcome outcome = Outcome::covered;
    std::vector<Finding> findings;   ///< every finding, most serious first
    LineCost cost;
};

/// A prior authorization to request before the services start.
struct PaToFile {
    std::string code;                ///< the CPT/HCPCS code or drug
    std::string benefit;
    std::vector<std::string> lines;  ///< the line ids that need it
    std::vector<std::string> documentation;
    SourceLocation rule;
};

struct Totals {
    Money billed;
    Money allowed;
    Money plan;
    Money patient;
    Money at_risk;
    int flagged_lines = 0;           ///< lines whose outcome is not covered / covered with PA
};

/// The answer for one treatment plan.
struct Evaluation {
    std::string treatment_id;
    std::string plan_id;
    std::string plan_name;
    std::vector<LineResult> lines;   ///< in date-of-service order (input order within a day)
    Totals totals;
    std::vector<PaToFile> pas_to_file;
    MetSoFar met_after;              ///< in-network deductible and out-of-pocket met after the last line
    /// Problems with the treatment plan that do not belong to one line, as warnings:
    /// EV-UNKNOWN-BENEFIT (a `<used>` entry names no benefit of the plan, so it is not counted).
    std::vector<Diagnostic> warnings;
};

/// Evaluates `plan` against `book`. Lines are taken in date-of-service order and the
/// accumulators (limit counts per window, deductible, out-of-pocket, authorization units) carry
/// forward from one line to the next. The decision steps and the cost arithmetic are described
/// in README.md ("How a line is decided"); the one rounding rule is apply_rate() in money.hpp.
Evaluation evaluate(RuleBook const& book, TreatmentPlan const& plan);

/// The sums over `lines` (what Evaluation::totals holds for its lines).
Totals totals_of(std::vector<LineResult> const& lines);

}  // namespace covercheck
