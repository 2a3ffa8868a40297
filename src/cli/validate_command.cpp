// `covercheck validate`: load every rules file asked for and print what is wrong with it.

#include "cli/app.hpp"
#include "cli/commands.hpp"

#include "covercheck/load.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <map>
#include <set>
#include <tuple>

namespace covercheck::cli {
namespace {

/// The rules files named by `paths`: files as given, folders expanded to their *.rules.
/// A folder holding none is reported as a CC-FILE error.
std::vector<std::string> expand(std::vector<std::string> const& paths, std::vector<Diagnostic>& problems) {
    std::vector<std::string> files;
    for (std::string const& path : paths) {
        std::error_code ec;
        if (!std::filesystem::is_directory(path, ec)) {
            files.push_back(path);
            continue;
        }
        std::vector<std::string> found = list_rules_files(path);
        if (found.empty()) {
            problems.push_back({Severity::error, "CC-FILE", SourceLocation{path, 0, 0},
                                "the folder holds no .rules files", ""});
        }
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

using DiagnosticKey = std::tuple<std::string, int, int, std::string, std::string>;

DiagnosticKey key_of(Diagnostic const& d) {
    return {d.where.file, d.where.line, d.where.column, d.code, d.message};
}

}  // namespace

int validate_command(ValidateOptions const& options, std::ostream& out, std::ostream& err) {
    std::vector<Diagnostic> diagnostics;
    std::vector<std::string> const files = expand(options.paths, diagnostics);
    spdlog::debug("validating {} rules files", files.size());

    // A base file included by several plans is loaded with each; report its problems once.
    std::set<DiagnosticKey> seen;
    std::map<std::string, std::string> sources;
    std::set<std::string> files_read;
    for (std::string const& file : files) {
        LoadedRules loaded = load_rules(file);
        files_read.insert(file);
        for (auto& [path, text] : loaded.sources) {
            files_read.insert(path);
            sources.emplace(path, std::move(text));
        }
        for (Diagnostic& d : loaded.diagnostics) {
            if (seen.insert(key_of(d)).second) diagnostics.push_back(std::move(d));
        }
    }

    int errors = 0;
    int warnings = 0;
    for (Diagnostic const& d : diagnostics) {
        if (d.severity == Severity::error) ++errors;
        if (d.severity == Severity::warning) ++warnings;
    }

    if (options.format == Format::json) {
        out << "{\"files\":[";
        char const* separator = "";
        for (std::string const& path : files_read) {
            out << separator << json_quote(path);
            separator = ",";
        }
        out << "],\"errors\":" << errors << ",\"warnings\":" << warnings << ",\"diagnostics\":[";
        separator = "";
        for (Diagnostic const& d : diagnostics) {
            out << separator << render_json(d);
            separator = ",";
        }
        out << "]}\n";
    } else {
        for (Diagnostic const& d : diagnostics) {
            auto const source = sources.find(d.where.file);
            err << render_text(d, source == sources.end() ? std::string() : source->second);
        }
        out << files_read.size() << (files_read.size() == 1 ? " file" : " files") << " checked: " << errors
            << (errors == 1 ? " error, " : " errors, ") << warnings << (warnings == 1 ? " warning\n" : " warnings\n");
    }
    return errors > 0 ? exit_findings : exit_ok;
}

}  // namespace covercheck::cli
