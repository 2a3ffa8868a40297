// The batch renderings (CSV, JSON lines, HTML) and the batch totals, over a small batch built by
// evaluating treatment plans against a test plan, plus an unreadable claim and one with no plan.

#include "covercheck/batch_report.hpp"

#include "../eval/eval_support.hpp"
#include "report/batch_text.hpp"
#include "report_support.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace covercheck {
namespace {

using namespace covercheck::testing;

// Deductible $100, then 20%; PT needs a PA after 2 sessions and stops at 4; ketamine is excluded.
std::string const rules_text = R"(plan "TEST-2026" {
    name "Test PPO 2026"
    effective 2026-01-01 to 2026-12-31
    deductible individual $100.00
    out-of-pocket maximum individual $1,000.00
    coinsurance 20% after deductible
    out of network not covered
}
codes pt = cpt 97110, 97112
codes office = cpt 99213
codes unlisted_drug = cpt J3490
codes ketamine = rxnorm 6130
codes gabapentin = rxnorm 25480
benefit "Physical therapy" codes pt {
    covered
    limit 4 sessions per calendar year
    prior authorization after 2 sessions per calendar year documentation "plan of care"
}
benefit "Office visits" codes office {
    covered
    copay $30.00 per visit
}
benefit "Ketamine infusion" codes unlisted_drug with drug ketamine {
    excluded "investigational"
}
drug "Gabapentin" codes gabapentin {
    covered
    copay $10.00 per fill
}
)";

RuleBook const& book() {
    static RuleBook const b = book_from(rules_text);
    return b;
}

std::uint64_t seq(std::uint64_t input, std::uint64_t ordinal) { return (input << 32) | ordinal; }

/// The result of checking `plan` as the claim at file:line:3.
ClaimResult checked(std::uint64_t sequence, std::string const& file, int line, TreatmentPlan const& plan) {
    Evaluation const e = evaluate(book(), plan);
    ClaimResult r;
    r.sequence = sequence;
    r.file = file;
    r.claim_id = plan.id;
    r.where = SourceLocation{file, line, 3};
    r.member_id = plan.patient.member_id;
    r.plan_id = e.plan_id;
    r.plan_name = e.plan_name;
    r.status = ClaimStatus::checked;
    r.diagnostics = e.warnings;
    r.lines = e.lines;
    r.totals = e.totals;
    return r;
}

TreatmentPlan claim(std::string id, std::string member, std::vector<ServiceLine> lines) {
    TreatmentPlan p = plan_with(std::move(lines));
    p.id = std::move(id);
    p.patient.member_id = std::move(member);
    return p;
}

/// Five PT sessions (2 covered, 2 need a PA, 1 over the limit) and an office visit.
ClaimResult pt_claim() {
    std::vector<ServiceLine> lines;
    for (int i = 0; i < 5; ++i) {
        ServiceLine l = service(std::to_string(i + 1), "2026-01-05", "97110", "$120.00");
        l.date = l.date.plus_days(i);
        l.modifiers = {"GP"};
        lines.push_back(l);
    }
    lines.push_back(service("6", "2026-01-12", "99213", "$150.00"));
    return checked(seq(0, 0), "claims/a.xml", 2, claim("CLM-1", "M-1001", lines));
}

/// Ketamine (excluded), a code no rule mentions, and a gabapentin fill.
ClaimResult mixed_claim() {
    ServiceLine ketamine = service("1", "2026-02-02", "J3490", "$900.00");
    ketamine.drug = "6130";
    ServiceLine unknown = service("2", "2026-02-02", "99999", "$75.00");
    ServiceLine gabapentin = fill("3", "2026-02-03", "25480", 90, 30, "$25.00");
    return checked(seq(0, 1), "claims/a.xml", 40, claim("CLM-2", "M-1002", {ketamine, unknown, gabapentin}));
}

/// Recomputes a result's totals after a test changed its lines.
void retotal(ClaimResult& r) {
    r.totals = Totals{};
    for (LineResult const& lr : r.lines) {
        r.totals.billed += lr.cost.billed;
        r.totals.allowed += lr.cost.allowed;
        r.totals.plan += lr.cost.plan;
        r.totals.patient += lr.cost.patient;
        r.totals.at_risk += lr.cost.at_risk;
        if (lr.outcome != Outcome::covered && lr.outcome != Outcome::covered_with_pa) ++r.totals.flagged_lines;
    }
}

/// Strings an attacker or a careless export could put in a claim, and a refund with negative money.
ClaimResult hostile_claim() {
    ServiceLine unknown = service("-3", "2026-03-02", "99999", "$40.00");
    ServiceLine visit = service("4", "2026-03-02", "99213", "$150.00");
    ClaimResult r = checked(seq(1, 0), "claims/b, \"second\".xml", 2,
                            claim("=HYPERLINK(\"http://evil.example\",\"click\")",
                                  "+1 555, \"Smith\"\nline two", {unknown, visit}));
    r.plan_name = "Zoë Ünïcode PPO";
    Finding& f = r.lines.at(0).findings.at(0);
    f.reason = "<script>alert('x')</script> & \"quoted\"";
    f.fix = "@SUM(1+1)";
    LineCost& refund = r.lines.at(1).cost;
    refund = LineCost{};
    refund.billed = Money{-15000};  // a reversal of an earlier $150.00 visit with its $30.00 copay
    refund.allowed = Money{-15000};
    refund.plan = Money{-12000};
    refund.patient = Money{-3000};
    refund.copay = Money{-3000};
    retotal(r);
    return r;
}

