#include "covercheck/diagnostic.hpp"

#include "covercheck/utf8.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string_view>

namespace covercheck {

namespace {

// The text of line `line` (from 1) of `source` without its line end ("\n" or "\r\n"), or
// nothing when the source has fewer lines or is "" (the header's "source unavailable").
std::optional<std::string_view> line_of(std::string const& source, int line) {
    if (line < 1 || source.empty()) return std::nullopt;
    std::string_view rest = source;
    for (int i = 1; i < line; ++i) {
        std::size_t const end = rest.find('\n');
        if (end == std::string_view::npos) return std::nullopt;
        rest.remove_prefix(end + 1);
    }
    // A final newline ends the last line; it does not start an empty one after it.
    if (rest.empty() && line > 1) return std::nullopt;
    std::size_t const end = rest.find('\n');
    std::string_view text = rest.substr(0, end);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Blanks under the first `column - 1` code points of `text`: a tab stays a tab so the caret
// lands where the terminal drew the character; past the line's end it pads with spaces.
std::string caret_padding(std::string_view text, int column) {
    std::string out;
    int seen = 0;
    for (char const c : text) {
        if (is_continuation_byte(c)) continue;
        if (seen == column - 1) return out;
        out += c == '\t' ? '\t' : ' ';
        ++seen;
    }
    if (seen < column - 1) out.append(static_cast<std::size_t>(column - 1 - seen), ' ');
    return out;
}

void append_hex4(std::string& out, unsigned value) {
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += digits[(value >> static_cast<unsigned>(shift)) & 0xFu];
}

}  // namespace

std::string to_string(SourceLocation const& where) {
    if (where.line <= 0) return where.file;
    std::string out = where.file + ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
    return out;
}

char const* to_string(Severity severity) {
    switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
    }
    return "error";
}

bool has_errors(std::vector<Diagnostic> const& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](Diagnostic const& d) { return d.severity == Severity::error; });
}

std::string render_text(Diagnostic const& diagnostic, std::string const& source) {
    std::string out = to_string(diagnostic.where);
    out += ": ";
    out += to_string(diagnostic.severity);
    if (!diagnostic.code.empty()) {
        out += ' ';
        out += diagnostic.code;
    }
    out += ": ";
    out += diagnostic.message;
    out += '\n';
    if (std::optional<std::string_view> const line = line_of(source, diagnostic.where.line)) {
        out += "    ";
        out += *line;
        out += '\n';
        if (diagnostic.where.column > 0) {
            out += "    ";
            out += caret_padding(*line, diagnostic.where.column);
            out += "^\n";
        }
    }
    if (!diagnostic.hint.empty()) {
        out += "  hint: ";
        out += diagnostic.hint;
        out += '\n';
    }
    return out;
}

std::string render_json(Diagnostic const& diagnostic) {
    std::string out = "{\"severity\":";
    out += json_quote(to_string(diagnostic.severity));
    out += ",\"code\":" + json_quote(diagnostic.code);
    out += ",\"file\":" + json_quote(diagnostic.where.file);
    out += ",\"line\":" + std::to_string(diagnostic.where.line);
    out += ",\"column\":" + std::to_string(diagnostic.where.column);
    out += ",\"message\":" + json_quote(diagnostic.message);
    out += ",\"hint\":" + json_quote(diagnostic.hint);
    out += '}';
    return out;
}

std::string json_quote(std::string const& text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        char const c = text[i];
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x80) {
                // UTF-8 passes through; a byte that is not part of well-formed UTF-8 (a rules
                // file saved as Latin-1) becomes U+FFFD so the output stays valid JSON.
                std::size_t const length = utf8_sequence_length(text, i);
                if (length == 0) {
                    append_hex4(out, 0xFFFD);
                    ++i;
                } else {
                    out.append(text, i, length);
                    i += length;
                }
                continue;
            }
            // DEL is legal JSON but escaped so the output stays printable.
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
                append_hex4(out, static_cast<unsigned char>(c));
            } else {
                out += c;
            }
        }
        ++i;
    }
    out += '"';
    return out;
}

}  // namespace covercheck
