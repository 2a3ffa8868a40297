// One member's claims, merged, evaluated once, and split back into per-claim results.

#include "batch/member.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace covercheck::batch {

namespace {

Date first_date(TreatmentPlan const& claim) {
    Date first = Date::from_days(std::numeric_limits<std::int32_t>::max());
    for (ServiceLine const& l : claim.lines) first = std::min(first, l.date);
    return first;
}

}  // namespace

std::vector<ClaimResult> check_member(RuleBook const& book, std::vector<ReadClaim const*> const& claims,
                                      MemberSeed const* seed, std::vector<Diagnostic>& warnings) {
    // Claims in order of their first date of service, then input order: this decides the order
    // of lines on one day, so it must not depend on how the input was split among workers.
    std::vector<std::size_t> order(claims.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<Date> firsts;
    firsts.reserve(claims.size());
    for (ReadClaim const* c : claims) firsts.push_back(first_date(*c->claim));
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (firsts[a] != firsts[b]) return firsts[a] < firsts[b];
        return claims[a]->sequence < claims[b]->sequence;
    });

    TreatmentPlan merged;
    TreatmentPlan const& first = *claims[order.front()]->claim;
    merged.id = first.patient.member_id;
    merged.plan_id = first.plan_id;
    merged.patient = first.patient;
    // Where the line came from: (claim index, line index in the claim), by merged line index.
    std::vector<std::pair<std::size_t, std::size_t>> origin;
    for (std::size_t ci : order) {
        TreatmentPlan const& c = *claims[ci]->claim;
        if (!merged.patient.birth_date) merged.patient.birth_date = c.patient.birth_date;
        if (merged.patient.sex == Sex::unknown) merged.patient.sex = c.patient.sex;
        if (merged.patient.state.empty()) merged.patient.state = c.patient.state;
        for (Authorization const& a : c.authorizations) {
            bool const known = std::any_of(merged.authorizations.begin(), merged.authorizations.end(),
                                           [&](Authorization const& b) { return b.number == a.number; });
            if (!known) merged.authorizations.push_back(a);
        }
        for (std::size_t li = 0; li < c.lines.size(); ++li) {
            ServiceLine line = c.lines[li];
            if (line.diagnoses.empty()) line.diagnoses = c.diagnoses;
            line.id = std::to_string(origin.size());
            origin.emplace_back(ci, li);
            merged.lines.push_back(std::move(line));
        }
    }
    if (seed != nullptr) {
        merged.met = seed->met;
        merged.prior_usage = seed->prior_usage;
        merged.history = seed->history;
    }

    Evaluation evaluation = evaluate(book, merged);
    for (Diagnostic& w : evaluation.warnings) warnings.push_back(std::move(w));

    std::vector<ClaimResult> results(claims.size());
    std::vector<std::vector<std::pair<std::size_t, LineResult>>> lines(claims.size());
    for (LineResult& r : evaluation.lines) {
        auto const [ci, li] = origin[std::stoul(r.line.id)];
        r.line.id = claims[ci]->claim->lines[li].id;
        r.line.diagnoses = claims[ci]->claim->lines[li].diagnoses;
        lines[ci].emplace_back(li, std::move(r));
    }
    for (std::size_t ci = 0; ci < claims.size(); ++ci) {
        ReadClaim const& c = *claims[ci];
        ClaimResult& out = results[ci];
        out.sequence = c.sequence;
        out.claim_id = c.claim_id;
        out.where = c.where;
        out.file = c.where.file;
        out.member_id = c.claim->patient.member_id;
        out.plan_id = c.claim->plan_id;
        out.plan_name = evaluation.plan_name;
        out.status = ClaimStatus::checked;
        out.diagnostics = c.diagnostics;
        std::sort(lines[ci].begin(), lines[ci].end(),
                  [](auto const& a, auto const& b) { return a.first < b.first; });
        out.lines.reserve(lines[ci].size());
        for (auto& [li, r] : lines[ci]) out.lines.push_back(std::move(r));
        out.totals = totals_of(out.lines);
    }
    return results;
}

}  // namespace covercheck::batch