ClaimResult empty_claim() { return checked(seq(1, 1), "claims/b, \"second\".xml", 30, claim("CLM-4", "M-1004", {})); }

/// A claim too broken to read: a warning first, then the error that matters.
ClaimResult error_claim() {
    ClaimResult r;
    r.sequence = seq(2, 0);
    r.file = "claims/broken.xml";
    r.where = SourceLocation{"claims/broken.xml", 1, 1};
    r.status = ClaimStatus::error;
    r.diagnostics.push_back({Severity::warning, "CX-UNKNOWN", {"claims/broken.xml", 3, 5}, "unknown element <note>", ""});
    r.diagnostics.push_back({Severity::error, "CX-XML", {"claims/broken.xml", 9, 14},
                             "the XML is not well formed: end tag </claim> does not match <line>",
                             "close <line> before </claim>"});
    return r;
}

ClaimResult no_plan_claim() {
    ClaimResult r;
    r.sequence = seq(3, 0);
    r.file = "claims/c.xml";
    r.claim_id = "CLM-6";
    r.where = SourceLocation{"claims/c.xml", 2, 3};
    r.member_id = "M-1006";
    r.plan_id = "NOPE-2026";
    r.status = ClaimStatus::no_plan;
    r.diagnostics.push_back({Severity::error, "BA-NO-PLAN", {"claims/c.xml", 2, 3},
                             "no rules file holds plan \"NOPE-2026\"", "add the plan's rules file to --rules"});
    return r;
}

std::vector<ClaimResult> const& batch() {
    static std::vector<ClaimResult> const results{pt_claim(),   mixed_claim(), hostile_claim(),
                                                  empty_claim(), error_claim(), no_plan_claim()};
    return results;
}

ClaimResult const& find(std::string const& claim_id, ClaimStatus status = ClaimStatus::checked) {
    for (ClaimResult const& r : batch()) {
        if (r.claim_id == claim_id && r.status == status) return r;
    }
    throw std::logic_error("no claim " + claim_id);
}

BatchTotals totals_of(std::vector<ClaimResult> const& results) {
    BatchTotals t;
    for (ClaimResult const& r : results) t.add(r);
    return t;
}

/// The CSV of one result as rows of named cells.
std::vector<std::map<std::string, std::string>> csv_of(ClaimResult const& r) {
    std::vector<CsvRow> const header = parse_csv(batch_csv_header());
    std::vector<CsvRow> const rows = parse_csv(batch_csv_rows(r));
    std::vector<std::map<std::string, std::string>> out;
    for (CsvRow const& row : rows) {
        EXPECT_EQ(row.size(), header.at(0).size()) << "every row has every column";
        std::map<std::string, std::string> cells;
        for (std::size_t i = 0; i < row.size() && i < header.at(0).size(); ++i) cells[header[0][i]] = row[i];
        out.push_back(cells);
    }
    return out;
}

/// "1234.56" or "-0.50" back to cents; a test failure on any other shape.
std::int64_t cents_of(std::string const& dollars) {
    bool const negative = !dollars.empty() && dollars[0] == '-';
    std::string const digits = negative ? dollars.substr(1) : dollars;
    std::size_t const dot = digits.find('.');
    if (dot == std::string::npos || dot == 0 || digits.size() - dot != 3 ||
        digits.find_first_not_of("0123456789.") != std::string::npos) {
        ADD_FAILURE() << "not plain dollars: '" << dollars << "'";
        return 0;
    }
    std::int64_t const cents = std::stoll(digits.substr(0, dot)) * 100 + std::stoll(digits.substr(dot + 1));
    return negative ? -cents : cents;
}

// ---- the fixture itself ---------------------------------------------------------------------

TEST(batch_report_test, fixture_has_the_outcomes_the_tests_rely_on) {
    ClaimResult const& pt = find("CLM-1");
    ASSERT_EQ(pt.lines.size(), 6U);
    EXPECT_EQ(pt.lines[0].outcome, Outcome::covered) << describe(pt.lines[0]);
    EXPECT_EQ(pt.lines[2].outcome, Outcome::needs_pa) << describe(pt.lines[2]);
    EXPECT_EQ(pt.lines[4].outcome, Outcome::over_limit) << describe(pt.lines[4]);
    EXPECT_GT(pt.lines[2].cost.at_risk, Money{});
    ClaimResult const& mixed = find("CLM-2");
    ASSERT_EQ(mixed.lines.size(), 3U);
    EXPECT_EQ(mixed.lines[0].outcome, Outcome::not_covered) << describe(mixed.lines[0]);
    EXPECT_EQ(mixed.lines[1].outcome, Outcome::needs_review) << describe(mixed.lines[1]);
    EXPECT_TRUE(mixed.lines[1].benefit.empty());
    EXPECT_EQ(mixed.lines[2].outcome, Outcome::covered) << describe(mixed.lines[2]);
    EXPECT_EQ(pt.plan_name, "Test PPO 2026");
}

