// Helpers for the batch-report tests: a strict JSON reader (RFC 8259, UTF-8 checked), a strict
// RFC 4180 CSV reader (CRLF records), and golden-file comparison.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace covercheck::testing {

// ---- JSON ----------------------------------------------------------------------------------

/// A parsed JSON value. Numbers keep their text; strings are decoded to UTF-8.
struct Json {
    enum class Type { null, boolean, number, string, array, object };
    Type type = Type::null;
    bool boolean = false;
    std::string text;                                   ///< a number's digits or a string's value
    std::vector<Json> items;                            ///< array
    std::vector<std::pair<std::string, Json>> members;  ///< object, in order

    bool has(std::string const& key) const {
        for (auto const& [k, v] : members) {
            if (k == key) return true;
        }
        return false;
    }
    /// The member `key`; a null value (and a test failure) when there is none.
    Json const& operator[](std::string const& key) const {
        for (auto const& [k, v] : members) {
            if (k == key) return v;
        }
        ADD_FAILURE() << "no member '" << key << "'";
        static Json const none;
        return none;
    }
    Json const& operator[](std::size_t i) const {
        if (i < items.size()) return items[i];
        ADD_FAILURE() << "no item " << i;
        static Json const none;
        return none;
    }
    bool is(Type t) const { return type == t; }
    std::int64_t integer() const { return type == Type::number ? std::stoll(text) : -999999; }
};

/// A strict RFC 8259 reader: rejects raw control characters and invalid UTF-8 in strings,
/// lone surrogate escapes, leading zeros, trailing commas, duplicate keys, trailing text.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : s_(text) {}

    std::optional<Json> parse() {
        Json v;
        space();
        if (!value(v)) return std::nullopt;
        space();
        if (i_ != s_.size()) return fail("text after the value");
        return v;
    }
    std::string const& error() const { return error_; }
    std::size_t position() const { return i_; }

