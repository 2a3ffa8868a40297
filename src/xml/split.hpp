// Streaming split of a large XML file into the elements under its root, with bounded memory: a
// 1 GB <claims> export or FHIR Bundle is read in chunks and given out one child element at a
// time, each as its own bytes plus where it starts, to be parsed on its own (xml::parse with a
// LineIndex based at that spot, so every location is in the original file's line:column).
//
// The splitter understands just enough XML to find element boundaries: start and end tags
// (quoted attribute values may hold '<' and '>'), empty-element tags, comments, CDATA sections,
// processing instructions and declarations. Everything else (well-formedness inside an element,
// encoding, entities) is left to pugixml when the piece is parsed. Internal to src/xml.
#pragma once

#include "covercheck/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace covercheck::xml {

/// One thing the splitter gives out.
struct Piece {
    enum class Kind {
        root,      ///< the root element's start tag (in `text`); the caller answers with choose()
        child,     ///< one whole child element of the root (children mode)
        whole,     ///< the whole root element (whole mode)
        problem,   ///< something that is not a usable element; `problem` says what
    };
    Kind kind = Kind::problem;
    /// The element's name (root, child, whole); for a problem, the element it concerns ("" if none).
    std::string name;
    /// root: the start tag. child, whole: the element's bytes from its '<' to its closing '>'.
    /// problem about an element cut short: the bytes read of it (at most the fragment cap); about
    /// an element too large: its start tag when that is at most 64 KiB; otherwise "".
    std::string text;
    /// Where `text` (or the element the problem concerns) starts: line and column from 1, columns
    /// counting UTF-8 code points, a byte-order mark not counted. 0:0 for the file alone.
    int line = 0;
    int column = 0;
    /// kind == problem: the error, with its code (CX-EMPTY, CX-XML, CX-DOCTYPE, CX-FILE,
    /// CL-TOO-LARGE) and location.
    Diagnostic problem;
    /// kind == problem: true when nothing more will follow (the rest of the input is not read).
    bool fatal = false;
};

/// What to do with the root element once its start tag is known.
enum class RootMode {
    children,   ///< give out each child element (a <claims> export, a FHIR Bundle)
    whole,      ///< give out the root as one element (a single <claim> or FHIR Claim)
    stop,       ///< read no further (a root the caller does not read)
};

/// Splits one input stream. Never throws on bad input (only std::bad_alloc could escape);
/// never reads more than chunk_size bytes at a time, and holds at most about
/// max_fragment + 2 * chunk_size bytes of the input at once.
class Splitter {
public:
    static constexpr std::size_t default_chunk_size = std::size_t{1} << 20U;     ///< 1 MiB
    static constexpr std::size_t default_max_fragment = std::size_t{64} << 20U;  ///< 64 MiB

    /// `path` is used only for locations. `chunk_size` (at least 1) is how much is read at a
    /// time: tests use tiny chunks to put every boundary everywhere. `max_fragment` caps one
    /// element (and the root's start tag): a bigger one is skipped with CL-TOO-LARGE.
    Splitter(std::istream& in, std::string path, std::size_t chunk_size = default_chunk_size,
             std::size_t max_fragment = default_max_fragment);

    /// The next piece, or false at the end of the input. The first piece is the root (or a fatal
    /// problem: empty input, text or a DOCTYPE before the root). In children mode each child
    /// element comes whole; text between children is one problem (then the splitter skips to the
    /// next `<child_name` start tag or the root's end tag and goes on); a child cut short by the
    /// end of the input, the root left unclosed, or anything but comments and processing
    /// instructions after the root is one fatal problem.
    bool next(Piece& out);

    /// Answers a root piece. `child_name` (children mode) is the element the splitter skips to
    /// after text between children, e.g. "claim" or "entry".
    void choose(RootMode mode, std::string child_name = "");

    /// Accepts a sequence of documents: after the root element ends, another root may follow
    /// (and an XML declaration before it), each given out as a new root piece. For standard input
    /// fed record by record (Hadoop Streaming, Spark's RDD.pipe). Off by default: a second root
    /// is then an error.
    void allow_documents(bool allow) { documents_ = allow; }
    /// The location of the file alone (line 0).
    SourceLocation file() const { return SourceLocation{path_, 0, 0}; }

