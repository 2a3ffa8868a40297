// Shared XML reading: parsing without DTDs, locations, typed attributes, capped diagnostics.

#include "xml/xml_support.hpp"

#include "core/edit_distance.hpp"

#include <algorithm>
#include <array>
#include <unordered_set>
#include <tuple>
#include <utility>

namespace covercheck::xml {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string hex_byte(unsigned char byte) {
    char const* digits = "0123456789ABCDEF";
    return std::string("0x") + digits[byte >> 4U] + digits[byte & 0x0FU];
}

/// The length of the valid UTF-8 sequence at text[i], or 0 if it is not one (overlong forms,
/// surrogates and values above U+10FFFF are not valid).
std::size_t utf8_length(std::string_view text, std::size_t i) {
    auto const byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char const b0 = byte(i);
    if (b0 < 0x80U) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80U;
    unsigned char high = 0xBFU;
    if (b0 >= 0xC2U && b0 <= 0xDFU) {
        length = 2;
    } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
        length = 3;
        if (b0 == 0xE0U) low = 0xA0U;
        if (b0 == 0xEDU) high = 0x9FU;
    } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
        length = 4;
        if (b0 == 0xF0U) low = 0x90U;
        if (b0 == 0xF4U) high = 0x8FU;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if (!is_continuation(text[i + k])) return 0;
    }
    return length;
}

/// Checks that `text` is UTF-8 with no control characters XML forbids; reports the first bad byte.
bool check_encoding(std::string_view text, LineIndex const& lines, Sink& sink) {
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
        sink.error("CX-XML", lines.at(0), "the file is UTF-16 text; covercheck reads UTF-8",
                   "save the file as UTF-8");
        return false;
    }
    for (std::size_t i = 0; i < text.size();) {
        unsigned char const b = static_cast<unsigned char>(text[i]);
        if (b < 0x20U && b != '\t' && b != '\n' && b != '\r') {
            std::string hint = b == 0 ? "a file full of NUL bytes is often UTF-16: save it as UTF-8"
                                      : "remove the control character";
            sink.error("CX-XML", lines.at(static_cast<std::ptrdiff_t>(i)),
                       "the control character " + hex_byte(b) + " is not allowed in XML", std::move(hint));
            return false;
        }
        std::size_t const length = utf8_length(text, i);
        if (length == 0) {
            sink.error("CX-XML", lines.at(static_cast<std::ptrdiff_t>(i)),
                       "the text is not valid UTF-8 (byte " + hex_byte(b) + ")",
                       "save the file as UTF-8 (it may be Latin-1 or Windows-1252)");
            return false;
        }
        i += length;
    }
    return true;
}

std::string plain_words(pugi::xml_parse_status status, bool at_end) {
    if (at_end) return "the document ends before all its elements are closed (is the file cut short?)";
    switch (status) {
    case pugi::status_unrecognized_tag: return "a '<' that does not start an element, a comment or a declaration";
    case pugi::status_bad_pi: return "a malformed XML declaration or processing instruction (<?...?>)";
    case pugi::status_bad_comment: return "a malformed comment (comments look like <!-- ... -->)";
    case pugi::status_bad_cdata: return "a malformed CDATA section";
    case pugi::status_bad_doctype: return "a malformed or misplaced DOCTYPE";
    case pugi::status_bad_pcdata: return "malformed text between elements";
    case pugi::status_bad_start_element: return "a malformed start tag (check the element name and its closing '>')";
    case pugi::status_bad_attribute: return "a malformed attribute (attributes look like name=\"value\")";
    case pugi::status_bad_end_element: return "a malformed end tag (end tags look like </name>)";
    case pugi::status_end_element_mismatch: return "an end tag that does not match the element it closes";
    case pugi::status_no_document_element: return "no element at all (a treatment plan is one <treatment-plan> element)";
    default: return "text that is not well-formed XML";
    }
}

}  // namespace

// ---- LineIndex ----------------------------------------------------------------------------

LineIndex::LineIndex(std::string_view text, std::string path, int base_line, int base_column)
    : text_(text), path_(std::move(path)), base_line_(base_line), base_column_(base_column) {
    line_starts_.push_back(text.substr(0, 3) == utf8_bom ? 3 : 0);
    continuation_prefix_.reserve(text.size() / block + 1);
    std::size_t continuations = 0;
    for (std::size_t from = 0; from < text.size(); from += block) {
        continuation_prefix_.push_back(continuations);
        std::size_t const to = std::min(text.size(), from + block);
        std::size_t in_block = 0;
        for (std::size_t i = from; i < to; ++i) in_block += is_continuation(text[i]) ? 1U : 0U;   // branch-free, vectorized
        continuations += in_block;
    }
    continuation_prefix_.push_back(continuations);
    for (std::size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
        line_starts_.push_back(i + 1);
    }
}

