// Streaming split of an XML file into the elements under its root. See split.hpp for the contract.
//
// INVARIANT: the buffer holds the input from base_ on; bytes before keep_ (or before the fragment
// being captured) are dropped when reading more, after the line/column counter has passed them,
// so counted_ >= base_ always and where() never looks at a dropped byte.

#include "xml/split.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace covercheck::xml {
namespace {

constexpr std::size_t max_name = 256;             // longer names are cut (they only need to compare)
constexpr std::size_t max_named_depth = 64;       // deeper elements are only counted
constexpr std::size_t max_kept_tag = 64U * 1024U;   // a start tag kept for a problem record

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_start(char c) {
    auto const b = static_cast<unsigned char>(c);
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':' || b >= 0x80U;
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

}  // namespace

Splitter::Splitter(std::istream& in, std::string path, std::size_t chunk_size, std::size_t max_fragment)
    : in_(in), path_(std::move(path)), chunk_size_(std::max<std::size_t>(chunk_size, 1)),
      max_fragment_(std::max<std::size_t>(max_fragment, 1)) {}

// ---- the buffer -----------------------------------------------------------------------------

bool Splitter::have(std::uint64_t offset) {
    while (offset >= base_ + buf_.size()) {
        if (!more(offset)) return false;
    }
    return true;
}

bool Splitter::more(std::uint64_t need) {
    if (eof_ || overflow_) return false;
    std::uint64_t const end = base_ + buf_.size();
    if (capturing_ && !oversize_ && end - fragment_start_ > max_fragment_) oversize_ = true;
    std::uint64_t keep = capturing_ && !oversize_ ? fragment_start_ : keep_;
    keep = std::min(std::max(keep, base_), std::min(end, need));
    // Drop what is no longer needed once it is at least half the buffer: every byte is moved
    // at most about once, so the whole input costs O(n) however small the chunks.
    auto const drop = static_cast<std::size_t>(keep - base_);
    if (drop > 0 && drop >= buf_.size() / 2) {
        advance_counter(keep);
        buf_.erase(0, drop);
        base_ = keep;
    }
    // A safety net: nothing outside a capture should ever hold this much.
    if (buf_.size() > max_fragment_ + 2 * chunk_size_ && !(capturing_ && !oversize_)) {
        overflow_ = true;
        return false;
    }
    // Reads start small and double up to chunk_size_: a folder of small claim files should not
    // cost a megabyte of zeroed memory each.
    std::size_t const want = std::min(chunk_size_, next_read_);
    next_read_ = std::min(chunk_size_, next_read_ * 2);
    std::size_t const old = buf_.size();
    buf_.resize(old + want);
    peak_ = std::max(peak_, buf_.size());
    in_.read(&buf_[old], static_cast<std::streamsize>(want));
    std::streamsize const got = in_.gcount();
    buf_.resize(old + static_cast<std::size_t>(std::max<std::streamsize>(got, 0)));
    if (got <= 0) {
        if (in_.bad()) read_failed_ = true;
        eof_ = true;
        return false;
    }
    return true;
}

std::string Splitter::bytes(std::uint64_t from, std::uint64_t to) const {
    return buf_.substr(static_cast<std::size_t>(from - base_), static_cast<std::size_t>(to - from));
}

void Splitter::advance_counter(std::uint64_t to) {
    // A line at a time: find the line end, then count the code points before it in one
    // branch-free pass (a code point is a byte that is not a UTF-8 continuation byte).
    while (counted_ < to) {
        char const* const from = buf_.data() + static_cast<std::size_t>(counted_ - base_);
        auto const left = static_cast<std::size_t>(to - counted_);
        auto const* const line_end = static_cast<char const*>(std::memchr(from, '\n', left));
        std::size_t const span = line_end != nullptr ? static_cast<std::size_t>(line_end - from) : left;
        int points = 0;
        for (std::size_t k = 0; k < span; ++k) points += is_continuation(from[k]) ? 0 : 1;
        column_ += points;
        counted_ += span;
        if (line_end != nullptr) {
            ++line_;
            column_ = 1;
            ++counted_;
        }
    }
}

SourceLocation Splitter::where(std::uint64_t offset) {
    advance_counter(std::min(offset, base_ + buf_.size()));
    return SourceLocation{path_, line_, column_};
}

// ---- tokens ---------------------------------------------------------------------------------

Splitter::Token Splitter::scan(std::uint64_t from, bool keep_start_tag, bool stop_at_text) {
    Token t;
    keep_ = from;
    skipping_ = false;
    t.end = from;
    if (at(from) != '<') {
        skipping_ = true;
        scan_text(from, stop_at_text, t);
        return t;
    }
    auto const is = [&](std::uint64_t offset, char const* literal) {
        for (std::size_t k = 0; literal[k] != '\0'; ++k) {
            if (!have(offset + k) || at(offset + k) != literal[k]) return false;
        }
        return true;
    };
    if (!have(from + 1)) {
        t.kind = Token::Kind::bad;
        t.complete = false;
        t.end = from + 1;
        return t;
    }
    char const c = at(from + 1);
    if (c == '/') {
        skipping_ = true;
        t.kind = Token::Kind::end;
        scan_tag(from + 2, t);
    } else if (c == '?') {
        skipping_ = true;
        t.kind = Token::Kind::pi;
        scan_until(from + 2, "?>", t);
    } else if (c == '!') {
        if (is(from, "<!--")) {
            skipping_ = true;
            t.kind = Token::Kind::comment;
            scan_until(from + 4, "-->", t);
        } else if (is(from, "<![CDATA[")) {
            skipping_ = true;
            t.kind = Token::Kind::cdata;
            scan_until(from + 9, "]]>", t);
        } else if (is(from, "<!DOCTYPE")) {
            skipping_ = true;
            t.kind = Token::Kind::doctype;
            scan_doctype(from + 9, t);
        } else {
            skipping_ = true;
            t.kind = Token::Kind::declaration;
            scan_until(from + 2, ">", t);
        }
    } else if (is_name_start(c)) {
        skipping_ = !keep_start_tag;
        t.kind = Token::Kind::start;
        scan_tag(from + 1, t);
    } else {
        t.kind = Token::Kind::bad;
        t.end = from + 1;
    }
    return t;
}

void Splitter::scan_text(std::uint64_t from, bool stop_at_text, Token& t) {
    t.kind = Token::Kind::text;
    std::uint64_t i = from;
    while (true) {
        release(i);
        if (!have(i)) break;
        char const* const data = buf_.data() + (i - base_);
        std::size_t const length = buf_.size() - static_cast<std::size_t>(i - base_);
        if (!t.blank) {
            void const* const hit = std::memchr(data, '<', length);
            if (hit == nullptr) {
                i += length;
                continue;
            }
            i += static_cast<std::uint64_t>(static_cast<char const*>(hit) - data);
            break;
        }
        std::size_t k = 0;
        while (k < length && data[k] != '<' && is_blank(data[k])) ++k;
        i += k;
        if (k == length) continue;
        if (data[k] == '<') break;
        t.blank = false;
        if (stop_at_text) break;
    }
    t.end = i;
}

void Splitter::scan_until(std::uint64_t from, char const* terminator, Token& t) {
    std::size_t const n = std::strlen(terminator);
    std::uint64_t i = from;
    while (true) {
        release(i);
        if (!have(i)) {
            t.complete = false;
            t.end = i;
            return;
        }
        char const* const data = buf_.data() + (i - base_);
        std::size_t const length = buf_.size() - static_cast<std::size_t>(i - base_);
        void const* const hit = std::memchr(data, terminator[0], length);
        if (hit == nullptr) {
            i += length;
            continue;
        }
        std::uint64_t const j = i + static_cast<std::uint64_t>(static_cast<char const*>(hit) - data);
        bool match = true;
        for (std::size_t k = 1; k < n && match; ++k) {
            if (!have(j + k)) {
                t.complete = false;
                t.end = j + k;
                return;
            }
            match = at(j + k) == terminator[k];
        }
        if (match) {
            t.end = j + n;
            return;
        }
        i = j + 1;
    }
}

void Splitter::scan_tag(std::uint64_t from, Token& t) {
    std::uint64_t i = from;
    while (have(i) && is_name_char(at(i))) {
        if (t.name.size() < max_name) t.name += at(i);
        ++i;
        release(i);
    }
    // The attributes: quoted values may hold '<', '>' and '/'. A '<' outside quotes ends a tag
    // that lacks its '>' (pugixml reports it when the element is parsed).
    char quote = 0;
    char previous = 0;
    while (true) {
        release(i);
        if (!have(i)) {
            t.complete = false;
            t.end = i;
            return;
        }
        // Everything buffered from i is scanned in one pass (no refill can happen inside it);
        // the state carries over to the next pass after a refill.
        char const* const data = buf_.data();
        std::uint64_t const end = base_ + buf_.size();
        while (i < end) {
            char const* const here = data + static_cast<std::size_t>(i - base_);
            if (quote != 0) {
                // Straight to the closing quote.
                auto const* const close =
                    static_cast<char const*>(std::memchr(here, quote, static_cast<std::size_t>(end - i)));
                if (close == nullptr) {
                    i = end;
                    break;
                }
                i += static_cast<std::uint64_t>(close - here) + 1;
                previous = quote;
                quote = 0;
                continue;
            }
            char const c = *here;
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                release(i);
                t.self_closing = t.kind == Token::Kind::start && previous == '/';
                t.end = i + 1;
                return;
            } else if (c == '<') {
                release(i);
                t.end = i;
                return;
            } else {
                previous = c;
            }
            ++i;
        }
    }
}

