// The treatment-plan XML reader: what a user sees. Parsed fields, and for every problem its
// stable code and the line:column it points at (the English may change; codes and spots do not).

#include "covercheck/treatment_xml.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace covercheck {
namespace {

TreatmentPlanRead read(std::string const& text) { return read_treatment_plan(text, "plan.xml"); }

/// "CODE line:column" for each diagnostic, in order: what the tests compare.
std::vector<std::string> found(TreatmentPlanRead const& r) {
    std::vector<std::string> out;
    for (Diagnostic const& d : r.diagnostics) {
        out.push_back(d.code + " " + std::to_string(d.where.line) + ":" + std::to_string(d.where.column));
    }
    return out;
}

using Found = std::vector<std::string>;

/// A valid plan around `extra` (which starts on line 3) with one service line after it:
///   1 <treatment-plan id="T-1" plan="P">
///   2   <patient member-id="M1"/>
///   3 extra...
///     <services><service line="1" .../></services>
///     </treatment-plan>
std::string plan_with(std::string const& extra) {
    return "<treatment-plan id=\"T-1\" plan=\"P\">\n"
           "  <patient member-id=\"M1\"/>\n" +
           extra +
           "  <services><service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"$10.00\"/></services>\n"
           "</treatment-plan>\n";
}

/// A valid plan whose <services> holds `lines`, which start on line 4:
///   1 <treatment-plan id="T-1" plan="P">
///   2   <patient member-id="M1"/>
///   3   <services>
///   4 lines...
std::string plan_with_lines(std::string const& lines) {
    return "<treatment-plan id=\"T-1\" plan=\"P\">\n"
           "  <patient member-id=\"M1\"/>\n"
           "  <services>\n" +
           lines +
           "  </services>\n"
           "</treatment-plan>\n";
}

std::string const full_plan = R"(<?xml version="1.0" encoding="UTF-8"?>
<treatment-plan id="PT-2026-0042" plan="ACME-PPO-2026">
  <patient member-id="ACM123456789" birth-date="1961-04-12" sex="female" state="IL"/>
  <diagnoses>
    <diagnosis code="G62.0"/>
    <diagnosis code="E11.42"/>
  </diagnoses>
  <benefit-period deductible-met="$1,500.00" out-of-pocket-met="$310.00">
    <used benefit="Physical and occupational therapy" visits="4" units="8" days="4" dollars="$400.00"/>
  </benefit-period>
  <history>
    <service date="2026-01-10" code="97110" units="2"/>
    <fill date="2026-01-05" drug="310431" quantity="90" days-supply="30"/>
  </history>
  <authorizations>
    <authorization number="AUTH-1" codes="97110 97112" units="12" from="2026-02-01" to="2026-07-31" status="A1"/>
  </authorizations>
  <services>
    <service line="1" date="2026-02-03" code="97110" modifiers="GP" units="2" charge="$180.00" place="11" network="in" diagnoses="G62.0" authorization="AUTH-1"/>
    <drug line="2" date="2026-02-03" drug="187832" quantity="60" days-supply="30" charge="$412.50" network="in" diagnoses="E11.42"/>
  </services>
</treatment-plan>
)";

// ---- a valid document ----------------------------------------------------------------------

