// The loader: the one place that reads rules files from disk.

#include "covercheck/load.hpp"

#include "covercheck/validate.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

namespace covercheck {
namespace {

namespace fs = std::filesystem;

/// Larger files are refused rather than read into memory: no real plan comes close.
constexpr std::uintmax_t max_file_bytes = 64U * 1024U * 1024U;

/// The text of `path`, or nothing with `why` saying what went wrong in plain words.
std::optional<std::string> read_text(std::string const& path, std::string& why) {
    std::error_code ec;
    fs::file_status const status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        std::error_code link_error;
        why = fs::is_symlink(fs::symlink_status(path, link_error)) ? "it is a symbolic link to a missing file"
                                                                   : "no such file";
        return std::nullopt;
    }
    if (fs::is_directory(status)) {
        why = "it is a directory, not a rules file";
        return std::nullopt;
    }
    std::uintmax_t const size = fs::file_size(path, ec);
    if (!ec && size > max_file_bytes) {
        why = "it is larger than 64 MiB";
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = "it cannot be opened (check its permissions)";
        return std::nullopt;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
        why = "it cannot be read";
        return std::nullopt;
    }
    // A UTF-8 byte-order mark (editors on Windows write one) is not part of the rules.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return text;
}

/// What makes two spellings of a path the same file ("rules/./a.rules", a symlink).
std::string identity(std::string const& path) {
    std::error_code ec;
    fs::path const canonical = fs::weakly_canonical(path, ec);
    if (!ec) return canonical.generic_string();
    return fs::path(path).lexically_normal().generic_string();
}

class loader {
public:
    LoadedRules run(std::string const& path) {
        std::string why;
        std::optional<std::string> text = read_text(path, why);
        if (!text) {
            result_.diagnostics.push_back(Diagnostic{Severity::error, "CC-FILE", SourceLocation{path, 0, 0},
                                                     "cannot read " + path + ": " + why, {}});
            return std::move(result_);
        }
        load(path, std::move(*text));
        std::vector<Diagnostic> semantic = validate(result_.files);
        result_.diagnostics.insert(result_.diagnostics.end(), std::make_move_iterator(semantic.begin()),
                                   std::make_move_iterator(semantic.end()));
        sort_diagnostics();
        return std::move(result_);
    }

private:
    /// Parses one file, then the files it includes (before it, depth first), then adds it.
    void load(std::string const& path, std::string text) {
        ParseResult parsed = parse_rules(text, path);
        result_.sources[path] = std::move(text);
        result_.diagnostics.insert(result_.diagnostics.end(), std::make_move_iterator(parsed.diagnostics.begin()),
                                   std::make_move_iterator(parsed.diagnostics.end()));
        open_.emplace_back(identity(path), path);
        fs::path const dir = fs::path(path).parent_path();
        for (FeeSchedule& fees : parsed.file.fee_schedules) read_rates(dir, fees);
        for (Include const& inc : parsed.file.includes) {
            std::string const child = (dir / inc.path).lexically_normal().generic_string();
            std::string const key = identity(child);
            auto on_stack = std::find_if(open_.begin(), open_.end(), [&](auto const& f) { return f.first == key; });
            if (on_stack != open_.end()) {
                std::string chain;
                for (auto it = on_stack; it != open_.end(); ++it) chain += it->second + " -> ";
                chain += child;
                result_.diagnostics.push_back(Diagnostic{Severity::error, "CC-INCLUDE-CYCLE", inc.where,
                                                         "including \"" + inc.path + "\" here makes a cycle: " + chain,
                                                         "a base file must not include the files that include it"});
                continue;
            }
            if (done_.count(key) != 0) continue;  // read once: its names are already in the set
            std::string why;
            std::optional<std::string> child_text = read_text(child, why);
            if (!child_text) {
                result_.diagnostics.push_back(Diagnostic{Severity::error, "CC-INCLUDE-MISSING", inc.where,
                                                         "cannot include \"" + inc.path + "\" (" + child + "): " + why,
                                                         "include paths are relative to the including file"});
                continue;
            }
            load(child, std::move(*child_text));
        }
        open_.pop_back();
        done_.insert(identity(path));
        result_.files.push_back(std::move(parsed.file));
    }

    /// The rates of a fee schedule's `rates "file.csv"`, added after those written in its block.
    void read_rates(fs::path const& dir, FeeSchedule& fees) {
        if (fees.rates_file.empty()) return;
        std::string const csv = (dir / fees.rates_file).lexically_normal().generic_string();
        std::string why;
        std::optional<std::string> text = read_text(csv, why);
        if (!text) {
            result_.diagnostics.push_back(Diagnostic{Severity::error, "CC-FILE", fees.rates_file_where,
                                                     "cannot read the rates of fee schedule " + fees.name + " from \"" +
                                                         fees.rates_file + "\" (" + csv + "): " + why,
                                                     "the path is relative to the rules file"});
            return;
        }
        std::vector<FeeRate> rates = read_fee_rates(*text, csv, result_.diagnostics);
        fees.rates.insert(fees.rates.end(), std::make_move_iterator(rates.begin()), std::make_move_iterator(rates.end()));
        result_.sources[csv] = std::move(*text);
    }

    /// By file in set order (includes first), then line and column; parse order breaks ties.
    void sort_diagnostics() {
        std::vector<std::string> order;
        for (RulesFile const& f : result_.files) order.push_back(f.path);
        auto rank = [&](std::string const& file) {
            return static_cast<std::size_t>(std::find(order.begin(), order.end(), file) - order.begin());
        };
        std::stable_sort(result_.diagnostics.begin(), result_.diagnostics.end(),
                         [&](Diagnostic const& a, Diagnostic const& b) {
                             return std::make_tuple(rank(a.where.file), a.where.line, a.where.column) <
                                    std::make_tuple(rank(b.where.file), b.where.line, b.where.column);
                         });
    }

    LoadedRules result_;
    std::vector<std::pair<std::string, std::string>> open_;   ///< (identity, path) being loaded
    std::set<std::string> done_;
};

}  // namespace

LoadedRules load_rules(std::string const& path) { return loader().run(path); }

std::vector<std::string> list_rules_files(std::string const& directory) {
    std::vector<std::string> out;
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) return out;
    fs::recursive_directory_iterator it(directory, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        // Anything named *.rules but a folder is listed, a dangling link or a file that cannot
        // be examined included, so that loading it reports the problem instead of the file
        // silently going missing. A folder named *.rules is only searched.
        std::error_code type_error;
        if (it->path().extension() == ".rules" && !it->is_directory(type_error)) {
            out.push_back(it->path().generic_string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace covercheck
