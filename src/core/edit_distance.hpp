// The one edit distance behind every "did you mean" hint (rules syntax, rules names, XML names).
#pragma once

#include <cstddef>
#include <string_view>

namespace covercheck {

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours each cost 1 ("physcial" -> "physical" is 1, "coinsurence" -> "coinsurance" is 1).
/// Compares bytes as given; callers fold case first when case should not count.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace covercheck