// ---- helpers --------------------------------------------------------------------------------

TEST(batch_report_test, plain_dollars_are_exact_integers) {
    EXPECT_EQ(report::plain_dollars(Money{0}), "0.00");
    EXPECT_EQ(report::plain_dollars(Money{5}), "0.05");
    EXPECT_EQ(report::plain_dollars(Money{123456}), "1234.56");
    EXPECT_EQ(report::plain_dollars(Money{-50}), "-0.50");  // the sign survives a zero dollar part
    EXPECT_EQ(report::plain_dollars(Money{-123456}), "-1234.56");
    EXPECT_EQ(report::plain_dollars(Money{INT64_MIN}), "-92233720368547758.08");
    EXPECT_EQ(report::plain_dollars(max_money), "10000000000.00");
}

TEST(batch_report_test, invalid_utf8_becomes_replacement_characters) {
    std::string const fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(report::valid_utf8("Zoë €𝄞"), "Zoë €𝄞");
    EXPECT_EQ(report::valid_utf8("a\xC3"), "a" + fffd);                    // truncated
    EXPECT_EQ(report::valid_utf8("\xC0\xAF"), fffd + fffd);                // overlong '/'
    EXPECT_EQ(report::valid_utf8("\xED\xA0\x80"), fffd + fffd + fffd);     // a surrogate
    EXPECT_EQ(report::valid_utf8("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
    EXPECT_EQ(report::valid_utf8("\x80x"), fffd + "x");
}

// ---- CSV ------------------------------------------------------------------------------------

TEST(batch_report_test, csv_every_claim_has_a_row_and_unchecked_claims_exactly_one) {
    for (ClaimResult const& r : batch()) {
        auto const rows = csv_of(r);
        std::size_t const expected = r.status == ClaimStatus::checked && !r.lines.empty() ? r.lines.size() : 1;
        EXPECT_EQ(rows.size(), expected) << r.claim_id;
        for (auto const& row : rows) EXPECT_EQ(row.at("status"), to_string(r.status));
    }
    auto const error = csv_of(find("", ClaimStatus::error));
    ASSERT_EQ(error.size(), 1U);
    EXPECT_EQ(error[0].at("error_code"), "CX-XML");  // the first error, not the warning before it
    EXPECT_EQ(error[0].at("error"),
              "the XML is not well formed: end tag </claim> does not match <line> (line 9, column 14)");
    EXPECT_EQ(error[0].at("claim_line"), "1");
    EXPECT_EQ(error[0].at("billed"), "");
    auto const no_plan = csv_of(find("CLM-6", ClaimStatus::no_plan));
    ASSERT_EQ(no_plan.size(), 1U);
    EXPECT_EQ(no_plan[0].at("status"), "no plan");
    EXPECT_EQ(no_plan[0].at("plan_id"), "NOPE-2026");
    EXPECT_EQ(no_plan[0].at("error_code"), "BA-NO-PLAN");
    auto const empty = csv_of(find("CLM-4"));
    ASSERT_EQ(empty.size(), 1U);
    EXPECT_EQ(empty[0].at("line"), "");
    EXPECT_EQ(empty[0].at("error_code"), "");
}

TEST(batch_report_test, csv_line_columns) {
    auto const rows = csv_of(find("CLM-1"));
    ASSERT_EQ(rows.size(), 6U);
    auto const& needs_pa = rows[2];
    EXPECT_EQ(needs_pa.at("file"), "claims/a.xml");
    EXPECT_EQ(needs_pa.at("claim_line"), "2");
    EXPECT_EQ(needs_pa.at("claim_column"), "3");
    EXPECT_EQ(needs_pa.at("line"), "3");
    EXPECT_EQ(needs_pa.at("date"), "2026-01-07");
    EXPECT_EQ(needs_pa.at("code"), "97110");
    EXPECT_EQ(needs_pa.at("modifiers"), "GP");
    EXPECT_EQ(needs_pa.at("benefit"), "Physical therapy");
    EXPECT_EQ(needs_pa.at("outcome"), "needs PA");
    EXPECT_EQ(needs_pa.at("billed"), "120.00");
    EXPECT_EQ(needs_pa.at("carc"), "197");
    EXPECT_EQ(needs_pa.at("rule").rfind("test.rules:", 0), 0U) << needs_pa.at("rule");
    EXPECT_NE(needs_pa.at("fix"), "");
    EXPECT_EQ(needs_pa.at("quantity"), "");  // not a drug line
    auto const drug = csv_of(find("CLM-2"))[2];
    EXPECT_EQ(drug.at("drug"), "25480");
    EXPECT_EQ(drug.at("quantity"), "90");
    EXPECT_EQ(drug.at("days_supply"), "30");
    // Money cells add up the way the model says: plan + patient + at risk = allowed.
    for (auto const& row : rows) {
        EXPECT_EQ(cents_of(row.at("plan_pays")) + cents_of(row.at("patient_owes")) + cents_of(row.at("at_risk")),
                  cents_of(row.at("allowed")))
            << row.at("line");
    }
}

TEST(batch_report_test, csv_guards_against_formula_injection_but_not_numbers) {
    auto const rows = csv_of(find("=HYPERLINK(\"http://evil.example\",\"click\")"));
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].at("claim_id"), "'=HYPERLINK(\"http://evil.example\",\"click\")");
    EXPECT_EQ(rows[0].at("member_id"), "'+1 555, \"Smith\"\nline two");  // quoted, line break kept
    EXPECT_EQ(rows[0].at("file"), "claims/b, \"second\".xml");
    EXPECT_EQ(rows[0].at("line"), "'-3");   // a line id is text
    EXPECT_EQ(rows[0].at("fix"), "'@SUM(1+1)");
    EXPECT_EQ(rows[1].at("billed"), "-150.00");  // money is a number: no quote
    EXPECT_EQ(rows[1].at("plan_pays"), "-120.00");
    EXPECT_EQ(rows[1].at("patient_owes"), "-30.00");
    EXPECT_EQ(rows[1].at("deductible"), "0.00");

    ClaimResult r = find("CLM-2");
    r.claim_id = "\tcmd";
    r.member_id = "\r=1";
    r.plan_id = "-2+3";
    r.lines.at(0).benefit = "=1";
    r.lines.at(0).cost.patient = Money{-50};
    r.lines.at(0).cost.plan = Money{-123456};
    auto const guarded = csv_of(r);
    EXPECT_EQ(guarded[0].at("claim_id"), "'\tcmd");
    EXPECT_EQ(guarded[0].at("member_id"), "'\r=1");
    EXPECT_EQ(guarded[0].at("plan_id"), "'-2+3");
    EXPECT_EQ(guarded[0].at("benefit"), "'=1");
    EXPECT_EQ(guarded[0].at("outcome"), "not covered");  // ordinary text is left alone
    EXPECT_EQ(guarded[0].at("patient_owes"), "-0.50");    // the sign survives a zero dollar part
    EXPECT_EQ(guarded[0].at("plan_pays"), "-1234.56");
}

