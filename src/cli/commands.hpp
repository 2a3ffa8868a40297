// The subcommands behind src/cli/app.cpp, each a plain function of its options.
#pragma once

#include "covercheck/batch.hpp"
#include "covercheck/date.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace covercheck::cli {

/// Output formats of the subcommands. `html` (check only): the printable estimate per patient.
enum class Format { text, json, csv, html };

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
    /// The date printed on the estimates (`--as-of`, html only); the run's local date when absent.
    std::optional<Date> as_of;
    /// A UTF-8 text file whose text goes at the top of each estimate, escaped (`--clinic-note`,
    /// html only); "" for none.
    std::string clinic_note;
};

/// Checks each treatment plan against the rules plan its `plan` attribute names. Prints one
/// report per treatment plan (with --format html one HTML document holding one estimate per
/// treatment plan, a page each). Returns exit_bad_input when any input could not be read (rules
/// with errors, malformed XML, an unknown plan id, a clinic note that cannot be read: then
/// nothing is checked), else exit_findings when any line is flagged, else exit_ok.
int check_command(CheckOptions const& options, std::ostream& out, std::ostream& err);

/// Options of `covercheck batch --rules <dir> <files|dirs|->...`.
struct BatchCommandOptions {
    BatchOptions batch;
    bool quiet = false;                  ///< no progress line, no summary when stdout carries data
    bool progress_to_terminal = false;   ///< stderr is a terminal: show a progress line
};

/// Checks every claim of the inputs against its plan (run_batch), writes the outputs asked for,
/// prints problems outside the claims and a summary. With claims on standard input and no output
/// named, writes JSON Lines to standard output. Returns exit_bad_input when a claim or a rules
/// file could not be read or an output could not be written, else exit_findings when a line is
/// flagged or a claim has no plan, else exit_ok.
int batch_command(BatchCommandOptions const& options, std::ostream& out, std::ostream& err);

/// True when standard error is a terminal (for the progress line).
bool stderr_is_terminal();

}  // namespace covercheck::cli
