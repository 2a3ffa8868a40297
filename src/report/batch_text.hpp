// What the batch renderings (batch_csv.cpp, batch_jsonl.cpp, batch_html.cpp) share: making any
// bytes safe text, plain-decimal money and numbers (appended to an output, for speed), and which
// line or diagnostic counts.
// Internal to src/report.
#pragma once

#include "covercheck/claim_result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace covercheck::report {

/// `text` as valid UTF-8: each byte that does not start a well-formed sequence (a stray
/// continuation byte, a truncated sequence, an overlong form, a surrogate, above U+10FFFF)
/// becomes U+FFFD. Valid text comes back unchanged.
std::string valid_utf8(std::string_view text);

/// valid_utf8(text), appended to `out`.
void append_valid_utf8(std::string& out, std::string_view text);

/// `value` in decimal, appended to `out`.
void append_number(std::string& out, std::int64_t value);

/// Money as plain decimal dollars for spreadsheets: "1234.56", "0.05", "-0.50" (no "$", no
/// thousands separators; integer arithmetic, exact for every int64).
std::string plain_dollars(Money amount);

/// plain_dollars(amount), appended to `out`.
void append_plain_dollars(std::string& out, Money amount);

/// The diagnostic that explains an error or no-plan claim: the first of severity error, else
/// the first of any severity; nullptr when there is none.
Diagnostic const* first_error(ClaimResult const& result);

/// How a line's code reads to people: "97110", "97110 GP 59" with its modifiers, "Rx 187832"
/// for a pharmacy line, "J3490 (drug 6130)" for a drug billed under a procedure code.
std::string code_label(ServiceLine const& line);

}  // namespace covercheck::report
