// Reading rules files: text -> RulesFile (the parser), files -> a checked set (the loader).
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/rules.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// What parsing one rules text gives: the lowered file (as much of it as could be read) and
/// every syntax problem in it, all at once, each with its line and column.
struct ParseResult {
    RulesFile file;
    std::vector<Diagnostic> diagnostics;
};

/// Parses the rules language. Never throws on bad input; never prints. `path` is used only
/// for locations. Implemented in src/dsl/ (the only code that sees Boost.Spirit). Besides the
/// syntax and value errors, it gives the checks that need the text itself: CC-ENCODING,
/// CC-EMPTY, and the warning CC-NO-COVERAGE (not given for a benefit whose block holds a syntax
/// error, which may have swallowed the clause).
ParseResult parse_rules(std::string_view text, std::string const& path);

/// The rates of a fee schedule's CSV file (`rates "fees/acme-ppo-2026.csv"`): a header row
/// naming the columns `code` and `rate` (required) and `modifier`, `from`, `to` (optional), in
/// any order, then one rate per row (`97110,GO,33.00,2026-07-01,`). Rates are dollars with or
/// without `$`; dates YYYY-MM-DD; empty modifier or dates mean any. Fields may be double-quoted
/// (RFC 4180). Each bad row is an error (CC-BAD-CSV, CC-BAD-MONEY, CC-BAD-DATE) at its line
/// and column in `path` and is left out; the code's shape is checked by validate().
std::vector<FeeRate> read_fee_rates(std::string_view text, std::string const& path, std::vector<Diagnostic>& diagnostics);

/// One rules file with everything it includes, read from disk, parsed and validated.
struct LoadedRules {
    /// The file asked for last; before it, what it includes, depth first, each file once.
    std::vector<RulesFile> files;
    /// Syntax, include and semantic problems of all those files.
    std::vector<Diagnostic> diagnostics;
    /// The text of every file read, by path, so diagnostics can show their source line.
    std::map<std::string, std::string> sources;
};

/// Reads `path`, follows its `include`s (relative to the including file; a cycle, a missing
/// or unreadable file is a diagnostic), then runs validate() over the whole set.
LoadedRules load_rules(std::string const& path);

/// The rules files under `directory` (every `*.rules`, subfolders included), sorted by path,
/// each as `directory` joined with its relative path ("rules/base/acme-base.rules"). Entries
/// named `*.rules` that are not folders are listed even when they cannot be read (a dangling
/// symlink, no permission), so that load_rules() reports them. Folders the program may not
/// open are skipped. Empty when `directory` is not a readable directory. For `covercheck
/// validate DIR` and `covercheck check --rules DIR`.
std::vector<std::string> list_rules_files(std::string const& directory);

}  // namespace covercheck
