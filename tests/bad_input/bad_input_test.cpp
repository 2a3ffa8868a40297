// The bad-input corpus (issue 5, item 3): the real command line, run in-process, on malformed
// rules files (`validate`), treatment plans (`check`) and claims (`batch`). For each input: the
// exit code, the stable diagnostic code, its line:column where one applies, a message, and no
// crash (a crash ends this program). The cases are the table `cases` below, one row each; the
// files are in tests/bad_input/files/, the big ones are made at test time (see README.md).

#include "../cli/cli_support.hpp"

#include <sys/resource.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace covercheck::cli {
namespace {

using namespace covercheck::cli::testing;
namespace fs = std::filesystem;

enum class Command { validate, check, batch };

/// One malformed input and what covercheck must do with it.
struct Case {
    char const* name;        ///< the test's name
    Command command;         ///< validate FILE / check --rules rules/ FILE / batch --rules rules/ FILE --jsonl OUT
    char const* input;       ///< under tests/bad_input/, or `gen:<kind>`: made at test time in a scratch folder
    int exit_code;
    char const* diagnostic;  ///< "error CODE" / "warning CODE" expected; "" when the input is accepted cleanly
    int line;                ///< where the diagnostic points; 0 0: at the file only
    int column;
    char const* known_bug;   ///< not null: the row states the correct behaviour, which covercheck does not have yet
};

/// gtest names a failing row by its name.
void PrintTo(Case const& c, std::ostream* os) { *os << c.name; }

// clang-format off
Case const cases[] = {
    // name                        command            input                                  exit  diagnostic                line   column
    // ---- rules files: covercheck validate FILE (1: errors found) ----
    {"rules_truncated",            Command::validate, "files/rules/truncated.rules",         1, "error CC-SYNTAX",             3,     28, nullptr},
    {"rules_binary_garbage",       Command::validate, "files/rules/garbage.rules",           1, "error CC-ENCODING",           1,      1, nullptr},
    // 64 parentheses are allowed; the 65th (column 18 + 64) is refused, not recursed into.
    {"rules_nested_100000_deep",   Command::validate, "gen:deep",                            1, "error CC-SYNTAX",             7,     82, nullptr},
    {"rules_10mb_value",           Command::validate, "gen:big",                             1, "error CC-MONEY-OVERFLOW",     4,     27, nullptr},
    // Rules files are UTF-8: a UTF-16 file is refused whole, a Latin-1 byte at its own spot.
    {"rules_utf16",                Command::validate, "files/rules/utf16.rules",             1, "error CC-ENCODING",           1,      1, nullptr},
    {"rules_latin1",               Command::validate, "files/rules/latin1.rules",            1, "error CC-ENCODING",           2,     14, nullptr},
    // A UTF-8 byte-order mark is skipped, as in XML (rules_bom_is_the_only_difference below).
    {"rules_bom_is_accepted",      Command::validate, "files/rules/bom.rules",               0, "",                            0,      0, nullptr},
    // An empty or blank file holds nothing to use: usually a save that went wrong.
    {"rules_empty",                Command::validate, "files/rules/empty.rules",             1, "error CC-EMPTY",              1,      1, nullptr},
    {"rules_blanks",               Command::validate, "files/rules/blank.rules",             1, "error CC-EMPTY",              1,      1, nullptr},
    {"rules_directory",            Command::validate, "gen:directory",                       1, "error CC-FILE",               0,      0, nullptr},
    {"rules_missing",              Command::validate, "gen:missing",                         1, "error CC-FILE",               0,      0, nullptr},

    // ---- treatment plans: covercheck check --rules rules/ FILE samples/clean-plan.xml (3: bad input) ----
    {"plan_truncated",             Command::check,    "files/plans/truncated.xml",           3, "error CX-XML",                5,     26, nullptr},
    {"plan_binary_garbage",        Command::check,    "files/plans/garbage.xml",             3, "error CX-XML",                1,      1, nullptr},
    // Well-formed but 100,000 elements deep: refused at the 101st level (column 1 + 99 * 3).
    {"plan_nested_100000_deep",    Command::check,    "gen:deep",                            3, "error CX-TOO-DEEP",           7,    298, nullptr},
    // The same, never closed: the end of the file, after the 100,000 start tags.
    {"plan_nested_100000_open",    Command::check,    "gen:deep-open",                       3, "error CX-XML",                7, 300001, nullptr},
    {"plan_10mb_value",            Command::check,    "gen:big",                             3, "error CX-BAD-DATE",           5,     23, nullptr},
    {"plan_billion_laughs",        Command::check,    "files/plans/billion-laughs.xml",      3, "error CX-DOCTYPE",            2,      1, nullptr},
    {"plan_utf16",                 Command::check,    "files/plans/utf16.xml",               3, "error CX-XML",                1,      1, nullptr},
    {"plan_latin1",                Command::check,    "files/plans/latin1.xml",              3, "error CX-XML",                5,     52, nullptr},
    {"plan_bom_is_accepted",       Command::check,    "files/plans/bom.xml",                 0, "",                            0,      0, nullptr},
    {"plan_empty",                 Command::check,    "files/plans/empty.xml",               3, "error CX-EMPTY",              1,      1, nullptr},
    {"plan_blanks",                Command::check,    "files/plans/blank.xml",               3, "error CX-EMPTY",              1,      1, nullptr},
    {"plan_directory",             Command::check,    "gen:directory",                       3, "error CX-FILE",               0,      0, nullptr},
    {"plan_missing",               Command::check,    "gen:missing",                         3, "error CX-FILE",               0,      0, nullptr},

    // ---- claims: covercheck batch --rules rules/ FILE --jsonl OUT (3: a claim could not be read) ----
    {"claims_truncated",           Command::batch,    "files/claims/truncated.xml",          3, "error CX-XML",                2,      1, nullptr},
    {"claims_binary_garbage",      Command::batch,    "files/claims/garbage.xml",            3, "error CX-XML",                1,      1, nullptr},
    {"claims_nested_100000_deep",  Command::batch,    "gen:deep",                            3, "error CX-TOO-DEEP",           7,    298, nullptr},
    {"claims_nested_100000_open",  Command::batch,    "gen:deep-open",                       3, "error CX-XML",                2,      1, nullptr},
    {"claims_10mb_value",          Command::batch,    "gen:big",                             3, "error CX-BAD-DATE",           5,     23, nullptr},
    {"claims_billion_laughs",      Command::batch,    "files/claims/billion-laughs.xml",     3, "error CX-DOCTYPE",            2,      1, nullptr},
    {"claims_utf16",               Command::batch,    "files/claims/utf16.xml",              3, "error CX-XML",                1,      1, nullptr},
    {"claims_latin1",              Command::batch,    "files/claims/latin1.xml",             3, "error CX-XML",                5,     52, nullptr},
    {"claims_bom_is_accepted",     Command::batch,    "files/claims/bom.xml",                0, "",                            0,      0, nullptr},
    {"claims_empty",               Command::batch,    "files/claims/empty.xml",              3, "error CX-EMPTY",              1,      1, nullptr},
    {"claims_blanks",              Command::batch,    "files/claims/blank.xml",              3, "error CX-EMPTY",              1,      1, nullptr},
    // batch reads a folder as every *.xml below it: an empty one is no claims and no results,
    // exit 0, with a warning that says so.
    {"claims_directory",           Command::batch,    "gen:directory",                       0, "warning BA-INPUT",            0,      0, nullptr},
    {"claims_missing",             Command::batch,    "gen:missing",                         3, "error CX-FILE",               0,      0, nullptr},
};
// clang-format on

std::string const rules_header =
    "plan \"BAD-INPUT-2026\" {\n    name \"Bad input test plan\"\n    effective 2026-01-01 to 2026-12-31\n";

/// The start of a treatment plan (root "treatment-plan") or claim (root "claim") whose line 7 is
/// free for what follows; a valid document once `</root>` is added.
std::string xml_head(std::string const& root) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " id=\"BAD-INPUT-1\" plan=\"ACME-PPO-2026\">\n"
           "  <patient member-id=\"M1\"/>\n  <services>\n"
           "    <service line=\"1\" date=\"2026-04-06\" code=\"99214\" charge=\"$185.00\"/>\n  </services>\n";
}

