// Problems found in an input file, as data: a stable code, a location, words for people.
#pragma once

#include <string>
#include <vector>

namespace covercheck {

/// Where something is in an input file. line and column count from 1; 0 means unknown.
/// column counts characters (UTF-8 code points), a tab counting as one.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

/// "file:line:col", or "file" alone when the line is unknown.
std::string to_string(SourceLocation const& where);

enum class Severity { error, warning, note };

/// "error", "warning", "note".
char const* to_string(Severity severity);

/// One problem in an input. Tools and tests key on `code` (stable across releases, listed in
/// rules/README.md and samples/README.md); `message` and `hint` are for people and may change.
struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;          ///< stable id, e.g. "CC-SYNTAX", "CC-UNDEFINED-NAME"
    SourceLocation where;      ///< the spot the message is about
    std::string message;       ///< one sentence, plain words, e.g. "expected a dollar amount like $40.00"
    std::string hint;          ///< optional: what would fix it, e.g. "did you mean 'coinsurance'?"
};

/// True when any diagnostic is an error (warnings alone leave a file usable).
bool has_errors(std::vector<Diagnostic> const& diagnostics);

/// Renders one diagnostic the way compilers do:
///   path:line:col: error CC-SYNTAX: expected a dollar amount like $40.00
///       copay $40.5 per visit
///             ^
///     hint: write cents with two digits: $40.50
/// `source` is the whole text of the file the diagnostic points into ("" when unavailable:
/// then the source line and caret are left out).
std::string render_text(Diagnostic const& diagnostic, std::string const& source);

/// One JSON object: {"severity":..,"code":..,"file":..,"line":..,"column":..,"message":..,"hint":..}.
std::string render_json(Diagnostic const& diagnostic);

/// `text` as a JSON string literal, quotes included, with control characters escaped (\u00XX
/// or \n-style) and each byte that is not part of well-formed UTF-8 replaced by \ufffd, so the
/// result is always valid JSON.
std::string json_quote(std::string const& text);

}  // namespace covercheck
