// The printable estimate (report.hpp) on hand-made evaluations: escaping, the rules' SHA-256,
// a self-pay Good Faith Estimate, the provider, several patients in one document.

#include "covercheck/fingerprint.hpp"
#include "covercheck/report.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace covercheck {
namespace {

/// The number of times `needle` occurs in `text`.
std::size_t count_of(std::string const& text, std::string const& needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

/// A one-line estimate: 97110 with a $150.00 charge, the plan paying $120.00 and the patient
/// owing $30.00.
Estimate one_line_estimate() {
    Estimate e;
    e.evaluation.treatment_id = "T-1";
    e.evaluation.plan_id = "P-1";
    e.evaluation.plan_name = "Plan One";
    LineResult r;
    r.line.id = "1";
    r.line.date = *Date::from_ymd(2026, 3, 2);
    r.line.code = "97110";
    r.line.modifiers = {"GP", "KX"};
    r.line.units = 2;
    r.line.diagnoses = {"G62.0", "M54.50"};
    r.benefit = "Physical therapy";
    r.cost.billed = Money{15000};
    r.cost.allowed = Money{15000};
    r.cost.plan = Money{12000};
    r.cost.patient = Money{3000};
    e.evaluation.lines.push_back(r);
    e.evaluation.totals = totals_of(e.evaluation.lines);
    e.patient.member_id = "M-77";
    e.patient.birth_date = Date::from_ymd(1961, 4, 12);
    e.date = *Date::from_ymd(2026, 2, 20);
    e.rules.sha256 = std::string(64, 'a');
    return e;
}

TEST(estimate_test, html_escape_makes_hostile_text_inert) {
    EXPECT_EQ(html_escape("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    EXPECT_EQ(html_escape("Tom & Jerry's"), "Tom &amp; Jerry&#39;s");
    EXPECT_EQ(html_escape("&amp;"), "&amp;amp;");   // already-escaped text is escaped again, not trusted
    // UTF-8 passes through; a broken byte and a control character become U+FFFD.
    EXPECT_EQ(html_escape("Régime santé – 2026 ✓"), "Régime santé – 2026 ✓");
    EXPECT_EQ(html_escape(std::string("a\xFF" "b\x01" "c", 5)), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
    EXPECT_EQ(html_escape("two\nlines\tand a tab"), "two\nlines\tand a tab");
}

TEST(estimate_test, sha256_matches_the_fips_test_vectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(short_digest(sha256_hex("abc")), "ba7816bf8f01");
}

TEST(estimate_test, rules_fingerprint_is_the_digest_of_the_files_digests_in_load_order) {
    LoadedRules rules;
    rules.files.resize(2);
    rules.files[0].path = "rules/base.rules";
    rules.files[1].path = "rules/plan.rules";
    rules.sources["rules/base.rules"] = "abc";
    rules.sources["rules/plan.rules"] = "";
    RulesFingerprint const f = rules_fingerprint(rules);
    ASSERT_EQ(f.files.size(), 2U);
    EXPECT_EQ(f.files[0].path, "rules/base.rules");
    EXPECT_EQ(f.files[0].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(f.files[1].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    // printf 'ba78...15ad\ne3b0...b855\n' | sha256sum
    EXPECT_EQ(f.sha256, sha256_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n"
                                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"));
    EXPECT_EQ(f.sha256, "ff481ce4c9482a1350469a8ff263915d6a478123e3a0c03f6eba5cb3e38a150f");

    // One file: sha256sum FILE | cut -c1-64 | sha256sum.
    rules.files.erase(rules.files.begin() + 1);
    EXPECT_EQ(rules_fingerprint(rules).sha256, "620a3df236da0af638c2a61c86951463731998f91dbb3ed629f47b9fe00ad118");
}

TEST(estimate_test, an_insured_estimate_shows_what_the_plan_pays_and_the_patient_owes) {
    Estimate const e = one_line_estimate();
    std::string const html = render_estimate_html(e);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0U);
    EXPECT_NE(html.find("<h1>Estimate of your costs</h1>"), std::string::npos);
    EXPECT_NE(html.find("<th scope=\"col\" class=\"num\">Plan pays</th>"), std::string::npos);
    EXPECT_NE(html.find("Member ID <b>M-77</b>; date of birth <b>1961-04-12</b>"), std::string::npos) << html;
    EXPECT_NE(html.find("<code>97110 GP KX</code>"), std::string::npos);
    EXPECT_NE(html.find("<td>G62.0 M54.50</td>"), std::string::npos);
    EXPECT_NE(html.find("<b>You are expected to owe</b></th><td class=\"num\"><b>$30.00</b>"), std::string::npos) << html;
    EXPECT_NE(html.find("Plan is expected to pay (plan estimate)</th><td class=\"num\">$120.00"), std::string::npos);
    EXPECT_NE(html.find("This is an estimate, not a bill and not a guarantee of payment."), std::string::npos);
    EXPECT_NE(html.find("Your health plan decides what it covers and pays"), std::string::npos);
    EXPECT_EQ(html.find("$400"), std::string::npos);   // the GFE dispute right is for self-pay patients
    // Nothing at risk, no balance billing: neither is mentioned.
    EXPECT_EQ(html.find("not billed to you"), std::string::npos);
    EXPECT_EQ(html.find("balance billing"), std::string::npos);
}

TEST(estimate_test, a_self_pay_estimate_is_a_good_faith_estimate_without_plan_columns) {
    Estimate e = one_line_estimate();
    e.self_pay = true;
    e.evaluation.lines[0].cost.plan = Money{};
    e.evaluation.lines[0].cost.patient = Money{15000};
    e.evaluation.totals = totals_of(e.evaluation.lines);
    std::string const html = render_estimate_html(e);
    EXPECT_NE(html.find("<title>Good Faith Estimate</title>"), std::string::npos);
    EXPECT_NE(html.find("<h1>Good Faith Estimate</h1>"), std::string::npos);
    EXPECT_EQ(html.find("Plan pays"), std::string::npos) << html;
    EXPECT_EQ(html.find("Allowed"), std::string::npos);
    EXPECT_EQ(html.find("plan estimate"), std::string::npos);
    EXPECT_EQ(html.find("Deductible"), std::string::npos);
    EXPECT_NE(html.find("Patient ID <b>M-77</b>"), std::string::npos);
    EXPECT_NE(html.find("<b>You are expected to pay</b></th><td class=\"num\"><b>$150.00</b>"), std::string::npos) << html;
    EXPECT_NE(html.find("If you are billed at least $400 more than this Good Faith Estimate"), std::string::npos);
    EXPECT_NE(html.find("www.cms.gov/nosurprises"), std::string::npos);
    // Every row of the services table has as many cells as its header.
    EXPECT_EQ(count_of(html, "<th scope=\"col\""), 8U);
    EXPECT_NE(html.find("<th scope=\"row\" colspan=\"6\">Total</th><td class=\"num\">$150.00</td><td class=\"num owe\">$150.00</td></tr>"),
              std::string::npos);
}

TEST(estimate_test, provider_and_clinic_note_are_shown_escaped) {
    Estimate e = one_line_estimate();
    e.provider = Provider{"Lakeside Pain & Spine <Clinic>", "1234567893", {}};
    e.clinic_note = "Lakeside Pain & Spine\n12 Main St.\n<script>alert(1)</script>";
    std::string const html = render_estimate_html(e);
    EXPECT_NE(html.find("<tr><th scope=\"row\">Provider</th><td>Lakeside Pain &amp; Spine &lt;Clinic&gt;, NPI 1234567893</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<div class=\"clinic-note\">Lakeside Pain &amp; Spine\n12 Main St.\n&lt;script&gt;alert(1)&lt;/script&gt;</div>"),
              std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(estimate_test, every_input_text_is_escaped) {
    std::string const hostile = "<script>alert('x')</script>\"&";
    std::string const escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;";
    Estimate e = one_line_estimate();
    e.evaluation.treatment_id = hostile;
    e.evaluation.plan_id = hostile;
    e.evaluation.plan_name = hostile;
    e.payer = hostile;
    e.patient.member_id = hostile;
    LineResult& r = e.evaluation.lines[0];
    r.line.id = hostile;
    r.line.code = hostile;
    r.line.modifiers = {hostile};
    r.line.diagnoses = {hostile};
    r.benefit = hostile;
    r.outcome = Outcome::not_covered;
    r.findings.push_back(Finding{Outcome::not_covered, "excluded", hostile, {}, "96", hostile});
    PaToFile pa;
    pa.code = hostile;
    pa.benefit = hostile;
    pa.lines = {hostile};
    pa.documentation = {hostile};
    e.evaluation.pas_to_file.push_back(pa);
    e.rules.files.push_back(RulesFileDigest{hostile, hostile});
    std::string const html = render_estimate_html(e);
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("alert('x')"), std::string::npos);
    EXPECT_GE(count_of(html, escaped), 12U);
}

TEST(estimate_test, a_line_at_risk_and_one_out_of_network_say_so_in_words) {
    Estimate e = one_line_estimate();
    LineResult pa = e.evaluation.lines[0];
    pa.line.id = "2";
    pa.outcome = Outcome::needs_pa;
    pa.cost.plan = Money{};
    pa.cost.patient = Money{};
    pa.cost.at_risk = Money{15000};
    LineResult oon = e.evaluation.lines[0];
    oon.line.id = "3";
    oon.line.in_network = false;
    oon.cost.billed = Money{20000};
    oon.cost.balance_billing = Money{5000};
    e.evaluation.lines.push_back(pa);
    e.evaluation.lines.push_back(oon);
    e.evaluation.totals = totals_of(e.evaluation.lines);
    std::string const html = render_estimate_html(e);
    EXPECT_NE(html.find("<td class=\"num owe\">$0.00</td></tr>\n<tr class=\"line-note\"><td></td><td colspan=\"9\">$150.00 "
                        "not billed to you: the provider's write-off unless you sign a waiver.</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("$50.00: out of network, the provider may also bill you up to this amount above the allowed amount"),
              std::string::npos);
    EXPECT_NE(html.find("<b>Out of network: line 3.</b> The others are in network."), std::string::npos);
    EXPECT_NE(html.find("Provider at risk, not billed to you: the provider's write-off unless you sign a waiver</th>"
                        "<td class=\"num\">$150.00</td>"),
              std::string::npos);
    EXPECT_NE(html.find("Possible balance billing: out of network"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">$50.00</td></tr>\n</tbody>"), std::string::npos);
}

TEST(estimate_test, deductible_and_out_of_pocket_before_and_after) {
    Estimate e = one_line_estimate();
    e.deductible = Money{150000};
    e.out_of_pocket_max = Money{600000};
    e.met_before = MetSoFar{Money{120000}, Money{120000}};
    e.evaluation.met_after = MetSoFar{Money{123000}, Money{123000}};
    e.evaluation.lines[0].cost.deductible_left = Money{27000};
    e.evaluation.lines[0].cost.out_of_pocket_left = Money{477000};
    std::string const html = render_estimate_html(e);
    EXPECT_NE(html.find("<tr><th scope=\"row\">Deductible</th><td class=\"num\">$1,500.00</td><td class=\"num\">$1,200.00</td>"
                        "<td class=\"num\">$1,230.00</td><td class=\"num\">$270.00</td></tr>"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<tr><th scope=\"row\">Out-of-pocket maximum</th><td class=\"num\">$6,000.00</td>"
                        "<td class=\"num\">$1,200.00</td><td class=\"num\">$1,230.00</td><td class=\"num\">$4,770.00</td></tr>"),
              std::string::npos);

    // A plan that states neither.
    e.deductible.reset();
    e.evaluation.lines[0].cost.deductible_left.reset();
    std::string const none = render_estimate_html(e);
    EXPECT_NE(none.find("<tr><th scope=\"row\">Deductible</th><td class=\"num\">none stated</td>"), std::string::npos);
}

TEST(estimate_test, several_patients_go_in_one_document_a_page_each) {
    Estimate a = one_line_estimate();
    Estimate b = one_line_estimate();
    b.patient.member_id = "M-88";
    b.self_pay = true;
    std::string const html = render_estimates_html({a, b});
    EXPECT_EQ(count_of(html, "<!DOCTYPE html>"), 1U);
    EXPECT_EQ(count_of(html, "<article class=\"estimate"), 2U);
    EXPECT_NE(html.find("<title>Cost estimates</title>"), std::string::npos);
    EXPECT_LT(html.find("M-77"), html.find("M-88"));
    EXPECT_NE(html.find("article.estimate + article.estimate { break-before: page; page-break-before: always;"),
              std::string::npos);
    // The fragment is what the document holds.
    EXPECT_NE(html.find(render_estimate_fragment(b)), std::string::npos);
}

TEST(estimate_test, the_document_is_self_contained) {
    Estimate e = one_line_estimate();
    std::string const html = render_estimate_html(e);
    for (char const* loads : {"<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "http:", "https:"}) {
        EXPECT_EQ(html.find(loads), std::string::npos) << loads;
    }
    EXPECT_NE(html.find("@media print"), std::string::npos);
}

}  // namespace
}  // namespace covercheck