std::size_t LineIndex::continuation_bytes_before(std::size_t offset) const {
    std::size_t const b = offset / block;
    std::size_t count = continuation_prefix_[b];
    // Nothing to scan at the very end, or in a block with no multi-byte character.
    if (b + 1 >= continuation_prefix_.size() || continuation_prefix_[b + 1] == count) return count;
    for (std::size_t i = b * block; i < offset; ++i) {
        if (is_continuation(text_[i])) ++count;
    }
    return count;
}

SourceLocation LineIndex::at(std::ptrdiff_t offset) const {
    if (offset < 0) return file();
    std::size_t const at = std::min(static_cast<std::size_t>(offset), text_.size());
    auto const next = std::upper_bound(line_starts_.begin(), line_starts_.end(), at);
    std::size_t const line = next == line_starts_.begin() ? 1 : static_cast<std::size_t>(next - line_starts_.begin());
    std::size_t const start = std::min(line_starts_[line - 1], at);
    std::size_t const code_points = (at - start) - (continuation_bytes_before(at) - continuation_bytes_before(start));
    // A fragment's first line continues a line of the file that holds it.
    int const column_base = line == 1 ? base_column_ : 1;
    return SourceLocation{path_, base_line_ + static_cast<int>(line) - 1, column_base + static_cast<int>(code_points)};
}

// ---- Sink ---------------------------------------------------------------------------------

void Sink::add(Diagnostic diagnostic) {
    if (out_.size() < limit_) {
        out_.push_back(std::move(diagnostic));
        return;
    }
    if (diagnostic.severity == Severity::error) {
        if (dropped_errors_++ == 0) first_dropped_error_ = std::move(diagnostic);
    } else {
        if (dropped_warnings_++ == 0) first_dropped_warning_ = std::move(diagnostic);
    }
}

void Sink::error(std::string code, SourceLocation where, std::string message, std::string hint) {
    add({Severity::error, std::move(code), std::move(where), std::move(message), std::move(hint)});
}

void Sink::warning(std::string code, SourceLocation where, std::string message, std::string hint) {
    add({Severity::warning, std::move(code), std::move(where), std::move(message), std::move(hint)});
}

