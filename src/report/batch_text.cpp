// Helpers of the batch renderings (see batch_text.hpp).

#include "batch_text.hpp"

#include <cstddef>
#include <string>

namespace covercheck::report {
namespace {

constexpr char const* replacement = "\xEF\xBF\xBD";  // U+FFFD

bool in(unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; }

/// The length of the well-formed UTF-8 sequence at text[i] (Unicode table 3-7), 0 if none.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    std::size_t const left = text.size() - i;
    unsigned char const b0 = byte(0);
    if (b0 < 0x80) return 1;
    if (in(b0, 0xC2, 0xDF)) return left >= 2 && in(byte(1), 0x80, 0xBF) ? 2 : 0;
    if (in(b0, 0xE0, 0xEF)) {
        if (left < 3) return 0;
        unsigned const lo = b0 == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
        unsigned const hi = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
        return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in(b0, 0xF0, 0xF4)) {
        if (left < 4) return 0;
        unsigned const lo = b0 == 0xF0 ? 0x90 : 0x80;  // no overlong forms
        unsigned const hi = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
        return in(byte(1), lo, hi) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

std::uint64_t magnitude(std::int64_t value) {
    // Through unsigned arithmetic so INT64_MIN has a magnitude too.
    return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t const n = sequence_length(text, i);
        if (n == 0) {
            out += replacement;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string plain_dollars(Money amount) {
    std::uint64_t const cents = magnitude(amount.cents);
    std::uint64_t const fraction = cents % 100;
    std::string out = amount.cents < 0 ? "-" : "";
    out += std::to_string(cents / 100);
    out += '.';
    out += static_cast<char>('0' + fraction / 10);
    out += static_cast<char>('0' + fraction % 10);
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
