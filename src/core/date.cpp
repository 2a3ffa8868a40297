#include "covercheck/date.hpp"

#include <cstdint>
#include <limits>

namespace covercheck {

namespace {

struct Civil {
    std::int64_t year;
    int month;
    int day;
};

bool is_leap(std::int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int days_in_month(std::int64_t year, int month) {
    static constexpr int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Floor division, so negative years and month counts land in the right era and year.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 for a valid civil date. The count works in 400-year eras (146097
// days each) of years that start on March 1, so the leap day is the last day of its year and
// the month lengths from March on follow the fixed pattern (153 * m + 2) / 5.
std::int64_t days_from_civil(Civil date) {
    std::int64_t const year = date.month <= 2 ? date.year - 1 : date.year;
    std::int64_t const era = floor_div(year, 400);
    std::int64_t const year_of_era = year - era * 400;                         // [0, 399]
    std::int64_t const month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;  // [0, 11]
    std::int64_t const day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;       // [0, 365]
    std::int64_t const day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;             // [0, 146096]
    return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

// The inverse of days_from_civil.
Civil civil_from_days(std::int64_t days) {
    std::int64_t const shifted = days + 719468;
    std::int64_t const era = floor_div(shifted, 146097);
    std::int64_t const day_of_era = shifted - era * 146097;                    // [0, 146096]
    std::int64_t const year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
    std::int64_t const day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
    std::int64_t const month_from_march = (5 * day_of_year + 2) / 153;         // [0, 11]
    int const day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    int const month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    std::int64_t const year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    return Civil{year, month, day};
}

bool fits_in_days(std::int64_t days) {
    return days >= std::numeric_limits<std::int32_t>::min() && days <= std::numeric_limits<std::int32_t>::max();
}

// Years this far out stay well inside int64 arithmetic and past them from_ymd says no.
constexpr std::int64_t max_abs_year = 10'000'000;

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
    if (year > max_abs_year || year < -max_abs_year) return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    std::int64_t const days = days_from_civil(Civil{year, month, day});
    if (!fits_in_days(days)) return std::nullopt;
    return from_days(static_cast<std::int32_t>(days));
}

std::optional<Date> Date::parse(std::string_view iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
    auto number = [&](std::size_t begin, std::size_t end, int& out) {
        out = 0;
        for (std::size_t i = begin; i < end; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return false;
            out = out * 10 + (iso[i] - '0');
        }
        return true;
    };
    int year = 0;
    int month = 0;
    int day = 0;
    if (!number(0, 4, year) || !number(5, 7, month) || !number(8, 10, day)) return std::nullopt;
    return from_ymd(year, month, day);
}

int Date::year() const {
    // Every int32 day count is within a few million years, so the year fits an int.
    return static_cast<int>(civil_from_days(days_).year);
}

int Date::month() const { return civil_from_days(days_).month; }

int Date::day() const { return civil_from_days(days_).day; }

std::string Date::iso() const {
    Civil const civil = civil_from_days(days_);
    auto padded = [](std::uint64_t value, std::size_t width) {
        std::string digits = std::to_string(value);
        if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
        return digits;
    };
    std::string out;
    if (civil.year < 0) out += '-';
    out += padded(static_cast<std::uint64_t>(civil.year < 0 ? -civil.year : civil.year), 4);
    out += '-';
    out += padded(static_cast<std::uint64_t>(civil.month), 2);
    out += '-';
    out += padded(static_cast<std::uint64_t>(civil.day), 2);
    return out;
}

Date Date::plus_months(int n) const {
    Civil const start = civil_from_days(days_);
    std::int64_t const month_index = start.year * 12 + (start.month - 1) + n;
    std::int64_t const year = floor_div(month_index, 12);
    int const month = static_cast<int>(month_index - year * 12) + 1;
    int const last_day = days_in_month(year, month);
    int const day = start.day < last_day ? start.day : last_day;
    std::int64_t const days = days_from_civil(Civil{year, month, day});
    // Only a shift of millions of years leaves the int32 range; stop at its edge rather than wrap.
    if (days > std::numeric_limits<std::int32_t>::max()) return from_days(std::numeric_limits<std::int32_t>::max());
    if (days < std::numeric_limits<std::int32_t>::min()) return from_days(std::numeric_limits<std::int32_t>::min());
    return from_days(static_cast<std::int32_t>(days));
}

int age_on(Date birth, Date on) {
    if (on < birth) return 0;
    Civil const b = civil_from_days(birth.days());
    Civil const o = civil_from_days(on.days());
    std::int64_t years = o.year - b.year;
    // The birthday counts once its month and day are reached, so someone born on February 29
    // turns a year older on March 1 in common years.
    if (o.month < b.month || (o.month == b.month && o.day < b.day)) --years;
    return static_cast<int>(years);
}

}  // namespace covercheck
