// Checking the claims of one member together: their lines merged into one treatment plan in
// date-of-service order, so visit 21 on one claim counts the 20 on earlier claims.
#pragma once

#include "batch/codec.hpp"
#include "covercheck/claim_result.hpp"
#include "covercheck/rule_book.hpp"

#include <string>
#include <vector>

namespace covercheck::batch {

/// What a member had already used before the batch (from a usage file), merged into their plan.
struct MemberSeed {
    MetSoFar met;
    std::vector<PriorUsage> prior_usage;
    std::vector<PastService> history;
};

/// Checks `claims` (all of one member and one plan id, any order, each holding a claim) against
/// `book`. The claims are taken in order of their first date of service (then input order),
/// their lines merged into one plan (a line without its own diagnoses gets its claim's), their
/// authorizations pooled; `seed`, when given, supplies what was met and used before. Returns one
/// result per claim, in the order given, each with its lines in the claim's own order. Problems
/// not tied to a claim (a seed naming an unknown benefit) go to `warnings`.
std::vector<ClaimResult> check_member(RuleBook const& book, std::vector<ReadClaim const*> const& claims,
                                      MemberSeed const* seed, std::vector<Diagnostic>& warnings);

}  // namespace covercheck::batch
