// `covercheck check` as billing staff and tools run it: the table, JSON and CSV (golden files
// made by the program and reviewed), and the exit codes.

#include "cli_support.hpp"

#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

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

TEST(check_command_test, source_lines_under_messages_never_show_patient_data) {
    // A minified export on one line: every message shows that line, <patient> included.
    std::string const dir = scratch_folder("check_patient_data");
    write_file(dir + "/plan.xml",
               "<treatment-plan id=\"T9\" plan=\"ACME-PPO-2026\"><patient member-id=\"ZZMEMBER42\" "
               "birth-date = '1970-13-40' sex=\"female\"/><services><service line=\"1\" date=\"2026-02-30\" "
               "code=\"97110\" charge=\"$10\"/></services></treatment-plan>\n");
    Result const r = covercheck({"check", "--rules", "rules", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.err.find("ZZMEMBER42"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("1970"), std::string::npos) << r.err;
    // The line is still shown, masked to the same width, so carets still point at the right spot.
    EXPECT_NE(r.err.find(dir + "/plan.xml:1:78: error CX-BAD-DATE: expected a date like 2026-03-01 in attribute 'birth-date'"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("<patient member-id=\"**********\" birth-date = '**********' sex=\"female\"/>"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(dir + "/plan.xml:1:146: error CX-BAD-DATE"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\n    " + std::string(145, ' ') + "^\n"), std::string::npos) << r.err;
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

// A small plan with benefit names in UTF-8: one longer than the table's service column (the
// byte-wise cut used to land inside the "è" of "après"), one of 31 code points but 38 bytes (not
// to be cut), and an ASCII one.
std::string const utf8_rules = R"(plan "UTF8-2026" {
    name "Régime santé 2026"
    effective 2026-01-01 to 2026-12-31
    coinsurance 20%
}
codes pt = cpt 97110
codes perineal = cpt 97112
codes office = cpt 99213
benefit "Physiothérapie – séances après opération" codes pt {
    covered
}
benefit "Rééducation périnéale – séances" codes perineal {
    covered
}
benefit "Office visits" codes office {
    covered
    copay $30.00 per visit
}
)";

/// A treatment plan for UTF8-2026 with the given id: a line with two modifiers, one with one,
/// an office visit and a drug fill no rule names.
std::string utf8_treatment_plan(std::string const& id, std::string const& plan = "UTF8-2026") {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<treatment-plan id=\"" + id + "\" plan=\"" + plan + R"(">
  <patient member-id="M1"/>
  <services>
    <service line="1" date="2026-03-02" code="97110" modifiers="GP KX" charge="$100.00"/>
    <service line="2" date="2026-03-02" code="97112" modifiers="GP" charge="$90.00"/>
    <service line="3" date="2026-03-03" code="99213" charge="$150.00"/>
    <drug line="4" date="2026-03-03" drug="25480" quantity="90" days-supply="30" charge="$24.80"/>
  </services>
</treatment-plan>
)";
}

TEST(check_command_test, table_shows_every_modifier_and_aligns_utf8_names) {
    std::string const dir = scratch_folder("utf8-table");
    write_file(dir + "/rules/utf8.rules", utf8_rules);
    write_file(dir + "/plan.xml", utf8_treatment_plan("UTF8-1"));
    Result const r = covercheck({"check", "--rules", dir + "/rules", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err, "");
    expect_golden("utf8-benefit-names.txt", r.out);
    EXPECT_TRUE(is_valid_utf8(r.out));
    EXPECT_NE(r.out.find("  97110-GP-KX  "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  Physiothérapie – séances après op...  "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  Rééducation périnéale – séances      "), std::string::npos) << r.out;

    // Every row (and the header) starts its outcome column at the same code point and ends at
    // the same code point.
    std::istringstream rows(r.out);
    std::string row;
    std::vector<std::size_t> outcome_columns;
    std::vector<std::size_t> row_widths;
    while (std::getline(rows, row)) {
        std::size_t const outcome = row.find("  outcome  ") != std::string::npos ? row.find("  outcome  ")
                                    : row.find("  covered  ") != std::string::npos ? row.find("  covered  ")
                                                                                  : row.find("  needs review  ");
        if (outcome == std::string::npos || row.find("  - ") == 0) continue;
        outcome_columns.push_back(code_points(std::string_view(row).substr(0, outcome)));
        row_widths.push_back(code_points(row));
    }
    ASSERT_EQ(outcome_columns.size(), 5U) << r.out;
    for (std::size_t i = 1; i < outcome_columns.size(); ++i) {
        EXPECT_EQ(outcome_columns[i], outcome_columns[0]) << "row " << i << " of\n" << r.out;
        EXPECT_EQ(row_widths[i], row_widths[0]) << "row " << i << " of\n" << r.out;
    }
}

TEST(check_command_test, json_and_csv_carry_every_modifier_quantity_and_days_supply) {
    std::string const dir = scratch_folder("drug-fields");
    write_file(dir + "/rules/utf8.rules", utf8_rules);
    write_file(dir + "/plan.xml", utf8_treatment_plan("UTF8-1"));

    Result const json = covercheck({"check", "--rules", dir + "/rules", "--format", "json", dir + "/plan.xml"});
    EXPECT_EQ(json.exit_code, 1) << json.err;
    EXPECT_NE(json.out.find(R"("code":"97110","drug":"","modifiers":["GP","KX"],"units":1,"quantity":null,"days_supply":null,)"),
              std::string::npos)
        << json.out;
    EXPECT_NE(json.out.find(R"("code":"","drug":"25480","modifiers":[],"units":1,"quantity":90,"days_supply":30,)"),
              std::string::npos)
        << json.out;
    EXPECT_TRUE(is_valid_utf8(json.out));
    EXPECT_EQ(json.out.find_first_of(std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0b\x0c\x0d\x0e\x0f", 14)),
              std::string::npos);

    Result const csv = covercheck({"check", "--rules", dir + "/rules", "--format", "csv", dir + "/plan.xml"});
    EXPECT_EQ(csv.exit_code, 1) << csv.err;
    EXPECT_NE(csv.out.find("\r\nUTF8-1,UTF8-2026,1,2026-03-02,97110,,GP KX,1,,,Physiothérapie – séances après opération,"),
              std::string::npos)
        << csv.out;
    EXPECT_NE(csv.out.find("\r\nUTF8-1,UTF8-2026,4,2026-03-03,,25480,,1,90,30,,needs review,24.80,"), std::string::npos)
        << csv.out;
}

TEST(check_command_test, csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted_out) {
    std::string const dir = scratch_folder("csv-injection");
    write_file(dir + "/rules/utf8.rules", utf8_rules);
    std::string plan = utf8_treatment_plan("=HYPERLINK(&quot;http://example.com&quot;)");
    plan.replace(plan.find("line=\"1\""), 8, "line=\"+1\"");
    plan.replace(plan.find("line=\"2\""), 8, "line=\"-2\"");
    plan.replace(plan.find("line=\"3\""), 8, "line=\"@SUM(A1)\"");
    write_file(dir + "/plan.xml", plan);
    Result const r = covercheck({"check", "--rules", dir + "/rules", "--format", "csv", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::string const id = "\"'=HYPERLINK(\"\"http://example.com\"\")\"";   // quoted out, then RFC 4180
    EXPECT_NE(r.out.find("\r\n" + id + ",UTF8-2026,'+1,2026-03-02,97110,,GP KX,1,,,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\r\n" + id + ",UTF8-2026,'-2,2026-03-02,97112,"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\r\n" + id + ",UTF8-2026,'@SUM(A1),2026-03-03,99213,"), std::string::npos) << r.out;
    // Money stays a number.
    EXPECT_NE(r.out.find(",covered,150.00,150.00,0.00,30.00,0.00,0.00,0.00,120.00,30.00,0.00,"), std::string::npos) << r.out;
}

// --rules DIR with a good plan beside broken rules files: each broken file is reported, the good
// plan is still checked, and the exit code is 3 because the plan asked for might have been in
// a broken file.

/// A rules file with no plan header and an error (CC-BAD-MONEY at 3:11).
std::string const broken_base = "codes office_visits = cpt 99213\nbenefit \"Office visits\" codes office_visits {\n"
                                "    copay $40.5 per visit\n}\n";

/// A plan whose header reads but whose body has an error (CC-BAD-MONEY at 7:11).
std::string const broken_plan = "plan \"BROKEN-2026\" {\n    effective 2026-01-01 to 2026-12-31\n}\n"
                                "codes office = cpt 99213\nbenefit \"Office visits\" codes office {\n    covered\n"
                                "    copay $40.5 per visit\n}\n";

TEST(check_command_test, a_broken_rules_file_in_the_folder_is_reported_and_exits_3) {
    std::string const dir = scratch_folder("broken-rules");
    write_file(dir + "/rules/good.rules", utf8_rules);
    write_file(dir + "/rules/base/broken.rules", broken_base);
    write_file(dir + "/plan.xml", utf8_treatment_plan("UTF8-1"));
    Result const r = covercheck({"check", "--rules", dir + "/rules", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find(dir + "/rules/base/broken.rules:3:11: error CC-BAD-MONEY: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(dir + "/rules/base/broken.rules: error CK-BAD-RULES: the rules file cannot be used"),
              std::string::npos)
        << r.err;
    // The plan that was found is still checked.
    EXPECT_NE(r.out.find("Treatment plan UTF8-1 against plan UTF8-2026"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("4 lines, 1 flagged"), std::string::npos) << r.out;
}

TEST(check_command_test, a_plan_with_errors_is_reported_once_and_for_each_treatment_plan_asking_for_it) {
    std::string const dir = scratch_folder("broken-plan");
    write_file(dir + "/rules/good.rules", utf8_rules);
    write_file(dir + "/rules/broken.rules", broken_plan);
    write_file(dir + "/a.xml", utf8_treatment_plan("A", "BROKEN-2026"));
    write_file(dir + "/b.xml", utf8_treatment_plan("B", "BROKEN-2026"));
    Result const r = covercheck({"check", "--rules", dir + "/rules", dir + "/a.xml", dir + "/b.xml"});
    EXPECT_EQ(r.exit_code, 3);
    std::string const diagnostic = dir + "/rules/broken.rules:7:11: error CC-BAD-MONEY: ";
    ASSERT_NE(r.err.find(diagnostic), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(diagnostic, r.err.find(diagnostic) + 1), std::string::npos) << "printed twice:\n" << r.err;
    EXPECT_NE(r.err.find(dir + "/rules/broken.rules: error CK-BAD-RULES: plan 'BROKEN-2026' has errors"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(dir + "/a.xml: error CK-BAD-RULES: plan 'BROKEN-2026'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(dir + "/b.xml: error CK-BAD-RULES: plan 'BROKEN-2026'"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(check_command_test, an_unreadable_rules_file_in_the_folder_is_reported_and_exits_3) {
    std::string const dir = scratch_folder("unreadable-rules");
    write_file(dir + "/rules/good.rules", utf8_rules);
    // chmod 000 does not stop root, so a dangling symlink stands for a file that cannot be read;
    // as another user a file without read permission is tried as well.
    std::filesystem::create_symlink("moved-away.rules", dir + "/rules/gone.rules");
    bool const as_root = ::geteuid() == 0;
    if (!as_root) {
        write_file(dir + "/rules/locked.rules", utf8_rules);
        std::filesystem::permissions(dir + "/rules/locked.rules", std::filesystem::perms::none);
    }
    write_file(dir + "/plan.xml", utf8_treatment_plan("UTF8-1"));
    Result const r = covercheck({"check", "--rules", dir + "/rules", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find(dir + "/rules/gone.rules: error CC-FILE: cannot read " + dir +
                         "/rules/gone.rules: it is a symbolic link to a missing file\n" + dir +
                         "/rules/gone.rules: error CK-BAD-RULES: the rules file cannot be used"),
              std::string::npos)
        << r.err;
    if (!as_root) {
        EXPECT_NE(r.err.find(dir + "/rules/locked.rules: error CC-FILE: cannot read " + dir +
                             "/rules/locked.rules: it cannot be opened (check its permissions)"),
                  std::string::npos)
            << r.err;
        std::filesystem::permissions(dir + "/rules/locked.rules", std::filesystem::perms::owner_all);
    }
    EXPECT_NE(r.out.find("Treatment plan UTF8-1 against plan UTF8-2026"), std::string::npos) << r.out;
}

TEST(check_command_test, an_unknown_plan_names_the_rules_files_that_could_not_be_used) {
    std::string const dir = scratch_folder("unknown-plan-broken-rules");
    write_file(dir + "/rules/good.rules", utf8_rules);
    write_file(dir + "/rules/broken.rules", broken_base);
    write_file(dir + "/plan.xml", utf8_treatment_plan("X", "ELSEWHERE-2026"));
    Result const r = covercheck({"check", "--rules", dir + "/rules", dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("error CK-UNKNOWN-PLAN: no rules file under " + dir + "/rules defines plan 'ELSEWHERE-2026'\n"
                         "  hint: the plans there are UTF8-2026\n"
                         "  hint: it may be in a rules file that cannot be used: " + dir + "/rules/broken.rules\n"),
              std::string::npos)
        << r.err;
}

TEST(check_command_test, usage_mistakes_exit_2) {
    EXPECT_EQ(covercheck({"check", "samples/clean-plan.xml"}).exit_code, 2);               // no --rules
    EXPECT_EQ(covercheck({"check", "--rules", "rules"}).exit_code, 2);                     // no plan
    EXPECT_EQ(covercheck({"check", "--rules", "rules", "--format", "pdf", "x.xml"}).exit_code, 2);
}

}  // namespace
}  // namespace covercheck::cli
