// Renderings of an Evaluation: a table for billing staff, JSON and CSV for other tools.
#pragma once

#include "covercheck/evaluate.hpp"

#include <string>

namespace covercheck {

/// The table billing staff read: one row per line (date, code, service, outcome, patient owes),
/// each finding beneath its row with the deciding rule, the CARC and the fix; then the totals
/// and the prior authorizations to file.
std::string render_table(Evaluation const& evaluation);

/// One JSON object for the evaluation. Money is in integer cents (`*_cents`), rule locations are
/// {file, line, column}.
std::string render_json(Evaluation const& evaluation);

/// The CSV header row (RFC 4180), then render_csv_rows() for each evaluation.
std::string csv_header();

/// One CSV row per line; money as dollars with two decimals (180.00) so spreadsheets sum it.
std::string render_csv_rows(Evaluation const& evaluation);

}  // namespace covercheck
