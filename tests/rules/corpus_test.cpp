// The broken-rules corpus (tests/rules/broken/*.rules): each file is one mistake a person
// really makes. Its first line says the diagnostic it must get:
//     # expect CC-BAD-MONEY at 6:11: Cents written with one digit.
// (or `at included/other.rules:2:1` when the finding is in a file it includes), and the whole
// rendered output is compared with the golden file beside it (NAME.expect).
// To rewrite the goldens after an intended change: COVERCHECK_UPDATE_GOLDEN=1 ctest -R corpus
// then review `git diff tests/rules/broken`.
//
// Also here: every file under rules/ validates clean.

#include "covercheck/load.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

namespace covercheck {
namespace {

namespace fs = std::filesystem;

// ctest runs the tests from the repository root, so paths (and the goldens) are relative.
std::string const corpus_dir = "tests/rules/broken";

std::vector<std::string> corpus_files() {
    std::vector<std::string> files;
    for (auto const& entry : fs::directory_iterator(fs::path(COVERCHECK_SOURCE_DIR) / corpus_dir)) {
        if (entry.path().extension() == ".rules") files.push_back(entry.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string read(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// What the first line of a corpus file expects.
struct Expectation {
    std::string code;
    std::string file;   ///< the file the diagnostic points into
    int line = 0;
    int column = 0;
};

Expectation expectation_of(std::string const& name) {
    std::string const text = read(corpus_dir + "/" + name);
    std::string const first_line = text.substr(0, text.find('\n'));
    static std::regex const pattern(R"(^# expect (CC-[A-Z-]+) at (?:([^ :]+):)?(\d+):(\d+):)");
    std::smatch m;
    Expectation e;
    if (!std::regex_search(first_line, m, pattern)) return e;
    e.code = m[1];
    e.file = corpus_dir + "/" + (m[2].matched ? m[2].str() : name);
    e.line = std::stoi(m[3]);
    e.column = std::stoi(m[4]);
    return e;
}

/// Every diagnostic as `covercheck validate` prints it.
std::string rendered(LoadedRules const& loaded) {
    std::string out;
    for (Diagnostic const& d : loaded.diagnostics) {
        auto const source = loaded.sources.find(d.where.file);
        out += render_text(d, source == loaded.sources.end() ? std::string() : source->second);
    }
    return out;
}

class broken_rules : public ::testing::TestWithParam<std::string> {};

TEST_P(broken_rules, gets_its_code_at_its_line_and_column) {
    std::string const name = GetParam();
    Expectation const expected = expectation_of(name);
    ASSERT_FALSE(expected.code.empty()) << name << ": first line must be '# expect CODE at LINE:COL: ...'";

    LoadedRules const loaded = load_rules(corpus_dir + "/" + name);
    bool found = false;
    for (Diagnostic const& d : loaded.diagnostics) {
        if (d.code == expected.code && fs::path(d.where.file).lexically_normal() == fs::path(expected.file) &&
            d.where.line == expected.line && d.where.column == expected.column) {
            found = true;
        }
    }
    EXPECT_TRUE(found) << name << ": no " << expected.code << " at " << expected.file << ":" << expected.line
                       << ":" << expected.column << "; got:\n" << rendered(loaded);
}

TEST_P(broken_rules, renders_as_the_golden_file) {
    std::string const name = GetParam();
    std::string const golden = corpus_dir + "/" + fs::path(name).stem().string() + ".expect";
    std::string const actual = rendered(load_rules(corpus_dir + "/" + name));
    if (std::getenv("COVERCHECK_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(golden, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " is missing (COVERCHECK_UPDATE_GOLDEN=1 writes it)";
    EXPECT_EQ(read(golden), actual) << name;
}

std::string test_name(::testing::TestParamInfo<std::string> const& info) {
    std::string name = fs::path(info.param).stem().string();
    for (char& c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
    }
    return "file_" + name;
}

INSTANTIATE_TEST_SUITE_P(corpus, broken_rules, ::testing::ValuesIn(corpus_files()), test_name);

TEST(corpus_test, holds_at_least_25_mistakes) { EXPECT_GE(corpus_files().size(), 25U); }

TEST(corpus_test, every_file_under_rules_validates_clean) {
    std::vector<std::string> const files = list_rules_files("rules");
    ASSERT_GE(files.size(), 3U);
    for (std::string const& file : files) {
        LoadedRules const loaded = load_rules(file);
        EXPECT_TRUE(loaded.diagnostics.empty()) << file << ":\n" << rendered(loaded);
    }
}

}  // namespace
}  // namespace covercheck
