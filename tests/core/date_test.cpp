#include "covercheck/date.hpp"

#include <gtest/gtest.h>

namespace covercheck {
namespace {

Date ymd(int y, int m, int d) {
    auto const date = Date::from_ymd(y, m, d);
    EXPECT_TRUE(date) << y << '-' << m << '-' << d;
    return date.value_or(Date{});
}

Date iso(char const* text) {
    auto const date = Date::parse(text);
    EXPECT_TRUE(date) << text;
    return date.value_or(Date{});
}

TEST(date_test, epoch_and_known_day_counts) {
    EXPECT_EQ(ymd(1970, 1, 1).days(), 0);
    EXPECT_EQ(ymd(1970, 1, 2).days(), 1);
    EXPECT_EQ(ymd(1969, 12, 31).days(), -1);
    EXPECT_EQ(ymd(2000, 3, 1).days(), 11017);
    EXPECT_EQ(ymd(2026, 1, 1).days(), 20454);
    EXPECT_EQ(ymd(1900, 1, 1).days(), -25567);
    EXPECT_EQ(Date::from_days(0).iso(), "1970-01-01");
}

TEST(date_test, every_day_round_trips_from_1600_to_2400) {
    Date const first = ymd(1600, 1, 1);
    Date const last = ymd(2400, 12, 31);
    int expected_year = 1600;
    int expected_month = 1;
    int expected_day = 1;
    for (Date d = first; d <= last; d = d.plus_days(1)) {
        ASSERT_EQ(d.year(), expected_year) << d.days();
        ASSERT_EQ(d.month(), expected_month) << d.days();
        ASSERT_EQ(d.day(), expected_day) << d.days();
        ASSERT_EQ(Date::from_ymd(d.year(), d.month(), d.day()), d);
        ASSERT_EQ(Date::parse(d.iso()), d) << d.iso();
        // Step the expected calendar by hand, independently of the code under test.
        bool const leap = expected_year % 4 == 0 && (expected_year % 100 != 0 || expected_year % 400 == 0);
        int const lengths[12] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (++expected_day > lengths[expected_month - 1]) {
            expected_day = 1;
            if (++expected_month > 12) {
                expected_month = 1;
                ++expected_year;
            }
        }
    }
    EXPECT_EQ(last.days() - first.days() + 1, 801 * 365 + 195);  // 195 leap days in 1600..2400
}

TEST(date_test, leap_years_follow_the_gregorian_rule) {
    EXPECT_TRUE(Date::from_ymd(2024, 2, 29));
    EXPECT_TRUE(Date::from_ymd(2000, 2, 29));   // divisible by 400
    EXPECT_FALSE(Date::from_ymd(1900, 2, 29));  // divisible by 100 only
    EXPECT_FALSE(Date::from_ymd(2100, 2, 29));
    EXPECT_FALSE(Date::from_ymd(2025, 2, 29));
    EXPECT_EQ(ymd(1900, 3, 1).days() - ymd(1900, 2, 28).days(), 1);
    EXPECT_EQ(ymd(2000, 3, 1).days() - ymd(2000, 2, 28).days(), 2);
}

TEST(date_test, invalid_dates_are_rejected) {
    EXPECT_FALSE(Date::from_ymd(2025, 13, 1));
    EXPECT_FALSE(Date::from_ymd(2025, 0, 1));
    EXPECT_FALSE(Date::from_ymd(2025, 1, 0));
    EXPECT_FALSE(Date::from_ymd(2025, 1, 32));
    EXPECT_FALSE(Date::from_ymd(2025, 4, 31));
    EXPECT_FALSE(Date::from_ymd(2025, 6, 31));
    EXPECT_FALSE(Date::from_ymd(2025, 9, 31));
    EXPECT_FALSE(Date::from_ymd(2025, 11, 31));
    EXPECT_FALSE(Date::from_ymd(2025, -1, 1));
    EXPECT_FALSE(Date::from_ymd(2000000000, 1, 1));
    EXPECT_TRUE(Date::from_ymd(2025, 12, 31));
}

TEST(date_test, parse_accepts_exactly_yyyy_mm_dd) {
    EXPECT_EQ(iso("2026-03-31"), ymd(2026, 3, 31));
    EXPECT_EQ(iso("0001-01-01"), ymd(1, 1, 1));
    EXPECT_EQ(iso("9999-12-31").iso(), "9999-12-31");
    for (char const* bad : {"", "2026-3-31", "2026-03-1", "26-03-31", "2026/03/31", "2026-03-31T00:00",
                            "2026-03-31 ", " 2026-03-31", "2026-02-30", "2026-13-01", "2026-00-10",
                            "2026-01-00", "20260331", "2026-0a-01", "+026-03-31", "2026--3-31",
                            "-026-03-31"}) {
        EXPECT_FALSE(Date::parse(bad)) << '"' << bad << '"';
    }
}

TEST(date_test, iso_pads_with_zeros) {
    EXPECT_EQ(ymd(2026, 1, 5).iso(), "2026-01-05");
    EXPECT_EQ(ymd(999, 12, 31).iso(), "0999-12-31");
    EXPECT_EQ(ymd(12345, 6, 7).iso(), "12345-06-07");
}

TEST(date_test, plus_months_keeps_the_day_or_clamps_to_month_end) {
    EXPECT_EQ(ymd(2026, 1, 31).plus_months(1), ymd(2026, 2, 28));
    EXPECT_EQ(ymd(2024, 1, 31).plus_months(1), ymd(2024, 2, 29));
    EXPECT_EQ(ymd(2026, 1, 31).plus_months(3), ymd(2026, 4, 30));
    EXPECT_EQ(ymd(2026, 1, 15).plus_months(1), ymd(2026, 2, 15));
    EXPECT_EQ(ymd(2026, 11, 30).plus_months(3), ymd(2027, 2, 28));
    EXPECT_EQ(ymd(2026, 3, 31).plus_months(-1), ymd(2026, 2, 28));
    EXPECT_EQ(ymd(2026, 3, 31).plus_months(-12), ymd(2025, 3, 31));
    EXPECT_EQ(ymd(2026, 1, 10).plus_months(-1), ymd(2025, 12, 10));
    EXPECT_EQ(ymd(2024, 2, 29).plus_months(12), ymd(2025, 2, 28));
    EXPECT_EQ(ymd(2024, 2, 29).plus_months(48), ymd(2028, 2, 29));
    EXPECT_EQ(ymd(2026, 5, 20).plus_months(0), ymd(2026, 5, 20));
    EXPECT_EQ(ymd(2026, 5, 20).plus_months(-25), ymd(2024, 4, 20));
    EXPECT_EQ(ymd(1970, 1, 1).plus_months(-1), ymd(1969, 12, 1));
}

TEST(date_test, age_on_counts_completed_years) {
    Date const birth = ymd(1960, 7, 15);
    EXPECT_EQ(age_on(birth, ymd(2025, 7, 14)), 64);
    EXPECT_EQ(age_on(birth, ymd(2025, 7, 15)), 65);
    EXPECT_EQ(age_on(birth, ymd(2025, 7, 16)), 65);
    EXPECT_EQ(age_on(birth, ymd(2025, 6, 30)), 64);
    EXPECT_EQ(age_on(birth, ymd(2025, 12, 31)), 65);
    EXPECT_EQ(age_on(birth, birth), 0);
    EXPECT_EQ(age_on(birth, ymd(1961, 7, 14)), 0);
    EXPECT_EQ(age_on(birth, ymd(1961, 7, 15)), 1);
    EXPECT_EQ(age_on(birth, ymd(1950, 1, 1)), 0);  // before birth
}

TEST(date_test, age_on_for_a_leap_day_birthday) {
    Date const birth = ymd(2008, 2, 29);
    EXPECT_EQ(age_on(birth, ymd(2026, 2, 28)), 17);
    EXPECT_EQ(age_on(birth, ymd(2026, 3, 1)), 18);
    EXPECT_EQ(age_on(birth, ymd(2028, 2, 29)), 20);
}

}  // namespace
}  // namespace covercheck
