// Reading a usage file for batch review: what members had already used this benefit period
// before the claims of the batch (deductible and out-of-pocket met, visits per benefit, earlier
// services and fills). The format is documented in samples/claims/README.md ("Usage file").
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/treatment.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// What one member had used before the batch, under one plan.
struct MemberUsage {
    std::string member_id;           ///< PATIENT DATA: never logged at the default level
    std::string plan_id;
    MetSoFar met;
    std::vector<PriorUsage> prior_usage;
    std::vector<PastService> history;
    SourceLocation where;            ///< the <member> element
};

/// What reading a usage file gives: every member, or the diagnostics that say why not. Any error
/// leaves `members` empty (a batch is not run on half a usage file).
struct UsageRead {
    std::vector<MemberUsage> members;
    std::vector<Diagnostic> diagnostics;
};

/// Parses a usage document held in memory: root <usage>, any number of
/// <member id=".." plan=".."> each holding an optional <benefit-period> and <history>, read
/// exactly as in a treatment plan. A member and plan given twice is CX-BAD-VALUE. Never throws.
UsageRead read_usage(std::string_view text, std::string const& path);

/// Reads the file at `path` (at most 64 MiB), then read_usage(). CX-FILE when it cannot be read.
UsageRead load_usage(std::string const& path);

}  // namespace covercheck