TEST(treatment_xml_test, reads_every_element_and_attribute) {
    TreatmentPlanRead const r = read(full_plan);
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_TRUE(r.diagnostics.empty()) << found(r).front();
    TreatmentPlan const& p = *r.plan;

    EXPECT_EQ(p.id, "PT-2026-0042");
    EXPECT_EQ(p.plan_id, "ACME-PPO-2026");
    EXPECT_EQ(p.where.file, "plan.xml");
    EXPECT_EQ(p.where.line, 2);
    EXPECT_EQ(p.where.column, 1);

    EXPECT_EQ(p.patient.member_id, "ACM123456789");
    EXPECT_EQ(p.patient.birth_date, Date::parse("1961-04-12"));
    EXPECT_EQ(p.patient.sex, Sex::female);
    EXPECT_EQ(p.patient.state, "IL");

    EXPECT_EQ(p.diagnoses, (std::vector<std::string>{"G62.0", "E11.42"}));
    EXPECT_EQ(p.met.deductible, Money{150000});
    EXPECT_EQ(p.met.out_of_pocket, Money{31000});

    ASSERT_EQ(p.prior_usage.size(), 1U);
    EXPECT_EQ(p.prior_usage[0].benefit, "Physical and occupational therapy");
    EXPECT_EQ(p.prior_usage[0].visits, 4);
    EXPECT_EQ(p.prior_usage[0].units, 8);
    EXPECT_EQ(p.prior_usage[0].days, 4);
    EXPECT_EQ(p.prior_usage[0].dollars, Money{40000});
    EXPECT_EQ(p.prior_usage[0].where.line, 9);
    EXPECT_EQ(p.prior_usage[0].where.column, 5);

    ASSERT_EQ(p.history.size(), 2U);
    EXPECT_EQ(p.history[0].date, Date::parse("2026-01-10"));
    EXPECT_EQ(p.history[0].code, "97110");
    EXPECT_EQ(p.history[0].drug, "");
    EXPECT_EQ(p.history[0].units, 2);
    EXPECT_EQ(p.history[0].where.line, 12);
    EXPECT_EQ(p.history[1].date, Date::parse("2026-01-05"));
    EXPECT_EQ(p.history[1].code, "");
    EXPECT_EQ(p.history[1].drug, "310431");
    EXPECT_EQ(p.history[1].units, 90);
    EXPECT_EQ(p.history[1].days_supply, 30);
    EXPECT_EQ(p.history[1].where.line, 13);

    ASSERT_EQ(p.authorizations.size(), 1U);
    Authorization const& a = p.authorizations[0];
    EXPECT_EQ(a.number, "AUTH-1");
    EXPECT_EQ(a.codes, (std::vector<std::string>{"97110", "97112"}));
    EXPECT_EQ(a.units, 12);
    EXPECT_EQ(a.from, Date::parse("2026-02-01"));
    EXPECT_EQ(a.to, Date::parse("2026-07-31"));
    EXPECT_EQ(a.status, "A1");
    EXPECT_EQ(a.where.line, 16);
    EXPECT_EQ(a.where.column, 5);

    ASSERT_EQ(p.lines.size(), 2U);
    ServiceLine const& s = p.lines[0];
    EXPECT_EQ(s.id, "1");
    EXPECT_EQ(s.date, Date::parse("2026-02-03"));
    EXPECT_EQ(s.code, "97110");
    EXPECT_EQ(s.modifiers, (std::vector<std::string>{"GP"}));
    EXPECT_EQ(s.units, 2);
    EXPECT_EQ(s.billed, Money{18000});
    EXPECT_EQ(s.place_of_service, 11);
    EXPECT_TRUE(s.in_network);
    EXPECT_EQ(s.diagnoses, (std::vector<std::string>{"G62.0"}));
    EXPECT_EQ(s.authorization, "AUTH-1");
    EXPECT_EQ(s.drug, "");
    EXPECT_EQ(s.where.line, 19);
    EXPECT_EQ(s.where.column, 5);

    ServiceLine const& d = p.lines[1];
    EXPECT_EQ(d.id, "2");
    EXPECT_EQ(d.code, "");
    EXPECT_EQ(d.drug, "187832");
    EXPECT_EQ(d.quantity, 60);
    EXPECT_EQ(d.days_supply, 30);
    EXPECT_EQ(d.units, 1);
    EXPECT_EQ(d.billed, Money{41250});
    EXPECT_EQ(d.diagnoses, (std::vector<std::string>{"E11.42"}));
    EXPECT_EQ(d.where.line, 20);
}

TEST(treatment_xml_test, optional_attributes_take_their_defaults) {
    TreatmentPlanRead const r = read(plan_with_lines(
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"40\"/>\n"));
    ASSERT_TRUE(r.plan.has_value()) << found(r).front();
    TreatmentPlan const& p = *r.plan;
    EXPECT_FALSE(p.patient.birth_date.has_value());
    EXPECT_EQ(p.patient.sex, Sex::unknown);
    EXPECT_EQ(p.patient.state, "");
    EXPECT_EQ(p.met.deductible, Money{0});
    ServiceLine const& s = p.lines.at(0);
    EXPECT_EQ(s.units, 1);
    EXPECT_EQ(s.billed, Money{4000});
    EXPECT_EQ(s.place_of_service, 0);
    EXPECT_TRUE(s.in_network);
    EXPECT_TRUE(s.modifiers.empty());
    EXPECT_TRUE(s.diagnoses.empty());
    EXPECT_EQ(s.authorization, "");
}