void Splitter::scan_doctype(std::uint64_t from, Token& t) {
    // <!DOCTYPE name [ internal subset with '>' inside ] >, quotes anywhere.
    char quote = 0;
    int brackets = 0;
    for (std::uint64_t i = from;; ++i) {
        release(i);
        if (!have(i)) {
            t.complete = false;
            t.end = i;
            return;
        }
        char const c = at(i);
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '[') {
            ++brackets;
        } else if (c == ']') {
            if (brackets > 0) --brackets;
        } else if (c == '>' && brackets == 0) {
            t.end = i + 1;
            return;
        }
    }
}

// ---- pieces ---------------------------------------------------------------------------------

bool Splitter::problem_at(Piece& out, std::string code, SourceLocation where, std::string message, std::string hint,
                          bool fatal) {
    out = Piece{};
    out.kind = Piece::Kind::problem;
    out.line = where.line;
    out.column = where.column;
    out.problem = Diagnostic{Severity::error, std::move(code), std::move(where), std::move(message), std::move(hint)};
    out.fatal = fatal;
    if (fatal) phase_ = Phase::done;
    return true;
}

bool Splitter::problem(Piece& out, std::string code, std::uint64_t offset, std::string message, std::string hint,
                       bool fatal) {
    return problem_at(out, std::move(code), where(offset), std::move(message), std::move(hint), fatal);
}

