// `covercheck check --format html`: the printable estimate per patient, end to end (golden file
// made by the program and reviewed), and what a patient or billing staff would look for in it.

#include "cli_support.hpp"

#include "covercheck/fingerprint.hpp"

#include <fstream>
#include <iterator>
#include <regex>
#include <string>

namespace covercheck::cli {
namespace {

using namespace covercheck::cli::testing;

/// The services-table row of line `id` and the rows after it, up to the next line's row.
std::string line_rows(std::string const& html, std::string const& id) {
    std::string const start = "<tr class=\"line\"><td>" + id + "</td>";
    std::size_t const at = html.find(start);
    if (at == std::string::npos) return "";
    std::size_t end = html.find("<tr class=\"line\">", at + start.size());
    if (end == std::string::npos) end = html.find("</tbody>", at);
    return html.substr(at, end - at);
}

std::string read_text(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// `html` with every SHA-256 digest (64 hex digits, or the 12 shown in the heading) replaced by
/// "SHA256", so that the golden file does not change with every edit of a shipped rules file (the
/// digests are checked by the_rules_sha256_is_that_of_the_files_read).
std::string without_digests(std::string const& html) {
    std::string const out = std::regex_replace(html, std::regex("[0-9a-f]{64}"), "SHA256");
    return std::regex_replace(out, std::regex("SHA-256 <code>[0-9a-f]{12}</code>"), "SHA-256 <code>SHA256</code>");
}

TEST(estimate_command_test, golden_estimate_for_a_plan_with_every_kind_of_finding) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "html", "--as-of", "2026-04-20",
                                 "samples/statecare-therapy-modifier.xml"});
    EXPECT_EQ(r.exit_code, 1);   // lines are flagged, as with the other formats
    EXPECT_EQ(r.err, "");        // nothing logged, no patient data on stderr
    expect_golden("statecare-therapy-modifier.html", without_digests(r.out));
    EXPECT_NE(without_digests(r.out), r.out);
    EXPECT_TRUE(is_valid_utf8(r.out));
}

TEST(estimate_command_test, patient_owes_needs_pa_and_not_covered_lines_read_as_a_patient_needs) {
    Result const r = covercheck({"check", "--rules", "rules/", "--format", "html", "--as-of", "2026-01-15",
                                 "samples/pt-course-over-limit.xml"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    // The patient-owes total to the cent, in the table's footer and in the totals.
    EXPECT_NE(r.out.find("<td class=\"num owe\">$576.00</td></tr></tfoot>"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("<b>You are expected to owe</b></th><td class=\"num\"><b>$576.00</b>"), std::string::npos);
    // Line 13 needs a PA: the patient owes nothing and the $140.00 is the provider's write-off.
    std::string const pa = line_rows(r.out, "13");
    EXPECT_NE(pa.find("needs a prior authorization"), std::string::npos) << pa;
    EXPECT_NE(pa.find("<td class=\"num owe\">$0.00</td>"), std::string::npos) << pa;
    EXPECT_NE(pa.find("$140.00 not billed to you: the provider's write-off unless you sign a waiver."), std::string::npos) << pa;
    EXPECT_NE(r.out.find("<code>97110</code>, Physical therapy, for lines 13, 14, 15, 16, 17, 18, 19 and 20: "
                         "the provider asks your plan to approve it before the service."),
              std::string::npos);
    // Line 21 is over the limit: it says why in the notices.
    EXPECT_NE(r.out.find("<h3>Services not covered, and why</h3>"), std::string::npos);
    EXPECT_NE(r.out.find("<li><b>Line 21</b>, Physical therapy (<code>97110 GP</code>, 2026-04-13): "
                         "visit 21 is over the limit of 20 visits per calendar year."),
              std::string::npos);
    // Deductible met before and after; the estimate's date.
    EXPECT_NE(r.out.find("<tr><th scope=\"row\">Deductible</th><td class=\"num\">$1,500.00</td><td class=\"num\">$1,200.00</td>"
                         "<td class=\"num\">$1,500.00</td><td class=\"num\">$0.00</td></tr>"),
              std::string::npos);
    EXPECT_NE(r.out.find("Estimate made on <b>2026-01-15</b>"), std::string::npos);
}

TEST(estimate_command_test, a_not_covered_line_gives_its_reason) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "html", "--as-of", "2026-04-20",
                                 "samples/statecare-therapy-modifier.xml"});
    EXPECT_NE(line_rows(r.out, "7").find("Acupuncture<br><small>not covered</small>"), std::string::npos);
    // A line that links no diagnosis of its own shows the treatment plan's.
    EXPECT_NE(line_rows(r.out, "7").find("<td>E11.42</td>"), std::string::npos) << line_rows(r.out, "7");
    EXPECT_NE(r.out.find("<li><b>Line 7</b>, Acupuncture (<code>97810</code>, 2026-05-20): &#39;Acupuncture&#39; is not "
                         "covered: not a plan benefit.</li>"),
              std::string::npos)
        << r.out;
}

/// A plan whose benefit name, payer and name are hostile, and a treatment plan for it.
std::string const hostile_rules = R"(plan "HOSTILE-2026" {
    name "Plan <b>bold</b> & co"
    payer "Payer \"quoted\" <i>"
    effective 2026-01-01 to 2026-12-31
    coinsurance 20%
}
codes pt = cpt 97110
benefit "<script>alert('x')</script>" codes pt {
    covered
}
)";