void Sink::finish() {
    std::stable_sort(out_.begin(), out_.end(), [](Diagnostic const& a, Diagnostic const& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    std::size_t const dropped = dropped_errors_ + dropped_warnings_;
    if (dropped == 0) return;
    Diagnostic summary = dropped_errors_ > 0 ? first_dropped_error_ : first_dropped_warning_;
    summary.message = "and " + std::to_string(dropped) + " more problems (" + std::to_string(dropped_errors_) +
                      " errors, " + std::to_string(dropped_warnings_) + " warnings) not listed; the first: " +
                      summary.message;
    out_.push_back(std::move(summary));
    dropped_errors_ = 0;
    dropped_warnings_ = 0;
}

// ---- parse --------------------------------------------------------------------------------

bool parse(std::string_view text, LineIndex const& lines, Document& out, Sink& sink) {
    std::string_view const body = text.substr(0, 3) == utf8_bom ? text.substr(3) : text;
    if (trim(body).empty()) {
        sink.error("CX-EMPTY", lines.at(0), "the document is empty", "a treatment plan is one <treatment-plan> element");
        return false;
    }
    if (!check_encoding(text, lines, sink)) return false;

    out.buffer.assign(text.data(), text.size());
    // parse_doctype keeps a DOCTYPE as a node so that it can be refused below. pugixml never
    // expands entities other than the five XML escapes and character references (&#...;): an
    // entity declared in a DTD stays literal text, so nothing here can grow or reach a file.
    unsigned const options = pugi::parse_default | pugi::parse_doctype;
    pugi::xml_parse_result const result =
        out.doc.load_buffer_inplace(out.buffer.data(), out.buffer.size(), options, pugi::encoding_utf8);
    if (!result) {
        // A document cut short fails at (or just before) its last character, or leaves a tag
        // that never closes.
        std::size_t const last = text.find_last_not_of(" \t\r\n");
        std::size_t const offset = result.offset < 0 ? 0 : static_cast<std::size_t>(result.offset);
        bool const no_element = result.status == pugi::status_no_document_element;
        bool const at_end = !no_element && (offset >= last || text.find('>', offset) == std::string_view::npos);
        // With no element at all, point at the first thing that is there instead.
        std::size_t const first = text.find_first_not_of(" \t\r\n", text.size() - body.size());
        std::ptrdiff_t const where = no_element ? static_cast<std::ptrdiff_t>(first) : result.offset;
        sink.error("CX-XML", lines.at(where), "not well-formed XML: " + plain_words(result.status, at_end));
        return false;
    }
    bool ok = true;
    bool seen_root = false;
    for (pugi::xml_node node : out.doc.children()) {
        if (node.type() == pugi::node_doctype) {
            std::ptrdiff_t const value = node.offset_debug();
            std::size_t const start = value < 0 ? std::string_view::npos : text.rfind("<!", static_cast<std::size_t>(value));
            sink.error("CX-DOCTYPE", lines.at(start == std::string_view::npos ? value : static_cast<std::ptrdiff_t>(start)),
                       "a DOCTYPE is not allowed: covercheck never reads DTDs or expands their entities",
                       "remove the <!DOCTYPE ...> declaration");
            ok = false;
        } else if (node.type() == pugi::node_element) {
            if (seen_root) {
                sink.error("CX-XML", lines.at(node.offset_debug() - 1),
                           "not well-formed XML: a second root element <" + std::string(node.name()) +
                               "> (a document has exactly one)");
                ok = false;
            }
            seen_root = true;
        }
    }
    // Nesting: no format covercheck reads goes deeper than a dozen elements (a FHIR Bundle's
    // entry/resource/Claim/item/detail/subDetail/...). A document nested past max_depth is
    // refused where it crosses the line, without recursion.
    int depth = 0;
    for (pugi::xml_node node = out.doc.first_child(); node;) {
        if (node.type() == pugi::node_element && depth + 1 > max_depth) {
            sink.error("CX-TOO-DEEP", lines.at(node.offset_debug() - 1),
                       "elements are nested more than " + std::to_string(max_depth) + " deep",
                       "check the export: claims and treatment plans nest a dozen elements at most");
            return false;
        }
        if (node.type() == pugi::node_element && node.first_child()) {
            node = node.first_child();
            ++depth;
            continue;
        }
        while (node && !node.next_sibling()) {
            node = node.parent();
            --depth;
            if (node == out.doc) node = pugi::xml_node();
        }
        if (node) node = node.next_sibling();
    }
    return ok;
}

// ---- Reader -------------------------------------------------------------------------------

std::ptrdiff_t Reader::offset_of(char const* pointer) const {
    char const* begin = document_.buffer.data();
    char const* end = begin + document_.buffer.size();
    if (pointer < begin || pointer >= end) return -1;
    return pointer - begin;
}

SourceLocation Reader::where(pugi::xml_node node) const {
    std::ptrdiff_t const name = node.offset_debug();   // the element's name, just after its '<'
    return lines_.at(name > 0 ? name - 1 : name);
}

SourceLocation Reader::where(pugi::xml_node node, pugi::xml_attribute attribute) const {
    std::ptrdiff_t const offset = attribute ? offset_of(attribute.name()) : -1;
    return offset >= 0 ? lines_.at(offset) : where(node);
}

void Reader::attributes(pugi::xml_node node, std::vector<char const*> const& known) {
    // Names seen so far: a few in a small array (an element has a handful of attributes), any
    // more in a hash set, so a document with 100,000 attributes on one element stays linear.
    constexpr std::size_t few = 16;
    std::array<std::string_view, few> first{};
    std::size_t count = 0;
    std::unordered_set<std::string_view> more;
    auto seen_before = [&](std::string_view name) {
        auto const first_end = first.begin() + static_cast<std::ptrdiff_t>(std::min(count, few));
        if (std::find(first.begin(), first_end, name) != first_end) return true;
        if (count > few && more.count(name) != 0) return true;
        if (count < few) first[count] = name;
        else more.insert(name);
        ++count;
        return false;
    };
    for (pugi::xml_attribute a : node.attributes()) {
        std::string_view const name = a.name();
        if (seen_before(name)) {
            sink_.error("CX-XML", where(node, a),
                        "not well-formed XML: the attribute '" + std::string(name) + "' appears twice in <" +
                            node.name() + ">");
            continue;
        }
        bool const listed = std::any_of(known.begin(), known.end(), [&](char const* k) { return name == k; });
        if (listed) continue;
        std::string const guess = closest(name, known);
        sink_.warning("CX-UNKNOWN", where(node, a),
                      "<" + std::string(node.name()) + "> has no attribute " + quoted(name) + "; it is ignored",
                      guess.empty() ? "the attributes of <" + std::string(node.name()) + "> are listed in samples/README.md"
                                    : "did you mean '" + guess + "'?");
    }
}

void Reader::content(pugi::xml_node node, bool children_checked) {
    bool text_reported = false;
    for (pugi::xml_node child : node.children()) {
        pugi::xml_node_type const type = child.type();
        if ((type == pugi::node_pcdata || type == pugi::node_cdata) && !text_reported) {
            std::ptrdiff_t offset = child.offset_debug();
            std::string_view const source = lines_.text();
            while (offset >= 0 && static_cast<std::size_t>(offset) < source.size() &&
                   is_space(source[static_cast<std::size_t>(offset)])) {
                ++offset;
            }
            sink_.warning("CX-UNKNOWN", lines_.at(offset),
                          "text inside <" + std::string(node.name()) + "> is ignored",
                          "values go in attributes, e.g. <diagnosis code=\"G62.0\"/>");
            text_reported = true;
        } else if (type == pugi::node_element && !children_checked) {
            unknown_element(child, {});
        }
    }
}

void Reader::unknown_element(pugi::xml_node node, std::vector<char const*> const& known) {
    std::string const guess = closest(node.name(), known);
    sink_.warning("CX-UNKNOWN", where(node),
                  "<" + std::string(node.parent().name()) + "> has no element <" + node.name() + ">; it is ignored",
                  guess.empty() ? elements_hint_ : "did you mean <" + guess + ">?");
}

std::optional<std::string> Reader::text(pugi::xml_node node, char const* name, bool required) {
    pugi::xml_attribute const a = node.attribute(name);
    std::string_view const value = trim(a.value());
    if (value.empty()) {
        if (required) {
            if (a) {
                sink_.error("CX-MISSING", where(node, a),
                            "the attribute '" + std::string(name) + "' of <" + node.name() + "> is empty");
            } else {
                sink_.error("CX-MISSING", where(node),
                            "<" + std::string(node.name()) + "> needs the attribute '" + name + "'");
            }
        }
        return std::nullopt;
    }
    return std::string(value);
}

std::optional<Date> Reader::date(pugi::xml_node node, char const* name, bool required, bool quote) {
    std::optional<std::string> const value = text(node, name, required);
    if (!value) return std::nullopt;
    std::optional<Date> const d = Date::parse(*value);
    if (!d) {
        sink_.error("CX-BAD-DATE", where(node, node.attribute(name)),
                    "expected a date like 2026-03-01 in attribute '" + std::string(name) + "'" +
                        (quote ? ", found " + quoted(*value) : std::string()),
                    "write dates as year-month-day, e.g. 2026-03-01");
    }
    return d;
}

std::optional<Money> Reader::money(pugi::xml_node node, char const* name, bool required) {
    std::optional<std::string> const value = text(node, name, required);
    if (!value) return std::nullopt;
    std::optional<Money> const m = parse_money(*value);
    if (!m) {
        sink_.error("CX-BAD-MONEY", where(node, node.attribute(name)),
                    "expected a dollar amount like $1,250.00 in attribute '" + std::string(name) + "', found " +
                        quoted(*value));
    }
    return m;
}

std::optional<std::int64_t> Reader::number(pugi::xml_node node, char const* name, bool required, std::int64_t low,
                                           std::int64_t high) {
    std::optional<std::string> const value = text(node, name, required);
    if (!value) return std::nullopt;
    std::string_view digits = *value;
    bool const negative = !digits.empty() && digits.front() == '-';
    if (negative) digits.remove_prefix(1);
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        sink_.error("CX-BAD-NUMBER", where(node, node.attribute(name)),
                    "expected a whole number in attribute '" + std::string(name) + "', found " + quoted(*value));
        return std::nullopt;
    }
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    bool in_range = digits.size() <= 18;
    std::int64_t n = 0;
    if (in_range) {
        for (char c : digits) n = n * 10 + (c - '0');
        if (negative) n = -n;
        in_range = n >= low && n <= high;
    }
    if (!in_range) {
        sink_.error("CX-BAD-VALUE", where(node, node.attribute(name)),
                    "attribute '" + std::string(name) + "' must be from " + std::to_string(low) + " to " +
                        std::to_string(high) + ", found " + quoted(*value));
        return std::nullopt;
    }
    return n;
}

std::vector<std::string> Reader::list(pugi::xml_node node, char const* name) {
    std::vector<std::string> items;
    std::string_view const value = node.attribute(name).value();
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i == value.size() || value[i] == ',' || is_space(value[i])) {
            if (i > start) items.emplace_back(value.substr(start, i - start));
            start = i + 1;
        }
    }
    return items;
}

// ---- helpers ------------------------------------------------------------------------------

std::string quoted(std::string_view value) {
    constexpr std::size_t max_code_points = 40;
    std::string out = "'";
    std::size_t code_points = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char const c = value[i];
        if (!is_continuation(c) && ++code_points > max_code_points) {
            out += "...";
            break;
        }
        out += static_cast<unsigned char>(c) < 0x20U ? ' ' : c;
    }
    return out + "'";
}

std::string closest(std::string_view name, std::vector<char const*> const& known) {
    constexpr std::size_t max_length = 40;
    if (name.size() > max_length) return "";
    std::string best;
    std::size_t best_distance = 3;
    std::string const lowered = lower(name);
    for (char const* k : known) {
        std::string_view const candidate = k;
        std::size_t const distance = edit_distance(lowered, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace covercheck::xml