bool Splitter::cut_short(Piece& out, SourceLocation where, std::string message, std::string name, std::string text) {
    if (overflow_) {
        problem_at(out, "CL-TOO-LARGE", std::move(where),
                   "a single piece of markup is larger than the most covercheck reads", "split the file", true);
    } else if (read_failed_) {
        problem_at(out, "CX-FILE", std::move(where), "the file could not be read to the end", "", true);
    } else {
        problem_at(out, "CX-XML", std::move(where), std::move(message), "", true);
    }
    out.name = std::move(name);
    out.text = std::move(text);
    return true;
}

bool Splitter::next(Piece& out) {
    switch (phase_) {
    case Phase::prolog: return prolog(out);
    case Phase::await_choice: phase_ = Phase::done; return false;
    case Phase::children: return children(out);
    case Phase::whole: return capture(root_start_, root_where_, root_tag_, Piece::Kind::whole, out);
    case Phase::after_root: return after_root(out);
    case Phase::done: return false;
    }
    return false;
}

void Splitter::choose(RootMode mode, std::string child_name) {
    if (phase_ != Phase::await_choice) return;
    child_name_ = std::move(child_name);
    capturing_ = false;
    oversize_ = false;
    switch (mode) {
    case RootMode::children:
        cur_ = root_tag_.end;
        phase_ = root_tag_.self_closing ? Phase::after_root : Phase::children;
        break;
    case RootMode::whole: phase_ = Phase::whole; break;
    case RootMode::stop: phase_ = Phase::done; break;
    }
}

