#include "covercheck/codes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace covercheck {
namespace {

// Each code system's shapes as patterns, one character per character of the code:
// D a digit, L an upper-case letter, A an upper-case letter or digit, S a CPT suffix letter
// (F Category II, M MAAA, T Category III, U PLA), anything else itself.
constexpr std::array<std::string_view, 3> procedure_shapes{"DDDDD", "DDDDS", "LDDDD"};
constexpr std::array<std::string_view, 5> diagnosis_shapes{"LDA", "LDA.A", "LDA.AA", "LDA.AAA", "LDA.AAAA"};
constexpr std::array<std::string_view, 8> rxnorm_shapes{"D",     "DD",     "DDD",     "DDDD",
                                                        "DDDDD", "DDDDDD", "DDDDDDD", "DDDDDDDD"};
// 5-4-2 with hyphens is the 11-digit HIPAA form as labels print it (00591-3672-01).
constexpr std::array<std::string_view, 5> ndc_shapes{"DDDD-DDDD-DD", "DDDDD-DDD-DD", "DDDDD-DDDD-D", "DDDDD-DDDD-DD",
                                                     "DDDDDDDDDDD"};
constexpr std::array<std::string_view, 1> modifier_shapes{"AA"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool fits(char pattern, char c) {
    switch (pattern) {
    case 'D': return is_digit(c);
    case 'L': return is_upper(c);
    case 'A': return is_digit(c) || is_upper(c);
    case 'S': return c == 'F' || c == 'M' || c == 'T' || c == 'U';
    default: return pattern == c;
    }
}

/// `text` fits the first text.size() characters of `shape` (all of it when `whole`).
bool fits_shape(std::string_view shape, std::string_view text, bool whole) {
    if (text.size() > shape.size() || (whole && text.size() != shape.size())) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!fits(shape[i], text[i])) return false;
    }
    return true;
}

template <std::size_t N>
bool fits_any(std::array<std::string_view, N> const& shapes, std::string_view text, bool whole) {
    return std::any_of(shapes.begin(), shapes.end(), [&](std::string_view s) { return fits_shape(s, text, whole); });
}

bool fits_kind(CodeKind kind, std::string_view text, bool whole) {
    switch (kind) {
    case CodeKind::procedure: return fits_any(procedure_shapes, text, whole);
    case CodeKind::diagnosis: return fits_any(diagnosis_shapes, text, whole);
    case CodeKind::rxnorm: return fits_any(rxnorm_shapes, text, whole);
    case CodeKind::ndc: return fits_any(ndc_shapes, text, whole);
    case CodeKind::modifier: return fits_any(modifier_shapes, text, whole);
    }
    return false;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');   // codes are ASCII
    }
    return out;
}

/// match_key(kind, code) == key, for any kind but NDC, without building the key.
bool same_key(CodeKind kind, std::string_view code, std::string_view key) {
    std::size_t k = 0;
    for (char c : code) {
        if (c == '.' && kind == CodeKind::diagnosis) continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (k == key.size() || key[k] != c) return false;
        ++k;
    }
    return k == key.size();
}

/// An NDC's 11 digits (5-4-2) from any of its printed shapes, or nothing.
std::optional<std::string> ndc_digits(std::string_view code) {
    std::string_view const parts[] = {"DDDD-DDDD-DD", "DDDDD-DDD-DD", "DDDDD-DDDD-D", "DDDDD-DDDD-DD"};
    if (fits_shape("DDDDDDDDDDD", code, true)) return std::string(code);
    for (std::string_view shape : parts) {
        if (!fits_shape(shape, code, true)) continue;
        std::size_t const first_dash = code.find('-');
        std::size_t const second_dash = code.find('-', first_dash + 1);
        std::string const labeler(code.substr(0, first_dash));
        std::string const product(code.substr(first_dash + 1, second_dash - first_dash - 1));
        std::string const package(code.substr(second_dash + 1));
        // The 11-digit form pads the short segment with a leading zero.
        return std::string(5 - labeler.size(), '0') + labeler + std::string(4 - product.size(), '0') + product +
               std::string(2 - package.size(), '0') + package;
    }
    return std::nullopt;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// The retired-code table. Sources: CMS ICD-10-CM code files. M54.5 (low back pain) was deleted
// in the FY2022 update, effective 2021-10-01, and expanded to M54.50/M54.51/M54.59. G35
// (multiple sclerosis) is not billable from the FY2026 update, effective 2025-10-01, and is
// expanded to G35.A-G35.D by type of MS.
struct retired_row {
    CodeKind kind;
    std::string_view code;
    int year;
    int month;
    int day;
    std::string_view replacement;
    std::string_view description;
};

constexpr retired_row retired_rows[] = {
    {CodeKind::diagnosis, "M54.5", 2021, 10, 1, "M54.50, M54.51 or M54.59", "low back pain"},
    {CodeKind::diagnosis, "G35", 2025, 10, 1, "a code from G35.A-G35.D (by type of multiple sclerosis)",
     "multiple sclerosis"},
};

}  // namespace