std::string const hostile_plan = R"(<?xml version="1.0" encoding="UTF-8"?>
<treatment-plan id="T&lt;img src=x onerror=alert(1)&gt;" plan="HOSTILE-2026">
  <patient member-id="M&amp;&quot;1"/>
  <services>
    <service line="1" date="2026-03-02" code="97110" modifiers="GP" charge="$100.00" diagnoses="G62.0"/>
  </services>
</treatment-plan>
)";

TEST(estimate_command_test, hostile_text_from_rules_and_plans_is_escaped) {
    std::string const dir = scratch_folder("estimate-hostile");
    write_file(dir + "/rules/hostile.rules", hostile_rules);
    write_file(dir + "/plan.xml", hostile_plan);
    Result const r = covercheck({"check", "--rules", dir + "/rules", "--format", "html", "--as-of", "2026-02-01",
                                 dir + "/plan.xml"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out.find("<script"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("<img"), std::string::npos);
    EXPECT_EQ(r.out.find("<b>bold"), std::string::npos);
    EXPECT_NE(r.out.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<br><small>covered</small>"), std::string::npos);
    EXPECT_NE(r.out.find("Plan &lt;b&gt;bold&lt;/b&gt; &amp; co (HOSTILE-2026)<br>Payer &quot;quoted&quot; &lt;i&gt;"),
              std::string::npos);
    EXPECT_NE(r.out.find("<td>T&lt;img src=x onerror=alert(1)&gt;</td>"), std::string::npos);
    EXPECT_NE(r.out.find("Member ID <b>M&amp;&quot;1</b>"), std::string::npos);
    EXPECT_NE(r.out.find("<b>You are expected to owe</b></th><td class=\"num\"><b>$20.00</b>"), std::string::npos);
}

TEST(estimate_command_test, the_rules_sha256_is_that_of_the_files_read) {
    std::string const dir = scratch_folder("estimate-hash");
    write_file(dir + "/rules/hostile.rules", hostile_rules);
    write_file(dir + "/plan.xml", hostile_plan);
    Result const r = covercheck({"check", "--rules", dir + "/rules", "--format", "html", "--as-of", "2026-02-01",
                                 dir + "/plan.xml"});
    std::string const file_digest = sha256_hex(read_text(dir + "/rules/hostile.rules"));
    std::string const fingerprint = sha256_hex(file_digest + "\n");
    EXPECT_NE(r.out.find("<code>" + dir + "/rules/hostile.rules</code> <code class=\"digest\">" + file_digest + "</code>"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("<tr><th scope=\"row\">Rules SHA-256</th><td><code class=\"digest\">" + fingerprint + "</code>"),
              std::string::npos);
    EXPECT_NE(r.out.find("Rules HOSTILE-2026, SHA-256 <code>" + fingerprint.substr(0, 12) + "</code>"), std::string::npos);

    // A changed rules file changes the fingerprint.
    write_file(dir + "/rules/hostile.rules", hostile_rules + "# a comment\n");
    Result const changed = covercheck({"check", "--rules", dir + "/rules", "--format", "html", "--as-of", "2026-02-01",
                                       dir + "/plan.xml"});
    EXPECT_EQ(changed.out.find(fingerprint), std::string::npos);
}

TEST(estimate_command_test, several_plans_make_one_document_with_a_page_each) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "html", "--as-of", "2026-01-15",
                                 "samples/clean-plan.xml", "samples/crps-ketamine-infusion.xml"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::size_t articles = 0;
    for (std::size_t at = r.out.find("<article class=\"estimate\">"); at != std::string::npos;
         at = r.out.find("<article class=\"estimate\">", at + 1)) {
        ++articles;
    }
    EXPECT_EQ(articles, 2U);
    EXPECT_EQ(r.out.rfind("<!DOCTYPE html>"), 0U);
    EXPECT_NE(r.out.find("break-before: page"), std::string::npos);
}

TEST(estimate_command_test, clinic_note_goes_at_the_top_escaped) {
    std::string const dir = scratch_folder("estimate-note");
    write_file(dir + "/note.txt", "\xEF\xBB\xBFLakeside Pain & Spine Clinic\nTel. 555-0100 <b>\n\n");
    Result const r = covercheck({"check", "--rules", "rules", "--format", "html", "--as-of", "2026-01-15",
                                 "--clinic-note", dir + "/note.txt", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("<header>\n<div class=\"clinic-note\">Lakeside Pain &amp; Spine Clinic\nTel. 555-0100 &lt;b&gt;</div>\n<h1>"),
              std::string::npos)
        << r.out;
}

TEST(estimate_command_test, an_unreadable_clinic_note_is_bad_input) {
    Result const r = covercheck({"check", "--rules", "rules", "--format", "html", "--clinic-note",
                                 "build-test-tmp/no-such-note.txt", "samples/clean-plan.xml"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("build-test-tmp/no-such-note.txt: error CK-CLINIC-NOTE: cannot read the clinic note"),
              std::string::npos)
        << r.err;
}

TEST(estimate_command_test, html_options_are_usage_errors_elsewhere_and_as_of_must_be_a_date) {
    Result const bad_date = covercheck({"check", "--rules", "rules", "--format", "html", "--as-of", "2026-02-30",
                                        "samples/clean-plan.xml"});
    EXPECT_EQ(bad_date.exit_code, 2);
    EXPECT_NE(bad_date.err.find("expected a date like 2026-03-01, got '2026-02-30'"), std::string::npos) << bad_date.err;

    Result const text = covercheck({"check", "--rules", "rules", "--as-of", "2026-02-01", "samples/clean-plan.xml"});
    EXPECT_EQ(text.exit_code, 2);
    EXPECT_NE(text.err.find("--as-of: applies to --format html only"), std::string::npos) << text.err;
}

}  // namespace
}  // namespace covercheck::cli