TEST(treatment_xml_test, self_pay_and_waiver_are_yes_or_no) {
    std::string text = plan_with_lines(
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"40\" waiver=\"yes\"/>\n"
        "    <service line=\"2\" date=\"2026-02-03\" code=\"97110\" charge=\"40\" waiver=\"No\"/>\n"
        "    <service line=\"3\" date=\"2026-02-03\" code=\"97110\" charge=\"40\"/>\n");
    text.replace(text.find("<treatment-plan "), 16, "<treatment-plan self-pay=\"yes\" ");
    TreatmentPlanRead const r = read(text);
    ASSERT_TRUE(r.plan.has_value()) << found(r).front();
    EXPECT_TRUE(r.plan->self_pay);
    EXPECT_TRUE(r.plan->lines.at(0).waiver_signed);
    EXPECT_FALSE(r.plan->lines.at(1).waiver_signed);
    EXPECT_FALSE(r.plan->lines.at(2).waiver_signed);

    std::string bad = plan_with_lines("    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"40\" waiver=\"signed\"/>\n");
    TreatmentPlanRead const b = read(bad);
    EXPECT_EQ(found(b), Found{"CX-BAD-VALUE 4:66"});   // at the attribute
    ASSERT_FALSE(b.diagnostics.empty());
    EXPECT_EQ(b.diagnostics.front().message, "attribute 'waiver' must be yes or no, found 'signed'");
}

TEST(treatment_xml_test, words_and_letters_for_sex_status_and_network) {
    TreatmentPlanRead const r = read(
        "<treatment-plan id=\"T\" plan=\"P\">\n"
        "  <patient member-id=\"M\" sex=\"M\"/>\n"
        "  <authorizations>\n"
        "    <authorization number=\"A\" codes=\"97110,97112, 97140\" from=\"2026-01-01\" to=\"2026-01-01\" status=\"partial\"/>\n"
        "    <authorization number=\"B\" codes=\"J3490\" from=\"2026-01-01\" to=\"2026-02-01\" status=\"a6\"/>\n"
        "    <authorization number=\"C\" codes=\"J3490\" from=\"2026-01-01\" to=\"2026-02-01\"/>\n"
        "  </authorizations>\n"
        "  <services>\n"
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" modifiers=\"GP, KX 59\" charge=\"$1\" network=\"OUT\"/>\n"
        "    <drug line=\"2\" date=\"2026-02-03\" code=\"J3490\" drug=\"6387\" quantity=\"1\" charge=\"$1\"/>\n"
        "  </services>\n"
        "</treatment-plan>\n");
    ASSERT_TRUE(r.plan.has_value()) << found(r).front();
    TreatmentPlan const& p = *r.plan;
    EXPECT_EQ(p.patient.sex, Sex::male);
    EXPECT_EQ(p.authorizations.at(0).codes, (std::vector<std::string>{"97110", "97112", "97140"}));
    EXPECT_EQ(p.authorizations.at(0).status, "A2");
    EXPECT_EQ(p.authorizations.at(0).units, 0);
    EXPECT_EQ(p.authorizations.at(1).status, "A6");
    EXPECT_EQ(p.authorizations.at(2).status, "A1");
    EXPECT_EQ(p.lines.at(0).modifiers, (std::vector<std::string>{"GP", "KX", "59"}));
    EXPECT_FALSE(p.lines.at(0).in_network);
    EXPECT_EQ(p.lines.at(1).code, "J3490");
    EXPECT_EQ(p.lines.at(1).drug, "6387");
    EXPECT_EQ(p.lines.at(1).days_supply, 0);
}

TEST(treatment_xml_test, a_utf8_byte_order_mark_is_accepted_and_not_counted) {
    TreatmentPlanRead const r = read("\xEF\xBB\xBF" + plan_with(""));
    ASSERT_TRUE(r.plan.has_value()) << found(r).front();
    EXPECT_EQ(r.plan->where.line, 1);
    EXPECT_EQ(r.plan->where.column, 1);
}

TEST(treatment_xml_test, columns_count_code_points_not_bytes) {
    // "é" is two bytes but one column.
    TreatmentPlanRead const r = read(plan_with_lines("    <!--é--><service line=\"1\" date=\"x\" code=\"97110\" charge=\"$1\"/>\n"));
    EXPECT_EQ(found(r), (Found{"CX-BAD-DATE 4:31"}));
}

TEST(treatment_xml_test, comments_and_crlf_line_ends_are_fine) {
    std::string text = plan_with("  <!-- a comment -->\r\n");
    TreatmentPlanRead const r = read(text);
    ASSERT_TRUE(r.plan.has_value()) << found(r).front();
    EXPECT_EQ(r.plan->lines.at(0).where.line, 4);
}

// ---- refusals before reading ---------------------------------------------------------------

TEST(treatment_xml_test, empty_or_blank_input_is_cx_empty) {
    for (std::string const text : {"", "   \n\t\r\n", "\xEF\xBB\xBF", "\xEF\xBB\xBF  \n"}) {
        TreatmentPlanRead const r = read(text);
        EXPECT_FALSE(r.plan.has_value());
        EXPECT_EQ(found(r), (Found{"CX-EMPTY 1:1"})) << '"' << text << '"';
    }
}

