// What every XML reader in covercheck needs (the treatment plan now, claims later): parsing with
// no DTD and no entity expansion, locations from pugixml offsets, and typed attribute reading
// that reports every problem as a diagnostic. Internal to src/xml: the only code that sees pugixml.
#pragma once

#include "covercheck/date.hpp"
#include "covercheck/diagnostic.hpp"
#include "covercheck/money.hpp"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covercheck::xml {

/// Line and column of byte offsets in one text. Built once in O(n); each lookup is a binary
/// search plus a scan of at most one block, so locating every node of a huge one-line document
/// stays linear. Columns count UTF-8 code points from 1; a leading byte-order mark is not counted.
///
/// The text may be a fragment cut out of a larger file (one <claim> of a <claims> export): then
/// `base_line` and `base_column` are where the fragment's first byte sits in that file, and every
/// location is given in the file's own line:column.
class LineIndex {
public:
    LineIndex(std::string_view text, std::string path, int base_line = 1, int base_column = 1);

    /// The location of byte `offset`; a negative offset gives the file alone (line 0).
    SourceLocation at(std::ptrdiff_t offset) const;
    /// The location of the file alone (for problems with no place in the text).
    SourceLocation file() const { return SourceLocation{path_, 0, 0}; }
    std::string_view text() const { return text_; }

private:
    static constexpr std::size_t block = 1024;

    /// UTF-8 continuation bytes in text_[0, offset).
    std::size_t continuation_bytes_before(std::size_t offset) const;

    std::string_view text_;
    std::string path_;
    int base_line_;
    int base_column_;
    std::vector<std::size_t> line_starts_;
    std::vector<std::size_t> continuation_prefix_;   ///< per block: continuation bytes before it
};

/// Collects diagnostics, keeping at most `limit` of them so a hostile 64 MiB file cannot make
/// millions. Whatever is dropped is summed up in one last diagnostic by finish(); an error that
/// was dropped still makes the result an error.
class Sink {
public:
    Sink(std::vector<Diagnostic>& out, std::size_t limit = 1000) : out_(out), limit_(limit) {}

    void add(Diagnostic diagnostic);
    void error(std::string code, SourceLocation where, std::string message, std::string hint = "");
    void warning(std::string code, SourceLocation where, std::string message, std::string hint = "");
    /// Sorts what was kept by position (stable) and appends the summary of what was dropped.
    void finish();

private:
    std::vector<Diagnostic>& out_;
    std::size_t limit_;
    std::size_t dropped_errors_ = 0;
    std::size_t dropped_warnings_ = 0;
    Diagnostic first_dropped_error_;
    Diagnostic first_dropped_warning_;
};

/// A parsed document. The text is parsed in place so every element and attribute name points
/// into `buffer`, which gives its offset (and so its line and column).
struct Document {
    std::string buffer;
    pugi::xml_document doc;
};

/// The deepest nesting of elements a document may have (the root is depth 1).
constexpr int max_depth = 100;

/// Parses `text` into `out`. Refuses, with one error each: empty or blank input (CX-EMPTY); a
/// UTF-16 or other non-UTF-8 text, control characters, anything pugixml rejects, a second root
/// element (CX-XML); a DOCTYPE (CX-DOCTYPE: entities are never expanded, only the five XML escapes
/// and character references are); elements nested deeper than max_depth (CX-TOO-DEEP). A UTF-8
/// byte-order mark is fine. Returns false on any error.
bool parse(std::string_view text, LineIndex const& lines, Document& out, Sink& sink);

/// Typed reading of elements and their attributes, reporting each problem at the attribute
/// (or the element's '<' when the attribute is absent).
class Reader {
public:
    /// `elements_hint` is the hint given with an element the format does not define when no
    /// known name is close (it says where the format's elements are documented).
    Reader(Document const& document, LineIndex const& lines, Sink& sink,
           std::string elements_hint = "the elements of a treatment plan are listed in samples/README.md")
        : document_(document), lines_(lines), sink_(sink), elements_hint_(std::move(elements_hint)) {}

