// The subcommands behind src/cli/app.cpp, each a plain function of its options.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace covercheck::cli {

/// Output formats of the subcommands.
enum class Format { text, json, csv };

/// Options of `covercheck validate <file|dir>...`.
struct ValidateOptions {
    std::vector<std::string> paths;
    Format format = Format::text;
};

/// Validates every rules file named or found under a named directory. Prints each diagnostic
/// once (a base file included by several plans is reported once), then a summary line.
/// Returns exit_ok when there is no error (warnings allowed), exit_findings otherwise.
int validate_command(ValidateOptions const& options, std::ostream& out, std::ostream& err);

/// Options of `covercheck check --rules <file|dir> <plan.xml>...`.
struct CheckOptions {
    std::string rules;
    std::vector<std::string> plans;
    Format format = Format::text;
};

/// Checks each treatment plan against the rules plan its `plan` attribute names. Prints one
/// report per treatment plan. Returns exit_bad_input when any input could not be read (rules
/// with errors, malformed XML, an unknown plan id), else exit_findings when any line is
/// flagged, else exit_ok.
int check_command(CheckOptions const& options, std::ostream& out, std::ostream& err);

}  // namespace covercheck::cli
