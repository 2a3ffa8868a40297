// Fee schedule rates read from CSV.

#include "covercheck/load.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace covercheck {
namespace {

TEST(fee_csv_test, columns_in_any_order_quoted_fields_and_blank_lines) {
    std::vector<Diagnostic> diagnostics;
    std::vector<FeeRate> const rates = read_fee_rates(
        "\xEF\xBB\xBFRate,Code,From,Modifier\r\n"
        "\"1,250.00\",63650,,\r\n"
        "\r\n"
        "$33.00,97110,2026-07-01,GO\r\n",
        "fees.csv", diagnostics);
    EXPECT_TRUE(diagnostics.empty());
    ASSERT_EQ(rates.size(), 2U);
    EXPECT_EQ(rates[0].code, "63650");
    EXPECT_EQ(rates[0].amount, Money{125000});
    EXPECT_FALSE(rates[0].from.has_value());
    EXPECT_EQ(rates[1].code, "97110");
    EXPECT_EQ(rates[1].modifier, "GO");
    EXPECT_EQ(rates[1].amount, Money{3300});
    EXPECT_EQ(rates[1].from->iso(), "2026-07-01");
    EXPECT_EQ(rates[1].where.line, 4);
}

TEST(fee_csv_test, each_bad_row_is_an_error_at_its_place_and_the_rest_is_read) {
    std::vector<Diagnostic> diagnostics;
    std::vector<FeeRate> const rates = read_fee_rates(
        "code,rate\n"
        "97110,31.50\n"
        "97140\n"                 // too few fields
        "97530,\"38.00\n"         // unclosed quote
        "97535,36.50\n",
        "fees.csv", diagnostics);
    ASSERT_EQ(rates.size(), 2U);
    EXPECT_EQ(rates[1].code, "97535");
    std::vector<std::string> found;
    for (Diagnostic const& d : diagnostics) found.push_back(d.code + " " + to_string(d.where));
    EXPECT_EQ(found, (std::vector<std::string>{"CC-BAD-CSV fees.csv:3:1", "CC-BAD-CSV fees.csv:4:7"}));
}

TEST(fee_csv_test, a_header_without_code_or_rate_is_refused) {
    std::vector<Diagnostic> diagnostics;
    EXPECT_TRUE(read_fee_rates("code,price\n97110,31.50\n", "fees.csv", diagnostics).empty());
    ASSERT_EQ(diagnostics.size(), 1U);
    EXPECT_EQ(diagnostics[0].code, "CC-BAD-CSV");
    EXPECT_EQ(diagnostics[0].message, "unknown column 'price'");
    EXPECT_EQ(to_string(diagnostics[0].where), "fees.csv:1:6");
}

}  // namespace
}  // namespace covercheck