    Sink& sink() { return sink_; }

    /// The '<' that starts the element.
    SourceLocation where(pugi::xml_node node) const;
    /// The attribute's name; the element when the attribute is absent.
    SourceLocation where(pugi::xml_node node, pugi::xml_attribute attribute) const;

    /// Checks the attributes of an element the format defines: CX-UNKNOWN (warning, with a
    /// "did you mean" hint) for names not in `known`, CX-XML for a name given twice.
    void attributes(pugi::xml_node node, std::vector<char const*> const& known);
    /// Warns (CX-UNKNOWN) about text inside `node`, and about child elements too unless
    /// `children_checked` (the caller reads the children itself).
    void content(pugi::xml_node node, bool children_checked);
    /// Warns (CX-UNKNOWN) about an element the format does not define at this place; `known`
    /// (the elements allowed here) feeds the "did you mean" hint.
    void unknown_element(pugi::xml_node node, std::vector<char const*> const& known);

    /// The attribute's text, trimmed. CX-MISSING when required and absent or blank.
    std::optional<std::string> text(pugi::xml_node node, char const* name, bool required);
    /// An ISO date. `quote` false keeps the value out of the message (patient data).
    std::optional<Date> date(pugi::xml_node node, char const* name, bool required, bool quote = true);
    std::optional<Money> money(pugi::xml_node node, char const* name, bool required);
    /// A whole number: CX-BAD-NUMBER when not one, CX-BAD-VALUE when outside [low, high].
    std::optional<std::int64_t> number(pugi::xml_node node, char const* name, bool required,
                                       std::int64_t low, std::int64_t high);
    /// A list separated by spaces or commas (empty when absent).
    std::vector<std::string> list(pugi::xml_node node, char const* name);

private:
    std::ptrdiff_t offset_of(char const* pointer) const;

    Document const& document_;
    LineIndex const& lines_;
    Sink& sink_;
    std::string elements_hint_;
};

/// Reads the whole file at `path`, at most 64 MiB. On failure returns nothing and sets `error`
/// to a CX-FILE diagnostic at the file: no such file, a directory ("this is a directory, not
/// `what`"), unreadable, or larger than 64 MiB (with `too_large_hint`).
std::optional<std::string> read_file_capped(std::string const& path, char const* what, char const* too_large_hint,
                                            Diagnostic& error);

/// `read()`, with running out of memory turned into a `Result` (a reader's result type, with a
/// `diagnostics` vector) holding one CX-FILE diagnostic at `path`: readers never throw.
template <typename Result, typename Read>
Result without_throwing(std::string const& path, Read read) {
    try {
        return read();
    } catch (std::bad_alloc const&) {
        Result failed;
        failed.diagnostics.push_back(
            {Severity::error, "CX-FILE", SourceLocation{path, 0, 0}, "not enough memory to read this file", ""});
        return failed;
    }
}

/// Reads the file at `path` (read_file_capped) and gives its text to `read_text`; a file that
/// cannot be read gives a `Result` holding its CX-FILE diagnostic alone.
template <typename Result, typename ReadText>
Result load_document(std::string const& path, char const* what, char const* too_large_hint, ReadText read_text) {
    Diagnostic error;
    std::optional<std::string> const text = read_file_capped(path, what, too_large_hint, error);
    if (!text) {
        Result failed;
        failed.diagnostics.push_back(std::move(error));
        return failed;
    }
    return read_text(*text);
}

/// `value` quoted for a message, cut to a readable length on a code-point boundary.
std::string quoted(std::string_view value);

/// The entry of `known` closest to `name` by edit distance (at most 2), or "" if none is close.
std::string closest(std::string_view name, std::vector<char const*> const& known);

/// ASCII lower case.
std::string lower(std::string_view text);

}  // namespace covercheck::xml
