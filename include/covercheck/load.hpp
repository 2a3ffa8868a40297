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