private:
    std::nullopt_t fail(std::string what) {
        if (error_.empty()) error_ = what + " at byte " + std::to_string(i_);
        return std::nullopt;
    }
    bool failed(std::string what) {
        fail(std::move(what));
        return false;
    }
    bool at_end() const { return i_ >= s_.size(); }
    char peek() const { return at_end() ? '\0' : s_[i_]; }
    void space() {
        while (!at_end() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool literal(std::string_view word) {
        if (s_.substr(i_, word.size()) != word) return failed("bad literal");
        i_ += word.size();
        return true;
    }
    bool value(Json& v) {
        switch (peek()) {
        case '{': return object(v);
        case '[': return array(v);
        case '"': v.type = Json::Type::string; return string(v.text);
        case 't': v.type = Json::Type::boolean; v.boolean = true; return literal("true");
        case 'f': v.type = Json::Type::boolean; return literal("false");
        case 'n': v.type = Json::Type::null; return literal("null");
        default: v.type = Json::Type::number; return number(v.text);
        }
    }
    static bool digit(char c) { return c >= '0' && c <= '9'; }
    bool number(std::string& out) {
        std::size_t const start = i_;
        if (peek() == '-') ++i_;
        if (peek() == '0') {
            ++i_;
        } else if (digit(peek())) {
            while (digit(peek())) ++i_;
        } else {
            return failed("expected a value");
        }
        if (peek() == '.') {
            ++i_;
            if (!digit(peek())) return failed("expected a digit after '.'");
            while (digit(peek())) ++i_;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++i_;
            if (peek() == '+' || peek() == '-') ++i_;
            if (!digit(peek())) return failed("expected an exponent");
            while (digit(peek())) ++i_;
        }
        out = std::string(s_.substr(start, i_ - start));
        return true;
    }
    bool hex4(unsigned& out) {
        out = 0;
        for (int k = 0; k < 4; ++k) {
            char const c = peek();
            unsigned d = 0;
            if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
            else return failed("bad \\u escape");
            out = out * 16 + d;
            ++i_;
        }
        return true;
    }
    static void put_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    /// One raw UTF-8 sequence starting at a byte >= 0x80, checked against Unicode table 3-7.
    bool utf8(std::string& out) {
        auto b = [&](std::size_t k) { return i_ + k < s_.size() ? static_cast<unsigned char>(s_[i_ + k]) : 0U; };
        auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
        unsigned const b0 = b(0);
        std::size_t n = 0;
        if (in(b0, 0xC2, 0xDF)) n = in(b(1), 0x80, 0xBF) ? 2 : 0;
        else if (in(b0, 0xE0, 0xEF))
            n = in(b(1), b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF) && in(b(2), 0x80, 0xBF) ? 3 : 0;
        else if (in(b0, 0xF0, 0xF4))
            n = in(b(1), b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF) && in(b(2), 0x80, 0xBF) &&
                        in(b(3), 0x80, 0xBF)
                    ? 4
                    : 0;
        if (n == 0) return failed("invalid UTF-8");
        out.append(s_.substr(i_, n));
        i_ += n;
        return true;
    }
    bool string(std::string& out) {
        ++i_;  // the opening quote
        out.clear();
        while (true) {
            if (at_end()) return failed("unterminated string");
            auto const c = static_cast<unsigned char>(s_[i_]);
            if (c == '"') {
                ++i_;
                return true;
            }
            if (c < 0x20) return failed("raw control character in a string");
            if (c >= 0x80) {
                if (!utf8(out)) return false;
                continue;
            }
            if (c != '\\') {
                out += static_cast<char>(c);
                ++i_;
                continue;
            }
            ++i_;
            char const e = peek();
            ++i_;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(cp)) return false;
                if (cp >= 0xDC00 && cp <= 0xDFFF) return failed("lone low surrogate");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned low = 0;
                    if (s_.substr(i_, 2) != "\\u") return failed("lone high surrogate");
                    i_ += 2;
                    if (!hex4(low)) return false;
                    if (low < 0xDC00 || low > 0xDFFF) return failed("bad surrogate pair");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                }
                put_utf8(out, cp);
                break;
            }
            default: return failed("bad escape");
            }
        }
    }
    bool array(Json& v) {
        v.type = Json::Type::array;
        ++i_;
        space();
        if (peek() == ']') {
            ++i_;
            return true;
        }
        while (true) {
            Json item;
            space();
            if (!value(item)) return false;
            v.items.push_back(std::move(item));
            space();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == ']') {
                ++i_;
                return true;
            }
            return failed("expected ',' or ']'");
        }
    }
    bool object(Json& v) {
        v.type = Json::Type::object;
        ++i_;
        space();
        if (peek() == '}') {
            ++i_;
            return true;
        }
        while (true) {
            space();
            if (peek() != '"') return failed("expected a key");
            std::string key;
            if (!string(key)) return false;
            if (v.has(key)) return failed("duplicate key '" + key + "'");
            space();
            if (peek() != ':') return failed("expected ':'");
            ++i_;
            space();
            Json item;
            if (!value(item)) return false;
            v.members.emplace_back(std::move(key), std::move(item));
            space();
            if (peek() == ',') {
                ++i_;
                continue;
            }
            if (peek() == '}') {
                ++i_;
                return true;
            }
            return failed("expected ',' or '}'");
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
    std::string error_;
};

/// Parses `text` as one JSON value; a test failure (with the reason) when it is not valid.
inline Json parse_json(std::string const& text) {
    JsonReader reader(text);
    std::optional<Json> v = reader.parse();
    if (!v) {
        ADD_FAILURE() << "invalid JSON: " << reader.error() << "\n" << text;
        return Json{};
    }
    return *v;
}

// ---- CSV -----------------------------------------------------------------------------------

using CsvRow = std::vector<std::string>;

/// Reads RFC 4180 text strictly: every record ends in CRLF; a field is either plain (no comma,
/// quote, CR or LF) or quoted with "" for a quote. A test failure on anything else.
inline std::vector<CsvRow> parse_csv(std::string const& text) {
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    std::size_t i = 0;
    auto fail = [&](char const* what) {
        ADD_FAILURE() << "bad CSV at byte " << i << ": " << what;
        return rows;
    };
    while (i < text.size()) {
        if (text[i] == '"') {
            ++i;
            while (true) {
                if (i >= text.size()) return fail("unterminated quoted field");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != ',' && text[i] != '\r') {
                if (text[i] == '"' || text[i] == '\n') return fail("quote or LF in a plain field");
                field += text[i++];
            }
        }
        if (i >= text.size()) return fail("record without CRLF");
        if (text[i] == ',') {
            row.push_back(std::move(field));
            field.clear();
            ++i;
            continue;
        }
        if (text.compare(i, 2, "\r\n") != 0) return fail("expected CRLF");
        row.push_back(std::move(field));
        field.clear();
        rows.push_back(std::move(row));
        row.clear();
        i += 2;
    }
    return rows;
}

// ---- golden files --------------------------------------------------------------------------

/// Compares `actual` with tests/report/golden/<name>; COVERCHECK_UPDATE_GOLDEN=1 rewrites it
/// instead (read the diff before committing).
inline void expect_golden(std::string const& name, std::string const& actual) {
    std::string const path = std::string(COVERCHECK_SOURCE_DIR) + "/tests/report/golden/" + name;
    if (std::getenv("COVERCHECK_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << path << " is missing (COVERCHECK_UPDATE_GOLDEN=1 writes it)";
    std::string const expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(expected, actual) << "differs from " << path;
}

}  // namespace covercheck::testing
