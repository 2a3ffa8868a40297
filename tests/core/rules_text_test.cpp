#include "covercheck/rules.hpp"

#include <gtest/gtest.h>

namespace covercheck {
namespace {

Date iso(char const* text) {
    auto const date = Date::parse(text);
    EXPECT_TRUE(date) << text;
    return date.value_or(Date{});
}

Duration span(std::int32_t count, Duration::Unit unit) {
    Duration d;
    d.count = count;
    d.unit = unit;
    return d;
}

Window window(Window::Kind kind, Duration length = {}) {
    Window w;
    w.kind = kind;
    w.span = length;
    return w;
}

TEST(rules_text_test, code_kind_keywords) {
    EXPECT_STREQ(keyword(CodeKind::procedure), "cpt");
    EXPECT_STREQ(keyword(CodeKind::diagnosis), "icd10");
    EXPECT_STREQ(keyword(CodeKind::rxnorm), "rxnorm");
    EXPECT_STREQ(keyword(CodeKind::ndc), "ndc");
    EXPECT_STREQ(keyword(CodeKind::modifier), "modifier");
}

TEST(rules_text_test, limit_units) {
    EXPECT_STREQ(to_string(LimitUnit::visits), "visits");
    EXPECT_STREQ(to_string(LimitUnit::units), "units");
    EXPECT_STREQ(to_string(LimitUnit::days), "days");
    EXPECT_STREQ(to_string(LimitUnit::sessions), "sessions");
    EXPECT_STREQ(to_string(LimitUnit::dollars), "dollars");
}

TEST(rules_text_test, durations_singular_for_one) {
    EXPECT_EQ(to_string(span(90, Duration::Unit::days)), "90 days");
    EXPECT_EQ(to_string(span(1, Duration::Unit::days)), "1 day");
    EXPECT_EQ(to_string(span(1, Duration::Unit::months)), "1 month");
    EXPECT_EQ(to_string(span(12, Duration::Unit::months)), "12 months");
    EXPECT_EQ(to_string(span(2, Duration::Unit::weeks)), "2 weeks");
    EXPECT_EQ(to_string(span(1, Duration::Unit::years)), "1 year");
    EXPECT_EQ(to_string(span(3, Duration::Unit::years)), "3 years");
}

TEST(rules_text_test, windows) {
    EXPECT_EQ(to_string(window(Window::Kind::calendar_year)), "per calendar year");
    EXPECT_EQ(to_string(window(Window::Kind::plan_year)), "per plan year");
    EXPECT_EQ(to_string(window(Window::Kind::rolling, span(90, Duration::Unit::days))), "per rolling 90 days");
    EXPECT_EQ(to_string(window(Window::Kind::rolling, span(1, Duration::Unit::months))), "per rolling 1 month");
    EXPECT_EQ(to_string(window(Window::Kind::day)), "per day");
    EXPECT_EQ(to_string(window(Window::Kind::lifetime)), "per lifetime");
}

TEST(rules_text_test, window_start_includes_the_end_day) {
    Date const end = iso("2026-03-31");
    EXPECT_EQ(window_start(span(90, Duration::Unit::days), end), iso("2026-01-01"));
    EXPECT_EQ(window_start(span(1, Duration::Unit::days), end), end);
    EXPECT_EQ(window_start(span(12, Duration::Unit::months), end), iso("2025-04-01"));
    EXPECT_EQ(window_start(span(1, Duration::Unit::years), end), iso("2025-04-01"));
    EXPECT_EQ(window_start(span(1, Duration::Unit::months), end), iso("2026-03-01"));
    EXPECT_EQ(window_start(span(2, Duration::Unit::weeks), end), iso("2026-03-18"));
    EXPECT_EQ(window_start(span(1, Duration::Unit::weeks), end), iso("2026-03-25"));
}

TEST(rules_text_test, window_start_across_leap_days) {
    EXPECT_EQ(window_start(span(12, Duration::Unit::months), iso("2024-02-29")), iso("2023-03-01"));
    EXPECT_EQ(window_start(span(1, Duration::Unit::years), iso("2025-02-28")), iso("2024-02-29"));
    EXPECT_EQ(window_start(span(30, Duration::Unit::days), iso("2024-03-01")), iso("2024-02-01"));
    EXPECT_EQ(window_start(span(6, Duration::Unit::months), iso("2026-08-15")), iso("2026-02-16"));
    // 180 days ending 2026-06-30 start 2026-01-02 (Jan 31 + Feb 28 + ... = 181 days from Jan 1).
    EXPECT_EQ(window_start(span(180, Duration::Unit::days), iso("2026-06-30")), iso("2026-01-02"));
}

}  // namespace
}  // namespace covercheck