TEST(batch_report_test, csv_raw_text_has_crlf_records_and_quotes_only_where_needed) {
    EXPECT_EQ(batch_csv_header().substr(0, 40), "file,claim_line,claim_column,claim_id,me");
    std::string const rows = batch_csv_rows(find("=HYPERLINK(\"http://evil.example\",\"click\")"));
    EXPECT_NE(rows.find("\"'+1 555, \"\"Smith\"\"\nline two\""), std::string::npos) << rows;
    EXPECT_NE(rows.find(",-150.00,-150.00,0.00,-30.00,"), std::string::npos) << rows;
}

// ---- JSON lines ------------------------------------------------------------------------------

TEST(batch_report_test, jsonl_records_are_one_valid_json_object_per_line) {
    for (ClaimResult const& r : batch()) {
        std::string const record = batch_jsonl_record(r);
        ASSERT_FALSE(record.empty());
        EXPECT_EQ(record.back(), '\n');
        EXPECT_EQ(std::count(record.begin(), record.end(), '\n'), 1) << record;
        Json const j = parse_json(record);
        ASSERT_TRUE(j.is(Json::Type::object)) << record;
        EXPECT_FALSE(j.has("sequence"));
        EXPECT_EQ(j["file"].text, r.file);
        EXPECT_EQ(j["claim_id"].text, r.claim_id);
        EXPECT_EQ(j["member_id"].text, r.member_id);
        EXPECT_EQ(j["status"].text, to_string(r.status));
        EXPECT_EQ(j["location"]["line"].integer(), r.where.line);
        EXPECT_EQ(j["diagnostics"].items.size(), r.diagnostics.size());
        ASSERT_EQ(j["lines"].items.size(), r.lines.size());
        for (std::size_t i = 0; i < r.lines.size(); ++i) {
            Json const& line = j["lines"][i];
            LineResult const& lr = r.lines[i];
            EXPECT_EQ(line["line"].text, lr.line.id);
            EXPECT_EQ(line["outcome"].text, to_string(lr.outcome));
            EXPECT_EQ(line["billed_cents"].integer(), lr.cost.billed.cents);
            EXPECT_EQ(line["patient_cents"].integer(), lr.cost.patient.cents);
            EXPECT_EQ(line["at_risk_cents"].integer(), lr.cost.at_risk.cents);
            ASSERT_EQ(line["findings"].items.size(), lr.findings.size());
            for (std::size_t k = 0; k < lr.findings.size(); ++k) {
                Json const& f = line["findings"][k];
                EXPECT_EQ(f["reason"].text, lr.findings[k].reason);
                EXPECT_TRUE(f["rule"].is(Json::Type::object));
                EXPECT_EQ(f["rule"]["line"].integer(), lr.findings[k].rule.line);
            }
        }
        EXPECT_EQ(j["totals"]["flagged_lines"].integer(), r.totals.flagged_lines);
        EXPECT_EQ(j["totals"]["billed_cents"].integer(), r.totals.billed.cents);
    }
    Json const err = parse_json(batch_jsonl_record(find("", ClaimStatus::error)));
    EXPECT_EQ(err["diagnostics"][1]["code"].text, "CX-XML");
    EXPECT_EQ(err["diagnostics"][1]["line"].integer(), 9);
    EXPECT_EQ(err["diagnostics"][1]["hint"].text, "close <line> before </claim>");
    EXPECT_EQ(err["diagnostics"][0]["severity"].text, "warning");
}

