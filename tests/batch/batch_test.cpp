// The batch engine end to end on files in a temporary folder: every claim yields one result,
// a member's accumulators carry across claims and files, the outputs are identical for any
// number of jobs, and splitting the input by member then concatenating equals one run.

#include "covercheck/batch.hpp"
#include "covercheck/evaluate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace covercheck {
namespace {

namespace fs = std::filesystem;

/// A fresh folder under the system's temporary folder, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() / ("covercheck-batch-test-" + std::to_string(random()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;

    std::string file(std::string const& name, std::string const& text) const {
        fs::path const p = path_ / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p.string();
    }
    std::string path(std::string const& name) const { return (path_ / name).string(); }
    std::string dir() const { return path_.string(); }

private:
    fs::path path_;
};

std::string slurp(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(std::string const& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// One physical-therapy claim of ACME-PPO-2026 (20 sessions a year, PA after 12): one visit,
/// one line of 97110-GP at $120.
std::string pt_claim(std::string const& id, std::string const& member, std::string const& date) {
    return "  <claim id=\"" + id + "\" plan=\"ACME-PPO-2026\">\n"
           "    <patient member-id=\"" + member + "\" birth-date=\"1960-01-01\" sex=\"female\"/>\n"
           "    <diagnoses><diagnosis code=\"G62.0\"/></diagnoses>\n"
           "    <services>\n"
           "      <service line=\"1\" date=\"" + date + "\" code=\"97110\" modifiers=\"GP\" units=\"1\" charge=\"$120.00\" place=\"11\" network=\"in\"/>\n"
           "    </services>\n"
           "  </claim>\n";
}

std::string claims_file(std::vector<std::string> const& claims) {
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<claims>\n";
    for (std::string const& c : claims) text += c;
    return text + "</claims>\n";
}

/// "2026-MM-DD" for the n-th weekday-ish visit from January 5 (n from 0), a few days apart.
std::string visit_date(int n) {
    int const day_of_year = 5 + n * 3;   // January 5, 8, 11, ... (stays in 2026 for n < 120)
    static int const month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = 0;
    int day = day_of_year;
    while (day > month_days[month]) day -= month_days[month++];
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return "2026-" + two(month + 1) + "-" + two(day);
}

/// Runs a batch writing CSV and JSON Lines into `dir`; returns the outcome.
BatchOutcome run(TempDir const& dir, std::vector<std::string> inputs, int jobs, std::string const& tag) {
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = std::move(inputs);
    options.jobs = jobs;
    options.csv = dir.path(tag + ".csv");
    options.jsonl = dir.path(tag + ".jsonl");
    options.html = dir.path(tag + ".html");
    std::ostringstream out;
    return run_batch(options, out);
}

TEST(batch_test, visits_count_across_claims_and_files_of_one_member) {
    // Member A has 24 PT visits in 24 claims spread over 3 files, out of date order; member B
    // has 2 visits. A's visits 13-20 need a PA, 21-24 are over the 20-session limit.
    TempDir dir;
    std::vector<std::vector<std::string>> files(3);
    for (int n = 23; n >= 0; --n) {
        files[static_cast<std::size_t>(n % 3)].push_back(pt_claim("A-" + std::to_string(n + 1), "MA", visit_date(n)));
    }
    files[0].push_back(pt_claim("B-1", "MB", visit_date(0)));
    files[2].push_back(pt_claim("B-2", "MB", visit_date(1)));
    for (std::size_t i = 0; i < files.size(); ++i) dir.file("in/f" + std::to_string(i) + ".xml", claims_file(files[i]));

    BatchOutcome const o = run(dir, {dir.path("in")}, 2, "out");
    for (Diagnostic const& d : o.problems) ADD_FAILURE() << d.code << " " << d.message;
    EXPECT_EQ(o.claims_in, 26);
    EXPECT_EQ(o.results_out, 26);
    EXPECT_EQ(o.totals.checked, 26);
    EXPECT_EQ(o.totals.lines, 26);
    EXPECT_EQ(o.totals.by_outcome.at(static_cast<int>(Outcome::needs_pa)).lines, 8);
    EXPECT_EQ(o.totals.by_outcome.at(static_cast<int>(Outcome::over_limit)).lines, 4);
    EXPECT_EQ(o.totals.flagged_lines, 12);

    // The JSON line of A-21 says why, with the visit number counted across the files.
    std::string const jsonl = slurp(dir.path("out.jsonl"));
    std::vector<std::string> records = lines_of(jsonl);
    ASSERT_EQ(records.size(), 26u);
    auto a21 = std::find_if(records.begin(), records.end(),
                            [](std::string const& r) { return r.find("\"claim_id\":\"A-21\"") != std::string::npos; });
    ASSERT_NE(a21, records.end());
    EXPECT_NE(a21->find("visit 21 is over the limit of 20 visits per calendar year"), std::string::npos) << *a21;
    // Results are in input order: file f0 first, and within it the claims as written.
    EXPECT_NE(records.front().find("\"claim_id\":\"A-22\""), std::string::npos) << records.front();
    EXPECT_NE(records.back().find("\"claim_id\":\"B-2\""), std::string::npos) << records.back();
}

TEST(batch_test, every_claim_yields_one_result_even_when_broken) {
    TempDir dir;
    std::string good = claims_file({pt_claim("OK-1", "M1", "2026-02-02")});
    std::string broken_middle = claims_file({pt_claim("OK-2", "M2", "2026-02-02"),
                                             "  <claim id=\"BAD-DATE\" plan=\"ACME-PPO-2026\">\n"
                                             "    <patient member-id=\"M3\"/>\n"
                                             "    <services><service line=\"1\" date=\"2026-02-30\" code=\"97110\" charge=\"$1.00\"/></services>\n"
                                             "  </claim>\n",
                                             pt_claim("OK-3", "M4", "2026-02-02")});
    std::string unknown_plan = claims_file({"  <claim id=\"NOPLAN-1\" plan=\"NOBODY-2026\">\n"
                                            "    <patient member-id=\"M5\"/>\n"
                                            "    <services><service line=\"1\" date=\"2026-02-02\" code=\"97110\" charge=\"$1.00\"/></services>\n"
                                            "  </claim>\n"});
    std::vector<std::string> inputs = {dir.file("good.xml", good), dir.file("middle.xml", broken_middle),
                                       dir.file("noplan.xml", unknown_plan),
                                       dir.file("truncated.xml", good.substr(0, good.size() / 2)),
                                       dir.file("empty.xml", ""), dir.path("does-not-exist.xml")};
    BatchOutcome const o = run(dir, inputs, 2, "out");
    EXPECT_EQ(o.claims_in, o.results_out);
    EXPECT_EQ(o.totals.claims, o.results_out);
    EXPECT_EQ(o.totals.no_plan, 1);
    EXPECT_EQ(o.totals.errors, 4);   // the bad date, the cut-short file, the empty file, the missing file
    EXPECT_EQ(o.totals.checked, 3);
    std::vector<std::string> const records = lines_of(slurp(dir.path("out.jsonl")));
    EXPECT_EQ(static_cast<std::int64_t>(records.size()), o.results_out);
    // The broken claim in the middle is one error record with its id and the date's location.
    auto bad = std::find_if(records.begin(), records.end(),
                            [](std::string const& r) { return r.find("\"claim_id\":\"BAD-DATE\"") != std::string::npos; });
    ASSERT_NE(bad, records.end());
    EXPECT_NE(bad->find("\"status\":\"error\""), std::string::npos) << *bad;
    EXPECT_NE(bad->find("CX-BAD-DATE"), std::string::npos) << *bad;
    // The CSV has a row for each line of a checked claim and one for each other claim.
    std::vector<std::string> const rows = lines_of(slurp(dir.path("out.csv")));
    EXPECT_EQ(static_cast<std::int64_t>(rows.size()), 1 + o.results_out);
}

TEST(batch_test, outputs_are_identical_for_one_and_two_jobs_and_split_by_member) {
    // 60 members, 4 claims each, shuffled over 5 files.
    TempDir dir;
    std::vector<std::string> claims;
    for (int m = 0; m < 60; ++m) {
        for (int v = 0; v < 4; ++v) {
            claims.push_back(pt_claim("C-" + std::to_string(m) + "-" + std::to_string(v), "M" + std::to_string(m),
                                      visit_date(v * 7 + m % 5)));
        }
    }
    std::mt19937 shuffle(7);
    std::shuffle(claims.begin(), claims.end(), shuffle);
    std::vector<std::string> inputs;
    for (int f = 0; f < 5; ++f) {
        std::vector<std::string> part(claims.begin() + f * 48, claims.begin() + (f + 1) * 48);
        inputs.push_back(dir.file("in/part" + std::to_string(f) + ".xml", claims_file(part)));
    }
    BatchOutcome const one = run(dir, inputs, 1, "one");
    BatchOutcome const two = run(dir, inputs, 2, "two");
    EXPECT_EQ(one.results_out, 240);
    EXPECT_EQ(slurp(dir.path("one.csv")), slurp(dir.path("two.csv")));
    EXPECT_EQ(slurp(dir.path("one.jsonl")), slurp(dir.path("two.jsonl")));
    // The HTML page says how many jobs ran; apart from that line it is the same.
    auto without_jobs = [](std::string page) {
        std::size_t const at = page.find("<tr><th scope=\"row\">Jobs</th>");
        if (at != std::string::npos) page.erase(at, page.find('\n', at) - at);
        return page;
    };
    EXPECT_EQ(without_jobs(slurp(dir.path("one.html"))), without_jobs(slurp(dir.path("two.html"))));

    // Split by member (even and odd member numbers) into two runs: the union of their records
    // equals the one run's (as sets: each run numbers its own inputs).
    std::vector<std::string> even;
    std::vector<std::string> odd;
    for (std::string const& c : claims) {
        std::size_t const at = c.find("member-id=\"M") + 12;
        int const m = std::stoi(c.substr(at));
        (m % 2 == 0 ? even : odd).push_back(c);
    }
    BatchOutcome const a = run(dir, {dir.file("split/even.xml", claims_file(even))}, 1, "even");
    BatchOutcome const b = run(dir, {dir.file("split/odd.xml", claims_file(odd))}, 2, "odd");
    EXPECT_EQ(a.results_out + b.results_out, one.results_out);
    auto records = [&](std::string const& name) {
        std::vector<std::string> r = lines_of(slurp(dir.path(name)));
        for (std::string& line : r) {
            // Drop what names the input (its file and the claim's line:column in it).
            line.erase(0, line.find("\"claim_id\""));
            std::size_t const at = line.find("\"location\":{");
            line.erase(at, line.find('}', at) + 2 - at);
        }
        return r;
    };
    std::vector<std::string> whole = records("one.jsonl");
    std::vector<std::string> joined = records("even.jsonl");
    std::vector<std::string> const odd_records = records("odd.jsonl");
    joined.insert(joined.end(), odd_records.begin(), odd_records.end());
    std::sort(whole.begin(), whole.end());
    std::sort(joined.begin(), joined.end());
    EXPECT_EQ(whole, joined);
    EXPECT_EQ(a.totals.patient + b.totals.patient, one.totals.patient);
}

TEST(batch_test, claims_on_standard_input_give_json_lines_on_the_stream) {
    // run_batch with "-" reads std::cin; here a file stands in through the same reader, and
    // jsonl "-" writes to the given stream.
    TempDir dir;
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {dir.file("one.xml", claims_file({pt_claim("S-1", "M9", "2026-03-03")}))};
    options.jsonl = "-";
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    EXPECT_EQ(o.results_out, 1);
    std::vector<std::string> const records = lines_of(out.str());
    ASSERT_EQ(records.size(), 1u);
    EXPECT_NE(records[0].find("\"claim_id\":\"S-1\""), std::string::npos);
}

TEST(batch_test, an_output_that_cannot_be_written_is_a_problem_not_a_crash) {
    TempDir dir;
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {dir.file("one.xml", claims_file({pt_claim("S-1", "M9", "2026-03-03")}))};
    options.csv = dir.path("no/such/folder/out.csv");
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    ASSERT_FALSE(o.problems.empty());
    EXPECT_EQ(o.problems.front().code, "BA-OUTPUT");
    EXPECT_FALSE(fs::exists(options.csv));
}

}  // namespace
}  // namespace covercheck

