// `covercheck batch`: options to run_batch(), a progress line, the summary and the exit code.

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "covercheck/batch.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <utility>
#include <map>
#include <string>

namespace covercheck::cli {

int batch_command(BatchCommandOptions const& options, std::ostream& out, std::ostream& err) {
    BatchOptions batch = options.batch;
    // Usage mistakes: standard input named twice, an output that cannot be "-", two outputs
    // on one path (one would overwrite the other).
    if (std::count(batch.inputs.begin(), batch.inputs.end(), "-") > 1) {
        err << "covercheck batch: standard input (-) can be read only once\n";
        return exit_usage;
    }
    if (batch.csv == "-" || batch.html == "-") {
        err << "covercheck batch: only --jsonl can be written to standard output (-)\n";
        return exit_usage;
    }
    for (auto const& [a, b] : {std::pair{&batch.csv, &batch.jsonl}, std::pair{&batch.csv, &batch.html},
                               std::pair{&batch.jsonl, &batch.html}}) {
        if (!a->empty() && *a != "-" && *a == *b) {
            err << "covercheck batch: two outputs are the same file: " << *a << "\n";
            return exit_usage;
        }
    }
    // Claims on standard input and no output named: JSON Lines on standard output (streaming).
    bool const reads_stdin = std::find(batch.inputs.begin(), batch.inputs.end(), "-") != batch.inputs.end();
    if (batch.csv.empty() && batch.jsonl.empty() && batch.html.empty() && reads_stdin) batch.jsonl = "-";
    bool const stdout_is_data = batch.jsonl == "-";
    std::ostream& report = stdout_is_data ? err : out;

    if (batch.generated.empty()) {
        // The HTML report says when it was made (UTC).
        std::time_t const now = std::time(nullptr);
        std::tm utc{};
        char text[32];
        if (gmtime_r(&now, &utc) != nullptr && std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &utc) > 0) {
            batch.generated = text;
        }
    }
    bool const show_progress = !options.quiet && options.progress_to_terminal;
    auto progress = [&](BatchProgress const& p) {
        if (!show_progress) return;
        err << "\r" << p.phase << ": " << format_count(p.claims_read) << " claims read, " << format_count(p.claims_checked)
            << " checked, " << format_count(p.results_written) << " written   " << std::flush;
    };
    spdlog::info("batch: {} inputs, rules {}", batch.inputs.size(), batch.rules);
    BatchOutcome const outcome = run_batch(batch, out, progress);
    if (show_progress) err << "\r" << std::string(72, ' ') << "\r";

    // Problems outside the claims: rules errors with their source line, skipped resources.
    std::map<std::string, std::string> sources(outcome.sources.begin(), outcome.sources.end());
    std::int64_t skipped_shown = 0;
    bool bad_input = false;
    for (Diagnostic const& d : outcome.problems) {
        if (d.severity == Severity::error) bad_input = true;
        if (d.code == "CL-SKIPPED") {
            if (options.quiet || skipped_shown == 20) continue;
            ++skipped_shown;
        }
        err << render_text(d, sources[d.where.file]);
    }
    if (!options.quiet && outcome.skipped > skipped_shown) {
        err << "covercheck: " << format_count(outcome.skipped - skipped_shown) << " more resources skipped\n";
    }
    // Claims that could not be read: the first ones here, every one in the outputs.
    for (Diagnostic const& d : outcome.claim_errors) err << render_text(d, "");
    std::int64_t const unreadable = outcome.totals.errors;
    if (unreadable > static_cast<std::int64_t>(outcome.claim_errors.size())) {
        err << "covercheck: " << format_count(unreadable - static_cast<std::int64_t>(outcome.claim_errors.size()))
            << " more claims could not be read; each has its error row in the outputs\n";
    }

    BatchTotals const& t = outcome.totals;
    if (!options.quiet || !stdout_is_data) {
        report << format_count(outcome.inputs) << " inputs, " << format_count(outcome.claims_in) << " claims in, "
               << format_count(outcome.results_out) << " results out: " << format_count(t.checked) << " checked, "
               << format_count(t.no_plan) << " with no plan, " << format_count(t.errors) << " errors; "
               << format_count(outcome.skipped) << " resources skipped\n"
               << format_count(t.lines) << " lines, " << format_count(t.flagged_lines) << " flagged; billed "
               << format_money(t.billed) << ", plan estimate " << format_money(t.plan) << ", patient estimate "
               << format_money(t.patient) << ", at risk " << format_money(t.at_risk) << "\n";
        for (std::string const& path : outcome.written) report << "wrote " << path << "\n";
    }
    spdlog::info("batch: {} claims in, {} results out, {} jobs; reading {:.2f} s, checking {:.2f} s, writing {:.2f} s",
                 outcome.claims_in, outcome.results_out, outcome.jobs, outcome.seconds_reading,
                 outcome.seconds_checking, outcome.seconds_writing);

    if (outcome.results_out != outcome.claims_in) bad_input = true;   // never expected: said loudly
    if (bad_input || t.errors > 0) return exit_bad_input;
    return t.flagged_lines > 0 || t.no_plan > 0 ? exit_findings : exit_ok;
}

bool stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

}  // namespace covercheck::cli
