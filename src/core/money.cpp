#include "covercheck/money.hpp"

#include <cstdint>
#include <limits>

namespace covercheck {

namespace {

// A 128-bit product holds any int64 amount times any int32 rate exactly, so the rounding
// below is exact for every input. __extension__ keeps -Wpedantic quiet about the GCC type.
__extension__ typedef __int128 wide_int;

constexpr std::int64_t basis_points_per_whole = 10000;

// The magnitude of an amount as unsigned, so INT64_MIN formats without overflow.
std::uint64_t magnitude(std::int64_t value) {
    return value < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                     : static_cast<std::uint64_t>(value);
}

// Digits with a comma every three from the right: 1250 -> "1,250".
std::string group_thousands(std::uint64_t value) {
    std::string digits = std::to_string(value);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    std::size_t const lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (i + 3 - lead) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Money apply_rate(Money amount, Rate rate) {
    wide_int const product = static_cast<wide_int>(amount.cents) * rate.basis_points;
    wide_int quotient = product / basis_points_per_whole;
    wide_int const remainder = product % basis_points_per_whole;
    // Division truncates toward zero; a remainder of half or more moves one cent away from
    // zero, which is "half up" for the non-negative amounts plans and claims hold.
    if (remainder * 2 >= basis_points_per_whole) ++quotient;
    if (remainder * 2 <= -basis_points_per_whole) --quotient;
    // Only a rate far above 100% on an amount far above max_money can leave int64; saturate
    // rather than wrap so such a result can never look small.
    constexpr auto high = std::numeric_limits<std::int64_t>::max();
    constexpr auto low = std::numeric_limits<std::int64_t>::min();
    if (quotient > high) return Money{high};
    if (quotient < low) return Money{low};
    return Money{static_cast<std::int64_t>(quotient)};
}

std::string format_count(std::int64_t count) {
    return (count < 0 ? "-" : "") + group_thousands(magnitude(count));
}

std::string format_money(Money amount) {
    std::uint64_t const cents = magnitude(amount.cents);
    std::uint64_t const fraction = cents % 100;
    std::string out = amount.cents < 0 ? "-$" : "$";
    out += group_thousands(cents / 100);
    out += '.';
    out += static_cast<char>('0' + fraction / 10);
    out += static_cast<char>('0' + fraction % 10);
    return out;
}

std::string format_rate(Rate rate) {
    std::uint64_t const points = magnitude(rate.basis_points);
    std::uint64_t const fraction = points % 100;
    std::string out = rate.basis_points < 0 ? "-" : "";
    out += std::to_string(points / 100);
    if (fraction != 0) {
        out += '.';
        out += static_cast<char>('0' + fraction / 10);
        if (fraction % 10 != 0) out += static_cast<char>('0' + fraction % 10);
    }
    out += '%';
    return out;
}

std::optional<Money> parse_money(std::string_view text) {
    std::size_t pos = 0;
    if (pos < text.size() && text[pos] == '$') ++pos;

    // Whole dollars: plain digits ("1250") or groups of three after a 1-3 digit lead ("1,250").
    // Digits are accumulated only while below the limit, so a long run cannot overflow.
    std::int64_t const dollar_limit = max_money.cents / 100;
    std::int64_t dollars = 0;
    bool too_large = false;
    std::size_t digits_in_group = 0;
    bool grouped = false;
    std::size_t const dollars_begin = pos;
    for (; pos < text.size(); ++pos) {
        char const c = text[pos];
        if (is_digit(c)) {
            ++digits_in_group;
            if (grouped && digits_in_group > 3) return std::nullopt;
            if (!too_large) {
                dollars = dollars * 10 + (c - '0');
                too_large = dollars > dollar_limit;
            }
        } else if (c == ',') {
            if (digits_in_group == 0 || (grouped ? digits_in_group != 3 : digits_in_group > 3)) {
                return std::nullopt;
            }
            grouped = true;
            digits_in_group = 0;
        } else {
            break;
        }
    }
    if (pos == dollars_begin || digits_in_group == 0 || (grouped && digits_in_group != 3)) {
        return std::nullopt;
    }

    // Cents: ".50", or ".5" meaning fifty cents (see the header); "40." alone is not money.
    std::int64_t cents = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t const cents_begin = pos;
        while (pos < text.size() && is_digit(text[pos]) && pos - cents_begin < 2) {
            cents = cents * 10 + (text[pos] - '0');
            ++pos;
        }
        if (pos == cents_begin) return std::nullopt;
        if (pos - cents_begin == 1) cents *= 10;
    }
    if (pos != text.size() || too_large) return std::nullopt;

    Money const result{dollars * 100 + cents};
    if (result > max_money) return std::nullopt;
    return result;
}

}  // namespace covercheck
