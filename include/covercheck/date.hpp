// Calendar dates (proleptic Gregorian), as a day count so windows are plain subtraction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace covercheck {

/// A calendar date. Internally the number of days since 1970-01-01.
class Date {
public:
    constexpr Date() = default;

    /// The date for year/month/day; nothing if it does not exist (2025-02-29, month 13).
    static std::optional<Date> from_ymd(int year, int month, int day);
    /// Parses ISO 8601 "YYYY-MM-DD" exactly (no time part); nothing on any other text.
    static std::optional<Date> parse(std::string_view iso);
    static constexpr Date from_days(std::int32_t days) { Date d; d.days_ = days; return d; }

    constexpr std::int32_t days() const { return days_; }
    int year() const;
    int month() const;   ///< 1..12
    int day() const;     ///< 1..31
    /// "YYYY-MM-DD".
    std::string iso() const;

    constexpr Date plus_days(std::int32_t n) const { return from_days(days_ + n); }
    /// Same day n months later (or earlier for negative n), clamped to the month's last day.
    Date plus_months(int n) const;

    friend constexpr bool operator==(Date a, Date b) { return a.days_ == b.days_; }
    friend constexpr bool operator!=(Date a, Date b) { return a.days_ != b.days_; }
    friend constexpr bool operator<(Date a, Date b) { return a.days_ < b.days_; }
    friend constexpr bool operator<=(Date a, Date b) { return a.days_ <= b.days_; }
    friend constexpr bool operator>(Date a, Date b) { return a.days_ > b.days_; }
    friend constexpr bool operator>=(Date a, Date b) { return a.days_ >= b.days_; }

private:
    std::int32_t days_ = 0;
};

/// Whole years of age on `on` for someone born on `birth` (0 if `on` is before `birth`).
int age_on(Date birth, Date on);

}  // namespace covercheck
