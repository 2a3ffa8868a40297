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