bool Splitter::prolog(Piece& out) {
    keep_ = 0;
    SourceLocation const first{path_, 1, 1};
    if (!have(0)) {
        if (read_failed_) return problem_at(out, "CX-FILE", file(), "the file could not be read", "", true);
        return problem_at(out, "CX-EMPTY", first, "the document is empty",
                          "a claims file holds <claim> or <claims>, or a FHIR Claim or Bundle", true);
    }
    if (have(1) && ((at(0) == '\xFF' && at(1) == '\xFE') || (at(0) == '\xFE' && at(1) == '\xFF'))) {
        return problem_at(out, "CX-XML", first, "the file is UTF-16 text; covercheck reads UTF-8",
                          "save the file as UTF-8", true);
    }
    std::uint64_t i = 0;
    if (have(2) && at(0) == '\xEF' && at(1) == '\xBB' && at(2) == '\xBF') {
        i = 3;
        counted_ = 3;   // the byte-order mark is not counted in columns
    }
    bool markup = false;
    while (true) {
        SourceLocation const here = where(i);
        capturing_ = true;   // tentatively: if this is the root's start tag, it stays in the buffer
        oversize_ = false;
        fragment_start_ = i;
        if (!have(i)) {
            capturing_ = false;
            if (read_failed_) return problem_at(out, "CX-FILE", here, "the file could not be read to the end", "", true);
            if (!markup) return problem_at(out, "CX-EMPTY", first, "the document is empty", "", true);
            return problem_at(out, "CX-XML", first, "not well-formed XML: no element at all",
                              "a claims file holds <claim> or <claims>, or a FHIR Claim or Bundle", true);
        }
        Token const t = scan(i, true, true);
        if (t.kind != Token::Kind::start) {
            capturing_ = false;
            oversize_ = false;
        }
        switch (t.kind) {
        case Token::Kind::text:
            if (!t.blank) {
                return problem(out, "CX-XML", t.end, "not well-formed XML: text before the root element",
                               "a claims file starts with an element such as <claims> (is this an XML file?)", true);
            }
            i = t.end;
            continue;
        case Token::Kind::comment:
        case Token::Kind::pi:
            if (!t.complete) {
                return cut_short(out, here,
                                 "not well-formed XML: the document ends inside a comment or declaration "
                                 "(is the file cut short?)",
                                 "", "");
            }
            markup = true;
            i = t.end;
            continue;
        case Token::Kind::doctype:
            return problem_at(out, "CX-DOCTYPE", here,
                              "the document has a DOCTYPE, which covercheck refuses (entities are never expanded)",
                              "remove the <!DOCTYPE ...> declaration", true);
        case Token::Kind::start:
            break;
        default:
            return problem_at(out, "CX-XML", here,
                              "not well-formed XML: a '<' that does not start an element, a comment or a declaration", "",
                              true);
        }
        return root_found(out, i, here, t);
    }
}

bool Splitter::root_found(Piece& out, std::uint64_t i, SourceLocation const& here, Token const& t) {
    {
        root_name_ = t.name;
        root_start_ = i;
        root_where_ = here;
        root_tag_ = t;
        if (!t.complete) {
            return cut_short(out, here,
                             "not well-formed XML: the document ends inside the root element's start tag "
                             "(is the file cut short?)",
                             t.name, "");
        }
        if (oversize_) {
            return problem_at(out, "CL-TOO-LARGE", here, "the root element's start tag is larger than 64 MiB", "", true);
        }
        out = Piece{};
        out.kind = Piece::Kind::root;
        out.name = t.name;
        out.text = bytes(i, t.end);
        out.line = here.line;
        out.column = here.column;
        phase_ = Phase::await_choice;
        return true;
    }
}

bool Splitter::matches(std::uint64_t offset, std::string const& name) {
    for (std::size_t k = 0; k < name.size(); ++k) {
        if (!have(offset + k) || at(offset + k) != name[k]) return false;
    }
    std::uint64_t const after = offset + name.size();
    return have(after) && (is_blank(at(after)) || at(after) == '>' || at(after) == '/');
}