TEST(treatment_xml_test, a_truncated_document_is_cx_xml_at_its_end) {
    std::string const whole = plan_with("");
    std::string const cut = whole.substr(0, whole.find("</services>") + 5);   // "...  <services>...</ser"
    TreatmentPlanRead const r = read(cut);
    EXPECT_FALSE(r.plan.has_value());
    ASSERT_EQ(r.diagnostics.size(), 1U);
    EXPECT_EQ(r.diagnostics[0].code, "CX-XML");
    EXPECT_EQ(r.diagnostics[0].where.line, 3);
    EXPECT_NE(r.diagnostics[0].message.find("cut short"), std::string::npos) << r.diagnostics[0].message;

    for (std::size_t size = 1; size < whole.size() - 2; size += 7) {
        TreatmentPlanRead const prefix = read(whole.substr(0, size));
        EXPECT_FALSE(prefix.plan.has_value()) << size;
        EXPECT_FALSE(prefix.diagnostics.empty()) << size;
    }
}

TEST(treatment_xml_test, malformed_xml_is_cx_xml_at_the_spot) {
    // The end tag names another element.
    EXPECT_EQ(found(read(plan_with("  <diagnoses>\n    <diagnosis code=\"G62.0\"/>\n  </diagnosis>\n"))),
              (Found{"CX-XML 5:5"}));
    // An attribute without quotes.
    EXPECT_EQ(found(read(plan_with("  <diagnoses><diagnosis code=G62.0/></diagnoses>\n"))), (Found{"CX-XML 3:30"}));
    // Not XML at all.
    EXPECT_EQ(found(read("plan: ACME\n")), (Found{"CX-XML 1:1"}));
    // Only a comment.
    EXPECT_EQ(found(read("<!-- nothing -->\n")), (Found{"CX-XML 1:1"}));
}

TEST(treatment_xml_test, a_second_root_element_is_cx_xml) {
    EXPECT_EQ(found(read(plan_with("") + "<treatment-plan id=\"T-2\" plan=\"P\"/>\n")), (Found{"CX-XML 5:1"}));
}

TEST(treatment_xml_test, an_attribute_given_twice_is_cx_xml) {
    EXPECT_EQ(found(read(plan_with_lines(
                  "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" code=\"97112\" charge=\"$1\"/>\n"))),
              (Found{"CX-XML 4:54"}));
}

TEST(treatment_xml_test, text_that_is_not_utf8_is_cx_xml_at_the_byte) {
    // "é" in Latin-1 is the single byte 0xE9.
    TreatmentPlanRead const r = read("<treatment-plan id=\"Ren\xE9\" plan=\"P\"/>");
    EXPECT_EQ(found(r), (Found{"CX-XML 1:24"}));
    // UTF-16 (with its byte-order mark).
    EXPECT_EQ(found(read(std::string("\xFF\xFE<\0t\0/\0>\0", 10))), (Found{"CX-XML 1:1"}));
    // A NUL byte.
    EXPECT_EQ(found(read(std::string("<treatment-plan\0/>", 18))), (Found{"CX-XML 1:16"}));
}

TEST(treatment_xml_test, a_doctype_is_refused_and_entities_never_expand) {
    std::string const billion_laughs = "<?xml version=\"1.0\"?>\n"
                                       "<!DOCTYPE treatment-plan [\n"
                                       "  <!ENTITY lol \"lol\">\n"
                                       "  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                                       "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                                       "]>\n" +
                                       plan_with("").replace(20, 3, "&lol2;&xxe;");
    TreatmentPlanRead const r = read(billion_laughs);
    EXPECT_FALSE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-DOCTYPE 2:1"}));

    EXPECT_EQ(found(read("<!DOCTYPE treatment-plan SYSTEM \"plan.dtd\">" + plan_with(""))), (Found{"CX-DOCTYPE 1:1"}));

    // Without a DOCTYPE an entity reference is left as written, never looked up.
    TreatmentPlanRead const plain = read(plan_with("").replace(20, 3, "&xxe;"));
    ASSERT_TRUE(plain.plan.has_value()) << found(plain).front();
    EXPECT_EQ(plain.plan->id, "&xxe;");
    // The five XML escapes and character references are read.
    TreatmentPlanRead const escaped = read(plan_with("").replace(20, 3, "A&amp;B&#x2D;&lt;1&gt;"));
    ASSERT_TRUE(escaped.plan.has_value()) << found(escaped).front();
    EXPECT_EQ(escaped.plan->id, "A&B-<1>");
}

TEST(treatment_xml_test, the_root_must_be_treatment_plan) {
    EXPECT_EQ(found(read("<?xml version=\"1.0\"?>\n<claim id=\"C-1\"/>\n")), (Found{"CX-ROOT 2:1"}));
}

// ---- problems in the content, all at once ---------------------------------------------------

