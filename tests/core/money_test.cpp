#include "covercheck/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace covercheck {
namespace {

Money cents(std::int64_t n) { return Money{n}; }
Rate bp(std::int32_t n) { return Rate{n}; }

TEST(money_test, apply_rate_rounds_half_up_to_the_cent) {
    EXPECT_EQ(apply_rate(cents(1003), bp(2000)), cents(201));  // 200.6 cents
    EXPECT_EQ(apply_rate(cents(4), bp(1250)), cents(1));       // 0.5 cents
    EXPECT_EQ(apply_rate(cents(3), bp(1250)), cents(0));       // 0.375 cents
    EXPECT_EQ(apply_rate(cents(1001), bp(2000)), cents(200));  // 200.2 cents
    EXPECT_EQ(apply_rate(cents(1), bp(5000)), cents(1));       // exactly half
    EXPECT_EQ(apply_rate(cents(1), bp(4999)), cents(0));       // just under half
    EXPECT_EQ(apply_rate(cents(12345), bp(25)), cents(31));    // 30.8625 cents
}

TEST(money_test, apply_rate_zero_and_full_rate) {
    EXPECT_EQ(apply_rate(cents(98765), bp(0)), cents(0));
    EXPECT_EQ(apply_rate(cents(98765), bp(10000)), cents(98765));
    EXPECT_EQ(apply_rate(cents(0), bp(2000)), cents(0));
}

TEST(money_test, apply_rate_negative_amount_rounds_away_from_zero) {
    EXPECT_EQ(apply_rate(cents(-1003), bp(2000)), cents(-201));
    EXPECT_EQ(apply_rate(cents(-4), bp(1250)), cents(-1));
    EXPECT_EQ(apply_rate(cents(-3), bp(1250)), cents(0));
}

TEST(money_test, apply_rate_large_amounts_are_exact) {
    // 12.5% of $10,000,000,000.00 (max_money) and 99.99% of it.
    EXPECT_EQ(apply_rate(max_money, bp(1250)), cents(125'000'000'000LL));
    EXPECT_EQ(apply_rate(max_money, bp(9999)), cents(999'900'000'000LL));
    // The product overflows int64 here; the 128-bit path still gets it exactly.
    std::int64_t const big = std::numeric_limits<std::int64_t>::max();
    EXPECT_EQ(apply_rate(cents(big), bp(10000)), cents(big));
    EXPECT_EQ(apply_rate(cents(big), bp(5000)), cents(big / 2 + 1));  // x.5 rounds up
    EXPECT_EQ(apply_rate(cents(big), bp(20000)), cents(big));          // saturates
}

TEST(money_test, format_money_groups_thousands) {
    EXPECT_EQ(format_money(cents(125000)), "$1,250.00");
    EXPECT_EQ(format_money(cents(0)), "$0.00");
    EXPECT_EQ(format_money(cents(5)), "$0.05");
    EXPECT_EQ(format_money(cents(4050)), "$40.50");
    EXPECT_EQ(format_money(cents(99999)), "$999.99");
    EXPECT_EQ(format_money(cents(100000)), "$1,000.00");
    EXPECT_EQ(format_money(cents(123456789)), "$1,234,567.89");
    EXPECT_EQ(format_money(max_money), "$10,000,000,000.00");
}

TEST(money_test, format_money_negative) {
    EXPECT_EQ(format_money(cents(-310)), "-$3.10");
    EXPECT_EQ(format_money(cents(-1)), "-$0.01");
    EXPECT_EQ(format_money(cents(-125000)), "-$1,250.00");
    EXPECT_EQ(format_money(cents(std::numeric_limits<std::int64_t>::min())), "-$92,233,720,368,547,758.08");
}

TEST(money_test, format_rate_drops_trailing_zeros) {
    EXPECT_EQ(format_rate(bp(2000)), "20%");
    EXPECT_EQ(format_rate(bp(1250)), "12.5%");
    EXPECT_EQ(format_rate(bp(25)), "0.25%");
    EXPECT_EQ(format_rate(bp(0)), "0%");
    EXPECT_EQ(format_rate(bp(10000)), "100%");
    EXPECT_EQ(format_rate(bp(5)), "0.05%");
    EXPECT_EQ(format_rate(bp(1001)), "10.01%");
    EXPECT_EQ(format_rate(bp(-50)), "-0.5%");
}

TEST(money_test, parse_money_accepts_documented_forms) {
    EXPECT_EQ(parse_money("1250.00"), cents(125000));
    EXPECT_EQ(parse_money("1,250.00"), cents(125000));
    EXPECT_EQ(parse_money("$1,250.00"), cents(125000));
    EXPECT_EQ(parse_money("40"), cents(4000));
    EXPECT_EQ(parse_money("$40"), cents(4000));
    EXPECT_EQ(parse_money("$40.5"), cents(4050));
    EXPECT_EQ(parse_money("40.05"), cents(4005));
    EXPECT_EQ(parse_money("0.01"), cents(1));
    EXPECT_EQ(parse_money("$0"), cents(0));
    EXPECT_EQ(parse_money("1,234,567.89"), cents(123456789));
    EXPECT_EQ(parse_money("999"), cents(99900));
}

TEST(money_test, parse_money_max_money_is_the_limit) {
    EXPECT_EQ(parse_money("$10,000,000,000.00"), max_money);
    EXPECT_EQ(parse_money("10000000000"), max_money);
    EXPECT_FALSE(parse_money("$10,000,000,000.01"));
    EXPECT_FALSE(parse_money("10000000001"));
    EXPECT_FALSE(parse_money("99999999999999999999999999999999.99"));
}

TEST(money_test, parse_money_rejects_other_text) {
    for (char const* bad : {"", "$", "-5", "-$5.00", "+5", "$-5", "5.", ".50", "$.50", "5.001",
                            "1,25.00", "12,50", "1,2500", ",100", "100,", "1,,000", "1,000,00",
                            "1000,000", "$$5", "5$", " 5", "5 ", "5.0x", "abc", "1e3", "5,00.00",
                            "0x10", "1.2.3", "$1 250.00", "4O.00"}) {
        EXPECT_FALSE(parse_money(bad)) << '"' << bad << '"';
    }
}

TEST(money_test, parse_then_format_round_trips) {
    for (char const* text : {"$0.00", "$0.01", "$40.50", "$999.99", "$1,000.00", "$12,345,678.90",
                             "$10,000,000,000.00"}) {
        auto const parsed = parse_money(text);
        ASSERT_TRUE(parsed) << text;
        EXPECT_EQ(format_money(*parsed), text);
    }
}

TEST(money_test, counts_are_grouped_by_thousands) {
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_count(1000), "1,000");
    EXPECT_EQ(format_count(-1234567), "-1,234,567");
    EXPECT_EQ(format_count(INT64_MIN), "-9,223,372,036,854,775,808");
}

}  // namespace
}  // namespace covercheck