std::string repeat(std::string const& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

/// Makes a `gen:` input in `dir` and returns its path; a plain input is returned as its path.
std::string make_input(Case const& c, std::string const& dir) {
    std::string const input = c.input;
    if (input.rfind("gen:", 0) != 0) return "tests/bad_input/" + input;
    std::string const kind = input.substr(4);
    std::string const ext = c.command == Command::validate ? ".rules" : ".xml";
    std::string const path = dir + "/" + kind + ext;
    std::string const root = c.command == Command::check ? "treatment-plan" : "claim";
    std::size_t const deep = 100000;
    std::size_t const ten_mb = 10U * 1000U * 1000U;
    if (kind == "missing") return path;
    if (kind == "directory") {
        fs::create_directories(path);
        return path;
    }
    std::string text;
    if (c.command == Command::validate) {
        if (kind == "deep") {
            text = rules_header + "}\ncodes office = cpt 99214\nbenefit \"Office visits\" codes office {\n    covered when " +
                   repeat("(", deep) + "age under 18" + repeat(")", deep) + "\n}\n";
        } else if (kind == "big") {
            text = rules_header + "    deductible individual $" + std::string(ten_mb, '9') + ".00\n}\n";
        }
    } else {
        if (kind == "deep") {
            text = xml_head(root) + repeat("<x>", deep) + repeat("</x>", deep) + "\n</" + root + ">\n";
        } else if (kind == "deep-open") {
            text = xml_head(root) + repeat("<x>", deep) + "\n";
        } else if (kind == "big") {
            text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " id=\"BAD-INPUT-1\" plan=\"ACME-PPO-2026\">\n"
                   "  <patient member-id=\"M1\"/>\n  <services>\n    <service line=\"1\" date=\"" + std::string(ten_mb, '9') +
                   "\" code=\"99214\" charge=\"$185.00\"/>\n  </services>\n</" + root + ">\n";
        }
    }
    EXPECT_FALSE(text.empty()) << "no generator for " << input;
    write_file(path, text);
    return path;
}

std::string read_all(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::vector<std::string> lines_of(std::string const& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/// The peak resident memory of this process so far, in MiB.
long peak_memory_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;   // Linux: KiB
}

/// The expanded entity: what an XML reader expanding `&lol9;` would put in the message.
std::string const laughs = "lollollollollol";

class bad_input_test : public ::testing::TestWithParam<Case> {};

TEST_P(bad_input_test, fails_cleanly) {
    Case const& c = GetParam();
    if (c.known_bug != nullptr) GTEST_SKIP() << "known bug: " << c.known_bug;

    std::string const dir = scratch_folder(std::string("bad_input/") + c.name);
    std::string const path = make_input(c, dir);
    std::string const where = c.line == 0 ? path + ": " : path + ":" + std::to_string(c.line) + ":" +
                                                             std::to_string(c.column) + ": ";
    std::string const diagnostic = c.diagnostic;
    std::string const code = diagnostic.substr(diagnostic.find(' ') + 1);
    std::string const severity = diagnostic.substr(0, diagnostic.find(' '));

    if (c.command == Command::validate || c.command == Command::check) {
        // check: a good treatment plan after the bad one is still checked.
        Result const r = c.command == Command::validate
                             ? covercheck({"validate", path})
                             : covercheck({"check", "--rules", "rules/", path, "samples/clean-plan.xml"});
        EXPECT_EQ(r.exit_code, c.exit_code) << r.err.substr(0, 2000);
        if (diagnostic.empty()) {
            EXPECT_EQ(r.err.find(" error "), std::string::npos) << r.err.substr(0, 2000);
            EXPECT_EQ(r.err.find(" warning "), std::string::npos) << r.err.substr(0, 2000);
        } else {
            // path:line:column: severity CODE: a message
            std::size_t const at = r.err.find(where + diagnostic + ": ");
            ASSERT_NE(at, std::string::npos) << "expected '" << where << diagnostic << ": ...' in\n" << r.err.substr(0, 2000);
            std::size_t const message = at + where.size() + diagnostic.size() + 2;
            EXPECT_GT(r.err.find('\n', message), message + 5) << "no message after the code";
        }
        if (c.command == Command::validate) {
            EXPECT_NE(r.out.find(" checked: "), std::string::npos) << "no summary: " << r.out;
        } else {
            EXPECT_NE(r.out.find("NEURO-2026-0415"), std::string::npos) << "the good plan was not checked";
        }
        EXPECT_EQ(r.err.find(laughs), std::string::npos) << "an entity was expanded";
        EXPECT_EQ(r.out.find(laughs), std::string::npos) << "an entity was expanded";
    } else {
        std::string const jsonl = dir + "/results.jsonl";
        Result const r = covercheck({"batch", "--rules", "rules/", "--jobs", "1", path, "--jsonl", jsonl});
        EXPECT_EQ(r.exit_code, c.exit_code) << r.err.substr(0, 2000) << r.out;
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err.substr(0, 2000);

        // One result record per input claim (an empty folder holds none); claims in = results out.
        std::size_t const claims = std::string(c.input) == "gen:directory" ? 0 : 1;
        std::string const n = std::to_string(claims);
        EXPECT_NE(r.out.find(n + " claims in, " + n + " results out"), std::string::npos) << r.out;
        std::string const results = read_all(jsonl);
        std::vector<std::string> const records = lines_of(results);
        ASSERT_EQ(records.size(), claims) << results.substr(0, 2000);
        if (claims == 1) {
            std::string const& record = records[0];
            EXPECT_NE(record.find("\"file\":\"" + path + "\""), std::string::npos) << record.substr(0, 2000);
            if (diagnostic.empty()) {
                EXPECT_NE(record.find("\"status\":\"checked\",\"diagnostics\":[]"), std::string::npos)
                    << record.substr(0, 2000);
            } else {
                std::string const status = severity == "error" ? "error" : "checked";
                EXPECT_NE(record.find("\"status\":\"" + status + "\""), std::string::npos) << record.substr(0, 2000);
                std::string const expected = "{\"severity\":\"" + severity + "\",\"code\":\"" + code + "\",\"line\":" +
                                             std::to_string(c.line) + ",\"column\":" + std::to_string(c.column) +
                                             ",\"message\":\"";
                std::size_t const at = record.find(expected);
                ASSERT_NE(at, std::string::npos) << "expected " << expected << " in\n" << record.substr(0, 2000);
                EXPECT_NE(record[at + expected.size()], '"') << "an empty message";
            }
        }
        EXPECT_EQ(results.find(laughs), std::string::npos) << "an entity was expanded";
        EXPECT_EQ(r.err.find(laughs), std::string::npos) << "an entity was expanded";
    }

    // A billion laughs expanded is gigabytes; nothing here needs more than a few hundred MiB.
    EXPECT_LT(peak_memory_mib(), 512) << "MiB at the peak";
    fs::remove_all(dir);   // the generated inputs are up to 10 MB each
}

INSTANTIATE_TEST_SUITE_P(corpus, bad_input_test, ::testing::ValuesIn(cases),
                         [](::testing::TestParamInfo<Case> const& row) { return std::string(row.param.name); });

// files/rules/bom.rules is clean with and without its UTF-8 byte-order mark.
TEST(bad_input_rules_test, rules_bom_is_the_only_difference) {
    std::string const text = read_all("tests/bad_input/files/rules/bom.rules");
    ASSERT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
    std::string const dir = scratch_folder("bad_input/rules_without_bom");
    write_file(dir + "/no-bom.rules", text.substr(3));
    Result const r = covercheck({"validate", dir + "/no-bom.rules"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("1 file checked: 0 errors, 0 warnings"), std::string::npos) << r.out;
}

// A claim that could not be read should be named on stderr, as check and validate do: path,
// line:column, code, message.
TEST(bad_input_claims_test, batch_names_a_broken_claim_on_stderr) {
    // A broken claim's error is in its result record and, for the first 20, on stderr too.
    std::string const dir = scratch_folder("bad_input/batch_stderr");
    std::string const path = "tests/bad_input/files/claims/truncated.xml";
    Result const r = covercheck({"batch", "--rules", "rules/", "--jobs", "1", path, "--jsonl", dir + "/results.jsonl"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find(path + ":2:1: error CX-XML: "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace covercheck::cli
