// The CSV and JSON renderings on hand-made evaluations: amounts and text no treatment plan in
// samples/ produces (credits, control characters, formula characters from any input).

#include "covercheck/report.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace covercheck {
namespace {

/// An evaluation of one line with the given text and costs.
Evaluation one_line(std::string const& line_id, LineCost const& cost, Finding const& finding = {}) {
    Evaluation e;
    e.treatment_id = "T-1";
    e.plan_id = "P-1";
    LineResult r;
    r.line.id = line_id;
    r.line.date = *Date::from_ymd(2026, 3, 2);
    r.line.code = "97110";
    r.benefit = "Therapy";
    r.cost = cost;
    if (!finding.reason.empty()) r.findings.push_back(finding);
    e.lines.push_back(r);
    return e;
}

/// The cells of a CSV row with no quoted cells.
std::vector<std::string> cells(std::string row) {
    if (row.size() >= 2 && row.compare(row.size() - 2, 2, "\r\n") == 0) row.resize(row.size() - 2);
    std::vector<std::string> out(1);
    for (char c : row) {
        if (c == ',') out.emplace_back();
        else out.back() += c;
    }
    return out;
}

TEST(report_test, csv_money_is_a_plain_number_with_its_sign) {
    LineCost cost;
    cost.billed = Money{123456};         // 1234.56: no $ and no thousands separator
    cost.allowed = Money{100000000000};  // 1000000000.00
    cost.deductible = Money{-1250};      // a credit
    cost.copay = Money{-50};             // under a dollar: the sign must not be lost with the dollars
    cost.coinsurance = Money{-5};
    cost.not_covered = Money{0};
    cost.plan = Money{7};
    cost.patient = Money{INT64_MIN};     // the extreme, exact
    std::vector<std::string> const row = cells(render_csv_rows(one_line("1", cost)));
    std::vector<std::string> const header = cells(csv_header());
    ASSERT_EQ(row.size(), header.size());
    auto cell = [&](std::string const& name) {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) return row[i];
        }
        return std::string("no column ") + name;
    };
    EXPECT_EQ(cell("billed"), "1234.56");
    EXPECT_EQ(cell("allowed"), "1000000000.00");
    EXPECT_EQ(cell("deductible"), "-12.50");
    EXPECT_EQ(cell("copay"), "-0.50");
    EXPECT_EQ(cell("coinsurance"), "-0.05");
    EXPECT_EQ(cell("not_covered"), "0.00");
    EXPECT_EQ(cell("plan_pays"), "0.07");
    EXPECT_EQ(cell("patient_owes"), "-92233720368547758.08");
    EXPECT_EQ(cell("quantity"), "");      // not a drug line
    EXPECT_EQ(cell("days_supply"), "");
}

TEST(report_test, csv_text_starting_like_a_formula_gets_a_leading_quote) {
    // OWASP "CSV Injection": = + - @ tab and CR start a formula in some spreadsheet.
    Finding finding;
    finding.reason = "\rcmd";
    finding.fix = "@SUM(A1:A9)";
    finding.carc = "-1";
    Evaluation e = one_line("+1", LineCost{}, finding);
    e.treatment_id = "=HYPERLINK(\"http://example.com\",\"x\")";
    e.plan_id = "\tP";
    e.lines[0].benefit = "Therapy - PT, OT";   // a minus inside is harmless; the comma is quoted
    e.lines[0].line.modifiers = {"GP", "KX"};
    std::string const row = render_csv_rows(e);
    EXPECT_EQ(row,
              "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",'\tP,'+1,2026-03-02,97110,,GP KX,1,,,"
              "\"Therapy - PT, OT\",covered,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,'-1,\"'\rcmd\",'@SUM(A1:A9),,"
              "in,0.00,0.00,,\r\n");
}

TEST(report_test, csv_drug_line_has_quantity_and_days_supply) {
    Evaluation e = one_line("4", LineCost{});
    e.lines[0].line.code.clear();
    e.lines[0].line.drug = "25480";
    e.lines[0].line.quantity = 90;
    e.lines[0].line.days_supply = 30;
    std::string const row = render_csv_rows(e);
    EXPECT_EQ(row.rfind("T-1,P-1,4,2026-03-02,,25480,,1,90,30,Therapy,covered,", 0), 0U) << row;
}

TEST(report_test, json_escapes_control_characters) {
    Finding finding;
    finding.reason = "a\x01" "b\x1f" "c\x7f" "d\"e\\f\ng\th";
    Evaluation e = one_line("1", LineCost{}, finding);
    e.treatment_id = std::string("T\0X", 3);
    std::string const json = render_json(e);
    EXPECT_NE(json.find(R"("reason":"a\u0001b\u001fc\u007fd\"e\\f\ng\th")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("treatment_plan":"T\u0000X")"), std::string::npos) << json;
    for (char const c : json) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << json;
}

TEST(report_test, json_lines_have_every_modifier_and_drug_counts_only_on_drug_lines) {
    Evaluation e = one_line("1", LineCost{});
    e.lines[0].line.modifiers = {"GP", "KX", "59"};
    LineResult drug = e.lines[0];
    drug.line.id = "2";
    drug.line.code.clear();
    drug.line.modifiers.clear();
    drug.line.drug = "25480";
    drug.line.quantity = 90;
    drug.line.days_supply = 0;   // not given
    e.lines.push_back(drug);
    std::string const json = render_json(e);
    EXPECT_NE(json.find(R"("modifiers":["GP","KX","59"],"units":1,"quantity":null,"days_supply":null,)"), std::string::npos)
        << json;
    EXPECT_NE(json.find(R"("drug":"25480","modifiers":[],"units":1,"quantity":90,"days_supply":0,)"), std::string::npos)
        << json;
}

}  // namespace
}  // namespace covercheck