void Splitter::resync(std::uint64_t from) {
    capturing_ = false;
    skipping_ = true;
    std::uint64_t i = from;
    while (true) {
        keep_ = i;
        if (!have(i)) {
            phase_ = Phase::done;
            cur_ = i;
            return;
        }
        char const* const data = buf_.data() + (i - base_);
        std::size_t const length = buf_.size() - static_cast<std::size_t>(i - base_);
        void const* const hit = std::memchr(data, '<', length);
        if (hit == nullptr) {
            i += length;
            continue;
        }
        std::uint64_t const j = i + static_cast<std::uint64_t>(static_cast<char const*>(hit) - data);
        keep_ = j;
        bool const child = !child_name_.empty() && matches(j + 1, child_name_);
        bool const close = !child && have(j + 1) && at(j + 1) == '/' && matches(j + 2, root_name_);
        if (child || close) {
            cur_ = j;
            return;
        }
        i = j + 1;
    }
}

bool Splitter::children(Piece& out) {
    while (true) {
        SourceLocation const here = where(cur_);
        capturing_ = true;   // tentatively: if this is a child's start tag, its bytes stay
        oversize_ = false;
        fragment_start_ = cur_;
        if (!have(cur_)) {
            capturing_ = false;
            return cut_short(out, here,
                             "not well-formed XML: the document ends before </" + root_name_ + "> (is the file cut short?)",
                             "", "");
        }
        Token const t = scan(cur_, true, true);
        if (t.kind == Token::Kind::start) return capture(cur_, here, t, Piece::Kind::child, out);
        capturing_ = false;
        oversize_ = false;
        std::uint64_t const start = cur_;
        if (!t.complete) {
            return cut_short(out, here, "not well-formed XML: the document ends inside markup before </" + root_name_ +
                                            "> (is the file cut short?)", "", "");
        }
        switch (t.kind) {
        case Token::Kind::text:
            if (t.blank) {
                cur_ = t.end;
                continue;
            }
            {
                SourceLocation const spot = where(t.end);
                resync(t.end);
                return problem_at(out, "CX-XML", spot,
                                  "not well-formed XML: text between the elements of <" + root_name_ + ">; it is skipped",
                                  "remove the text; only elements go inside <" + root_name_ + ">", false);
            }
        case Token::Kind::comment:
        case Token::Kind::pi:
            cur_ = t.end;
            continue;
        case Token::Kind::end:
            if (t.name == root_name_) {
                cur_ = t.end;
                phase_ = Phase::after_root;
                return after_root(out);
            }
            break;
        default:
            break;
        }
        resync(std::max(t.end, start + 1));
        if (t.kind == Token::Kind::doctype) {
            return problem_at(out, "CX-DOCTYPE", here,
                              "a DOCTYPE inside <" + root_name_ + ">, which covercheck refuses; it is skipped",
                              "remove the <!DOCTYPE ...> declaration", false);
        }
        std::string const message =
            t.kind == Token::Kind::end
                ? "not well-formed XML: an end tag </" + t.name + "> that closes nothing; it is skipped"
                : "not well-formed XML: markup that is not an element between the elements of <" + root_name_ +
                      ">; it is skipped";
        return problem_at(out, "CX-XML", here, message, "", false);
    }
}

bool Splitter::capture(std::uint64_t start, SourceLocation const& here, Token const& first, Piece::Kind kind,
                       Piece& out) {
    capturing_ = true;
    fragment_start_ = start;
    std::string const name = first.name;
    bool const in_container = kind == Piece::Kind::child;
    std::string first_tag;
    if (first.complete && !oversize_ && first.end - start <= max_kept_tag) first_tag = bytes(start, first.end);

    auto finish_cut = [&](std::uint64_t reached) {
        std::string partial = oversize_ ? first_tag : bytes(start, reached);
        capturing_ = false;
        return cut_short(out, here,
                         "not well-formed XML: the document ends inside this <" + name + "> (is the file cut short?)", name,
                         std::move(partial));
    };
    if (!first.complete) return finish_cut(first.end);

    std::uint64_t end = first.end;
    if (!first.self_closing) {
        std::vector<std::string> open{name};
        std::size_t depth = 1;
        std::uint64_t i = first.end;
        while (depth > 0) {
            if (!have(i)) return finish_cut(i);
            Token const t = scan(i, false, false);
            if (!t.complete) return finish_cut(t.end);
            if (t.kind == Token::Kind::start && !t.self_closing) {
                ++depth;
                if (depth <= max_named_depth) open.push_back(t.name);
            } else if (t.kind == Token::Kind::end) {
                if (depth > max_named_depth) {
                    --depth;
                } else {
                    // Close the innermost open element of that name (pugixml reports any left
                    // open); the container's own end tag ends a child left open.
                    auto const match = std::find(open.rbegin(), open.rend(), t.name);
                    if (match != open.rend()) {
                        depth = static_cast<std::size_t>(open.rend() - match) - 1;
                        open.resize(depth);
                    } else if (in_container && t.name == root_name_) {
                        end = i;
                        break;
                    }
                }
            }
            i = t.end;
            end = i;
            if (!oversize_ && i - start > max_fragment_) oversize_ = true;
        }
    }
    if (!oversize_ && end - start > max_fragment_) oversize_ = true;
    capturing_ = false;
    phase_ = in_container ? Phase::children : Phase::after_root;
    cur_ = end;
    if (oversize_) {
        problem_at(out, "CL-TOO-LARGE", here,
                   "this <" + name + "> is larger than 64 MiB, the most covercheck reads for one claim; it is skipped",
                   "split it, or check that the file is what it should be", false);
        out.name = name;
        out.text = std::move(first_tag);
        return true;
    }
    out = Piece{};
    out.kind = kind;
    out.name = name;
    out.text = bytes(start, end);
    out.line = here.line;
    out.column = here.column;
    return true;
}

