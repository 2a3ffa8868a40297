// Benefits told apart by modifier on shared codes: the ambiguity check knows about them.

#include "covercheck/load.hpp"
#include "covercheck/validate.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace covercheck {
namespace {

/// The codes of every diagnostic of the rules text, parsed and validated, as "CODE line:column".
std::vector<std::string> diagnostics_of(std::string const& text) {
    ParseResult parsed = parse_rules(text, "t.rules");
    std::vector<Diagnostic> all = parsed.diagnostics;
    std::vector<RulesFile> files{parsed.file};
    for (Diagnostic const& d : validate(files)) all.push_back(d);
    std::vector<std::string> out;
    for (Diagnostic const& d : all) out.push_back(d.code + " " + std::to_string(d.where.line) + ":" + std::to_string(d.where.column));
    return out;
}

std::string two_benefits(char const* first_items, char const* second_items) {
    return std::string("codes rehab = cpt 97110, 97530\n") +   // line 1
           "codes a = cpt " + first_items + "\n" +             // line 2
           "codes b = cpt " + second_items + "\n" +            // line 3
           "benefit \"PT\" codes a {\n    covered\n}\n" +       // lines 4-6
           "benefit \"OT\" codes b {\n    covered\n}\n";        // lines 7-9
}

using Found = std::vector<std::string>;

TEST(modifier_sets_test, codes_told_apart_by_modifier_are_not_ambiguous) {
    EXPECT_EQ(diagnostics_of(two_benefits("rehab with modifier GP", "rehab with modifier GO")), Found{});
    EXPECT_EQ(diagnostics_of(two_benefits("97110 with modifier GP", "97110 with modifier GO")), Found{});
}

TEST(modifier_sets_test, a_code_chosen_by_modifier_wins_over_the_plain_code) {
    EXPECT_EQ(diagnostics_of(two_benefits("97110", "97110 with modifier GO")), Found{});
}

TEST(modifier_sets_test, the_same_modifier_on_both_sides_is_still_ambiguous) {
    EXPECT_EQ(diagnostics_of(two_benefits("rehab with modifier GP", "97530 with modifier GP")),
              Found{"CC-AMBIGUOUS-BENEFIT 7:1"});
    EXPECT_EQ(diagnostics_of(two_benefits("97110", "97110")), Found{"CC-AMBIGUOUS-BENEFIT 7:1"});
}

TEST(modifier_sets_test, a_bad_modifier_is_a_bad_code) {
    EXPECT_EQ(diagnostics_of("codes a = cpt 97110 with modifier G\n"), Found{"CC-BAD-CODE 1:15"});
}

}  // namespace
}  // namespace covercheck