TEST(batch_report_test, jsonl_survives_any_bytes_in_strings) {
    ClaimResult r = find("CLM-2");
    std::string nasty = "q\"b\\s/ nl\n cr\r tab\t nul";
    nasty += '\0';
    nasty += " bell\x07 esc\x1B del\x7F line-sep\xE2\x80\xA8 Zoë 𝄞 bad\xC3 \xFF end";
    r.file = nasty;
    r.claim_id = nasty;
    r.member_id = nasty;
    r.plan_name = nasty;
    r.lines.at(0).line.modifiers = {nasty, ""};
    r.lines.at(0).findings.at(0).reason = nasty;
    r.lines.at(0).findings.at(0).rule.file = nasty;
    r.diagnostics.push_back({Severity::note, nasty, {nasty, 1, 1}, nasty, nasty});
    std::string const record = batch_jsonl_record(r);
    EXPECT_EQ(std::count(record.begin(), record.end(), '\n'), 1);
    Json const j = parse_json(record);
    std::string const expected = report::valid_utf8(nasty);
    EXPECT_EQ(j["claim_id"].text, expected);
    EXPECT_EQ(j["plan_name"].text, expected);
    EXPECT_EQ(j["lines"][0]["modifiers"][0].text, expected);
    EXPECT_EQ(j["lines"][0]["modifiers"][1].text, "");
    EXPECT_EQ(j["lines"][0]["findings"][0]["rule"]["file"].text, expected);
    EXPECT_EQ(j["diagnostics"].items.back()["hint"].text, expected);
    EXPECT_NE(expected.find("Zoë 𝄞"), std::string::npos);  // valid UTF-8 passes through as is
}

TEST(batch_report_test, json_checker_rejects_what_it_should) {
    for (char const* bad : {"{\"a\":1,}", "{\"a\":1,\"a\":2}", "[01]", "\"\x01\"", "\"\xC3\"", "\"\\ud800\"",
                            "{\"a\" 1}", "[1] x", "\"\\x\""}) {
        JsonReader reader(bad);
        EXPECT_FALSE(reader.parse().has_value()) << bad;
    }
    JsonReader good("{\"a\":[1,-2.5e3,true,null,\"\\u00e9\\ud834\\udd1e\"]}");
    auto const v = good.parse();
    ASSERT_TRUE(v.has_value()) << good.error();
    EXPECT_EQ((*v)["a"][4].text, "é𝄞");
}

// ---- HTML -----------------------------------------------------------------------------------

TEST(batch_report_test, html_rows_escape_everything) {
    std::vector<std::string> const rows = batch_html_flagged_rows(find("=HYPERLINK(\"http://evil.example\",\"click\")"));
    ASSERT_EQ(rows.size(), 1U);  // the needs-review line; the refund line is covered
    std::string const& row = rows[0];
    EXPECT_EQ(row.find("<script"), std::string::npos) << row;
    EXPECT_NE(row.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), std::string::npos)
        << row;
    EXPECT_NE(row.find("=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)"), std::string::npos) << row;
    EXPECT_EQ(row.rfind("<tr", 0), 0U);
    EXPECT_EQ(row.substr(row.size() - 5), "</tr>");

    ClaimResult r = find("CLM-2");
    r.member_id = "<img src=x onerror=alert(1)>";
    r.lines.at(1).line.code = "\"><b>";
    r.lines.at(1).findings.at(0).fix = "it's <fine> & \x01";
    for (std::string const& html : batch_html_flagged_rows(r)) {
        EXPECT_EQ(html.find("<img"), std::string::npos) << html;
        EXPECT_EQ(html.find("\"><b>"), std::string::npos) << html;
        EXPECT_EQ(html.find('\x01'), std::string::npos) << html;
    }
}

