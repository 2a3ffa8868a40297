// Fee schedule rates from a CSV file (`rates "fees/acme-ppo-2026.csv"` in a fee schedule).

#include "covercheck/load.hpp"
#include "covercheck/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace covercheck {
namespace {

/// One field of a row, with the column (in code points, 1-based) it starts at.
struct Field {
    std::string text;
    int column = 1;
};

std::string trimmed(std::string const& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    return s.substr(b, e - b);
}

std::string lower_case(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// Splits the CSV text into rows of fields (RFC 4180: commas, double-quoted fields with "" for
/// a quote; a quoted field may not span lines here, as no rate needs one). Reports an unclosed
/// quote and returns the rows read so far.
class csv_reader {
public:
    csv_reader(std::string_view text, std::string const& path, std::vector<Diagnostic>& diagnostics)
        : text_(text), path_(path), diagnostics_(diagnostics) {}

    /// The next row that is not blank, or nothing at the end; `line` gets its line number.
    std::optional<std::vector<Field>> next(int& line) {
        while (pos_ < text_.size()) {
            ++line_;
            std::size_t end = text_.find('\n', pos_);
            if (end == std::string_view::npos) end = text_.size();
            std::string_view row = text_.substr(pos_, end - pos_);
            pos_ = end + 1;
            if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
            if (trimmed(std::string(row)).empty()) continue;
            line = line_;
            return split(row);
        }
        return std::nullopt;
    }

private:
    std::vector<Field> split(std::string_view row) {
        std::vector<Field> fields;
        Field current;
        int column = 1;
        bool quoted = false;
        bool was_quoted = false;
        for (std::size_t i = 0; i < row.size(); ++i) {
            char const c = row[i];
            bool const starts_char = (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
            if (quoted) {
                if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
                    current.text += '"';
                    ++i;
                    ++column;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.text += c;
                }
            } else if (c == ',') {
                fields.push_back(finish(current, was_quoted));
                current = Field{};
                current.column = column + 1;
                was_quoted = false;
            } else if (c == '"' && trimmed(current.text).empty()) {
                quoted = true;
                was_quoted = true;
                current.text.clear();
            } else {
                current.text += c;
            }
            if (starts_char) ++column;
        }
        broken_ = quoted;
        if (quoted) {
            diagnostics_.push_back(Diagnostic{Severity::error, "CC-BAD-CSV", SourceLocation{path_, line_, current.column},
                                              "this quoted field has no closing quote on its line",
                                              "close the field with \" (write \"\" for a quote inside it)"});
        }
        fields.push_back(finish(current, was_quoted));
        return fields;
    }

    static Field finish(Field f, bool was_quoted) {
        if (!was_quoted) f.text = trimmed(f.text);
        return f;
    }

    std::string_view text_;
    std::string const& path_;
    std::vector<Diagnostic>& diagnostics_;
    std::size_t pos_ = 0;
    int line_ = 0;
    bool broken_ = false;

public:
    /// The row last returned was reported broken (an unclosed quote): it is not used.
    bool broken() const { return broken_; }
};

}  // namespace

std::vector<FeeRate> read_fee_rates(std::string_view text, std::string const& path, std::vector<Diagnostic>& diagnostics) {
    std::vector<FeeRate> rates;
    auto error = [&](int line, int column, char const* code, std::string message, std::string hint) {
        diagnostics.push_back(Diagnostic{Severity::error, code, SourceLocation{path, line, column}, std::move(message),
                                         std::move(hint)});
    };
    if (std::optional<std::size_t> bad = first_invalid_utf8(text)) {
        int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(*bad), '\n'));
        error(line, 1, "CC-ENCODING", "the rates file is not UTF-8", "save it as UTF-8 (or plain ASCII) CSV");
        return rates;
    }
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);

    csv_reader reader(text, path, diagnostics);
    int line = 0;
    std::optional<std::vector<Field>> header = reader.next(line);
    if (!header) {
        error(1, 1, "CC-BAD-CSV", "the rates file is empty", "start it with the header row code,modifier,rate,from,to");
        return rates;
    }
    // Columns by name; code and rate are required, modifier, from and to optional.
    constexpr std::array<char const*, 5> names = {"code", "modifier", "rate", "from", "to"};
    std::array<int, 5> column_of{-1, -1, -1, -1, -1};
    for (std::size_t i = 0; i < header->size(); ++i) {
        std::string const name = lower_case((*header)[i].text);
        auto const it = std::find_if(names.begin(), names.end(), [&](char const* n) { return name == n; });
        if (it == names.end()) {
            error(line, (*header)[i].column, "CC-BAD-CSV", "unknown column '" + (*header)[i].text + "'",
                  "the columns are code, modifier, rate, from and to");
            return rates;
        }
        column_of[static_cast<std::size_t>(it - names.begin())] = static_cast<int>(i);
    }
    if (column_of[0] < 0 || column_of[2] < 0) {
        error(line, 1, "CC-BAD-CSV", "the header row needs the columns code and rate",
              "start the file with code,modifier,rate,from,to");
        return rates;
    }

    while (std::optional<std::vector<Field>> row = reader.next(line)) {
        if (reader.broken()) continue;
        if (row->size() != header->size()) {
            error(line, 1, "CC-BAD-CSV",
                  "this row has " + std::to_string(row->size()) + " fields; the header has " + std::to_string(header->size()),
                  "give every row the header's columns (leave a field empty, not out)");
            continue;
        }
        auto field = [&](std::size_t which) -> Field const* {
            return column_of[which] < 0 ? nullptr : &(*row)[static_cast<std::size_t>(column_of[which])];
        };
        FeeRate rate;
        Field const& code = *field(0);
        rate.where = SourceLocation{path, line, code.column};
        rate.code = code.text;
        if (rate.code.empty()) {
            error(line, code.column, "CC-BAD-CSV", "the code is empty", "write the CPT or HCPCS code, like 97110");
            continue;
        }
        if (Field const* m = field(1)) rate.modifier = m->text;
        Field const& amount = *field(2);
        std::optional<Money> money = parse_money(amount.text);
        if (!money) {
            error(line, amount.column, "CC-BAD-MONEY", "'" + amount.text + "' is not a dollar amount",
                  "write the rate like 32.50 or $32.50");
            continue;
        }
        rate.amount = *money;
        bool dates_ok = true;
        auto read_date = [&](std::size_t which, std::optional<Date>& into) {
            Field const* f = field(which);
            if (f == nullptr || f->text.empty()) return;
            into = Date::parse(f->text);
            if (!into) {
                error(line, f->column, "CC-BAD-DATE", f->text + " is not a date", "dates are written YYYY-MM-DD, like 2026-01-31");
                dates_ok = false;
            }
        };
        read_date(3, rate.from);
        read_date(4, rate.to);
        if (dates_ok) rates.push_back(std::move(rate));
    }
    return rates;
}

}  // namespace covercheck
