// `covercheck validate` as a user runs it: what it prints and the exit code.

#include "cli_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace covercheck::cli {
namespace {

using namespace covercheck::cli::testing;

TEST(validate_command_test, rules_folder_is_clean) {
    Result const r = covercheck({"validate", "rules"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "10 files checked: 0 errors, 0 warnings\n");
    EXPECT_EQ(r.err, "");
}

TEST(validate_command_test, errors_exit_1_with_location_source_line_and_caret) {
    Result const r = covercheck({"validate", "tests/rules/broken/03-one-digit-cents.rules"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "1 file checked: 1 error, 0 warnings\n");
    EXPECT_EQ(r.err,
              "tests/rules/broken/03-one-digit-cents.rules:6:11: error CC-BAD-MONEY: cents are written with exactly two digits\n"
              "        copay $40.5 per visit\n"
              "              ^\n"
              "  hint: write $40.50\n");
}

TEST(validate_command_test, warnings_alone_exit_0) {
    Result const r = covercheck({"validate", "tests/rules/broken/32-no-coverage-stated.rules"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "1 file checked: 0 errors, 1 warning\n");
    EXPECT_NE(r.err.find("warning CC-NO-COVERAGE"), std::string::npos);
}

TEST(validate_command_test, json_lists_files_counts_and_diagnostics) {
    Result const r = covercheck({"validate", "--format", "json", "tests/rules/broken/20-unknown-state.rules"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out,
              "{\"files\":[\"tests/rules/broken/20-unknown-state.rules\"],\"errors\":1,\"warnings\":0,\"diagnostics\":["
              "{\"severity\":\"error\",\"code\":\"CC-UNKNOWN-STATE\",\"file\":\"tests/rules/broken/20-unknown-state.rules\","
              "\"line\":4,\"column\":11,\"message\":\"'IO' is not a US state or territory code\","
              "\"hint\":\"use the two-letter postal code in upper case, like IL\"}]}\n");
}

TEST(validate_command_test, an_included_file_is_reported_once) {
    // rules/ holds plans that include the same base files: problems there would print once.
    Result const r = covercheck({"validate", "tests/rules/broken/15-include-cycle.rules",
                              "tests/rules/broken/included/cycle-partner.rules"});
    EXPECT_EQ(r.exit_code, 1);
    std::size_t count = 0;
    for (std::size_t at = r.err.find("CC-INCLUDE-CYCLE"); at != std::string::npos;
         at = r.err.find("CC-INCLUDE-CYCLE", at + 1)) {
        ++count;
    }
    EXPECT_EQ(count, 2U) << r.err;  // one cycle seen from each file: two different locations
}

TEST(validate_command_test, missing_file_is_an_error_with_its_name) {
    Result const r = covercheck({"validate", "no/such/plan.rules"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "no/such/plan.rules: error CC-FILE: cannot read no/such/plan.rules: no such file\n");
}

TEST(validate_command_test, a_dangling_symlink_in_a_folder_is_an_error_not_skipped) {
    std::string const dir = scratch_folder("validate-dangling");
    std::filesystem::create_symlink("moved-away.rules", dir + "/gone.rules");
    Result const r = covercheck({"validate", dir});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, dir + "/gone.rules: error CC-FILE: cannot read " + dir +
                         "/gone.rules: it is a symbolic link to a missing file\n");
}

TEST(validate_command_test, usage_mistakes_exit_2) {
    EXPECT_EQ(covercheck({}).exit_code, 2);
    EXPECT_EQ(covercheck({"validate"}).exit_code, 2);
    EXPECT_EQ(covercheck({"validate", "--format", "xml", "rules"}).exit_code, 2);
    EXPECT_EQ(covercheck({"frobnicate"}).exit_code, 2);
    EXPECT_EQ(covercheck({"validate", "--help"}).exit_code, 0);
}

}  // namespace
}  // namespace covercheck::cli
