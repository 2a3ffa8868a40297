// The one edit distance behind every "did you mean" hint.

#include "core/edit_distance.hpp"

#include <gtest/gtest.h>

namespace covercheck {
namespace {

TEST(edit_distance_test, counts_insertions_deletions_substitutions_and_swaps) {
    EXPECT_EQ(edit_distance("coinsurance", "coinsurance"), 0U);
    EXPECT_EQ(edit_distance("coinsurence", "coinsurance"), 1U);   // substitution
    EXPECT_EQ(edit_distance("physcial", "physical"), 1U);         // swap of neighbours
    EXPECT_EQ(edit_distance("limt", "limit"), 1U);                // insertion
    EXPECT_EQ(edit_distance("limits", "limit"), 1U);              // deletion
    EXPECT_EQ(edit_distance("", "copay"), 5U);
    EXPECT_EQ(edit_distance("modifers", "modifiers"), 1U);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

}  // namespace
}  // namespace covercheck
