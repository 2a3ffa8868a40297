// The command line: `covercheck validate` and `covercheck check`. The only code that sees CLI11
// and spdlog. main() calls run(); tests call the stream overload and read what it printed.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace covercheck::cli {

/// Exit codes (README.md "Exit codes"). `validate`: ok / findings (errors) / usage.
/// `check`: ok (nothing flagged) / findings (a line flagged) / usage / bad_input.
enum ExitCode : int {
    exit_ok = 0,
    exit_findings = 1,
    exit_usage = 2,
    exit_bad_input = 3,
};

/// Runs covercheck with `args` (the arguments after the program name). Results go to `out`,
/// diagnostics, usage errors and logs to `err`. Never throws; returns the exit code.
int run(std::vector<std::string> const& args, std::ostream& out, std::ostream& err);

/// run() on the process's arguments, std::cout and std::cerr.
int run(int argc, char** argv);

}  // namespace covercheck::cli
