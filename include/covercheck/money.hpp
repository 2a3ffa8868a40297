// Money and rates as integers. No floating point ever touches an amount.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace covercheck {

/// An amount of US money as a whole number of cents. May be negative only as an
/// intermediate (a refund); plan rules and claim lines hold non-negative amounts.
struct Money {
    std::int64_t cents = 0;

    friend constexpr bool operator==(Money a, Money b) { return a.cents == b.cents; }
    friend constexpr bool operator!=(Money a, Money b) { return a.cents != b.cents; }
    friend constexpr bool operator<(Money a, Money b) { return a.cents < b.cents; }
    friend constexpr bool operator<=(Money a, Money b) { return a.cents <= b.cents; }
    friend constexpr bool operator>(Money a, Money b) { return a.cents > b.cents; }
    friend constexpr bool operator>=(Money a, Money b) { return a.cents >= b.cents; }
    friend constexpr Money operator+(Money a, Money b) { return Money{a.cents + b.cents}; }
    friend constexpr Money operator-(Money a, Money b) { return Money{a.cents - b.cents}; }
    constexpr Money& operator+=(Money b) { cents += b.cents; return *this; }
    constexpr Money& operator-=(Money b) { cents -= b.cents; return *this; }
};

constexpr Money min(Money a, Money b) { return a < b ? a : b; }
constexpr Money max(Money a, Money b) { return a < b ? b : a; }

/// The largest amount a rules file or claim may state: $10,000,000,000.00. Far above any
/// real benefit, far below int64 overflow even when thousands of lines are summed.
inline constexpr Money max_money{1'000'000'000'000LL};

/// A percentage in basis points: 20% is 2000, 12.5% is 1250, 100% is 10000.
struct Rate {
    std::int32_t basis_points = 0;

    friend constexpr bool operator==(Rate a, Rate b) { return a.basis_points == b.basis_points; }
    friend constexpr bool operator!=(Rate a, Rate b) { return a.basis_points != b.basis_points; }
};

/// THE rounding rule of covercheck, applied in this one place: the share `rate` of `amount`,
/// rounded half up to the cent (half away from zero for negative amounts).
/// Example: 20% of $10.03 is 200.6 cents -> $2.01; 12.5% of $0.04 is 0.5 cents -> $0.01.
Money apply_rate(Money amount, Rate rate);

/// "$1,250.00"; negative amounts as "-$3.10".
std::string format_money(Money amount);

/// A count with a comma every three digits, for people: 12345 -> "12,345", -1000 -> "-1,000".
std::string format_count(std::int64_t count);

/// "20%", "12.5%", "0.25%".
std::string format_rate(Rate rate);

/// Parses "1250.00", "1,250.00", "$1,250.00", "40", "$40" (no sign, at most two decimals;
/// a single decimal digit is accepted here for data feeds such as XML claims: "40.5" is $40.50).
/// Returns nothing on any other text or above max_money.
std::optional<Money> parse_money(std::string_view text);

}  // namespace covercheck