TEST(treatment_xml_test, missing_elements_are_cx_missing_at_the_root) {
    TreatmentPlanRead const r = read("<treatment-plan id=\"T\" plan=\"P\">\n</treatment-plan>\n");
    EXPECT_FALSE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-MISSING 1:1", "CX-MISSING 1:1"}));
    EXPECT_NE(r.diagnostics[0].message.find("<patient>"), std::string::npos);
    EXPECT_NE(r.diagnostics[1].message.find("<services>"), std::string::npos);
}

TEST(treatment_xml_test, missing_attributes_are_cx_missing_at_the_element_and_empty_ones_at_the_attribute) {
    TreatmentPlanRead const r = read(
        "<treatment-plan plan=\"\">\n"
        "  <patient/>\n"
        "  <services>\n"
        "    <service line=\"1\" date=\"2026-02-03\" charge=\"$1\"/>\n"
        "    <drug line=\"2\" date=\"2026-02-03\" drug=\"6387\" charge=\"$1\"/>\n"
        "  </services>\n"
        "</treatment-plan>\n");
    EXPECT_FALSE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-MISSING 1:1", "CX-MISSING 1:17", "CX-MISSING 2:3", "CX-MISSING 4:5",
                               "CX-MISSING 5:5"}));
    EXPECT_EQ(r.diagnostics[0].message, "<treatment-plan> needs the attribute 'id'");
    EXPECT_EQ(r.diagnostics[1].message, "the attribute 'plan' of <treatment-plan> is empty");
    EXPECT_EQ(r.diagnostics[2].message, "<patient> needs the attribute 'member-id'");
    EXPECT_EQ(r.diagnostics[3].message, "<service> needs the attribute 'code'");
    EXPECT_EQ(r.diagnostics[4].message, "<drug> needs the attribute 'quantity'");
}

TEST(treatment_xml_test, an_authorization_listing_no_code_is_cx_missing) {
    TreatmentPlanRead const r = read(plan_with(
        "  <authorizations>\n"
        "    <authorization number=\"A\" codes=\" , \" from=\"2026-01-01\" to=\"2026-01-31\"/>\n"
        "    <authorization number=\"B\" from=\"2026-01-01\" to=\"2026-01-31\"/>\n"
        "  </authorizations>\n"));
    EXPECT_EQ(found(r), (Found{"CX-MISSING 4:31", "CX-MISSING 5:5"}));
}

TEST(treatment_xml_test, bad_dates_are_cx_bad_date_at_the_attribute) {
    TreatmentPlanRead const r = read(plan_with_lines(
        "    <service line=\"1\" date=\"03/01/2026\" code=\"97110\" charge=\"$1\"/>\n"
        "    <service line=\"2\" date=\"2025-02-29\" code=\"97110\" charge=\"$1\"/>\n"));
    EXPECT_EQ(found(r), (Found{"CX-BAD-DATE 4:23", "CX-BAD-DATE 5:23"}));
    EXPECT_EQ(r.diagnostics[0].message, "expected a date like 2026-03-01 in attribute 'date', found '03/01/2026'");
}

TEST(treatment_xml_test, patient_values_are_not_quoted_in_messages) {
    TreatmentPlanRead const r = read(
        "<treatment-plan id=\"T\" plan=\"P\">\n"
        "  <patient member-id=\"SECRET-ID-1\" birth-date=\"12/04/1961\" sex=\"woman\" state=\"Illinois\"/>\n"
        "  <services><service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"$1\"/></services>\n"
        "</treatment-plan>\n");
    EXPECT_EQ(found(r), (Found{"CX-BAD-DATE 2:36", "CX-BAD-VALUE 2:60", "CX-BAD-VALUE 2:72"}));
    for (Diagnostic const& d : r.diagnostics) {
        for (char const* secret : {"SECRET", "1961", "woman", "Illinois"}) {
            EXPECT_EQ(d.message.find(secret), std::string::npos) << d.message;
            EXPECT_EQ(d.hint.find(secret), std::string::npos) << d.hint;
        }
    }
}

TEST(treatment_xml_test, bad_amounts_are_cx_bad_money) {
    TreatmentPlanRead const r = read(plan_with(
        "  <benefit-period deductible-met=\"-$5.00\" out-of-pocket-met=\"$1,2\">\n"
        "    <used benefit=\"Physical therapy\" dollars=\"ten\"/>\n"
        "  </benefit-period>\n"));
    EXPECT_EQ(found(r), (Found{"CX-BAD-MONEY 3:19", "CX-BAD-MONEY 3:43", "CX-BAD-MONEY 4:38"}));
    EXPECT_EQ(r.diagnostics[2].message, "expected a dollar amount like $1,250.00 in attribute 'dollars', found 'ten'");
}