bool Splitter::after_root(Piece& out) {
    while (true) {
        SourceLocation const here = where(cur_);
        capturing_ = false;
        if (!have(cur_)) {
            phase_ = Phase::done;
            if (read_failed_) return problem_at(out, "CX-FILE", here, "the file could not be read to the end", "", true);
            return false;
        }
        if (documents_ && have(cur_ + 2) && at(cur_) == '\xEF' && at(cur_ + 1) == '\xBB' && at(cur_ + 2) == '\xBF') {
            cur_ += 3;   // each document of a sequence may start with its own byte-order mark
            continue;
        }
        if (documents_) {
            // A sequence of documents: a start tag here is the next document's root, kept in
            // the buffer like the first one's.
            capturing_ = true;
            oversize_ = false;
            fragment_start_ = cur_;
        }
        Token const t = scan(cur_, documents_, true);
        if (documents_ && t.kind != Token::Kind::start) {
            capturing_ = false;
            oversize_ = false;
        }
        if (documents_ && t.kind == Token::Kind::start) return root_found(out, cur_, here, t);
        if ((t.kind == Token::Kind::text && t.blank) ||
            ((t.kind == Token::Kind::comment || t.kind == Token::Kind::pi) && t.complete)) {
            cur_ = t.end;
            continue;
        }
        if (documents_) {
            // Between documents of a sequence: one problem for what is not a document, then on
            // to the next one (a damaged record must not lose the records after it).
            if (t.kind == Token::Kind::text) {
                if (have(t.end + 2) && at(t.end) == '\xEF' && at(t.end + 1) == '\xBB' && at(t.end + 2) == '\xBF') {
                    cur_ = t.end;   // blanks, then the next document's byte-order mark
                    continue;
                }
                SourceLocation const spot = where(t.end);
                Token const rest = scan(t.end, false, false);
                cur_ = std::max(rest.end, t.end + 1);
                return problem_at(out, "CX-XML", spot, "text between documents, which is not a claim; skipped", "",
                                  false);
            }
            cur_ = std::max(t.end, cur_ + 1);
            if (t.kind == Token::Kind::doctype) {
                return problem_at(out, "CX-DOCTYPE", here,
                                  "a DOCTYPE, which covercheck refuses (entities are never expanded); skipped",
                                  "remove the <!DOCTYPE ...> declaration", false);
            }
            return problem_at(out, "CX-XML", here, "not well-formed XML between documents; skipped", "", false);
        }
        if (t.kind == Token::Kind::start) {
            return problem_at(out, "CX-XML", here,
                              "not well-formed XML: a second root element <" + t.name + "> (a document has exactly one)",
                              "put every claim inside one <claims> element", true);
        }
        SourceLocation const spot = t.kind == Token::Kind::text ? where(t.end) : here;
        return problem_at(out, "CX-XML", spot,
                          "not well-formed XML: content after the end of the root element <" + root_name_ + ">", "", true);
    }
}

}  // namespace covercheck::xml
