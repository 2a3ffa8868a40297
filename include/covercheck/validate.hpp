// Semantic checks of a set of rules files: the mistakes a parser cannot see.
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/rules.hpp"

#include <vector>

namespace covercheck {

/// Checks `files` as one rule set, the way LoadedRules orders them: the files included first
/// (depth first, each once), the file asked for last. Names (code sets, shared limits) are
/// shared by the whole set; a benefit in a file replaces a same-named benefit of a file it
/// includes. The plan header is the last file's (or, if it has none, the last one found).
///
/// Returns every problem at once, each with a stable code (the full list with severities is
/// in rules/README.md section 8) and the location of the element it is about, ordered by file
/// (as in `files`), then line and column. Never throws on bad rules; never prints.
///
/// Errors: CC-UNDEFINED-NAME, CC-DUPLICATE-NAME, CC-KIND-MISMATCH, CC-BAD-CODE,
/// CC-BACKWARDS-RANGE, CC-BAD-RANGE, CC-CYCLE, CC-CONTRADICTION, CC-PA-ABOVE-LIMIT,
/// CC-BAD-DATES, CC-PERCENT-RANGE, CC-MONEY-OVERFLOW, CC-BAD-NUMBER, CC-UNKNOWN-STATE,
/// CC-CONFLICTING-CLAUSE, CC-MISPLACED.
/// Warnings: CC-RETIRED-CODE, CC-DUPLICATE-CODE, CC-AMBIGUOUS-BENEFIT,
/// CC-REDUNDANT-LIMIT, CC-FAMILY-BELOW-INDIVIDUAL, CC-DEDUCTIBLE-ABOVE-MAXIMUM,
/// CC-OUTSIDE-PLAN-DATES.
std::vector<Diagnostic> validate(std::vector<RulesFile> const& files);

}  // namespace covercheck