TEST(treatment_xml_test, text_for_a_count_is_cx_bad_number) {
    TreatmentPlanRead const r = read(plan_with_lines(
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" units=\"two\" charge=\"$1\"/>\n"
        "    <service line=\"2\" date=\"2026-02-03\" code=\"97110\" units=\"2.5\" charge=\"$1\"/>\n"
        "    <drug line=\"3\" date=\"2026-02-03\" drug=\"6387\" quantity=\"+4\" charge=\"$1\"/>\n"));
    EXPECT_EQ(found(r), (Found{"CX-BAD-NUMBER 4:54", "CX-BAD-NUMBER 5:54", "CX-BAD-NUMBER 6:50"}));
}

TEST(treatment_xml_test, values_out_of_range_or_not_allowed_are_cx_bad_value) {
    TreatmentPlanRead const r = read(
        "<treatment-plan id=\"T\" plan=\"P\">\n"
        "  <patient member-id=\"M\"/>\n"
        "  <benefit-period><used benefit=\"PT\" visits=\"-1\"/></benefit-period>\n"
        "  <authorizations>\n"
        "    <authorization number=\"A\" codes=\"97110\" from=\"2026-03-01\" to=\"2026-02-01\" status=\"approved\"/>\n"
        "    <authorization number=\"A\" codes=\"97110\" from=\"2026-03-01\" to=\"2026-04-01\"/>\n"
        "  </authorizations>\n"
        "  <services>\n"
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" units=\"0\" place=\"100\" network=\"maybe\" charge=\"$1\"/>\n"
        "    <drug line=\"1\" date=\"2026-02-03\" drug=\"6387\" quantity=\"0\" days-supply=\"99999999999999999999\" charge=\"$1\"/>\n"
        "  </services>\n"
        "</treatment-plan>\n");
    EXPECT_FALSE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-BAD-VALUE 3:38",                                   // visits -1
                               "CX-BAD-VALUE 5:63", "CX-BAD-VALUE 5:79",              // to < from, status
                               "CX-BAD-VALUE 6:20",                                   // number repeated
                               "CX-BAD-VALUE 9:54", "CX-BAD-VALUE 9:64", "CX-BAD-VALUE 9:76",   // units, place, network
                               "CX-BAD-VALUE 10:11", "CX-BAD-VALUE 10:50", "CX-BAD-VALUE 10:63"}));   // line, quantity, days
    EXPECT_EQ(r.diagnostics[1].message, "the authorization ends (2026-02-01) before it starts (2026-03-01)");
}

TEST(treatment_xml_test, a_repeated_section_is_cx_bad_value) {
    EXPECT_EQ(found(read(plan_with("  <patient member-id=\"M2\"/>\n"))), (Found{"CX-BAD-VALUE 3:3"}));
}

TEST(treatment_xml_test, every_problem_is_reported_at_once_in_document_order) {
    TreatmentPlanRead const r = read(
        "<treatment-plan id=\"T\" plan=\"P\">\n"
        "  <patient member-id=\"M\" state=\"il\"/>\n"
        "  <services>\n"
        "    <service line=\"1\" date=\"2026-13-03\" code=\"97110\" charge=\"$1.001\"/>\n"
        "    <service line=\"2\" date=\"2026-02-03\" code=\"97110\" charge=\"$1\" colour=\"red\"/>\n"
        "  </services>\n"
        "</treatment-plan>\n");
    EXPECT_EQ(found(r), (Found{"CX-BAD-VALUE 2:26", "CX-BAD-DATE 4:23", "CX-BAD-MONEY 4:54", "CX-UNKNOWN 5:66"}));
}

// ---- unknown things warn and keep the plan --------------------------------------------------

TEST(treatment_xml_test, an_unknown_element_warns_and_keeps_the_plan) {
    TreatmentPlanRead const r = read(plan_with("  <notes>call first</notes>\n  <diagnosis code=\"G62.0\"/>\n"));
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-UNKNOWN 3:3", "CX-UNKNOWN 4:3"}));
    EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
    EXPECT_EQ(r.diagnostics[0].message, "<treatment-plan> has no element <notes>; it is ignored");
    EXPECT_EQ(r.diagnostics[1].hint, "did you mean <diagnoses>?");
}

TEST(treatment_xml_test, a_misspelled_attribute_warns_with_a_suggestion) {
    TreatmentPlanRead const r = read(plan_with_lines(
        "    <service line=\"1\" date=\"2026-02-03\" code=\"97110\" modifers=\"GP\" charge=\"$1\"/>\n"));
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-UNKNOWN 4:54"}));
    EXPECT_EQ(r.diagnostics[0].message, "<service> has no attribute 'modifers'; it is ignored");
    EXPECT_EQ(r.diagnostics[0].hint, "did you mean 'modifiers'?");
    EXPECT_TRUE(r.plan->lines.at(0).modifiers.empty());
}