    /// The most bytes of the input held at once so far (tests check that memory stays bounded).
    std::size_t peak_buffer() const { return peak_; }

private:
    enum class Phase { prolog, await_choice, children, whole, after_root, done };

    /// A scanned token: its kind, where it ends (one past its last byte) and, for tags, the name.
    struct Token {
        enum class Kind { text, start, end, comment, pi, cdata, doctype, declaration, bad };
        Kind kind = Kind::bad;
        std::uint64_t end = 0;
        std::string name;
        bool self_closing = false;
        bool blank = true;       ///< text: only spaces, tabs and line ends
        bool complete = true;    ///< false when the input ended inside the token
    };

    // ---- the input buffer, addressed by absolute byte offsets ----
    bool have(std::uint64_t offset);
    bool more(std::uint64_t need);
    char at(std::uint64_t offset) const { return buf_[static_cast<std::size_t>(offset - base_)]; }
    std::string bytes(std::uint64_t from, std::uint64_t to) const;
    void advance_counter(std::uint64_t to);
    SourceLocation where(std::uint64_t offset);

    // ---- tokens ----
    /// Scans the token at `from`. `keep_start_tag`: a start tag's bytes stay in the buffer
    /// (they are given out); any other token is let go of as it is scanned. `stop_at_text`:
    /// text ends at its first non-blank byte (text where none may be is a problem at once).
    Token scan(std::uint64_t from, bool keep_start_tag, bool stop_at_text);
    void release(std::uint64_t offset) { if (skipping_ || oversize_) keep_ = offset; }
    void scan_text(std::uint64_t from, bool stop_at_text, Token& t);
    void scan_until(std::uint64_t from, char const* terminator, Token& t);
    void scan_tag(std::uint64_t from, Token& t);
    void scan_doctype(std::uint64_t from, Token& t);

    // ---- phases ----
    bool prolog(Piece& out);
    bool children(Piece& out);
    bool capture(std::uint64_t start, SourceLocation const& here, Token const& first, Piece::Kind kind, Piece& out);
    bool matches(std::uint64_t at, std::string const& name);
    bool after_root(Piece& out);
    /// The root's start tag `t` at `i` was found: gives it out as a root piece.
    bool root_found(Piece& out, std::uint64_t i, SourceLocation const& here, Token const& t);
    bool problem(Piece& out, std::string code, std::uint64_t offset, std::string message, std::string hint,
                 bool fatal);
    bool problem_at(Piece& out, std::string code, SourceLocation where, std::string message, std::string hint,
                    bool fatal);
    bool cut_short(Piece& out, SourceLocation where, std::string message, std::string name, std::string text);
    void resync(std::uint64_t from);

    std::istream& in_;
    std::string path_;
    std::size_t chunk_size_;
    std::size_t max_fragment_;

    std::string buf_;
    std::size_t peak_ = 0;
    std::size_t next_read_ = 16U * 1024U;   ///< the size of the next read, doubling up to chunk_size_
    std::uint64_t base_ = 0;         ///< absolute offset of buf_[0]
    bool eof_ = false;
    bool read_failed_ = false;
    bool documents_ = false;
    bool overflow_ = false;          ///< a token outside any element grew past the cap
    std::uint64_t keep_ = 0;         ///< bytes from here on must stay in the buffer
    bool skipping_ = false;          ///< the token being scanned is not kept: keep_ follows the scan

    // Line and column of absolute offset counted_ (code points, a BOM not counted).
    std::uint64_t counted_ = 0;
    int line_ = 1;
    int column_ = 1;

    // Fragment capture.
    bool capturing_ = false;
    bool oversize_ = false;
    std::uint64_t fragment_start_ = 0;

    Phase phase_ = Phase::prolog;
    std::uint64_t cur_ = 0;          ///< where scanning resumes
    std::string root_name_;
    std::uint64_t root_start_ = 0;
    SourceLocation root_where_;
    Token root_tag_;
    std::string child_name_;
};

}  // namespace covercheck::xml
