// The claim readers: native <claim>/<claims>, FHIR R4 Claim and Bundle, streamed. What a batch
// user sees: one record per claim with its id, the fields read, and for every problem its stable
// code and the line:column in the original file.

#include "covercheck/claim_xml.hpp"

#include "xml/split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace covercheck {
namespace {

namespace fs = std::filesystem;

fs::path const samples_dir = fs::path(COVERCHECK_SOURCE_DIR) / "samples" / "claims";
fs::path const conformance_dir = fs::path(COVERCHECK_CONFORMANCE_DIR) / "fhir-r4";

std::vector<ClaimRecord> read(std::string const& text, std::vector<Diagnostic>* skipped = nullptr,
                              std::size_t chunk = ClaimReader::default_chunk_size) {
    return read_claims(text, "claims.xml", skipped, chunk);
}

/// Every record of a file, read the way the batch step reads it.
std::vector<ClaimRecord> load(fs::path const& path, std::vector<Diagnostic>* skipped = nullptr,
                              std::size_t chunk = ClaimReader::default_chunk_size) {
    ClaimReader reader(path.string(), chunk);
    std::vector<ClaimRecord> out;
    ClaimRecord r;
    while (reader.next(r)) out.push_back(std::move(r));
    if (skipped != nullptr) *skipped = reader.skipped();
    return out;
}

std::string text_of(fs::path const& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string at(SourceLocation const& w) { return std::to_string(w.line) + ":" + std::to_string(w.column); }

/// "CODE line:column" for each diagnostic of each record, records separated by "|": what the
/// tests compare.
std::vector<std::string> found(std::vector<ClaimRecord> const& records) {
    std::vector<std::string> out;
    for (ClaimRecord const& r : records) {
        if (&r != &records.front()) out.push_back("|");
        for (Diagnostic const& d : r.diagnostics) out.push_back(d.code + " " + at(d.where));
    }
    return out;
}

using Found = std::vector<std::string>;

/// Everything a record holds, as text: two reads are the same when their descriptions are.
std::string describe(ClaimRecord const& r) {
    std::ostringstream s;
    s << r.file << " id=" << r.claim_id << " format=" << static_cast<int>(r.format) << " at " << at(r.where) << "\n";
    for (Diagnostic const& d : r.diagnostics) {
        s << "  " << to_string(d.severity) << " " << d.code << " " << to_string(d.where) << " " << d.message << " / "
          << d.hint << "\n";
    }
    if (!r.claim) return s.str();
    TreatmentPlan const& p = *r.claim;
    s << "  claim " << p.id << " plan=" << p.plan_id << " at " << at(p.where) << " member=" << p.patient.member_id
      << " born=" << (p.patient.birth_date ? p.patient.birth_date->iso() : "-") << " sex=" << static_cast<int>(p.patient.sex)
      << " state=" << p.patient.state << "\n  dx:";
    for (auto const& d : p.diagnoses) s << " " << d;
    for (Authorization const& a : p.authorizations) {
        s << "\n  auth " << a.number << " " << a.units << " " << a.from.iso() << ".." << a.to.iso() << " " << a.status;
    }
    for (ServiceLine const& l : p.lines) {
        s << "\n  line " << l.id << " " << l.date.iso() << " code=" << l.code << " drug=" << l.drug << " units=" << l.units
          << " qty=" << l.quantity << " days=" << l.days_supply << " billed=" << l.billed.cents << " pos=" << l.place_of_service
          << " in=" << l.in_network << " auth=" << l.authorization << " at " << at(l.where) << " mods:";
        for (auto const& m : l.modifiers) s << " " << m;
        s << " dx:";
        for (auto const& d : l.diagnoses) s << " " << d;
    }
    return s.str() + "\n";
}

std::string describe(std::vector<ClaimRecord> const& records, std::vector<Diagnostic> const& skipped) {
    std::string out;
    for (ClaimRecord const& r : records) out += describe(r);
    for (Diagnostic const& d : skipped) out += "skipped " + d.code + " " + to_string(d.where) + " " + d.message + "\n";
    return out;
}

std::vector<fs::path> files_in(fs::path const& dir, std::string const& must_contain = "") {
    std::vector<fs::path> out;
    for (auto const& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".xml") continue;
        if (!must_contain.empty() && text_of(entry.path()).find(must_contain) == std::string::npos) continue;
        out.push_back(entry.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// A native claim around `services` lines, which start on line 5 of the claim (its line 1).
std::string native_claim(std::string const& id, std::string const& services) {
    return "<claim id=\"" + id + "\" plan=\"ACME-PPO-2026\">\n"
           "  <patient member-id=\"M-" + id + "\" birth-date=\"1958-09-14\" sex=\"female\"/>\n"
           "  <diagnoses><diagnosis code=\"G62.0\"/></diagnoses>\n"
           "  <services>\n" +
           services +
           "  </services>\n"
           "</claim>\n";
}

std::string const good_line =
    "    <service line=\"1\" date=\"2026-02-02\" code=\"97110\" modifiers=\"GP\" units=\"2\" charge=\"$140.00\"/>\n";

/// A FHIR Claim with one item whose inside is `item` (lines 9 on).
///   1 <Claim xmlns="http://hl7.org/fhir">
///   2   <id value="F-1"/>
///   3   <patient><reference value="Patient/7"/></patient>
///   4   <diagnosis><sequence value="1"/><diagnosisCodeableConcept><coding><code value="G62.0"/></coding></diagnosisCodeableConcept></diagnosis>
///   5   <insurance><sequence value="1"/><focal value="true"/>
///   6     <coverage><identifier><value value="ACME-PPO-2026"/></identifier></coverage></insurance>
///   7   <item>
///   8     <sequence value="1"/>
///   9 item...
std::string fhir_claim(std::string const& item) {
    return "<Claim xmlns=\"http://hl7.org/fhir\">\n"
           "  <id value=\"F-1\"/>\n"
           "  <patient><reference value=\"Patient/7\"/></patient>\n"
           "  <diagnosis><sequence value=\"1\"/><diagnosisCodeableConcept><coding><code value=\"G62.0\"/></coding>"
           "</diagnosisCodeableConcept></diagnosis>\n"
           "  <insurance><sequence value=\"1\"/><focal value=\"true\"/>\n"
           "    <coverage><identifier><value value=\"ACME-PPO-2026\"/></identifier></coverage></insurance>\n"
           "  <item>\n"
           "    <sequence value=\"1\"/>\n" +
           item +
           "  </item>\n"
           "</Claim>\n";
}

std::string const good_item =
    "    <productOrService><coding><code value=\"97110\"/></coding></productOrService>\n"
    "    <servicedDate value=\"2026-02-02\"/>\n"
    "    <quantity><value value=\"2\"/></quantity>\n"
    "    <net><value value=\"140.00\"/><currency value=\"USD\"/></net>\n";

// ---- FHIR R4 conformance examples ------------------------------------------------------------

struct ConformanceClaim {
    char const* file;
    char const* id;
    std::size_t lines;
    char const* first_code;        ///< the first line's code (its drug for a drug line)
    std::int64_t total_cents;      ///< the billed charges of all lines
};

TEST(claim_xml_test, every_fhir_conformance_claim_is_read_with_its_id_lines_codes_and_amounts) {
    std::vector<ConformanceClaim> const expected{
        {"claim-example-cms1500-medical.xml", "MED-00050", 1, "62264", 1250000},
        {"claim-example-institutional-rich.xml", "960151", 1, "exam", 12500},
        {"claim-example-institutional.xml", "960150", 1, "exam", 12500},
        {"claim-example-oral-average.xml", "100151", 3, "1200", 13557 + 10500 + 110000},
        {"claim-example-oral-bridge.xml", "100156", 3, "67221", 105000 + 10500 + 110000},
        {"claim-example-oral-contained-identifier.xml", "100155", 1, "1200", 13557},
        {"claim-example-oral-contained.xml", "100152", 1, "1200", 13557},
        {"claim-example-oral-identifier.xml", "100154", 1, "1200", 13557},
        {"claim-example-oral-orthoplan.xml", "100153", 3, "ORTHPLAN", 900000 + 10500 + 110000},
        {"claim-example-pharmacy-compound.xml", "760152", 1, "compound", 15500},
        {"claim-example-pharmacy-medication.xml", "760151", 1, "562721", 9000},
        {"claim-example-pharmacy.xml", "760150", 1, "smokecess", 6000},
        {"claim-example-professional.xml", "860150", 1, "exam", 7500},
        {"claim-example-vision-glasses-3tier.xml", "660152", 1, "glasses", 23540},
        {"claim-example-vision-glasses.xml", "660151", 1, "glasses", 21400},
        {"claim-example-vision.xml", "660150", 1, "exam", 8000},
        {"claim-example.xml", "100150", 1, "1200", 13557},
    };
    // Every file holding a <Claim> is in the table: 17 of them.
    std::vector<fs::path> const claim_files = files_in(conformance_dir, "<Claim ");
    ASSERT_EQ(claim_files.size(), expected.size());
    for (ConformanceClaim const& e : expected) {
        fs::path const path = conformance_dir / e.file;
        std::vector<Diagnostic> skipped;
        std::vector<ClaimRecord> const records = load(path, &skipped);
        ASSERT_EQ(records.size(), 1U) << e.file;
        ClaimRecord const& r = records[0];
        EXPECT_EQ(r.file, path.string());
        EXPECT_EQ(r.format, ClaimFormat::fhir);
        EXPECT_EQ(r.claim_id, e.id) << e.file;
        EXPECT_TRUE(r.diagnostics.empty()) << e.file << "\n" << describe(r);
        EXPECT_TRUE(skipped.empty()) << e.file;
        ASSERT_TRUE(r.claim.has_value()) << e.file;
        EXPECT_EQ(r.claim->id, e.id);
        EXPECT_EQ(r.claim->lines.size(), e.lines) << e.file;
        ServiceLine const& first = r.claim->lines.at(0);
        EXPECT_EQ(first.drug.empty() ? first.code : first.drug, e.first_code) << e.file;
        std::int64_t total = 0;
        for (ServiceLine const& line : r.claim->lines) total += line.billed.cents;
        EXPECT_EQ(total, e.total_cents) << e.file;
    }
}

TEST(claim_xml_test, the_professional_claim_example_in_detail) {
    std::vector<ClaimRecord> const records = load(conformance_dir / "claim-example-professional.xml");
    ASSERT_EQ(records.size(), 1U);
    ASSERT_TRUE(records[0].claim.has_value());
    TreatmentPlan const& c = *records[0].claim;
    EXPECT_EQ(c.id, "860150");
    EXPECT_EQ(at(c.where), "1:39");   // after the XML declaration on the same line
    EXPECT_EQ(at(records[0].where), "1:39");
    EXPECT_EQ(c.plan_id, "");           // Coverage/9876B1 is not in the file and carries no identifier
    EXPECT_EQ(c.patient.member_id, "1");   // the id of the reference Patient/1
    EXPECT_FALSE(c.patient.birth_date.has_value());
    EXPECT_EQ(c.diagnoses, (std::vector<std::string>{"654456"}));
    ASSERT_EQ(c.lines.size(), 1U);
    ServiceLine const& l = c.lines[0];
    EXPECT_EQ(l.id, "1");
    EXPECT_EQ(l.code, "exam");
    EXPECT_EQ(l.drug, "");
    EXPECT_EQ(l.date, Date::parse("2014-08-16"));
    EXPECT_EQ(l.units, 1);
    EXPECT_EQ(l.billed, Money{7500});
    EXPECT_EQ(l.place_of_service, 0);
    EXPECT_TRUE(l.in_network);
    EXPECT_TRUE(l.diagnoses.empty());
    EXPECT_EQ(l.authorization, "");
    EXPECT_EQ(at(l.where), "77:2");   // a tab is one column
}

TEST(claim_xml_test, the_cms1500_example_takes_the_contained_patient_and_linked_diagnoses) {
    std::vector<ClaimRecord> const records = load(conformance_dir / "claim-example-cms1500-medical.xml");
    ASSERT_EQ(records.size(), 1U);
    ASSERT_TRUE(records[0].claim.has_value());
    TreatmentPlan const& c = *records[0].claim;
    EXPECT_EQ(c.patient.member_id, "patient-1");   // the contained Patient has no identifier
    EXPECT_EQ(c.patient.birth_date, Date::parse("1954-06-11"));
    EXPECT_EQ(c.patient.sex, Sex::female);
    EXPECT_EQ(c.patient.state, "OR");
    EXPECT_EQ(c.plan_id, "");   // the contained Coverage has a group class, no plan class
    EXPECT_EQ(c.diagnoses, (std::vector<std::string>{"M96.1", "G89.4", "M53.88", "M47.816"}));
    ServiceLine const& l = c.lines.at(0);
    EXPECT_EQ(l.code, "62264");
    EXPECT_EQ(l.date, Date::parse("2015-10-13"));
    EXPECT_EQ(l.place_of_service, 24);
    EXPECT_EQ(l.billed, Money{1250000});
    EXPECT_EQ(l.diagnoses, (std::vector<std::string>{"G89.4", "M47.816"}));   // diagnosisSequence 2 and 4
}

TEST(claim_xml_test, plan_and_member_from_contained_coverage_or_identifiers) {
    TreatmentPlan const contained = *load(conformance_dir / "claim-example-oral-contained.xml").at(0).claim;
    EXPECT_EQ(contained.plan_id, "CBI35");   // the class of type "plan"
    EXPECT_EQ(contained.patient.sex, Sex::male);
    EXPECT_EQ(contained.patient.birth_date, Date::parse("1986-05-17"));
    EXPECT_EQ(contained.lines.at(0).billed, Money{13557});

    TreatmentPlan const identified = *load(conformance_dir / "claim-example-oral-identifier.xml").at(0).claim;
    EXPECT_EQ(identified.patient.member_id, "123AB345");   // Claim.patient.identifier
    EXPECT_EQ(identified.plan_id, "123AB345");             // Claim.insurance.coverage.identifier
}

TEST(claim_xml_test, drugs_focal_insurance_modifiers_and_factors) {
    ServiceLine const drug = load(conformance_dir / "claim-example-pharmacy-medication.xml").at(0).claim->lines.at(0);
    EXPECT_EQ(drug.drug, "562721");   // RxNorm coding: a drug line
    EXPECT_EQ(drug.code, "");
    EXPECT_EQ(drug.quantity, 90);
    EXPECT_EQ(drug.units, 1);
    EXPECT_EQ(drug.days_supply, 90);   // supportingInfo 3, "dayssupply"
    EXPECT_EQ(drug.billed, Money{9000});

    ServiceLine const glasses = load(conformance_dir / "claim-example-vision-glasses-3tier.xml").at(0).claim->lines.at(0);
    EXPECT_EQ(glasses.authorization, "AB543GTD7567");   // the focal insurance (sequence 2), not the first
    EXPECT_EQ(glasses.modifiers, (std::vector<std::string>{"rooh"}));
    EXPECT_EQ(glasses.billed, Money{23540});

    ServiceLine const rich = load(conformance_dir / "claim-example-institutional-rich.xml").at(0).claim->lines.at(0);
    EXPECT_EQ(rich.authorization, "PA2014G56473");

    TreatmentPlan const bridge = *load(conformance_dir / "claim-example-oral-bridge.xml").at(0).claim;
    EXPECT_EQ(bridge.lines.at(0).billed, Money{105000});   // net: 1400.00 x factor 0.75
    EXPECT_EQ(bridge.lines.at(0).place_of_service, 11);
    EXPECT_TRUE(bridge.diagnoses.empty());
}

TEST(claim_xml_test, conformance_resources_that_are_not_claims_are_skipped_with_the_reason) {
    std::size_t files = 0;
    for (fs::path const& path : files_in(conformance_dir)) {
        std::string const text = text_of(path);
        if (text.find("<Claim ") != std::string::npos) continue;
        ++files;
        std::string const type = text.substr(text.find("?><") + 3, text.find(' ', text.find("?><")) - text.find("?><") - 3);
        std::vector<Diagnostic> skipped;
        std::vector<ClaimRecord> const records = load(path, &skipped);
        EXPECT_TRUE(records.empty()) << path;
        ASSERT_EQ(skipped.size(), 1U) << path;
        EXPECT_EQ(skipped[0].code, "CL-SKIPPED");
        EXPECT_EQ(skipped[0].severity, Severity::warning);
        EXPECT_EQ(skipped[0].message, type + " is not a claim; skipped");
        EXPECT_EQ(at(skipped[0].where), "1:39");
    }
    EXPECT_EQ(files, 17U);   // ClaimResponse, Coverage, eligibility requests and responses, EOBs
}

// ---- native samples --------------------------------------------------------------------------

TEST(claim_xml_test, every_claim_sample_reads_without_a_problem) {
    ASSERT_TRUE(fs::is_directory(samples_dir));
    std::size_t claims = 0;
    std::vector<fs::path> const samples = files_in(samples_dir);
    EXPECT_GE(samples.size(), 6U);
    for (fs::path const& path : samples) {
        std::vector<Diagnostic> skipped;
        for (ClaimRecord const& r : load(path, &skipped)) {
            ++claims;
            EXPECT_TRUE(r.claim.has_value()) << path;
            for (Diagnostic const& d : r.diagnostics) ADD_FAILURE() << to_string(d.where) << ": " << d.code << ": " << d.message;
        }
        for (Diagnostic const& d : skipped) {
            // The one deliberate skip: the ClaimResponse in the Bundle.
            EXPECT_EQ(d.message, "ClaimResponse is not a claim; skipped") << to_string(d.where);
        }
    }
    EXPECT_EQ(claims, 12U);
}

TEST(claim_xml_test, a_member_spread_across_files_and_a_multi_claim_export) {
    std::vector<ClaimRecord> const first = load(samples_dir / "acme-pt-visits-01-12.xml");
    std::vector<ClaimRecord> const second = load(samples_dir / "acme-pt-visits-13-24.xml");
    std::vector<ClaimRecord> const day = load(samples_dir / "acme-claims-export-2026-02.xml");
    ASSERT_EQ(first.size(), 1U);
    ASSERT_EQ(second.size(), 1U);
    ASSERT_EQ(day.size(), 4U);
    EXPECT_EQ(first[0].claim->lines.size(), 12U);
    EXPECT_EQ(second[0].claim->lines.size(), 12U);
    EXPECT_EQ(first[0].claim->patient.member_id, "ACM100000042");
    EXPECT_EQ(second[0].claim->patient.member_id, "ACM100000042");
    EXPECT_EQ(day[0].claim->patient.member_id, "ACM100000042");
    EXPECT_EQ(second[0].claim->lines.front().date, Date::parse("2026-03-16"));
    EXPECT_EQ(second[0].claim->lines.back().date, Date::parse("2026-04-23"));

    std::vector<std::string> ids;
    for (ClaimRecord const& r : day) ids.push_back(r.claim_id);
    EXPECT_EQ(ids, (std::vector<std::string>{"CLM-2026-020401", "CLM-2026-020402", "CLM-2026-020403", "CLM-2026-020404"}));
    EXPECT_EQ(at(day[1].where), "19:3");
    EXPECT_EQ(day[1].claim->lines.at(1).drug, "187832");
    EXPECT_EQ(at(day[1].claim->lines.at(1).where), "26:7");   // in the file, not in the claim
    EXPECT_EQ(day[3].claim->authorizations.at(0).number, "ACM-PA-70950");
}

TEST(claim_xml_test, the_fhir_bundle_sample_resolves_patient_and_coverage_before_and_after) {
    std::vector<Diagnostic> skipped;
    std::vector<ClaimRecord> const records = load(samples_dir / "fhir-bundle-statecare-june.xml", &skipped);
    ASSERT_EQ(records.size(), 2U);
    ASSERT_EQ(skipped.size(), 1U);
    EXPECT_EQ(skipped[0].message, "ClaimResponse is not a claim; skipped");
    for (ClaimRecord const& r : records) {
        ASSERT_TRUE(r.claim.has_value()) << describe(r);
        EXPECT_EQ(r.claim->plan_id, "STATECARE-HMO-2026");   // from the Coverage that comes later
        EXPECT_EQ(r.claim->patient.member_id, "SCW200000600");   // the identifier typed MB
        EXPECT_EQ(r.claim->patient.birth_date, Date::parse("1990-10-10"));
        EXPECT_EQ(r.claim->patient.sex, Sex::female);
        EXPECT_EQ(r.claim->patient.state, "WI");
    }
    TreatmentPlan const& visits = *records[0].claim;
    EXPECT_EQ(visits.id, "SC-CLM-2026-0630");
    ASSERT_EQ(visits.lines.size(), 2U);
    EXPECT_EQ(visits.lines[0].units, 2);
    EXPECT_EQ(visits.lines[0].billed, Money{9000});
    EXPECT_EQ(visits.lines[1].billed, Money{9000});   // no net: unitPrice 45.00 x quantity 2
    EXPECT_EQ(visits.lines[1].modifiers, (std::vector<std::string>{"GP"}));
    EXPECT_EQ(visits.lines[1].authorization, "SC-278-4410");
    EXPECT_EQ(visits.lines[1].diagnoses, (std::vector<std::string>{"E11.42"}));
    TreatmentPlan const& fill = *records[1].claim;
    EXPECT_EQ(fill.lines.at(0).drug, "25480");
    EXPECT_EQ(fill.lines.at(0).quantity, 90);
    EXPECT_EQ(fill.lines.at(0).days_supply, 30);
    EXPECT_EQ(fill.lines.at(0).billed, Money{2790});   // 90 x $0.31, in integer cents
}

TEST(claim_xml_test, the_single_fhir_claim_sample) {
    std::vector<ClaimRecord> const records = load(samples_dir / "fhir-claim-acme-epidural.xml");
    ASSERT_EQ(records.size(), 1U);
    ASSERT_TRUE(records[0].claim.has_value()) << describe(records[0]);
    TreatmentPlan const& c = *records[0].claim;
    EXPECT_EQ(c.plan_id, "ACME-PPO-2026");   // the plan class, not the group class before it
    EXPECT_EQ(c.patient.member_id, "ACM100000902");
    EXPECT_EQ(c.lines.at(1).diagnoses, (std::vector<std::string>{"M54.17", "M96.1"}));
    EXPECT_EQ(c.lines.at(1).place_of_service, 22);
    EXPECT_EQ(c.lines.at(1).billed, Money{185000});
    EXPECT_EQ(c.lines.at(1).authorization, "ACM-PA-71001");
    // The preAuthRef is on file as an approved authorization for the claim's own codes and dates.
    ASSERT_EQ(c.authorizations.size(), 1u);
    EXPECT_EQ(c.authorizations[0].number, "ACM-PA-71001");
    EXPECT_EQ(c.authorizations[0].status, "A1");
    EXPECT_EQ(c.authorizations[0].units, 0);
    EXPECT_NE(std::find(c.authorizations[0].codes.begin(), c.authorizations[0].codes.end(), c.lines.at(1).code),
              c.authorizations[0].codes.end());
}

// ---- one error record per broken input ---------------------------------------------------------

TEST(claim_xml_test, a_file_cut_short_keeps_the_claims_before_the_cut) {
    std::string const whole = text_of(samples_dir / "acme-claims-export-2026-02.xml");
    std::string const cut = whole.substr(0, whole.find("B02.29"));   // inside the third claim
    std::vector<ClaimRecord> const records = read(cut);
    ASSERT_EQ(records.size(), 3U);
    EXPECT_TRUE(records[0].claim.has_value());
    EXPECT_TRUE(records[1].claim.has_value());
    EXPECT_FALSE(records[2].claim.has_value());
    EXPECT_EQ(records[2].claim_id, "CLM-2026-020403");
    EXPECT_EQ(found({records[2]}), (Found{"CX-XML 32:3"}));
    EXPECT_NE(records[2].diagnostics[0].message.find("cut short"), std::string::npos);

    // Cut between two claims: the claims are read, the missing </claims> is one record.
    std::string const between = whole.substr(0, whole.find("  <!-- Post-herpetic"));
    std::vector<ClaimRecord> const two = read(between);
    ASSERT_EQ(two.size(), 3U);
    EXPECT_EQ(found(two), (Found{"|", "|", "CX-XML 30:1"}));

    // A single-claim file cut anywhere is one record with the claim's id when its start tag is whole.
    std::string const single = text_of(samples_dir / "acme-pt-visits-13-24.xml");
    for (std::size_t size = single.find("<claim") + 60; size < single.size() - 3; size += 97) {
        std::vector<ClaimRecord> const r = read(single.substr(0, size));
        ASSERT_EQ(r.size(), 1U) << size;
        EXPECT_FALSE(r[0].claim.has_value());
        EXPECT_EQ(r[0].claim_id, "CLM-2026-042701") << size;
        EXPECT_EQ(found(r), (Found{"CX-XML 6:1"})) << size;
    }
}

TEST(claim_xml_test, a_broken_claim_in_the_middle_is_one_record_with_its_id) {
    std::string const text = "<?xml version=\"1.0\"?>\n<claims>\n" + native_claim("C-1", good_line) +
                             native_claim("C-2", "    <service line=\"1\" date=\"2026-02-30\" charge=\"$1\"/>\n") +
                             native_claim("C-3", good_line) + "</claims>\n";
    std::vector<ClaimRecord> const records = read(text);
    ASSERT_EQ(records.size(), 3U);
    EXPECT_TRUE(records[0].claim.has_value());
    EXPECT_FALSE(records[1].claim.has_value());
    EXPECT_TRUE(records[2].claim.has_value());
    EXPECT_EQ(records[1].claim_id, "C-2");
    EXPECT_EQ(at(records[1].where), "10:1");
    // Line 14 of the file: the bad date at its attribute, the missing code at the element.
    EXPECT_EQ(found(records), (Found{"|", "CX-MISSING 14:5", "CX-BAD-DATE 14:23", "|"}));
    EXPECT_EQ(records[2].claim->lines.at(0).where.line, 21);
}

TEST(claim_xml_test, wrong_roots_wrong_children_and_garbage_are_one_record_each) {
    EXPECT_EQ(found(read("<?xml version=\"1.0\"?>\n<treatment-plan id=\"T\" plan=\"P\"/>\n")), (Found{"CX-ROOT 2:1"}));
    EXPECT_EQ(found(read("<invoice><claim/></invoice>")), (Found{"CX-ROOT 1:1"}));

    std::vector<ClaimRecord> const foo = read("<claims>\n" + native_claim("C-1", good_line) + "<foo>\n<claim/></foo>\n" +
                                              native_claim("C-2", good_line) + "</claims>\n");
    EXPECT_EQ(found(foo), (Found{"|", "CL-NOT-CLAIM 9:1", "|"}));
    EXPECT_EQ(foo[2].claim_id, "C-2");

    std::vector<ClaimRecord> const garbage = read("<claims>\n" + native_claim("C-1", good_line) +
                                                  "  oops, a stray <b>line</b> & more\n" +
                                                  native_claim("C-2", good_line) + "</claims>\n");
    EXPECT_EQ(found(garbage), (Found{"|", "CX-XML 9:3", "|"}));
    EXPECT_TRUE(garbage[2].claim.has_value());

    std::vector<ClaimRecord> const second_root = read("<claims>\n" + native_claim("C-1", good_line) + "</claims>\n<claims/>\n");
    EXPECT_EQ(found(second_root), (Found{"|", "CX-XML 10:1"}));
}

TEST(claim_xml_test, empty_blank_bom_and_binary_inputs) {
    for (std::string const text : {"", "  \n\t", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n "}) {
        EXPECT_EQ(found(read(text)), (Found{"CX-EMPTY 1:1"})) << '"' << text << '"';
    }
    EXPECT_EQ(found(read("<!-- only a comment -->\n")), (Found{"CX-XML 1:1"}));
    // A byte-order mark is fine and not counted in columns.
    std::vector<ClaimRecord> const bom = read("\xEF\xBB\xBF" + native_claim("C-1", good_line));
    ASSERT_EQ(bom.size(), 1U);
    EXPECT_TRUE(bom[0].claim.has_value());
    EXPECT_EQ(at(bom[0].where), "1:1");
    // Binary junk, UTF-16, junk that starts like a tag: one record each.
    std::string junk;
    for (int i = 0; i < 4096; ++i) junk += static_cast<char>((i * 7919 + 13) % 256);
    EXPECT_EQ(read(junk).size(), 1U);
    EXPECT_EQ(found(read(junk)).at(0).substr(0, 6), "CX-XML");
    EXPECT_EQ(found(read(std::string("\xFF\xFE<\0c\0", 6))), (Found{"CX-XML 1:1"}));
    EXPECT_EQ(read("<\x01\x02\x03>>>><<<").size(), 1U);
    // Junk inside one claim: that claim's record, located at the byte.
    std::vector<ClaimRecord> const inside =
        read("<claims>\n" + native_claim("C-1", "    <service \x01/>\n") + native_claim("C-2", good_line) + "</claims>\n");
    EXPECT_EQ(found(inside), (Found{"CX-XML 6:14", "|"}));
    EXPECT_EQ(inside[0].claim_id, "C-1");
}

TEST(claim_xml_test, a_doctype_is_refused_and_entities_never_expand) {
    std::string const text = "<?xml version=\"1.0\"?>\n"
                             "<!DOCTYPE claims [\n"
                             "  <!ENTITY lol \"lol\">\n"
                             "  <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
                             "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
                             "]>\n"
                             "<claims>" + native_claim("&lol2;&xxe;", good_line) + "</claims>\n";
    std::vector<ClaimRecord> const records = read(text);
    EXPECT_EQ(found(records), (Found{"CX-DOCTYPE 2:1"}));
    EXPECT_FALSE(records[0].claim.has_value());
}

TEST(claim_xml_test, bad_values_are_located_in_the_original_file) {
    // Native: a bad date and negative units, on line 6 of the file.
    std::string const prefix = "<?xml version=\"1.0\"?>\n<claims>\n";
    std::vector<ClaimRecord> const bad_date =
        read(prefix + native_claim("C-1", "    <service line=\"1\" date=\"03/01/2026\" code=\"97110\" charge=\"$1\"/>\n") + "</claims>");
    EXPECT_EQ(found(bad_date), (Found{"CX-BAD-DATE 7:23"}));
    EXPECT_EQ(bad_date[0].diagnostics[0].message, "expected a date like 2026-03-01 in attribute 'date', found '03/01/2026'");
    std::vector<ClaimRecord> const negative =
        read(prefix + native_claim("C-1", "    <service line=\"1\" date=\"2026-03-01\" code=\"97110\" units=\"-2\" charge=\"$1\"/>\n") +
             "</claims>");
    EXPECT_EQ(found(negative), (Found{"CX-BAD-VALUE 7:54"}));

    // FHIR: negative quantity, a missing code, a bad date, a partial date, a foreign currency.
    EXPECT_EQ(found(read(fhir_claim(
                  "    <productOrService><coding><code value=\"97110\"/></coding></productOrService>\n"
                  "    <servicedDate value=\"2026-02-02\"/>\n"
                  "    <quantity><value value=\"-2\"/></quantity>\n"
                  "    <net><value value=\"140.00\"/></net>\n"))),
              (Found{"CX-BAD-VALUE 11:22"}));
    EXPECT_EQ(found(read(fhir_claim(
                  "    <productOrService><text value=\"therapy\"/></productOrService>\n"
                  "    <servicedDate value=\"2026-02-02\"/>\n"
                  "    <net><value value=\"140.00\"/></net>\n"))),
              (Found{"CX-MISSING 9:5"}));
    EXPECT_EQ(found(read(fhir_claim(
                  "    <productOrService><coding><code value=\"97110\"/></coding></productOrService>\n"
                  "    <servicedDate value=\"2026-02\"/>\n"
                  "    <net><value value=\"140.00\"/><currency value=\"EUR\"/></net>\n"))),
              (Found{"CX-BAD-DATE 10:19", "CL-CURRENCY 11:43"}));
    EXPECT_EQ(found(read(fhir_claim(
                  "    <productOrService><coding><code value=\"97110\"/></coding></productOrService>\n"
                  "    <servicedDate value=\"2026-02-02\"/>\n"
                  "    <diagnosisSequence value=\"4\"/>\n"
                  "    <net><value value=\"-5\"/></net>\n"))),
              (Found{"CL-BAD-REFERENCE 11:24", "CX-BAD-MONEY 12:17"}));
    EXPECT_EQ(found(read(fhir_claim(
                  "    <productOrService><coding><code value=\"97110\"/></coding></productOrService>\n"
                  "    <servicedDate value=\"2026-02-02\"/>\n"
                  "    <quantity><value value=\"3\"/></quantity>\n"
                  "    <unitPrice><value value=\"33.333\"/></unitPrice>\n"))),
              (Found{"CX-BAD-MONEY 12:5"}));

    // The good item, for contrast: the claim is read.
    std::vector<ClaimRecord> const good = read(fhir_claim(good_item));
    ASSERT_TRUE(good.at(0).claim.has_value()) << describe(good[0]);
    EXPECT_EQ(good[0].claim->plan_id, "ACME-PPO-2026");
    EXPECT_EQ(good[0].claim->patient.member_id, "7");
    EXPECT_EQ(good[0].claim->lines.at(0).units, 2);
}

TEST(claim_xml_test, patient_values_are_never_quoted) {
    std::vector<ClaimRecord> const native = read(
        "<claim id=\"C\" plan=\"P\">\n"
        "  <patient member-id=\"SECRET-ID-1\" birth-date=\"12/04/1961\"/>\n"
        "  <services>" + good_line + "</services>\n</claim>\n");
    std::vector<ClaimRecord> const fhir = read(
        "<Bundle xmlns=\"http://hl7.org/fhir\">\n"
        "<entry><fullUrl value=\"Patient/7\"/><resource><Patient><id value=\"7\"/>"
        "<identifier><value value=\"SECRET-ID-1\"/></identifier><birthDate value=\"12/04/1961\"/></Patient></resource></entry>\n"
        "<entry><resource>" + fhir_claim(good_item) + "</resource></entry>\n</Bundle>\n");
    EXPECT_EQ(found(native), (Found{"CX-BAD-DATE 2:36"}));
    EXPECT_EQ(found(fhir), (Found{"CX-BAD-DATE 2:134"}));
    for (auto const* records : {&native, &fhir}) {
        for (ClaimRecord const& r : *records) {
            for (Diagnostic const& d : r.diagnostics) {
                for (char const* secret : {"SECRET", "1961"}) {
                    EXPECT_EQ(d.message.find(secret), std::string::npos) << d.message;
                    EXPECT_EQ(d.hint.find(secret), std::string::npos) << d.hint;
                }
            }
        }
    }
}

TEST(claim_xml_test, a_ten_megabyte_attribute_is_one_record) {
    std::string const huge(10 * 1024 * 1024, '7');
    std::vector<ClaimRecord> const bad = read(
        "<claims>\n" +
        native_claim("C-1", "    <service line=\"1\" date=\"2026-02-02\" code=\"97110\" units=\"" + huge + "\" charge=\"$1\"/>\n") +
        native_claim("C-2", good_line) + "</claims>\n");
    EXPECT_EQ(found(bad), (Found{"CX-BAD-VALUE 6:54", "|"}));
    EXPECT_LT(bad[0].diagnostics[0].message.size(), 200U);
    std::vector<ClaimRecord> const long_id = read(native_claim(huge, good_line));
    ASSERT_EQ(long_id.size(), 1U);
    EXPECT_EQ(long_id[0].claim_id.size(), huge.size());
}

TEST(claim_xml_test, a_claim_over_64_mib_is_skipped_with_one_record) {
    std::string const filler = "<!--" + std::string(65U * 1024U * 1024U, 'x') + "-->\n";
    std::vector<ClaimRecord> const records =
        read("<claims>\n" + native_claim("BIG", filler + good_line) + native_claim("C-2", good_line) + "</claims>\n");
    EXPECT_EQ(found(records), (Found{"CL-TOO-LARGE 2:1", "|"}));
    EXPECT_EQ(records[0].claim_id, "BIG");
    EXPECT_TRUE(records[1].claim.has_value());
}

TEST(claim_xml_test, a_bundle_with_no_claim_is_one_record) {
    std::vector<Diagnostic> skipped;
    std::vector<ClaimRecord> const records = read(
        "<Bundle xmlns=\"http://hl7.org/fhir\">\n  <type value=\"collection\"/>\n"
        "  <entry><resource><ClaimResponse><id value=\"R\"/></ClaimResponse></resource></entry>\n"
        "  <entry><resource><Coverage><id value=\"C\"/></Coverage></resource></entry>\n"
        "  <entry><request><method value=\"DELETE\"/></request></entry>\n"
        "</Bundle>\n",
        &skipped);
    EXPECT_EQ(found(records), (Found{"CL-NO-CLAIM 1:1"}));
    ASSERT_EQ(skipped.size(), 3U);
    EXPECT_EQ(skipped[0].message, "ClaimResponse is not a claim; skipped");
    EXPECT_EQ(at(skipped[0].where), "3:20");
    EXPECT_EQ(skipped[1].message, "a Bundle entry with no resource; skipped");
    EXPECT_EQ(skipped[2].message, "Coverage is not a claim, and no claim in the Bundle refers to it; skipped");
    EXPECT_EQ(found(read("<claims>\n</claims>\n")), (Found{"CL-NO-CLAIM 1:1"}));
}

TEST(claim_xml_test, a_bundle_cut_inside_a_claim_names_the_claim) {
    std::string const whole = text_of(samples_dir / "fhir-bundle-statecare-june.xml");
    std::string const cut = whole.substr(0, whole.find("<value value=\"0.31\"/>"));   // inside the second Claim
    std::vector<ClaimRecord> const records = read(cut);
    ASSERT_EQ(records.size(), 2U);
    EXPECT_TRUE(records[0].claim.has_value());
    EXPECT_EQ(records[0].claim->plan_id, "");   // the Coverage was after the cut
    EXPECT_EQ(records[1].claim_id, "SC-RX-2026-0612");
    EXPECT_EQ(records[1].format, ClaimFormat::fhir);
    EXPECT_EQ(found({records[1]}), (Found{"CX-XML 149:3"}));   // the <entry> that was cut
}

TEST(claim_xml_test, a_diagnosis_by_reference_only_warns_and_keeps_the_claim) {
    std::string text = fhir_claim(good_item);
    text.insert(text.find("  <insurance>"),
                "  <diagnosis><sequence value=\"2\"/><diagnosisReference><reference value=\"Condition/1\"/>"
                "</diagnosisReference></diagnosis>\n");
    std::vector<ClaimRecord> const records = read(text);
    EXPECT_EQ(found(records), (Found{"CL-UNSUPPORTED 5:3"}));
    ASSERT_TRUE(records.at(0).claim.has_value());
    EXPECT_EQ(records[0].diagnostics[0].severity, Severity::warning);
    EXPECT_EQ(records[0].claim->diagnoses, (std::vector<std::string>{"G62.0"}));
}

TEST(claim_xml_test, bundle_references_resolve_backwards_and_forwards_in_input_order) {
    std::string text = "<Bundle xmlns=\"http://hl7.org/fhir\">\n";
    auto claim = [](std::string const& id, std::string const& patient) {
        return "<entry><resource><Claim><id value=\"" + id + "\"/><patient><reference value=\"" + patient +
               "\"/></patient><item><sequence value=\"1\"/><productOrService><coding><code value=\"97110\"/></coding>"
               "</productOrService><servicedDate value=\"2026-02-02\"/><net><value value=\"1\"/></net></item></Claim>"
               "</resource></entry>\n";
    };
    auto patient = [](std::string const& id, std::string const& member) {
        return "<entry><fullUrl value=\"http://example.org/fhir/Patient/" + id + "\"/><resource><Patient><id value=\"" +
               id + "\"/><identifier><value value=\"" + member + "\"/></identifier></Patient></resource></entry>\n";
    };
    text += patient("a", "MEMBER-A") + claim("C-1", "Patient/a") + claim("C-2", "Patient/b") + claim("C-3", "Patient/a") +
            patient("b", "MEMBER-B");
    // 1500 claims whose Patient never comes: given out in order as the queue fills, with the
    // reference's id as member id.
    for (int i = 0; i < 1500; ++i) text += claim("N-" + std::to_string(i), "Patient/nobody");
    text += "</Bundle>\n";
    std::vector<ClaimRecord> const records = read(text);
    ASSERT_EQ(records.size(), 1503U);
    EXPECT_EQ(records[0].claim->patient.member_id, "MEMBER-A");
    EXPECT_EQ(records[1].claim->patient.member_id, "MEMBER-B");   // the Patient came after the claim
    EXPECT_EQ(records[2].claim->patient.member_id, "MEMBER-A");
    for (int i = 0; i < 1500; ++i) {
        ASSERT_EQ(records[static_cast<std::size_t>(3 + i)].claim_id, "N-" + std::to_string(i));
        EXPECT_EQ(records[static_cast<std::size_t>(3 + i)].claim->patient.member_id, "nobody");
    }
}

// ---- streaming -------------------------------------------------------------------------------

TEST(claim_xml_test, tiny_chunks_give_the_same_records_as_the_default) {
    std::vector<std::string> inputs;
    for (fs::path const& path : files_in(samples_dir)) inputs.push_back(text_of(path));
    if (fs::is_directory(conformance_dir)) {
        for (fs::path const& path : files_in(conformance_dir)) inputs.push_back(text_of(path));
    }
    std::string const export_file = text_of(samples_dir / "acme-claims-export-2026-02.xml");
    inputs.push_back(export_file.substr(0, export_file.size() / 2));   // cut short
    inputs.push_back("\xEF\xBB\xBF<claims>\n" + native_claim("C-1", good_line) + " junk <![CDATA[ x ]]> <? pi ?>\n" +
                     native_claim("C-2", "    <!-- a comment with <claim> in it -->\n" + good_line) +
                     "<foo a='>'/>\n</claims>\n<!-- after -->\n");
    inputs.push_back("<claims><claim id=\"q\" plan=\"P\" note='<claim>'><patient member-id=\"M\"/><services>"
                     "<service line=\"1\" date=\"2026-01-01\" code=\"x\" charge=\"1\"/></services></claim></claims>");
    for (std::string const& text : inputs) {
        std::vector<Diagnostic> skipped;
        std::string const expected = describe(read(text, &skipped), skipped);
        for (std::size_t chunk : {1U, 2U, 3U, 7U, 64U, 4096U}) {
            std::vector<Diagnostic> skipped_small;
            std::string const got = describe(read(text, &skipped_small, chunk), skipped_small);
            ASSERT_EQ(got, expected) << "chunk " << chunk << " of:\n" << text.substr(0, 200);
        }
    }
}

/// A stream of `count` generated claims under <claims>, made as it is read (never held whole).
class GeneratedClaims : public std::streambuf {
public:
    explicit GeneratedClaims(int count) : count_(count) {}

protected:
    int_type underflow() override {
        if (next_ > count_ + 1) return traits_type::eof();
        if (next_ == 0) {
            piece_ = "<?xml version=\"1.0\"?>\n<claims>\n";
        } else if (next_ <= count_) {
            piece_ = native_claim("G-" + std::to_string(next_), good_line);
        } else {
            piece_ = "</claims>\n";
        }
        ++next_;
        setg(piece_.data(), piece_.data(), piece_.data() + piece_.size());
        return traits_type::to_int_type(piece_[0]);
    }

private:
    int count_;
    int next_ = 0;
    std::string piece_;
};

TEST(claim_xml_test, a_large_export_streams_in_bounded_memory) {
    constexpr int count = 100'000;   // about 40 MB of XML
    GeneratedClaims source(count);
    std::istream in(&source);
    constexpr std::size_t chunk = 64U * 1024U;
    xml::Splitter splitter(in, "big.xml", chunk);
    xml::Piece piece;
    ASSERT_TRUE(splitter.next(piece));
    ASSERT_EQ(piece.kind, xml::Piece::Kind::root);
    splitter.choose(xml::RootMode::children, "claim");
    int children = 0;
    int last_line = 0;
    while (splitter.next(piece)) {
        ASSERT_EQ(piece.kind, xml::Piece::Kind::child) << piece.problem.message;
        ++children;
        last_line = piece.line;
    }
    EXPECT_EQ(children, count);
    EXPECT_EQ(last_line, 3 + (count - 1) * 7);
    EXPECT_LT(splitter.peak_buffer(), 4 * chunk);

    GeneratedClaims again(2000);
    std::istream in_again(&again);
    ClaimReader reader(in_again, "big.xml");
    ClaimRecord record;
    int read = 0;
    while (reader.next(record)) {
        ASSERT_TRUE(record.claim.has_value()) << describe(record);
        ++read;
    }
    EXPECT_EQ(read, 2000);
}

TEST(claim_xml_test, files_that_cannot_be_read_are_one_cx_file_record) {
    for (std::string const& path : {std::string("/nonexistent/claims.xml"), fs::temp_directory_path().string()}) {
        std::vector<ClaimRecord> const records = load(path);
        ASSERT_EQ(records.size(), 1U) << path;
        EXPECT_EQ(records[0].diagnostics.at(0).code, "CX-FILE");
        EXPECT_EQ(records[0].where.line, 0);
        EXPECT_EQ(records[0].file, path);
    }
}

}  // namespace
}  // namespace covercheck

namespace covercheck {
namespace {

/// Every record of `text` read as a sequence of documents (standard input's mode).
std::vector<ClaimRecord> read_documents(std::string const& text, std::size_t chunk) {
    std::istringstream in(text);
    ClaimReader reader(in, "-", chunk);
    reader.allow_documents();
    std::vector<ClaimRecord> records;
    ClaimRecord record;
    while (reader.next(record)) records.push_back(std::move(record));
    return records;
}

TEST(claim_xml_test, standard_input_may_carry_a_sequence_of_documents) {
    std::string const one =
        "<claim id=\"S-1\" plan=\"ACME-PPO-2026\"><patient member-id=\"M1\"/><services>"
        "<service line=\"1\" date=\"2026-02-02\" code=\"97110\" charge=\"$100.00\"/></services></claim>\n";
    std::string const two =
        "<?xml version=\"1.0\"?>\n<claims><claim id=\"S-2\" plan=\"ACME-PPO-2026\"><patient member-id=\"M1\"/>"
        "<services><service line=\"1\" date=\"2026-02-03\" code=\"97110\" charge=\"$100.00\"/></services></claim>"
        "</claims>\n";
    std::string const broken = "<claim id=\"S-3\" plan=\"ACME-PPO-2026\"><patient/></claim>\n";
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, ClaimReader::default_chunk_size}) {
        std::vector<ClaimRecord> const records = read_documents(one + two + broken + one, chunk);
        ASSERT_EQ(records.size(), 4u) << "chunk " << chunk;
        EXPECT_EQ(records[0].claim_id, "S-1");
        EXPECT_TRUE(records[0].claim.has_value());
        EXPECT_EQ(records[1].claim_id, "S-2");
        EXPECT_TRUE(records[1].claim.has_value());
        EXPECT_EQ(records[2].claim_id, "S-3");
        EXPECT_FALSE(records[2].claim.has_value());   // no member id, no services
        EXPECT_EQ(records[3].where.line, 5);           // the second copy of `one`, on line 5
    }
    // Whatever comes between the claims (a resource that is not a claim, stray text, another
    // kind of document, a DOCTYPE, a byte-order mark) is passed over: the claims after it are read.
    std::string const mixed = one + "<Coverage xmlns=\"http://hl7.org/fhir\"><id value=\"c\"/></Coverage>\n" + two +
                              "stray text\n" + "<treatment-plan id=\"T\" plan=\"P\"></treatment-plan>\n" +
                              "<!DOCTYPE claim [<!ENTITY x \"y\">]>\n" + "\xEF\xBB\xBF" + one;
    for (std::size_t chunk : {std::size_t{1}, std::size_t{5}, ClaimReader::default_chunk_size}) {
        std::vector<ClaimRecord> const records = read_documents(mixed, chunk);
        std::vector<std::string> seen;
        for (ClaimRecord const& r : records) {
            seen.push_back(r.claim ? "claim " + r.claim_id : r.diagnostics.front().code);
        }
        std::vector<std::string> const expected{"claim S-1", "claim S-2", "CX-XML", "CX-ROOT", "CX-DOCTYPE", "claim S-1"};
        EXPECT_EQ(seen, expected) << "chunk " << chunk;
    }

    // Without the sequence mode (a file), a second root is an error record.
    std::vector<ClaimRecord> const file = read_claims(one + one, "a.xml");
    ASSERT_EQ(file.size(), 2u);
    EXPECT_FALSE(file[1].claim.has_value());
    EXPECT_EQ(file[1].diagnostics.front().code, "CX-XML");
}

}  // namespace
}  // namespace covercheck

namespace covercheck {
namespace {

TEST(claim_xml_test, a_preauthorization_is_proposed_and_a_cancelled_claim_is_not_checked) {
    std::string const claim =
        "<Claim xmlns=\"http://hl7.org/fhir\"><id value=\"P-1\"/><status value=\"STATUS\"/>"
        "<use value=\"USE\"/><patient><reference value=\"Patient/1\"/></patient>"
        "<item><sequence value=\"1\"/><productOrService><coding><code value=\"97110\"/></coding>"
        "</productOrService><servicedDate value=\"2026-02-02\"/><net><value value=\"100.00\"/>"
        "<currency value=\"USD\"/></net></item></Claim>";
    auto with = [&](std::string const& status, std::string const& use) {
        std::string text = claim;
        text.replace(text.find("STATUS"), 6, status);
        text.replace(text.find("USE"), 3, use);
        return read_claims(text, "c.xml");
    };
    std::vector<ClaimRecord> const given = with("active", "claim");
    ASSERT_EQ(given.size(), 1u);
    ASSERT_TRUE(given[0].claim.has_value());
    EXPECT_FALSE(given[0].claim->proposed);
    std::vector<ClaimRecord> const preauth = with("active", "preauthorization");
    ASSERT_TRUE(preauth[0].claim.has_value());
    EXPECT_TRUE(preauth[0].claim->proposed);
    std::vector<ClaimRecord> const cancelled = with("cancelled", "claim");
    ASSERT_EQ(cancelled.size(), 1u);
    EXPECT_FALSE(cancelled[0].claim.has_value());
    EXPECT_EQ(cancelled[0].diagnostics.front().code, "CL-NOT-SERVICES");
    EXPECT_EQ(cancelled[0].claim_id, "P-1");
    // The conformance example of an orthodontic plan is a preauthorization.
    fs::path const ortho = conformance_dir / "claim-example-oral-orthoplan.xml";
    {
        std::ifstream in(ortho, std::ios::binary);
        std::string const text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<ClaimRecord> const records = read_claims(text, ortho.string());
        ASSERT_EQ(records.size(), 1u);
        ASSERT_TRUE(records[0].claim.has_value());
        EXPECT_TRUE(records[0].claim->proposed);
    }
}

}  // namespace
}  // namespace covercheck