TEST(treatment_xml_test, text_or_children_inside_an_element_warn) {
    TreatmentPlanRead const r = read(plan_with(
        "  <diagnoses>\n"
        "    <diagnosis code=\"G62.0\">\n"
        "      G62.0\n"
        "      <note/>\n"
        "    </diagnosis>\n"
        "  </diagnoses>\n"));
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_EQ(found(r), (Found{"CX-UNKNOWN 5:7", "CX-UNKNOWN 6:7"}));
}

// ---- hostile input --------------------------------------------------------------------------

TEST(treatment_xml_test, mask_patient_data_masks_member_ids_and_birth_dates_however_written) {
    // As a one-line export writes it: one '*' per character, so carets still line up.
    EXPECT_EQ(mask_patient_data(R"(<patient member-id="ZZ42" birth-date='1970-01-02' sex="female"/>)"),
              R"(<patient member-id="****" birth-date='**********' sex="female"/>)");
    // '=' on the next line, a value over two lines (its line break stays, so lines keep their numbers).
    EXPECT_EQ(mask_patient_data("<patient member-id\n=\n\"AB\nCD\" birth-date\t=\t'1970-01-02'/>"),
              "<patient member-id\n=\n\"**\n**\" birth-date\t=\t'**********'/>");
    // Decoys and broken markup: the words inside another attribute's value, in a comment, in
    // text, without '=', after an unbalanced quote, in an unterminated comment. More may be
    // masked than the value (harmless); the value never shows, and the width stays.
    for (std::string const& text : {std::string(R"(<t note=" member-id='"><patient member-id='LEAK3'/>)"),
                                   std::string(R"(<t><!-- member-id=" --><patient member-id="LEAK5"/></t>)"),
                                   std::string(R"(<t>member-id="LEAK6"</t>)"),
                                   std::string(R"(<patient member-id "LEAK7" sex="female"/>)"),
                                   std::string(R"(<patient sex="female member-id="LEAK8"/>)"),
                                   std::string(R"(<!x <patient member-id="LEAK9"/>)"),
                                   std::string("<!-- <patient member-id=\"LEAK10\" birth-date=\"1970-01-02\"/>"),
                                   std::string("<patient member-id=\"M\">LEAK11\n  LEAK12</patient>"),
                                   std::string("<patient/><member-id>LEAK13</member-id>"),
                                   std::string("<!-- birth-date=1970/01/02 --><x>member-id: LEAK14</x>")}) {
        std::string const masked = mask_patient_data(text);
        EXPECT_EQ(masked.find("LEAK"), std::string::npos) << masked;
        EXPECT_EQ(masked.find("1970"), std::string::npos) << masked;
        EXPECT_EQ(masked.size(), text.size()) << masked;
        EXPECT_EQ(std::count(masked.begin(), masked.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
    }
    // Text of <patient> with multi-byte characters: one '*' each, and what follows is intact.
    EXPECT_EQ(mask_patient_data("<patient>\xC3\xA9t\xC3\xA9 x</patient><services line=\"1\"/>"),
              "<patient>*** *</patient><services line=\"1\"/>");
    // Multi-byte characters are one '*' each; a value cut short is masked to the end.
    EXPECT_EQ(mask_patient_data("<patient member-id=\"\xC3\x84\xE2\x82\xAC\xF0\x9D\x84\x9EX\"/>"),
              "<patient member-id=\"****\"/>");
    EXPECT_EQ(mask_patient_data("<patient birth-date=\"1970-0"), "<patient birth-date=\"******");
    // Other attributes and elements are left as they are.
    EXPECT_EQ(mask_patient_data(R"(<service line="1" date="2026-02-30" code="97110"/>)"),
              R"(<service line="1" date="2026-02-30" code="97110"/>)");
}

TEST(treatment_xml_test, nesting_past_100_deep_is_refused_where_it_crosses_the_line) {
    auto nest = [](int depth) {
        std::string open;
        std::string close;
        for (int i = 0; i < depth; ++i) {
            open += "<a>";
            close += "</a>";
        }
        return open + close;
    };
    // <treatment-plan> is depth 1: 99 nested elements reach 100, which is allowed (and unknown).
    TreatmentPlanRead const at_limit = read(plan_with(nest(99) + "\n"));
    ASSERT_TRUE(at_limit.plan.has_value());
    EXPECT_EQ(found(at_limit), (Found{"CX-UNKNOWN 3:1"}));
    // One more is refused at the element that crosses the line: the 100th <a>, column 1 + 99 * 3.
    EXPECT_EQ(found(read(plan_with(nest(100) + "\n"))), (Found{"CX-TOO-DEEP 3:298"}));
    // 100,000 deep, closed or cut short: no crash, one error.
    EXPECT_EQ(found(read(plan_with(nest(100'000) + "\n"))), (Found{"CX-TOO-DEEP 3:298"}));
    std::string const deep = nest(100'000);
    EXPECT_EQ(found(read(deep)), (Found{"CX-TOO-DEEP 1:301"}));
    EXPECT_EQ(found(read(deep.substr(0, deep.size() / 2 + 8))).at(0).substr(0, 6), "CX-XML");
}

TEST(treatment_xml_test, a_ten_megabyte_attribute_is_read_and_quoted_short) {
    std::string const huge(10 * 1024 * 1024, '7');
    TreatmentPlanRead const ok = read(plan_with("").replace(20, 3, huge));
    ASSERT_TRUE(ok.plan.has_value());
    EXPECT_EQ(ok.plan->id.size(), huge.size());

    TreatmentPlanRead const bad = read(plan_with_lines(
        "    <service line=\"1\" date=\"" + huge + "\" code=\"97110\" charge=\"$1\"/>\n"));
    EXPECT_EQ(found(bad), (Found{"CX-BAD-DATE 4:23"}));
    EXPECT_LT(bad.diagnostics[0].message.size(), 200U);
}

TEST(treatment_xml_test, a_flood_of_problems_is_capped_but_stays_an_error) {
    std::string lines;
    for (int i = 0; i < 5000; ++i) {
        lines += "<service line=\"" + std::to_string(i) + "\" date=\"2026-02-03\" code=\"97110\" charge=\"$1\" x=\"\"/>";
    }
    lines += "<service line=\"x\" date=\"bad\" code=\"97110\" charge=\"$1\"/>\n";
    TreatmentPlanRead const r = read(plan_with_lines(lines));
    EXPECT_FALSE(r.plan.has_value());
    ASSERT_EQ(r.diagnostics.size(), 1001U);
    EXPECT_EQ(r.diagnostics.back().severity, Severity::error);
    EXPECT_EQ(r.diagnostics.back().code, "CX-BAD-DATE");
    EXPECT_NE(r.diagnostics.back().message.find("4001 more problems"), std::string::npos) << r.diagnostics.back().message;
}

// ---- files ----------------------------------------------------------------------------------

/// A fresh folder under the system temp folder, removed with everything in it at the end.
struct TempDir {
    TempDir() {
        auto const* test = ::testing::UnitTest::GetInstance()->current_test_info();
        path = std::filesystem::temp_directory_path() / ("covercheck_xml_test_" + std::string(test->name()));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(TempDir const&) = delete;
    TempDir& operator=(TempDir const&) = delete;

    std::string write(std::string const& name, std::string const& text) const {
        std::string const file = (path / name).string();
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }

    std::filesystem::path path;
};

TEST(treatment_xml_test, load_reads_the_file_and_locations_name_it) {
    TempDir const dir;
    std::string const path = dir.write("plan.xml", full_plan);
    TreatmentPlanRead const r = load_treatment_plan(path);
    ASSERT_TRUE(r.plan.has_value());
    EXPECT_EQ(r.plan->lines.at(1).where.file, path);
}

TEST(treatment_xml_test, unreadable_files_are_cx_file_at_the_file) {
    TempDir const dir;
    std::string const big = (dir.path / "big.xml").string();
    std::ofstream(big).put(' ');
    std::filesystem::resize_file(big, 64U * 1024U * 1024U + 1U);   // sparse: cheap to make
    for (std::string const& path : {(dir.path / "absent.xml").string(), dir.path.string(), big}) {
        TreatmentPlanRead const r = load_treatment_plan(path);
        EXPECT_FALSE(r.plan.has_value());
        ASSERT_EQ(r.diagnostics.size(), 1U) << path;
        EXPECT_EQ(r.diagnostics[0].code, "CX-FILE");
        EXPECT_EQ(r.diagnostics[0].where.file, path);
        EXPECT_EQ(r.diagnostics[0].where.line, 0);
    }
}

TEST(treatment_xml_test, every_sample_plan_reads_without_errors) {
    std::filesystem::path const samples = std::filesystem::path(COVERCHECK_SOURCE_DIR) / "samples";
    for (auto const& entry : std::filesystem::directory_iterator(samples)) {
        if (entry.path().extension() != ".xml") continue;
        TreatmentPlanRead const r = load_treatment_plan(entry.path().string());
        EXPECT_TRUE(r.plan.has_value()) << entry.path();
        for (Diagnostic const& d : r.diagnostics) {
            ADD_FAILURE() << to_string(d.where) << ": " << d.code << ": " << d.message;
        }
    }
}

}  // namespace
}  // namespace covercheck
