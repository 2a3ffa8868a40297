// Claim statuses and the batch totals (claim_result.hpp).

#include "covercheck/claim_result.hpp"

#include "batch_text.hpp"

#include <string>
#include <tuple>

namespace covercheck {
namespace {

/// The key of claims with no plan (or too broken to have one) in BatchTotals::by_plan.
std::string const no_plan_key;
/// The benefit of lines no rule mentions in BatchTotals::by_benefit.
std::string const no_rule_benefit = "(no rule)";
/// The reason kind of a flagged line that carries no finding (should not happen).
std::string const no_finding_kind = "(no finding)";

/// True when `candidate` should replace `current` as a reason's example. The earliest claim
/// wins; ties (lines of one claim, or equal sequence numbers) go to the smaller text, so the
/// choice never depends on the order results or totals were added in.
bool earlier_example(BatchTotals::Reason const& candidate, BatchTotals::Reason const& current) {
    return std::tie(candidate.example_sequence, candidate.example, candidate.outcome) <
           std::tie(current.example_sequence, current.example, current.outcome);
}

void merge_reason(BatchTotals::Reason& into, BatchTotals::Reason const& from) {
    // INVARIANT: an entry with lines == 0 is fresh (just made by map::operator[]) and has no
    // example yet; every stored entry has lines >= 1.
    if (into.lines == 0 || earlier_example(from, into)) {
        into.outcome = from.outcome;
        into.example = from.example;
        into.example_sequence = from.example_sequence;
    }
    into.lines += from.lines;
}

}  // namespace

char const* to_string(ClaimStatus status) {
    switch (status) {
    case ClaimStatus::checked: return "checked";
    case ClaimStatus::no_plan: return "no plan";
    case ClaimStatus::error: return "error";
    }
    return "error";
}

void BatchTotals::Tally::add(LineCost const& cost, bool flagged_line) {
    ++lines;
    if (flagged_line) ++flagged;
    billed += cost.billed;
    plan += cost.plan;
    patient += cost.patient;
    at_risk += cost.at_risk;
}

BatchTotals::Tally& BatchTotals::Tally::operator+=(Tally const& other) {
    claims += other.claims;
    lines += other.lines;
    flagged += other.flagged;
    billed += other.billed;
    plan += other.plan;
    patient += other.patient;
    at_risk += other.at_risk;
    return *this;
}

void BatchTotals::add(ClaimResult const& result) {
    ++claims;
    switch (result.status) {
    case ClaimStatus::checked: ++checked; break;
    case ClaimStatus::no_plan: ++no_plan; break;
    case ClaimStatus::error: ++errors; break;
    }
    if (result.status == ClaimStatus::error) {
        Diagnostic const* first = report::first_error(result);
        ++by_error[first == nullptr || first->code.empty() ? std::string("(no code)") : first->code];
    }

    Tally& plan_row = by_plan[result.status == ClaimStatus::checked ? result.plan_id : no_plan_key];
    ++plan_row.claims;

    for (LineResult const& r : result.lines) {
        LineCost const& c = r.cost;
        bool const flagged = is_flagged(r.outcome);
        ++lines;
        if (flagged) ++flagged_lines;
        billed += c.billed;
        allowed += c.allowed;
        plan += c.plan;
        patient += c.patient;
        at_risk += c.at_risk;

        by_outcome[static_cast<int>(r.outcome)].add(c, flagged);
        by_benefit[r.benefit.empty() ? no_rule_benefit : r.benefit].add(c, flagged);
        plan_row.add(c, flagged);

        if (flagged) {
            Reason one;
            one.lines = 1;
            one.example_sequence = result.sequence;
            std::string kind = no_finding_kind;
            if (r.findings.empty()) {
                one.outcome = to_string(r.outcome);
            } else {
                Finding const& deciding = r.findings.front();
                kind = deciding.kind;
                one.outcome = to_string(deciding.outcome);
                one.example = deciding.reason;
            }
            merge_reason(by_reason[kind], one);
        }
    }
}

void BatchTotals::add(BatchTotals const& other) {
    claims += other.claims;
    checked += other.checked;
    no_plan += other.no_plan;
    errors += other.errors;
    lines += other.lines;
    flagged_lines += other.flagged_lines;
    billed += other.billed;
    allowed += other.allowed;
    plan += other.plan;
    patient += other.patient;
    at_risk += other.at_risk;
    for (auto const& [outcome, from] : other.by_outcome) by_outcome[outcome] += from;
    for (auto const& [name, from] : other.by_benefit) by_benefit[name] += from;
    for (auto const& [id, from] : other.by_plan) by_plan[id] += from;
    for (auto const& [kind, from] : other.by_reason) merge_reason(by_reason[kind], from);
    for (auto const& [code, count] : other.by_error) by_error[code] += count;
}

}  // namespace covercheck