TEST(batch_report_test, html_rows_per_claim) {
    EXPECT_EQ(batch_html_flagged_rows(find("CLM-1")).size(), 3U);  // 2 need a PA, 1 over the limit
    EXPECT_EQ(batch_html_flagged_rows(find("CLM-2")).size(), 2U);
    EXPECT_TRUE(batch_html_flagged_rows(find("CLM-4")).empty());
    std::vector<std::string> const error = batch_html_flagged_rows(find("", ClaimStatus::error));
    ASSERT_EQ(error.size(), 1U);
    EXPECT_NE(error[0].find("could not be read"), std::string::npos);
    EXPECT_NE(error[0].find("CX-XML"), std::string::npos);
    EXPECT_NE(error[0].find("claims/broken.xml:9:14"), std::string::npos);
    EXPECT_NE(error[0].find("claims/broken.xml:1:1"), std::string::npos);
    std::vector<std::string> const no_plan = batch_html_flagged_rows(find("CLM-6", ClaimStatus::no_plan));
    ASSERT_EQ(no_plan.size(), 1U);
    EXPECT_NE(no_plan[0].find("no plan"), std::string::npos);
    EXPECT_NE(no_plan[0].find("&quot;NOPE-2026&quot;"), std::string::npos);
}

BatchSummary summary() {
    BatchSummary s;
    s.inputs = {"claims/a.xml", "claims/b, \"second\".xml", "claims/<broken>.xml", "claims/c.xml"};
    s.rules = "rules/";
    s.jobs = 2;
    s.claims_in = 6;
    s.results_out = 6;
    s.skipped_resources = 1;
    return s;
}

TEST(batch_report_test, html_page_is_self_contained_and_escaped) {
    std::vector<std::string> rows;
    for (ClaimResult const& r : batch()) {
        for (std::string& row : batch_html_flagged_rows(r)) rows.push_back(std::move(row));
    }
    std::int64_t const total = static_cast<std::int64_t>(rows.size());
    std::string const page = render_batch_html(totals_of(batch()), summary(), rows, total);
    EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0U);
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("<link"), std::string::npos);
    EXPECT_EQ(page.find("src="), std::string::npos);
    EXPECT_EQ(page.find("url("), std::string::npos);
    EXPECT_EQ(page.find("Generated"), std::string::npos);  // no timestamp unless given
    EXPECT_EQ(page.find("Showing the first"), std::string::npos);
    EXPECT_NE(page.find("claims/&lt;broken&gt;.xml"), std::string::npos);
    EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
    // Deterministic: the same arguments give the same bytes.
    EXPECT_EQ(page, render_batch_html(totals_of(batch()), summary(), rows, total));

    std::vector<std::string> const first(rows.begin(), rows.begin() + 2);
    BatchSummary s = summary();
    s.generated = "2026-03-01 09:00 <UTC>";
    std::string const truncated = render_batch_html(totals_of(batch()), s, first, total);
    EXPECT_NE(truncated.find("Showing the first 2 of " + std::to_string(total) + "; the CSV has them all."),
              std::string::npos);
    EXPECT_NE(truncated.find("Generated 2026-03-01 09:00 &lt;UTC&gt;"), std::string::npos);
}

TEST(batch_report_test, html_page_of_an_empty_batch) {
    std::string const page = render_batch_html(BatchTotals{}, BatchSummary{}, {}, 0);
    EXPECT_NE(page.find("No service lines were checked."), std::string::npos);
    EXPECT_NE(page.find("Nothing flagged."), std::string::npos);
    EXPECT_NE(page.find("None: every claim could be read."), std::string::npos);
    EXPECT_EQ(page.find("nan"), std::string::npos);
}

/// True when every '<' in `html` opens one of the tags the flagged rows use.
bool only_known_tags(std::string const& html) {
    static std::vector<std::string> const tags{"<tr>", "<tr class=\"not-checked\">", "</tr>", "<td>", "<td class=\"num\">",
                                               "<td colspan=\"8\">", "</td>", "<b>", "</b>", "<br>", "<small>",
                                               "</small>", "<code>", "</code>", "<span class=\"chip", "</span>",
                                               "<strong>", "</strong>"};
    for (std::size_t at = html.find('<'); at != std::string::npos; at = html.find('<', at + 1)) {
        bool const known = std::any_of(tags.begin(), tags.end(),
                                       [&](std::string const& t) { return html.compare(at, t.size(), t) == 0; });
        if (!known) return false;
    }
    return true;
}