namespace covercheck {
namespace {

TEST(batch_test, a_usage_file_seeds_what_members_had_used) {
    // Member A had 18 sessions before the batch: of 4 new visits, the 19th and 20th are within
    // the 20-session limit (past the 12 allowed before a PA: needs PA), the 21st and 22nd over.
    TempDir dir;
    std::vector<std::string> claims;
    for (int n = 0; n < 4; ++n) claims.push_back(pt_claim("U-" + std::to_string(n + 1), "MA", visit_date(30 + n)));
    std::string const input = dir.file("claims.xml", claims_file(claims));
    std::string const usage = dir.file("usage.xml",
                                       "<usage>\n"
                                       "  <member id=\"MA\" plan=\"ACME-PPO-2026\">\n"
                                       "    <benefit-period deductible-met=\"$1,500.00\">\n"
                                       "      <used benefit=\"Physical therapy\" visits=\"18\" days=\"18\"/>\n"
                                       "    </benefit-period>\n"
                                       "  </member>\n"
                                       "</usage>\n");
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {input};
    options.usage = usage;
    options.jsonl = dir.path("out.jsonl");
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    for (Diagnostic const& d : o.problems) ADD_FAILURE() << d.code << " " << d.message;
    EXPECT_EQ(o.totals.by_outcome.at(static_cast<int>(Outcome::needs_pa)).lines, 2);
    EXPECT_EQ(o.totals.by_outcome.at(static_cast<int>(Outcome::over_limit)).lines, 2);
    std::string const jsonl = slurp(dir.path("out.jsonl"));
    EXPECT_NE(jsonl.find("visit 21 is over the limit of 20 visits per calendar year"), std::string::npos);

    // A broken usage file stops the batch before any claim is read, with its diagnostic.
    options.usage = dir.file("bad.xml", "<usage><member id=\"MA\"/></usage>");
    BatchOutcome const bad = run_batch(options, out);
    EXPECT_EQ(bad.claims_in, 0);
    ASSERT_FALSE(bad.problems.empty());
    EXPECT_EQ(bad.problems.front().code, "CX-MISSING");
    EXPECT_EQ(bad.problems.front().where.line, 1);
}

}  // namespace
}  // namespace covercheck

