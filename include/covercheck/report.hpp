// Renderings of an Evaluation: a table for billing staff, JSON and CSV for other tools.
#pragma once

#include "covercheck/evaluate.hpp"

#include <string>

namespace covercheck {

/// The table billing staff read: one row per line (date, code with every modifier as in
/// "97110-GP-KX", service, outcome, patient owes), each finding beneath its row with the deciding
/// rule, the CARC and the fix; then the totals and the prior authorizations to file. Columns are
/// aligned by UTF-8 code points; a long service name is cut at a code point and ends in "...".
std::string render_table(Evaluation const& evaluation);

/// One JSON object for the evaluation. Money is in integer cents (`*_cents`), rule locations are
/// {file, line, column}. Each line has all its `modifiers`, and `quantity` and `days_supply`
/// (numbers on a line naming a drug, null otherwise). Strings are escaped by json_quote().
std::string render_json(Evaluation const& evaluation);

/// The CSV header row (RFC 4180), then render_csv_rows() for each evaluation.
std::string csv_header();

/// One CSV row per line, lines ending in CRLF. Money is dollars with two decimals and nothing
/// else (1234.50, -12.50 for a credit) so spreadsheets sum it. `modifiers` holds all of a line's
/// modifiers separated by spaces; `quantity` and `days_supply` are filled on drug lines only.
/// A text cell starting with = + - @ tab or CR gets a leading ' so no spreadsheet runs it as a
/// formula (numbers and money are never changed); cells with a comma, quote or line break are
/// quoted.
std::string render_csv_rows(Evaluation const& evaluation);

}  // namespace covercheck
