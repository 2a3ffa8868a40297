// Renderings of a batch review (`covercheck batch`): CSV by line and JSON lines by claim for
// tools and spreadsheets, and one HTML page for analysts. Each works on one ClaimResult at a time
// (or on the BatchTotals summed over them), so a batch of any size is written as it goes.
// Money in CSV is plain dollars ("1234.56"), in JSON integer cents, in HTML "$1,234.56".
// All three accept any bytes in their strings: invalid UTF-8 is written as U+FFFD.
#pragma once

#include "covercheck/claim_result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace covercheck {

// ---- CSV: one row per service line ---------------------------------------------------------

/// The header row of the batch CSV, ending in CRLF. Write it once, then batch_csv_rows() for
/// each result. RFC 4180: CRLF after every row, fields quoted when they hold a comma, a quote or
/// a line break. No byte-order mark (a caller writing for Excel may put "\xEF\xBB\xBF" first).
///
/// Columns (the table for analysts is in samples/claims/README.md, "Batch outputs"):
///   file, claim_line, claim_column   where the claim starts in its input
///   claim_id, member_id, plan_id     as read ("" when unknown)
///   status                           "checked", "no plan", "error"
///   line, date, code, modifiers      the service line (modifiers joined by a space)
///   drug, quantity, days_supply      drug lines (quantity and days_supply empty when 0)
///   units, benefit, outcome
///   billed, allowed, deductible, copay, coinsurance, oop_capped, not_covered, plan_pays,
///   patient_owes, at_risk            dollars with two decimals, "-" first when negative
///   carc                             the deciding (first) finding's CARC
///   reason                           every finding's reason, joined by " | "
///   rule                             the deciding finding's rule as file:line:col
///   fix                              the deciding finding's fix
///   error_code, error                status "error"/"no plan": the first error's code and
///                                    message, with "(line L, column C)" when that is not where
///                                    the claim starts; empty for checked claims
/// Formula injection guard: a text cell starting with = + - @ TAB or CR is written with a
/// leading single quote ('=SUM(A1)); the number and money columns are never changed.
std::string batch_csv_header();

/// The rows of one result, each ending in CRLF: one per service line of a checked claim, in
/// the claim's order. A checked claim with no lines, and every "no plan" or "error" claim,
/// yields exactly one row with the line and money columns empty, so every input claim has at
/// least one row.
std::string batch_csv_rows(ClaimResult const& result);

// ---- JSON lines: one object per claim -----------------------------------------------------

/// One JSON object on one line, ending in "\n" (the sequence number is internal and left out):
///   {"file", "claim_id", "location":{"line","column"}, "member_id", "plan_id", "plan_name",
///    "status", "diagnostics":[{"severity","code","line","column","message","hint"}],
///    "lines":[{"line","date","code","modifiers":[],"drug","quantity","days_supply","units",
///              "benefit","outcome","billed_cents","allowed_cents","deductible_cents",
///              "copay_cents","coinsurance_cents","oop_capped_cents","not_covered_cents","plan_cents",
///              "patient_cents","at_risk_cents",
///              "findings":[{"outcome","kind","reason","rule":{"file","line","column"},
///                           "carc","fix"}]}],
///    "totals":{"billed_cents","allowed_cents","plan_cents","patient_cents","at_risk_cents",
///              "flagged_lines"}}
/// Money is integer cents; line and column 0 mean unknown; `rule` is always an object
/// (file "" when no rule applies). Valid JSON (RFC 8259) whatever bytes the strings hold.
std::string batch_jsonl_record(ClaimResult const& result);

// ---- HTML: a page for analysts --------------------------------------------------------------

/// The flagged rows of one result for the HTML page's last table, each one `<tr>...</tr>` of
/// ten cells: claim (id, line id, file:line), member, date, code, benefit, outcome, patient owes,
/// at risk, reason (the deciding finding's reason, CARC and rule), fix. One row per line whose
/// outcome is neither covered nor covered with PA, in the claim's order; a "no plan" or "error"
/// claim gives one row saying so, with its location and first error. Everything escaped.
std::vector<std::string> batch_html_flagged_rows(ClaimResult const& result);

/// What the page's header says was checked. Supplied by the batch command.
struct BatchSummary {
    std::vector<std::string> inputs;      ///< the paths given (files or folders), in order
    std::string rules;                    ///< the rules file or folder
    int jobs = 1;                         ///< worker threads used
    std::int64_t claims_in = 0;           ///< claims found in the inputs
    std::int64_t results_out = 0;         ///< results written (equals claims_in when all went well)
    std::int64_t skipped_resources = 0;   ///< input resources that are not claims (FHIR bundles)
    std::string generated;                ///< a timestamp given by the caller; "" leaves it out
};

/// One self-contained HTML5 page (inline CSS, no script, no external resources, prints well):
/// what was checked; money totals; lines by outcome with a bar chart (inline SVG, widths from
/// integer counts, a colour-blind-safe colour per outcome plus its name); totals by benefit
/// (most flagged first), by plan; the ten most frequent reasons a line was flagged; errors by
/// code; then the flagged rows (from batch_html_flagged_rows(), typically the first few hundred
/// of the batch). `flagged_total` is how many such rows the whole batch produced: when it is
/// more than `flagged_rows.size()` the page says it shows only the first ones. The output depends
/// on the arguments alone (no clock): equal inputs give byte-equal pages.
std::string render_batch_html(BatchTotals const& totals, BatchSummary const& summary,
                              std::vector<std::string> const& flagged_rows, std::int64_t flagged_total);

}  // namespace covercheck