namespace covercheck {
namespace {

TEST(batch_test, a_claim_sent_twice_is_counted_once) {
    // The same file named twice is read once; a claim id repeated for a member (in another file)
    // is one BA-DUPLICATE error record that does not use the limits.
    TempDir dir;
    std::string const a = dir.file("a.xml", claims_file({pt_claim("D-1", "MD", "2026-02-02"), pt_claim("D-2", "MD", "2026-02-09")}));
    std::string const b = dir.file("b.xml", claims_file({pt_claim("D-1", "MD", "2026-02-02")}));
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {a, b, a};
    options.jsonl = dir.path("out.jsonl");
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    EXPECT_EQ(o.inputs, 2);
    EXPECT_EQ(o.claims_in, 3);
    EXPECT_EQ(o.results_out, 3);
    EXPECT_EQ(o.totals.checked, 2);
    EXPECT_EQ(o.totals.errors, 1);
    EXPECT_EQ(o.totals.by_error.at("BA-DUPLICATE"), 1);
    bool warned = false;
    for (Diagnostic const& d : o.problems) warned = warned || (d.code == "BA-INPUT" && d.severity == Severity::warning);
    EXPECT_TRUE(warned);
}

TEST(batch_test, every_fhir_conformance_claim_gets_needs_review_lines_for_its_placeholder_codes) {
    // The HL7 examples use placeholder codes ("exam", "1200") and dates from 2014-2015. Most name
    // no plan (their Coverage is not in the file): --plan gives them one. Two name plans of their
    // own (CBI35, 123AB345), which keep theirs. With plans in force on any date that mention
    // none of those codes, every line of every claim is "needs review: no rule mentions it".
    TempDir dir;
    auto plan = [](std::string const& id) {
        return "plan \"" + id + "\" {\n  name \"Conformance test\"\n}\n"
               "codes therapy = cpt 97110\n"
               "benefit \"Therapy\" codes therapy {\n  covered\n  coinsurance 20%\n}\n";
    };
    dir.file("rules/default.rules", plan("CONFORMANCE"));
    dir.file("rules/cbi35.rules", plan("CBI35"));
    dir.file("rules/123ab345.rules", plan("123AB345"));
    BatchOptions options;
    options.rules = dir.path("rules");
    options.inputs = {COVERCHECK_CONFORMANCE_DIR "/fhir-r4"};
    options.default_plan = "CONFORMANCE";
    options.jobs = 1;
    options.jsonl = dir.path("out.jsonl");
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    EXPECT_FALSE(has_errors(o.problems));
    EXPECT_EQ(o.claims_in, 17);
    EXPECT_EQ(o.results_out, 17);
    EXPECT_EQ(o.totals.checked, 17);
    EXPECT_EQ(o.totals.no_plan, 0);
    EXPECT_EQ(o.totals.errors, 0);
    EXPECT_EQ(o.skipped, 17);   // the ClaimResponse, Coverage, ... examples
    EXPECT_GT(o.totals.lines, 17);
    ASSERT_EQ(o.totals.by_outcome.size(), 1u);
    EXPECT_EQ(o.totals.by_outcome.begin()->first, static_cast<int>(Outcome::needs_review));
    EXPECT_EQ(o.totals.by_outcome.begin()->second.lines, o.totals.lines);
    // Undecided in-network lines are not priced: in network the provider bears them until the
    // payer answers (CO), not the patient.
    EXPECT_EQ(o.totals.patient + o.totals.at_risk, o.totals.billed);
    std::string const jsonl = slurp(dir.path("out.jsonl"));
    std::size_t no_rule = 0;
    for (std::size_t at = jsonl.find("\"kind\":\"no-rule\""); at != std::string::npos;
         at = jsonl.find("\"kind\":\"no-rule\"", at + 1)) {
        ++no_rule;
    }
    EXPECT_EQ(static_cast<std::int64_t>(no_rule), o.totals.lines);
    EXPECT_NE(jsonl.find("\"plan_id\":\"CBI35\""), std::string::npos);
    EXPECT_NE(jsonl.find("no rule of plan CONFORMANCE mentions exam"), std::string::npos);
}

TEST(batch_test, a_plan_option_that_names_no_rules_file_is_a_warning) {
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {COVERCHECK_CONFORMANCE_DIR "/fhir-r4/claim-example-professional.xml"};
    options.default_plan = "NO-SUCH-PLAN";
    options.jobs = 1;
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    auto const warning = std::find_if(o.problems.begin(), o.problems.end(),
                                      [](Diagnostic const& d) { return d.code == "BA-NO-PLAN"; });
    ASSERT_NE(warning, o.problems.end());
    EXPECT_EQ(warning->severity, Severity::warning);
    EXPECT_EQ(o.totals.no_plan, 1);
}

TEST(batch_test, without_plan_a_claim_that_names_none_is_reported_as_no_plan) {
    TempDir dir;
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {COVERCHECK_CONFORMANCE_DIR "/fhir-r4/claim-example-professional.xml"};
    options.jobs = 1;
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    EXPECT_EQ(o.results_out, 1);
    EXPECT_EQ(o.totals.no_plan, 1);
}

TEST(batch_test, an_output_to_a_device_is_written_in_place) {
    // Renaming a temporary file over /dev/null would replace the device: it is written directly.
    TempDir dir;
    BatchOptions options;
    options.rules = COVERCHECK_SOURCE_DIR "/rules";
    options.inputs = {dir.file("one.xml", claims_file({pt_claim("N-1", "M9", "2026-03-03")}))};
    options.csv = "/dev/null";
    std::ostringstream out;
    BatchOutcome const o = run_batch(options, out);
    EXPECT_TRUE(o.problems.empty());
    EXPECT_FALSE(fs::is_regular_file("/dev/null"));
    EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

}  // namespace
}  // namespace covercheck