TEST(batch_report_test, renderings_hold_for_random_bytes) {
    std::mt19937 random(20260301);  // fixed seed: the same cases every run
    auto bytes = [&] {
        std::string out;
        std::size_t const n = random() % 24;
        for (std::size_t i = 0; i < n; ++i) {
            // Mostly the characters that matter to CSV, JSON and HTML, then any byte at all.
            static std::string const special = "\",\r\n\t=+-@<>&'\\ \x7F\xC3\xA9\xE2\x80\xA8";
            out += random() % 2 == 0 ? special[random() % special.size()] : static_cast<char>(random() % 256);
        }
        return out;
    };
    std::size_t const columns = parse_csv(batch_csv_header()).at(0).size();
    for (int round = 0; round < 300; ++round) {
        ClaimResult r = round % 3 == 0 ? find("", ClaimStatus::error) : find("CLM-2");
        r.file = bytes();
        r.claim_id = bytes();
        r.member_id = bytes();
        r.plan_id = bytes();
        r.plan_name = bytes();
        for (Diagnostic& d : r.diagnostics) {
            d.code = bytes();
            d.message = bytes();
            d.hint = bytes();
        }
        for (LineResult& lr : r.lines) {
            lr.line.id = bytes();
            lr.line.code = bytes();
            lr.line.drug = bytes();
            lr.line.modifiers = {bytes(), bytes()};
            lr.benefit = bytes();
            for (Finding& f : lr.findings) {
                f.kind = bytes();
                f.reason = bytes();
                f.fix = bytes();
                f.carc = bytes();
                f.rule.file = bytes();
            }
        }
        SCOPED_TRACE("round " + std::to_string(round));
        for (CsvRow const& row : parse_csv(batch_csv_rows(r))) {
            ASSERT_EQ(row.size(), columns);
            // (CLM-2's money is not negative, so no cell may start with a formula character.)
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (row[i].empty()) continue;
                EXPECT_EQ(std::string("=+-@\t\r").find(row[i][0]), std::string::npos)
                    << "column " << i << " unguarded: " << row[i];
            }
        }
        std::string const record = batch_jsonl_record(r);
        ASSERT_EQ(std::count(record.begin(), record.end(), '\n'), 1);
        Json const j = parse_json(record);
        EXPECT_EQ(j["claim_id"].text, report::valid_utf8(r.claim_id));
        for (std::string const& row : batch_html_flagged_rows(r)) {
            EXPECT_TRUE(only_known_tags(row)) << row;
            EXPECT_EQ(report::valid_utf8(row), row);
        }
        BatchTotals t;
        t.add(r);
        std::string const page = render_batch_html(t, summary(), batch_html_flagged_rows(r), 1);
        EXPECT_EQ(report::valid_utf8(page), page);
        EXPECT_EQ(page.find("<script"), std::string::npos);
    }
}

// ---- totals ---------------------------------------------------------------------------------

TEST(batch_report_test, totals_count_claims_lines_money_and_reasons) {
    BatchTotals const t = totals_of(batch());
    EXPECT_EQ(t.claims, 6);
    EXPECT_EQ(t.checked, 4);
    EXPECT_EQ(t.no_plan, 1);
    EXPECT_EQ(t.errors, 1);
    EXPECT_EQ(t.lines, 6 + 3 + 2);
    EXPECT_EQ(t.flagged_lines, 3 + 2 + 1);
    Money billed;
    Money patient;
    for (ClaimResult const& r : batch()) {
        billed += r.totals.billed;
        patient += r.totals.patient;
    }
    EXPECT_EQ(t.billed, billed);
    EXPECT_EQ(t.patient, patient);
    EXPECT_EQ(t.plan + t.patient + t.at_risk, t.allowed);
    EXPECT_EQ(t.by_error, (std::map<std::string, std::int64_t>{{"CX-XML", 1}}));  // the error, not the warning
    ASSERT_EQ(t.by_plan.count(""), 1U);
    EXPECT_EQ(t.by_plan.at("").claims, 2);     // the unreadable claim and the one with no plan
    EXPECT_EQ(t.by_plan.at("TEST-2026").claims, 4);
    EXPECT_EQ(t.by_plan.at("TEST-2026").lines, 11);
    ASSERT_EQ(t.by_benefit.count("(no rule)"), 1U);
    EXPECT_EQ(t.by_benefit.at("(no rule)").lines, 2);
    EXPECT_EQ(t.by_benefit.at("(no rule)").flagged, 2);
    EXPECT_EQ(t.by_benefit.at("Physical therapy").flagged, 3);
    EXPECT_EQ(t.by_outcome.at(static_cast<int>(Outcome::needs_pa)).lines, 2);
    ASSERT_EQ(t.by_reason.count("no-rule"), 1U);
    BatchTotals::Reason const& no_rule = t.by_reason.at("no-rule");
    EXPECT_EQ(no_rule.lines, 2);
    EXPECT_EQ(no_rule.outcome, "needs review");
    EXPECT_EQ(no_rule.example_sequence, seq(0, 1));  // CLM-2 comes before the hostile claim
    EXPECT_EQ(no_rule.example, find("CLM-2").lines[1].findings[0].reason);
}

