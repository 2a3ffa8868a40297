// The evaluator: a treatment plan against a plan's rules, line by line, in date-of-service
// order, with the reasons and the patient's likely cost. A pure function: no I/O, no logging.
#pragma once

#include "covercheck/money.hpp"
#include "covercheck/rule_book.hpp"
#include "covercheck/treatment.hpp"

#include <optional>
#include <string>
#include <vector>

namespace covercheck {

/// What will likely happen to a line. Ordered from least to most serious: a line's outcome is
/// the most serious of its findings.
enum class Outcome {
    /// A self-pay plan of care (no coverage): the clinic's price, all of it the patient's; no
    /// coverage decision was made.
    self_pay,
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

/// "self-pay", "covered", "covered with PA", "needs review", "needs PA", "over limit", "sequencing not met",
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

/// One part of a line's charge with who bears it, as an 835 remittance would show it: the claim
/// adjustment group ("CO" contractual obligation: the provider writes it off; "PR" patient
/// responsibility) and the claim adjustment reason code ("45" charge over the allowed amount,
/// "1" deductible, "2" coinsurance, "3" copay, "197" no prior authorization, "119" benefit
/// maximum reached, ...).
struct Adjustment {
    std::string group;
    std::string carc;
    Money amount;
};

/// The money of one line, in integer cents:
///   billed  = contractual + allowed            (in network)
///   billed  = balance_billing + allowed        (out of network)
///   allowed = plan + patient + at_risk
///   patient = deductible + copay + coinsurance + not_covered
/// A line the plan is expected to pay in full or in part is priced: plan and the patient's cost
/// share. A part the plan is expected not to pay (the whole allowed amount of a denied line, of
/// a line to review or without its prior authorization; the part over a dollar maximum) is
/// borne in network by the provider (at_risk, group CO) unless the patient signed a waiver for
/// the line, and out of network (or with a waiver) by the patient (not_covered, group PR).
struct LineCost {
    Money billed;
    /// What the plan allows: the lesser of the charge and the contracted rate (the charge when
    /// no fee schedule gives a rate).
    Money allowed;
    Money contractual;    ///< in network, billed - allowed: the provider writes it off (CO 45)
    /// Out of network, billed - allowed: the provider may bill it to the patient (balance
    /// billing). Not a cost share: not in `patient`, not toward the out-of-pocket maximum.
    Money balance_billing;
    Money deductible;     ///< applied to the deductible (PR 1)
    Money copay;          ///< PR 3
    Money coinsurance;    ///< PR 2
    /// What the out-of-pocket maximum took off the patient's share (coinsurance first, then the
    /// copay, then the deductible): the patient would owe it without the maximum. Part of `plan`.
    Money oop_capped;
    /// The part of the allowed amount the plan does not pay and the patient bears (PR): out of
    /// network or with a signed waiver.
    Money not_covered;
    Money plan;           ///< what the plan is expected to pay
    Money patient;        ///< what the patient is expected to owe (not counting balance billing)
    /// The part of the allowed amount the plan does not pay and the provider may not bill the
    /// patient for (CO): in network, without a signed waiver.
    Money at_risk;
    /// Every amount above that is not the plan's, with its group and reason code: the CO parts
    /// add up to contractual + at_risk, the PR parts to patient.
    std::vector<Adjustment> adjustments;
    /// What is left of the deductible and the out-of-pocket maximum after the line (the network's
    /// own when the plan states them); absent when the plan states none.
    std::optional<Money> deductible_left;
    std::optional<Money> out_of_pocket_left;
};

/// The evaluation of one service line.
struct LineResult {
    ServiceLine line;
    std::string benefit;             ///< the benefit that answered for the line ("" if none; "Self-pay" for a self-pay line)
    SourceLocation benefit_where;
    Outcome outcome = Outcome::covered;
    std::vector<Finding> findings;   ///< every finding, most serious first
    LineCost cost;
};

/// A prior authorization to request before the services start (or one to follow up on).
struct PaToFile {
    std::string code;                ///< the CPT/HCPCS code or drug
    std::string benefit;
    std::vector<std::string> lines;  ///< the line ids that need it
    std::vector<std::string> documentation;
    SourceLocation rule;
};

/// The sums of the lines' money. plan is the plan estimate (lines expected to pay), patient
/// what the patient owes, at_risk what the provider would write off; each apart.
struct Totals {
    Money billed;
    Money allowed;
    Money contractual;
    Money balance_billing;
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
    /// Authorizations already requested and pended with the payer (X12 278 A4): to follow up on,
    /// not to file again.
    std::vector<PaToFile> pas_to_follow_up;
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
