// Every treatment plan under samples/, checked against rules/, with the outcome and the money
// of each line and the arithmetic behind it, so a reviewer can follow it against the rules.
// These are the numbers `covercheck check --rules rules/ samples/<name>.xml` prints.

#include "covercheck/evaluate.hpp"
#include "covercheck/load.hpp"
#include "covercheck/treatment_xml.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

namespace covercheck {
namespace {

/// The rules plan of each plan id in rules/.
RuleBook const& book_for(std::string const& plan_id) {
    static std::map<std::string, RuleBook> const books = [] {
        std::map<std::string, RuleBook> out;
        for (std::string const& file : list_rules_files("rules")) {
            LoadedRules loaded = load_rules(file);
            if (loaded.files.empty() || !loaded.files.back().plan) continue;
            std::string const id = loaded.files.back().plan->id;
            out.emplace(id, RuleBook::build(std::move(loaded.files)));
        }
        return out;
    }();
    return books.at(plan_id);
}

Evaluation check(std::string const& sample) {
    TreatmentPlanRead read = load_treatment_plan("samples/" + sample);
    for (Diagnostic const& d : read.diagnostics) ADD_FAILURE() << render_text(d, "");
    if (!read.plan) throw std::runtime_error(sample + " does not read");
    return evaluate(book_for(read.plan->plan_id), *read.plan);
}

Money usd(char const* text) { return parse_money(text).value(); }

/// The line with this id.
LineResult const& line(Evaluation const& e, std::string const& id) {
    for (LineResult const& r : e.lines) {
        if (r.line.id == id) return r;
    }
    throw std::runtime_error("no line " + id);
}

/// The line's outcome and who pays its allowed amount: the patient, the plan, and the provider
/// (at risk: what the plan is expected not to pay, in network without a waiver).
void expect_line(Evaluation const& e, std::string const& id, Outcome outcome, char const* patient, char const* plan,
                 char const* at_risk = "$0.00") {
    LineResult const& r = line(e, id);
    EXPECT_EQ(r.outcome, outcome) << "line " << id << ": " << to_string(r.outcome);
    EXPECT_EQ(format_money(r.cost.patient), patient) << "line " << id;
    EXPECT_EQ(format_money(r.cost.plan), plan) << "line " << id;
    EXPECT_EQ(format_money(r.cost.at_risk), at_risk) << "line " << id;
    EXPECT_EQ(r.cost.plan + r.cost.patient + r.cost.at_risk, r.cost.allowed) << "line " << id;
}

TEST(samples_test, every_sample_is_tested_here) {
    std::size_t count = 0;
    for (auto const& entry : std::filesystem::directory_iterator("samples")) {
        if (entry.path().extension() == ".xml") ++count;
    }
    EXPECT_EQ(count, 18U) << "a sample was added or removed: give it a test below";
}

TEST(samples_test, pt_course_over_limit) {
    // ACME-PPO-2026, "Physical therapy": a shared limit of 20 PT and OT visits per calendar year,
    // PA after 12 sessions; default cost share 20% after the $1,500 deductible.
    // $1,200 of the deductible met: $300 open. Each session is billed $140.00.
    Evaluation const e = check("pt-course-over-limit.xml");
    // Sessions 1-2: $140 each to the deductible ($280, $20 left).
    expect_line(e, "1", Outcome::covered, "$140.00", "$0.00");
    expect_line(e, "2", Outcome::covered, "$140.00", "$0.00");
    // Session 3: the last $20 of deductible + 20% of $120 = $24 -> $44.
    expect_line(e, "3", Outcome::covered, "$44.00", "$96.00");
    // Sessions 4-12: 20% of $140 = $28.
    expect_line(e, "12", Outcome::covered, "$28.00", "$112.00");
    // Sessions 13-20: past 12, no authorization on file: done so, each is denied whole (CO 197),
    // the $140 the provider's write-off; the patient owes nothing for them.
    for (char const* id : {"13", "14", "15", "16", "17", "18", "19", "20"}) {
        expect_line(e, id, Outcome::needs_pa, "$0.00", "$0.00", "$140.00");
        EXPECT_EQ(line(e, id).cost.adjustments.front().group, "CO");
        EXPECT_EQ(line(e, id).cost.adjustments.front().carc, "197");
    }
    // Sessions 21-24: past the 20-session limit: denied (CO 119), at risk without a waiver.
    for (char const* id : {"21", "22", "23", "24"}) expect_line(e, id, Outcome::over_limit, "$0.00", "$0.00", "$140.00");
    EXPECT_EQ(line(e, "21").findings.front().reason, "visit 21 is over the limit of 20 visits per calendar year");
    EXPECT_EQ(line(e, "21").findings.front().carc, "119");
    // Totals: patient 280 + 44 + 9 x 28 = 576; plan 96 + 9 x 112 = 1,104; at risk 12 x 140 = 1,680.
    EXPECT_EQ(e.totals.patient, usd("$576.00"));
    EXPECT_EQ(e.totals.plan, usd("$1,104.00"));
    EXPECT_EQ(e.totals.at_risk, usd("$1,680.00"));
    ASSERT_EQ(e.pas_to_file.size(), 1U);
    EXPECT_EQ(e.pas_to_file[0].lines.size(), 8U);
}

TEST(samples_test, pregabalin_step_therapy) {
    // Wisconsin member: Acme's step therapy applies (only Illinois switched it off). 14 days of
    // gabapentin in the 180 days before: short of 30.
    Evaluation const e = check("pregabalin-step-therapy.xml");
    // Office visit: $40 copay, no deductible.
    expect_line(e, "1", Outcome::covered, "$40.00", "$145.00");
    expect_line(e, "2", Outcome::step_therapy_not_met, "$0.00", "$0.00", "$412.50");
    EXPECT_NE(line(e, "2").findings.front().reason.find("found 14 days"), std::string::npos);
    EXPECT_EQ(line(e, "2").findings.front().carc, "50");
    // Gabapentin, tier 1: $10 copay per fill.
    expect_line(e, "3", Outcome::covered, "$10.00", "$14.80");
}

TEST(samples_test, lidocaine_patches_over_limit) {
    // 90 patches per rolling 30 days; no PA for post-herpetic neuralgia (B02.29). Deductible met,
    // $70 copay per fill.
    Evaluation const e = check("lidocaine-patches-over-limit.xml");
    expect_line(e, "1", Outcome::covered, "$70.00", "$240.00");
    // March 17: 90 + 90 = 180 patches in the 30 days from February 16.
    expect_line(e, "2", Outcome::over_limit, "$0.00", "$0.00", "$310.00");
    EXPECT_EQ(line(e, "2").findings.front().reason, "90 units here with 90 units used make 180, over the limit of 90 units per rolling 30 days");
    // April 2: the window (March 4 - April 2) holds no paid fill (the refused one does not count).
    expect_line(e, "3", Outcome::covered, "$70.00", "$240.00");
}

TEST(samples_test, scs_trial_then_implant) {
    // Deductible met; $1,650 of the $6,000 maximum met. Trial authorized, psych evaluation in
    // history; the implant's PA is not on file.
    Evaluation const e = check("scs-trial-then-implant.xml");
    // Trial: 20% of $6,800 = $1,360 (met becomes $3,010).
    expect_line(e, "1", Outcome::covered_with_pa, "$1,360.00", "$5,440.00");
    // Implant (paddle) and generator: without their PA each is denied whole (CO 197): the
    // provider's $24,500 and $21,000 are at risk, the patient owes nothing for them.
    expect_line(e, "2", Outcome::needs_pa, "$0.00", "$0.00", "$24,500.00");
    expect_line(e, "3", Outcome::needs_pa, "$0.00", "$0.00", "$21,000.00");
    EXPECT_EQ(e.totals.at_risk, usd("$45,500.00"));
    EXPECT_EQ(e.pas_to_file.size(), 2U);
}

TEST(samples_test, crps_ketamine_infusion) {
    // Ketamine on J3490 and on the infusion codes: excluded (base file, BCBSA 5.01.16).
    Evaluation const e = check("crps-ketamine-infusion.xml");
    for (char const* id : {"1", "2", "3"}) {
        EXPECT_EQ(line(e, id).findings.front().kind, "excluded");
        EXPECT_EQ(line(e, id).findings.front().carc, "96");
    }
    expect_line(e, "1", Outcome::not_covered, "$0.00", "$0.00", "$95.00");
    expect_line(e, "2", Outcome::not_covered, "$0.00", "$0.00", "$420.00");
    expect_line(e, "3", Outcome::not_covered, "$0.00", "$0.00", "$510.00");
    // Sympathetic block: PA only after 4 sessions. $1,100 of deductible open, then 20% of $150.
    expect_line(e, "4", Outcome::covered, "$1,130.00", "$120.00");
}

TEST(samples_test, esketamine_nasal_spray) {
    // Esketamine (J0013) is covered for major depression (F32*, F33*) with a PA; for pain it is
    // investigational, so the line linked to the neuralgia is "diagnosis not supported" (167).
    Evaluation const e = check("esketamine-nasal-spray.xml");
    expect_line(e, "1", Outcome::diagnosis_not_supported, "$0.00", "$0.00", "$1,120.00");
    EXPECT_EQ(line(e, "1").findings.front().carc, "167");
    EXPECT_EQ(line(e, "1").findings.front().rule.file, "rules/base/investigational-pain-treatments.rules");
    // Deductible met: 20% of $1,120 = $224; the authorization for 168 units covers the 56 billed.
    expect_line(e, "2", Outcome::covered_with_pa, "$224.00", "$896.00");
    EXPECT_EQ(line(e, "2").findings.front().kind, "pa-on-file");
}

TEST(samples_test, medicare_esketamine_session_needs_kx_and_a_depression_diagnosis) {
    // MCR-B-2026: G2082/G2083 (the session, drug included) for major depression, with KX.
    TreatmentPlanRead read = read_treatment_plan(R"(<treatment-plan id="T" plan="MCR-B-2026">
  <patient member-id="M" birth-date="1950-01-01" sex="female"/>
  <diagnoses><diagnosis code="F33.1"/></diagnoses>
  <services>
    <service line="1" date="2026-03-03" code="G2082" modifiers="KX" charge="$800.00"/>
    <service line="2" date="2026-03-10" code="G2082" charge="$800.00"/>
    <service line="3" date="2026-03-17" code="G2083" modifiers="KX" charge="$900.00" diagnoses="G89.29"/>
  </services>
</treatment-plan>)", "esketamine.xml");
    ASSERT_TRUE(read.plan.has_value());
    Evaluation const e = evaluate(book_for("MCR-B-2026"), *read.plan);
    // The $283 Part B deductible, then 20% of the other $517 = $103.40.
    expect_line(e, "1", Outcome::covered, "$386.40", "$413.60");
    // No KX: to correct (CARC 4), not yet priced.
    expect_line(e, "2", Outcome::needs_review, "$0.00", "$0.00", "$800.00");
    EXPECT_EQ(line(e, "2").findings.front().kind, "modifier-required");
    // For pain: no indication.
    expect_line(e, "3", Outcome::diagnosis_not_supported, "$0.00", "$0.00", "$900.00");
}

TEST(samples_test, medicare_acupuncture_low_back) {
    // MCR-B-2026, NCD 30.3.3: 12 sessions per rolling 90 days; $283 deductible, then 20%.
    Evaluation const e = check("medicare-acupuncture-low-back.xml");
    // Line 15 (March 5, myalgia M79.18) is not a covered diagnosis.
    expect_line(e, "15", Outcome::diagnosis_not_supported, "$0.00", "$0.00", "$62.00");
    EXPECT_EQ(line(e, "15").findings.front().carc, "167");
    // Sessions 1-4: $62 each to the deductible ($248); session 5: $35 + 20% of $27 ($5.40).
    expect_line(e, "1", Outcome::covered, "$62.00", "$0.00");
    expect_line(e, "5", Outcome::covered, "$40.40", "$21.60");
    // Sessions 6-12: 20% of $62 = $12.40.
    expect_line(e, "12", Outcome::covered, "$12.40", "$49.60");
    // Sessions 13-14 (March 17 and 20) are the 13th and 14th in 90 days.
    expect_line(e, "13", Outcome::over_limit, "$0.00", "$0.00", "$62.00");
    expect_line(e, "14", Outcome::over_limit, "$0.00", "$0.00", "$62.00");
    EXPECT_EQ(line(e, "13").findings.front().reason, "session 13 is over the limit of 12 sessions per rolling 90 days");
    EXPECT_EQ(line(e, "13").findings.front().fix,
              "0 sessions left per rolling 90 days; the next one fits the limit from 2026-05-04");
    // Patient: 248 + 40.40 + 7 x 12.40 = 375.20; the three refused lines ($186) are at risk.
    EXPECT_EQ(e.totals.patient, usd("$375.20"));
    EXPECT_EQ(e.totals.at_risk, usd("$186.00"));
}

TEST(samples_test, ms_retired_g35) {
    // G35 is not valid from 2025-10-01: lines linked to it need review (CARC 16) and are shown
    // as the patient's until recoded.
    Evaluation const e = check("ms-retired-g35.xml");
    expect_line(e, "1", Outcome::needs_review, "$0.00", "$0.00", "$185.00");
    EXPECT_EQ(line(e, "1").findings.front().kind, "retired-code");
    EXPECT_EQ(line(e, "1").findings.front().fix, "recode with a code from G35.A-G35.D (by type of multiple sclerosis)");
    // Psychotherapy linked to G89.29: $30 copay.
    expect_line(e, "2", Outcome::covered, "$30.00", "$130.00");
    expect_line(e, "3", Outcome::needs_review, "$0.00", "$0.00", "$24.80");
}

TEST(samples_test, out_of_network_therapy) {
    // Out of network: 40% after a separate $3,000 deductible, none of it met: six visits of
    // $210 ($1,260) all go to the out-of-network deductible.
    Evaluation const e = check("out-of-network-therapy.xml");
    for (char const* id : {"1", "2", "3", "4", "5", "6"}) expect_line(e, id, Outcome::covered, "$210.00", "$0.00");
    // In network (deductible met): 20% of $160 = $32.
    expect_line(e, "7", Outcome::covered, "$32.00", "$128.00");
    EXPECT_EQ(e.totals.patient, usd("$1,292.00"));
}

TEST(samples_test, oop_maximum_mid_plan) {
    // $5,400 of the $6,000 maximum met; everything authorized.
    Evaluation const e = check("oop-maximum-mid-plan.xml");
    // 20% of $1,850 = $370 (met $5,770).
    expect_line(e, "1", Outcome::covered_with_pa, "$370.00", "$1,480.00");
    EXPECT_EQ(line(e, "1").cost.oop_capped, usd("$0.00"));
    // 20% of $1,850 = $370, capped at the $230 left: the maximum takes $140 off.
    expect_line(e, "2", Outcome::covered_with_pa, "$230.00", "$1,620.00");
    EXPECT_EQ(line(e, "2").cost.coinsurance, usd("$230.00"));
    EXPECT_EQ(line(e, "2").cost.oop_capped, usd("$140.00"));
    EXPECT_EQ(line(e, "2").findings.back().kind, "oop-maximum-reached");
    EXPECT_EQ(line(e, "2").findings.back().reason,
              "the out-of-pocket maximum of $6,000.00 is reached: the plan pays $140.00 the patient would otherwise "
              "owe ($230.00 was left)");
    // Maximum reached: the plan pays in full; the 20% the patient would owe is what was capped.
    expect_line(e, "3", Outcome::covered_with_pa, "$0.00", "$3,400.00");
    EXPECT_EQ(line(e, "3").cost.oop_capped, usd("$680.00"));   // 20% of $3,400
    expect_line(e, "4", Outcome::covered_with_pa, "$0.00", "$1,150.00");
    EXPECT_EQ(line(e, "4").cost.oop_capped, usd("$230.00"));   // 20% of $1,150
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$6,000.00"));
}

TEST(samples_test, clean_plan) {
    Evaluation const e = check("clean-plan.xml");
    EXPECT_EQ(e.totals.flagged_lines, 0);
    expect_line(e, "1", Outcome::covered, "$40.00", "$145.00");   // office visit copay
    expect_line(e, "2", Outcome::covered, "$30.00", "$130.00");   // psychotherapy copay
    expect_line(e, "3", Outcome::covered, "$30.00", "$130.00");
    expect_line(e, "4", Outcome::covered, "$10.00", "$14.80");    // gabapentin, tier 1
    EXPECT_EQ(e.totals.patient, usd("$110.00"));
}

TEST(samples_test, statecare_therapy_modifier) {
    // STATECARE-HMO-2026: $3 copay per visit, treatment needs a PA and modifier GP or GO. The
    // authorization covers 6 units of 97110/97112; each visit bills 2 units.
    Evaluation const e = check("statecare-therapy-modifier.xml");
    expect_line(e, "1", Outcome::covered, "$3.00", "$117.00");         // evaluation, no PA needed
    expect_line(e, "2", Outcome::covered_with_pa, "$3.00", "$87.00");  // units 1-2 of 6
    expect_line(e, "3", Outcome::covered_with_pa, "$3.00", "$87.00");  // units 3-4
    expect_line(e, "4", Outcome::needs_review, "$0.00", "$0.00", "$90.00");     // no GP modifier: to correct, not priced
    EXPECT_EQ(line(e, "4").findings.front().kind, "modifier-required");
    EXPECT_EQ(line(e, "4").findings.front().carc, "4");
    expect_line(e, "5", Outcome::covered_with_pa, "$3.00", "$87.00");  // units 5-6
    expect_line(e, "6", Outcome::needs_pa, "$0.00", "$0.00", "$90.00");         // units used up
    EXPECT_EQ(line(e, "6").findings.front().kind, "pa-units-used-up");
    EXPECT_EQ(line(e, "6").findings.front().carc, "198");
    expect_line(e, "7", Outcome::not_covered, "$0.00", "$0.00", "$60.00");      // acupuncture: not a benefit
}

// ---- patient-ready estimates (issue 12) ---------------------------------------------------------

TEST(samples_test, allowed_below_charge) {
    // LAKESHORE-PPO-2026 pays its contracted rates per unit; $400 of the $1,000 deductible is open;
    // 20% coinsurance after it; office visits a $35 copay (no deductible).
    Evaluation const e = check("allowed-below-charge.xml");
    // 99214 charged $250, allowed $138: CO 45 $112; copay $35, plan $103.
    expect_line(e, "1", Outcome::covered, "$35.00", "$103.00");
    EXPECT_EQ(line(e, "1").cost.contractual, usd("$112.00"));
    // 97161 $102.00, 97110 x 3 at $31.50 = $94.50, 97140 x 2 at $29.00 = $58.00: all to the
    // deductible ($400 -> $145.50 left).
    expect_line(e, "2", Outcome::covered, "$102.00", "$0.00");
    expect_line(e, "3", Outcome::covered, "$94.50", "$0.00");
    EXPECT_EQ(line(e, "3").cost.allowed, usd("$94.50"));
    EXPECT_EQ(line(e, "3").cost.contractual, usd("$100.50"));
    expect_line(e, "4", Outcome::covered, "$58.00", "$0.00");
    // 97116 has no contracted rate: allowed at the $60 charge, with a note; to the deductible.
    expect_line(e, "5", Outcome::covered, "$60.00", "$0.00");
    EXPECT_EQ(line(e, "5").findings.front().kind, "no-fee-rate");
    EXPECT_EQ(line(e, "5").cost.deductible_left, usd("$85.50"));
    // 97110 x 3 = $94.50: the last $85.50 of deductible, then 20% of $9.00 = $1.80.
    expect_line(e, "6", Outcome::covered, "$87.30", "$7.20");
    EXPECT_EQ(e.totals.billed, usd("$1,000.00"));
    EXPECT_EQ(e.totals.allowed, usd("$547.00"));
    EXPECT_EQ(e.totals.contractual, usd("$453.00"));
    EXPECT_EQ(e.totals.patient, usd("$436.80"));
    EXPECT_EQ(e.totals.plan, usd("$110.20"));
}

TEST(samples_test, out_of_network_balance_billing) {
    // Out of network: 80% of the contracted rate, the separate $2,500 deductible (nothing met).
    Evaluation const e = check("out-of-network-balance-billing.xml");
    // 99213: 80% of $98.00 = $78.40 allowed of $200: all deductible; $121.60 possible balance bill.
    expect_line(e, "1", Outcome::covered, "$78.40", "$0.00");
    EXPECT_EQ(line(e, "1").cost.balance_billing, usd("$121.60"));
    EXPECT_EQ(line(e, "1").cost.contractual, usd("$0.00"));
    // 97140 x 2: 80% of $58.00 = $46.40 of $150: $103.60 possible balance bill.
    expect_line(e, "2", Outcome::covered, "$46.40", "$0.00");
    EXPECT_EQ(line(e, "2").cost.balance_billing, usd("$103.60"));
    EXPECT_EQ(line(e, "2").cost.out_of_pocket_left, usd("$9,875.20"));   // only cost share counts toward it
    // In network: the $35 copay; the provider writes off $102 (CO 45), nothing balance-billed.
    expect_line(e, "3", Outcome::covered, "$35.00", "$63.00");
    EXPECT_EQ(line(e, "3").cost.contractual, usd("$102.00"));
    EXPECT_EQ(e.totals.balance_billing, usd("$225.20"));
    EXPECT_EQ(e.totals.patient, usd("$159.80"));
}

TEST(samples_test, pt_and_ot_same_day) {
    // ACME: 20 PT and OT visits combined; 10 PT + 8 OT used. The deductible is met: 20%.
    Evaluation const e = check("pt-and-ot-same-day.xml");
    // May 4: two PT lines are one visit (19), the OT line another (20).
    expect_line(e, "1", Outcome::covered, "$24.00", "$96.00");
    expect_line(e, "2", Outcome::covered, "$12.00", "$48.00");
    expect_line(e, "3", Outcome::covered, "$26.00", "$104.00");
    EXPECT_EQ(line(e, "3").benefit, "Occupational therapy");
    // May 6: OT would be visit 21: over the limit, the provider's write-off without a waiver (CO 119).
    expect_line(e, "4", Outcome::over_limit, "$0.00", "$0.00", "$130.00");
    EXPECT_EQ(line(e, "4").findings.front().reason, "visit 21 is over the limit of 20 visits per calendar year");
    EXPECT_EQ(line(e, "4").cost.adjustments.front().group, "CO");
    EXPECT_EQ(line(e, "4").cost.adjustments.front().carc, "119");
}

TEST(samples_test, gp_go_split) {
    // 97530 is PT with GP and OT with GO; 97161 is PT's whatever the modifier.
    Evaluation const e = check("gp-go-split.xml");
    EXPECT_EQ(line(e, "1").benefit, "Physical therapy");
    EXPECT_EQ(line(e, "2").benefit, "Physical therapy");
    EXPECT_EQ(line(e, "3").benefit, "Occupational therapy");
    expect_line(e, "2", Outcome::covered, "$26.00", "$104.00");
    expect_line(e, "3", Outcome::covered, "$26.00", "$104.00");
    // No modifier: the plan cannot tell which benefit it is; to correct (CARC 4), unpaid meanwhile.
    expect_line(e, "4", Outcome::needs_review, "$0.00", "$0.00", "$130.00");
    EXPECT_EQ(line(e, "4").findings.front().kind, "benefit-modifier-required");
    EXPECT_EQ(line(e, "4").findings.front().fix, "add the modifier for the discipline that gave the service: GP or GO");
}

TEST(samples_test, kx_threshold) {
    // Medicare: $2,300 of PT allowed this year; the KX threshold is $2,480; deductible met; 20%.
    Evaluation const e = check("kx-threshold.xml");
    // $2,450 after line 1: under the threshold.
    expect_line(e, "1", Outcome::covered, "$30.00", "$120.00");
    // Line 2 would make $2,600 without KX: to correct, not refused (CARC 4); nothing is used up.
    expect_line(e, "2", Outcome::needs_review, "$0.00", "$0.00", "$150.00");
    EXPECT_EQ(line(e, "2").findings.front().kind, "threshold-modifier-required");
    EXPECT_EQ(line(e, "2").findings.front().reason, "needs modifier KX (threshold $2,480.00 per calendar year passed)");
    // Line 3 carries KX: paid.
    expect_line(e, "3", Outcome::covered, "$30.00", "$120.00");
    EXPECT_EQ(line(e, "3").findings.front().kind, "limit-modifier-present");
}

TEST(samples_test, self_pay_estimate) {
    // LAKESIDE-SELF-PAY-2026: the clinic's prices; every line self-pay, all of it the patient's.
    Evaluation const e = check("self-pay-estimate.xml");
    expect_line(e, "1", Outcome::self_pay, "$150.00", "$0.00");   // 99203, charge $220
    expect_line(e, "2", Outcome::self_pay, "$120.00", "$0.00");   // 97161
    expect_line(e, "3", Outcome::self_pay, "$80.00", "$0.00");    // 97110 x 2 at $40.00
    expect_line(e, "5", Outcome::self_pay, "$38.00", "$0.00");    // 97140 x 1
    expect_line(e, "6", Outcome::self_pay, "$650.00", "$0.00");   // 64483
    // 62323 is not on the price list: the estimate is its $850 charge, with a note.
    expect_line(e, "7", Outcome::self_pay, "$850.00", "$0.00");
    EXPECT_EQ(line(e, "7").findings.front().kind, "no-fee-rate");
    EXPECT_EQ(line(e, "7").findings.front().fix, "add a self-pay price for 62323 to the clinic's list");
    // 150 + 120 + 80 + 80 + 38 + 650 + 850 = 1,968 of 2,475 charged.
    EXPECT_EQ(e.totals.patient, usd("$1,968.00"));
    EXPECT_EQ(e.totals.billed, usd("$2,475.00"));
    EXPECT_EQ(e.totals.plan, usd("$0.00"));
    EXPECT_EQ(e.totals.flagged_lines, 0);
}

TEST(samples_test, no_message_names_a_code_set_identifier) {
    // Identifiers with an underscore (a one-word name such as `gabapentin` reads as the word).
    std::set<std::string> identifiers;
    for (std::string const& file : list_rules_files("rules")) {
        for (RulesFile const& f : load_rules(file).files) {
            for (CodeSet const& set : f.code_sets) {
                if (set.name.find('_') != std::string::npos) identifiers.insert(set.name);
            }
            for (SharedLimit const& limit : f.shared_limits) identifiers.insert(limit.name);
            for (FeeSchedule const& fees : f.fee_schedules) identifiers.insert(fees.name);
        }
    }
    ASSERT_FALSE(identifiers.empty());
    for (auto const& entry : std::filesystem::directory_iterator("samples")) {
        if (entry.path().extension() != ".xml") continue;
        Evaluation const e = check(entry.path().filename().string());
        for (LineResult const& r : e.lines) {
            for (Finding const& f : r.findings) {
                for (std::string const& id : identifiers) {
                    EXPECT_EQ(f.reason.find(id), std::string::npos) << entry.path() << " line " << r.line.id << ": " << f.reason;
                    EXPECT_EQ(f.fix.find(id), std::string::npos) << entry.path() << " line " << r.line.id << ": " << f.fix;
                }
            }
        }
    }
}

}  // namespace
}  // namespace covercheck
