// `covercheck check` as billing staff and tools run it: the table, JSON and CSV (golden files
// made by the program and reviewed), and the exit codes.

#include "cli_support.hpp"

namespace covercheck::cli {
namespace {

using namespace covercheck::cli::testing;

TEST(check_command_test, table_for_a_plan_with_every_kind_of_finding) {
    Result const r = covercheck({"check", "--rules", "rules", "samples/statecare-therapy-modifier.xml"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "");
    expect_golden("statecare-therapy-modifier.txt", r.out);
}

TEST(check_command_test, table_for_the_readme_sample) {
    Result const r = covercheck({"check", "--rules", "rules/", "samples/pt-course-over-limit.xml"});
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("pt-course-over-limit.txt", r.out);
}

TEST(check_command_test, json) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "json", "samples/scs-trial-then-implant.xml"});
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("scs-trial-then-implant.json", r.out);
}

TEST(check_command_test, csv_for_several_plans) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "csv", "samples/clean-plan.xml",
                                 "samples/crps-ketamine-infusion.xml"});
    EXPECT_EQ(r.exit_code, 1);
    expect_golden("clean-and-crps.csv", r.out);
}

TEST(check_command_test, nothing_flagged_exits_0) {
    Result const r = covercheck({"check", "--rules", "rules", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("4 lines, 0 flagged"), std::string::npos) << r.out;
}

TEST(check_command_test, a_single_plan_file_works_as_rules) {
    Result const r = covercheck({"check", "--rules", "rules/acme-ppo-2026.rules", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(check_command_test, unknown_plan_id_is_bad_input) {
    Result const r = covercheck({"check", "--rules", "rules/medicare-part-b-2026.rules", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("samples/clean-plan.xml:4:1: error CK-UNKNOWN-PLAN: no rules file under "
                         "rules/medicare-part-b-2026.rules defines plan 'ACME-PPO-2026'"),
              std::string::npos)
        << r.err;
}

TEST(check_command_test, malformed_xml_is_bad_input_with_location) {
    std::filesystem::create_directories("build-test-tmp");
    std::ofstream("build-test-tmp/truncated.xml") << "<?xml version=\"1.0\"?>\n<treatment-plan id=\"X\" plan=\"ACME-PPO-2026\">\n  <patient member-id=\"M\"/>\n  <services>\n";
    Result const r = covercheck({"check", "--rules", "rules", "build-test-tmp/truncated.xml", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("build-test-tmp/truncated.xml:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("error CX-XML"), std::string::npos) << r.err;
    // The good plan is still checked.
    EXPECT_NE(r.out.find("NEURO-2026-0415"), std::string::npos);
}

TEST(check_command_test, missing_file_is_bad_input) {
    Result const r = covercheck({"check", "--rules", "rules", "samples/no-such-plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("CX-FILE"), std::string::npos) << r.err;
}

TEST(check_command_test, rules_with_errors_are_bad_input) {
    Result const r = covercheck({"check", "--rules", "tests/rules/broken/03-one-digit-cents.rules", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
}

TEST(check_command_test, usage_mistakes_exit_2) {
    EXPECT_EQ(covercheck({"check", "samples/clean-plan.xml"}).exit_code, 2);               // no --rules
    EXPECT_EQ(covercheck({"check", "--rules", "rules"}).exit_code, 2);                     // no plan
    EXPECT_EQ(covercheck({"check", "--rules", "rules", "--format", "pdf", "x.xml"}).exit_code, 2);
}

}  // namespace
}  // namespace covercheck::cli
