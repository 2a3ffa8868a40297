// Helpers of the batch renderings (see batch_text.hpp).

#include "batch_text.hpp"

#include "covercheck/utf8.hpp"

#include <charconv>
#include <cstddef>
#include <iterator>
#include <string>

namespace covercheck::report {
namespace {

constexpr char const* replacement = "\xEF\xBF\xBD";  // U+FFFD

std::uint64_t magnitude(std::int64_t value) {
    // Through unsigned arithmetic so INT64_MIN has a magnitude too.
    return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

void append_valid_utf8(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Runs of ASCII, the common case, go in one append.
        std::size_t run = i;
        while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) ++run;
        out.append(text.data() + i, run - i);
        i = run;
        if (i == text.size()) break;
        std::size_t const n = utf8_sequence_length(text, i);
        if (n == 0) {
            out += replacement;
            ++i;
        } else {
            out.append(text.data() + i, n);
            i += n;
        }
    }
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_valid_utf8(out, text);
    return out;
}

void append_number(std::string& out, std::int64_t value) {
    char digits[24];
    auto const end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
    out.append(digits, static_cast<std::size_t>(end - digits));
}

void append_plain_dollars(std::string& out, Money amount) {
    std::uint64_t const cents = magnitude(amount.cents);
    std::uint64_t const fraction = cents % 100;
    if (amount.cents < 0) out += '-';
    append_number(out, static_cast<std::int64_t>(cents / 100));   // fits: |INT64_MIN| / 100 < INT64_MAX
    out += '.';
    out += static_cast<char>('0' + fraction / 10);
    out += static_cast<char>('0' + fraction % 10);
}

std::string plain_dollars(Money amount) {
    std::string out;
    append_plain_dollars(out, amount);
    return out;
}

Diagnostic const* first_error(ClaimResult const& result) {
    for (Diagnostic const& d : result.diagnostics) {
        if (d.severity == Severity::error) return &d;
    }
    return result.diagnostics.empty() ? nullptr : &result.diagnostics.front();
}

std::string code_label(ServiceLine const& line) {
    if (line.code.empty()) return "Rx " + line.drug;
    std::string out = line.code;
    for (std::string const& m : line.modifiers) out += " " + m;
    if (!line.drug.empty()) out += " (drug " + line.drug + ")";
    return out;
}

}  // namespace covercheck::report
