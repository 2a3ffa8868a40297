// Batch review: every claim of many inputs checked against its own plan, with the accumulators
// of a member carried across their claims, on all cores, in bounded memory, with results
// written in input order whatever the number of jobs. The command is `covercheck batch`.
#pragma once

#include "covercheck/claim_result.hpp"
#include "covercheck/diagnostic.hpp"

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace covercheck {

/// What to check and where to write.
struct BatchOptions {
    /// A rules file or a directory of them (every *.rules below it); each plan by its id.
    std::string rules;
    /// Files, directories (every *.xml below them, sorted by path) or "-" for standard input.
    std::vector<std::string> inputs;
    /// Worker threads; 0 = one per core. The results do not depend on it.
    int jobs = 0;
    /// Output paths, "" for none. Written to a temporary file beside the target and renamed
    /// into place when complete, so a reader never sees half a file. `jsonl` may be "-" for the
    /// `out` stream (the streaming mode for Hadoop Streaming or Spark's RDD.pipe).
    std::string csv;
    std::string jsonl;
    std::string html;
    /// The plan id for claims that name none (a FHIR Claim whose Coverage is not in the input);
    /// "" to report them as `no plan`. A claim that names a plan keeps its own.
    std::string default_plan;
    /// A usage file: what members had already used this benefit period (see samples/claims/README.md).
    std::string usage;
    /// Where spill files go ("" for the system's temporary directory). They are removed at the end.
    std::string temp_dir;
    /// The flagged lines listed in the HTML report (all are in the CSV and JSON Lines).
    std::int64_t html_flagged_limit = 1000;
    /// A timestamp for the HTML report ("" to leave it out, for reproducible output).
    std::string generated;
};

/// Progress, reported from the calling thread about five times a second.
struct BatchProgress {
    char const* phase = "";            ///< "reading", "checking", "writing"
    std::int64_t claims_read = 0;
    std::int64_t claims_checked = 0;
    std::int64_t results_written = 0;
};

/// What a batch did.
struct BatchOutcome {
    BatchTotals totals;                ///< over every result written
    std::int64_t inputs = 0;           ///< input files read (standard input counts as one)
    std::int64_t claims_in = 0;        ///< records the readers produced (claims and broken ones)
    std::int64_t results_out = 0;      ///< results written: always equal to claims_in
    std::int64_t skipped = 0;          ///< FHIR resources that are not claims (CL-SKIPPED)
    /// Problems outside the claims: rules files that failed to load (errors), CL-SKIPPED and
    /// usage-file warnings, an output that could not be written (error, code BA-OUTPUT).
    std::vector<Diagnostic> problems;
    /// The text of each rules file with a problem, by path, for rendering diagnostics.
    std::vector<std::pair<std::string, std::string>> sources;
    std::vector<std::string> written;  ///< the output files written completely (renamed into place)
    /// The first error of each of the first 20 claims (in input order) that could not be read,
    /// for stderr; every one is in the outputs.
    std::vector<Diagnostic> claim_errors;
    int jobs = 1;                      ///< worker threads used
    /// Wall-clock seconds of each phase (reading, checking, writing), for --verbose and benchmarks.
    double seconds_reading = 0;
    double seconds_checking = 0;
    double seconds_writing = 0;
};

/// Runs the batch. Never throws for bad input: a broken claim is a result, a broken rules file
/// or output is a problem. `out` receives the JSON Lines when `options.jsonl` is "-".
/// `progress`, when given, is called from the calling thread while the work runs.
BatchOutcome run_batch(BatchOptions const& options, std::ostream& out,
                       std::function<void(BatchProgress const&)> const& progress = {});

}  // namespace covercheck