bool is_valid_code(CodeKind kind, std::string_view code) { return fits_kind(kind, code, true); }

bool is_valid_prefix(CodeKind kind, std::string_view prefix) {
    return !prefix.empty() && fits_kind(kind, prefix, false);
}

char const* code_shape(CodeKind kind) {
    switch (kind) {
    case CodeKind::procedure:
        return "5 digits (97110), 4 digits and F, M, T or U (0275T) or a letter and 4 digits (J3490)";
    case CodeKind::diagnosis:
        return "a letter, a digit, a letter or digit, then optionally '.' and 1-4 letters or digits (M54.50)";
    case CodeKind::rxnorm: return "1 to 8 digits (25480)";
    case CodeKind::ndc:
        return "4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits with hyphens (00591-3672-01), or 11 digits";
    case CodeKind::modifier: return "two letters or digits (KX, 59)";
    }
    return "";
}

std::string match_key(CodeKind kind, std::string_view code) {
    std::string key = upper(code);
    if (kind == CodeKind::diagnosis) {
        key.erase(std::remove(key.begin(), key.end(), '.'), key.end());
    } else if (kind == CodeKind::ndc) {
        if (auto digits = ndc_digits(key)) key = std::move(*digits);
    }
    return key;
}

bool item_matches(CodeKind kind, CodeItem const& item, std::string_view code) {
    std::string const key = match_key(kind, code);
    switch (item.form) {
    case CodeItem::Form::exact: return key == match_key(kind, item.first);
    case CodeItem::Form::range: {
        std::string const low = match_key(kind, item.first);
        std::string const high = match_key(kind, item.last);
        return key.size() == low.size() && low <= key && key <= high;
    }
    case CodeItem::Form::prefix: {
        if (kind != CodeKind::ndc) return starts_with(key, match_key(kind, item.first));
        // A partial NDC cannot be padded to 11 digits, so compare it with the code as written
        // and with the code's 5-4-2 form.
        std::string const prefix = upper(item.first);
        if (starts_with(upper(code), prefix) || starts_with(key, prefix)) return true;
        if (key.size() != 11) return false;
        return starts_with(key.substr(0, 5) + "-" + key.substr(5, 4) + "-" + key.substr(9), prefix);
    }
    case CodeItem::Form::reference: return false;
    }
    return false;
}

std::vector<RetiredCode> const& retired_codes() {
    static std::vector<RetiredCode> const table = [] {
        std::vector<RetiredCode> rows;
        for (retired_row const& r : retired_rows) {
            // INVARIANT: every date in retired_rows exists, so value() cannot throw.
            rows.push_back(RetiredCode{r.kind, r.code, Date::from_ymd(r.year, r.month, r.day).value(), r.replacement,
                                       r.description});
        }
        return rows;
    }();
    return table;
}

std::optional<RetiredCode> find_retired(CodeKind kind, std::string_view code) {
    // The table's keys, computed once (this runs for every code of every claim line).
    static std::vector<std::string> const keys = [] {
        std::vector<std::string> out;
        for (RetiredCode const& r : retired_codes()) out.push_back(match_key(r.kind, r.code));
        return out;
    }();
    std::vector<RetiredCode> const& table = retired_codes();
    if (kind == CodeKind::ndc) {
        std::string const key = match_key(kind, code);
        for (std::size_t i = 0; i < table.size(); ++i) {
            if (table[i].kind == kind && keys[i] == key) return table[i];
        }
        return std::nullopt;
    }
    // Other kinds compare as match_key does, without building the key: letters in upper case,
    // and a diagnosis's dots left out.
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table[i].kind == kind && same_key(kind, code, keys[i])) return table[i];
    }
    return std::nullopt;
}

}  // namespace covercheck
