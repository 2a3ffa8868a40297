// Running covercheck in-process and comparing its output with golden files.
#pragma once

#include "cli/app.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck::cli::testing {

/// What one run printed and returned.
struct Result {
    int exit_code = 0;
    std::string out;
    std::string err;
};

inline Result covercheck(std::vector<std::string> const& args) {
    std::ostringstream out;
    std::ostringstream err;
    Result r;
    r.exit_code = run(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

/// Writes `text` to `path` (relative to the worktree root), creating its folders.
inline void write_file(std::string const& path, std::string const& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

/// A fresh, empty scratch folder under build-test-tmp/ (git ignores /build*/), one per test so
/// tests run in parallel by ctest do not share files.
inline std::string scratch_folder(std::string const& name) {
    std::string const dir = "build-test-tmp/" + name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// True when `text` is well-formed UTF-8 (no stray or missing continuation bytes).
inline bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto const b = static_cast<unsigned char>(text[i]);
        std::size_t const length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        }
        i += length;
    }
    return true;
}

/// The number of UTF-8 code points in `text`: the column a terminal shows for Latin text.
inline std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char const c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

/// Compares `actual` with tests/cli/golden/<name>; COVERCHECK_UPDATE_GOLDEN=1 rewrites it
/// instead (review the diff before committing).
inline void expect_golden(std::string const& name, std::string const& actual) {
    std::string const path = "tests/cli/golden/" + name;
    if (std::getenv("COVERCHECK_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path << " is missing (COVERCHECK_UPDATE_GOLDEN=1 writes it)";
    std::string const expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(expected, actual) << "differs from " << path;
}

}  // namespace covercheck::cli::testing