void expect_same(BatchTotals const& a, BatchTotals const& b, std::string const& how) {
    SCOPED_TRACE(how);
    EXPECT_EQ(a.claims, b.claims);
    EXPECT_EQ(a.checked, b.checked);
    EXPECT_EQ(a.no_plan, b.no_plan);
    EXPECT_EQ(a.errors, b.errors);
    EXPECT_EQ(a.lines, b.lines);
    EXPECT_EQ(a.flagged_lines, b.flagged_lines);
    EXPECT_EQ(a.billed, b.billed);
    EXPECT_EQ(a.allowed, b.allowed);
    EXPECT_EQ(a.plan, b.plan);
    EXPECT_EQ(a.patient, b.patient);
    EXPECT_EQ(a.at_risk, b.at_risk);
    ASSERT_EQ(a.by_outcome.size(), b.by_outcome.size());
    for (auto const& [k, v] : a.by_outcome) {
        ASSERT_EQ(b.by_outcome.count(k), 1U) << k;
        EXPECT_EQ(v.lines, b.by_outcome.at(k).lines) << k;
        EXPECT_EQ(v.billed, b.by_outcome.at(k).billed) << k;
        EXPECT_EQ(v.patient, b.by_outcome.at(k).patient) << k;
    }
    ASSERT_EQ(a.by_benefit.size(), b.by_benefit.size());
    for (auto const& [k, v] : a.by_benefit) {
        ASSERT_EQ(b.by_benefit.count(k), 1U) << k;
        BatchTotals::Tally const& w = b.by_benefit.at(k);
        EXPECT_TRUE(v.lines == w.lines && v.flagged == w.flagged && v.billed == w.billed && v.patient == w.patient &&
                    v.at_risk == w.at_risk)
            << k;
    }
    ASSERT_EQ(a.by_plan.size(), b.by_plan.size());
    for (auto const& [k, v] : a.by_plan) {
        ASSERT_EQ(b.by_plan.count(k), 1U) << k;
        BatchTotals::Tally const& w = b.by_plan.at(k);
        EXPECT_TRUE(v.claims == w.claims && v.lines == w.lines && v.flagged == w.flagged && v.billed == w.billed &&
                    v.plan == w.plan && v.patient == w.patient)
            << k;
    }
    ASSERT_EQ(a.by_reason.size(), b.by_reason.size());
    for (auto const& [k, v] : a.by_reason) {
        ASSERT_EQ(b.by_reason.count(k), 1U) << k;
        BatchTotals::Reason const& w = b.by_reason.at(k);
        EXPECT_EQ(v.lines, w.lines) << k;
        EXPECT_EQ(v.outcome, w.outcome) << k;
        EXPECT_EQ(v.example, w.example) << k;
        EXPECT_EQ(v.example_sequence, w.example_sequence) << k;
    }
    EXPECT_EQ(a.by_error, b.by_error);
}

TEST(batch_report_test, totals_do_not_depend_on_order_or_partition) {
    // Many results with colliding reason kinds, so which example is kept matters.
    std::vector<ClaimResult> results;
    for (std::uint64_t round = 0; round < 3; ++round) {
        for (ClaimResult r : batch()) {
            r.sequence += round << 40;
            for (LineResult& lr : r.lines) {
                for (Finding& f : lr.findings) f.reason += " (round " + std::to_string(round) + ")";
            }
            results.push_back(std::move(r));
        }
    }
    // Two claims with one sequence number: the tie still has one answer.
    ClaimResult twin = find("CLM-2");
    twin.lines.at(1).findings.at(0).reason = "a twin's reason sorts first";
    results.push_back(twin);

    BatchTotals const forward = totals_of(results);
    std::vector<ClaimResult> reversed(results.rbegin(), results.rend());
    expect_same(forward, totals_of(reversed), "reversed");

    for (std::size_t parts : {2U, 3U, 5U}) {
        std::vector<BatchTotals> workers(parts);
        for (std::size_t i = 0; i < results.size(); ++i) workers[(i * 7) % parts].add(results[i]);
        BatchTotals merged;
        for (BatchTotals const& w : workers) merged.add(w);
        expect_same(forward, merged, std::to_string(parts) + " workers");
        BatchTotals merged_backwards;
        for (auto w = workers.rbegin(); w != workers.rend(); ++w) merged_backwards.add(*w);
        expect_same(forward, merged_backwards, std::to_string(parts) + " workers, merged backwards");
        BatchTotals tree = workers.back();  // ((last + first) + ...) also gives the same
        for (std::size_t i = 0; i + 1 < parts; ++i) tree.add(workers[i]);
        expect_same(forward, tree, std::to_string(parts) + " workers, last first");
    }
    EXPECT_EQ(forward.by_reason.at("no-rule").example, "a twin's reason sorts first");
    EXPECT_EQ(forward.by_reason.at("no-rule").example_sequence, seq(0, 1));
}

// ---- golden files ---------------------------------------------------------------------------

TEST(batch_report_test, golden_csv_jsonl_and_html) {
    std::string csv = batch_csv_header();
    std::string jsonl;
    std::vector<std::string> rows;
    for (ClaimResult const& r : batch()) {
        csv += batch_csv_rows(r);
        jsonl += batch_jsonl_record(r);
        for (std::string& row : batch_html_flagged_rows(r)) rows.push_back(std::move(row));
    }
    std::int64_t const total = static_cast<std::int64_t>(rows.size());
    rows.resize(6);  // a page keeps the first rows only; the note says so
    BatchSummary s = summary();
    s.generated = "2026-03-01 09:00 UTC";
    expect_golden("batch.csv", csv);
    expect_golden("batch.jsonl", jsonl);
    expect_golden("batch.html", render_batch_html(totals_of(batch()), s, rows, total));
}

}  // namespace
}  // namespace covercheck
