// The evaluator, branch by branch and boundary by boundary. Each test states its arithmetic.

#include "eval_support.hpp"

namespace covercheck {
namespace {

using namespace covercheck::testing;

// A small plan used by most tests. Deductible $500, out-of-pocket maximum $1,000, 20% after
// deductible by default.
std::string const plan_text = R"(plan "TEST-2026" {
    effective 2026-01-01 to 2026-12-31
    deductible individual $500.00
    out-of-pocket maximum individual $1,000.00
    coinsurance 20% after deductible
    out of network not covered
    state IL
}
codes pt = cpt 97110, 97112, 97161-97163
codes acupuncture = cpt 97810, 97813
codes office = cpt 99213
codes esi = cpt 62323
codes low_back_pain = icd10 M54.50, M54.51, M54.59
codes radiculopathy = icd10 M54.16, M54.17
codes scs_trial = cpt 63650
codes scs_implant = cpt 63685
codes psych_eval = cpt 90791
codes unlisted_drug = cpt J3490
codes ketamine = rxnorm 6130
codes gabapentin = rxnorm 25480
codes pregabalin = rxnorm 187832
codes opioids = rxnorm 7804, 10689
codes oxycodone = rxnorm 7804
codes lidocaine = rxnorm 6387
codes therapy_kx = cpt 97530

benefit "Physical therapy" codes pt {
    covered
    limit 20 sessions per calendar year
    prior authorization after 12 sessions per calendar year documentation "plan of care"
}
benefit "Acupuncture" codes acupuncture {
    covered when diagnosis in low_back_pain
    limit 12 visits per rolling 90 days
    copay $40.00 per visit after deductible
    not toward out-of-pocket maximum
}
benefit "Office visits" codes office {
    covered
    copay $30.00 per visit
}
benefit "Epidural steroid injection" codes esi {
    covered when diagnosis in radiculopathy
    prior authorization required
    limit 4 sessions per rolling 12 months
}
benefit "Spinal cord stimulator trial" codes scs_trial {
    covered
    requires prior service in psych_eval within 12 months
}
benefit "Spinal cord stimulator implant" codes scs_implant {
    covered
    requires prior service in scs_trial within 6 months
}
benefit "Psychological evaluation" codes psych_eval {
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
drug "Pregabalin" codes pregabalin {
    covered
    copay $35.00 per fill
    requires trial of gabapentin for at least 30 days within 180 days unless state IL and service on or after 2026-06-01
}
drug "Oxycodone" codes oxycodone {
    covered
    copay $10.00 per fill
    supply at most 7 days when not prior service in opioids within 60 days
}
drug "Lidocaine patch" codes lidocaine {
    covered
    copay $50.00 per fill
    limit 90 units per rolling 30 days
}
benefit "Therapy above the KX threshold" codes therapy_kx {
    covered
    limit $2,000.00 per calendar year then modifier KX
}
)";

RuleBook const& book() {
    static RuleBook const b = book_from(plan_text);
    return b;
}

/// n physical-therapy sessions, one a day from January 5, $100 each.
std::vector<ServiceLine> pt_course(int n) {
    std::vector<ServiceLine> lines;
    for (int i = 0; i < n; ++i) {
        ServiceLine l = service(std::to_string(i + 1), "2026-01-05", "97110", "$100.00");
        l.date = l.date.plus_days(i);
        lines.push_back(l);
    }
    return lines;
}

TEST(evaluate_test, pt_course_past_pa_threshold_and_limit) {
    // 24 sessions, PA after 12, limit 20: 1-12 covered, 13-20 need PA, 21-24 over the limit.
    Evaluation const e = evaluate(book(), plan_with(pt_course(24)));
    ASSERT_EQ(e.lines.size(), 24U);
    for (int i = 0; i < 12; ++i) EXPECT_EQ(e.lines[static_cast<std::size_t>(i)].outcome, Outcome::covered) << i + 1;
    for (int i = 12; i < 20; ++i) EXPECT_EQ(e.lines[static_cast<std::size_t>(i)].outcome, Outcome::needs_pa) << i + 1;
    for (int i = 20; i < 24; ++i) EXPECT_EQ(e.lines[static_cast<std::size_t>(i)].outcome, Outcome::over_limit) << i + 1;
    LineResult const& v21 = e.lines[20];
    EXPECT_EQ(v21.findings.front().reason, "session 21 is over the limit of 20 sessions per calendar year");
    EXPECT_EQ(v21.findings.front().carc, "119");
    EXPECT_EQ(v21.findings.front().fix, "0 sessions left per calendar year; the count starts again on 2027-01-01");
    EXPECT_EQ(v21.findings.front().rule.line, 29);   // "limit 20 sessions per calendar year"
    LineResult const& v13 = e.lines[12];
    EXPECT_EQ(v13.findings.front().carc, "197");
    EXPECT_EQ(v13.findings.front().fix, "file a prior authorization for 97110 (send: plan of care)");
    ASSERT_EQ(e.pas_to_file.size(), 1U);
    EXPECT_EQ(e.pas_to_file[0].lines.size(), 8U);

    // Money: $500 deductible over lines 1-5 ($100 each), then 20% coinsurance = $20 a line.
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$100.00"));
    EXPECT_EQ(e.lines[4].cost.deductible, usd("$100.00"));
    EXPECT_EQ(e.lines[5].cost.deductible, Money{});
    EXPECT_EQ(e.lines[5].cost.coinsurance, usd("$20.00"));
    // Lines 13-20 need the PA: without it the payer denies each whole (CO 197), so the
    // provider's $100 is at risk and the patient owes nothing for them.
    EXPECT_EQ(v13.cost.patient, Money{});
    EXPECT_EQ(v13.cost.at_risk, usd("$100.00"));
    // Over-limit lines are denied too (CO 119 in network, no waiver): at risk, not the patient's.
    EXPECT_EQ(v21.cost.patient, Money{});
    EXPECT_EQ(v21.cost.at_risk, usd("$100.00"));
    EXPECT_EQ(v21.cost.plan, Money{});
    // Totals: patient = 5 x $100 + 7 x $20 = $640; plan = 7 x $80 = $560;
    // at risk = 8 x $100 + 4 x $100 = $1,200.
    EXPECT_EQ(e.totals.patient, usd("$640.00"));
    EXPECT_EQ(e.totals.plan, usd("$560.00"));
    EXPECT_EQ(e.totals.at_risk, usd("$1,200.00"));
}

TEST(evaluate_test, pa_on_file_covers_sessions_until_its_units_run_out) {
    TreatmentPlan plan = plan_with(pt_course(20));
    Authorization a;
    a.number = "AUTH-7";
    a.codes = {"97110"};
    a.units = 5;
    a.from = day("2026-01-01");
    a.to = day("2026-12-31");
    plan.authorizations.push_back(a);
    Evaluation const e = evaluate(book(), plan);
    // Sessions 13-17 use the 5 authorized units; 18-20 need more.
    for (int i = 12; i < 17; ++i) EXPECT_EQ(e.lines[static_cast<std::size_t>(i)].outcome, Outcome::covered_with_pa) << i + 1;
    for (int i = 17; i < 20; ++i) {
        LineResult const& r = e.lines[static_cast<std::size_t>(i)];
        EXPECT_EQ(r.outcome, Outcome::needs_pa) << i + 1;
        EXPECT_TRUE(has_finding(r, "pa-units-used-up")) << describe(r);
    }
}

TEST(evaluate_test, pa_not_certified_or_outside_its_dates_does_not_count) {
    TreatmentPlan plan = plan_with({service("1", "2026-03-01", "62323", "$900.00")}, {"M54.16"});
    Authorization a;
    a.number = "AUTH-9";
    a.codes = {"62323"};
    a.from = day("2026-02-01");
    a.to = day("2026-02-28");
    plan.authorizations.push_back(a);
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::needs_pa);   // expired Feb 28
    plan.authorizations[0].to = day("2026-03-31");
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::covered_with_pa);
    plan.authorizations[0].status = "A4";   // pended: still to be decided
    LineResult const pended = evaluate(book(), plan).lines[0];
    EXPECT_EQ(pended.outcome, Outcome::needs_pa);
    EXPECT_TRUE(has_finding(pended, "pa-not-certified")) << describe(pended);
    plan.authorizations[0].status = "A3";   // denied: filing again is not the answer
    LineResult const denied = evaluate(book(), plan).lines[0];
    EXPECT_EQ(denied.outcome, Outcome::not_covered);
    EXPECT_TRUE(has_finding(denied, "pa-denied")) << describe(denied);
    EXPECT_EQ(denied.findings.front().carc, "50");
    EXPECT_EQ(denied.cost.at_risk, denied.cost.allowed);
    EXPECT_EQ(denied.cost.patient, Money{});
}

TEST(evaluate_test, twelfth_and_thirteenth_session_against_pa_threshold) {
    TreatmentPlan plan = plan_with(pt_course(13));
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[11].outcome, Outcome::covered);
    EXPECT_EQ(e.lines[12].outcome, Outcome::needs_pa);
    EXPECT_EQ(e.lines[12].findings.front().reason,
              "session 13 per calendar year is past the 12 sessions allowed before a prior authorization; "
              "no authorization on file covers it");
}

TEST(evaluate_test, two_services_on_one_day_are_one_session) {
    // 12 days of therapy, the 12th with two codes: still 12 sessions, no PA needed.
    std::vector<ServiceLine> lines = pt_course(12);
    ServiceLine extra = lines.back();
    extra.id = "12b";
    extra.code = "97112";
    lines.push_back(extra);
    Evaluation const e = evaluate(book(), plan_with(lines));
    for (LineResult const& r : e.lines) EXPECT_EQ(r.outcome, Outcome::covered) << describe(r);
}

TEST(evaluate_test, prior_usage_counts_toward_the_year) {
    TreatmentPlan plan = plan_with(pt_course(2));
    plan.prior_usage.push_back(PriorUsage{"Physical therapy", "", 19, 0, 19, Money{}, {}});
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::needs_pa);    // session 20 of 20, past 12
    EXPECT_EQ(e.lines[1].outcome, Outcome::over_limit);  // session 21
}

TEST(evaluate_test, usage_of_an_unknown_benefit_is_a_warning_not_a_silent_skip) {
    TreatmentPlan plan = plan_with(pt_course(1));
    plan.prior_usage.push_back(PriorUsage{"Physio", "", 19, 0, 19, Money{}, SourceLocation{"tp.xml", 9, 5}});
    Evaluation const e = evaluate(book(), plan);
    ASSERT_EQ(e.warnings.size(), 1U);
    EXPECT_EQ(e.warnings[0].code, "EV-UNKNOWN-BENEFIT");
    EXPECT_EQ(to_string(e.warnings[0].where), "tp.xml:9:5");
    EXPECT_EQ(e.lines[0].outcome, Outcome::covered);
}

TEST(evaluate_test, rolling_window_ninetieth_and_ninety_first_day) {
    // 12 acupuncture visits on one day each from 2026-01-01 (Jan 1-12). The 13th on day 90
    // counting Jan 1 (2026-03-31) is in the same 90-day window: over. On 2026-04-01 the window
    // starts Jan 2, so Jan 1 has dropped out: covered.
    std::vector<ServiceLine> lines;
    for (int i = 0; i < 12; ++i) {
        ServiceLine l = service(std::to_string(i + 1), "2026-01-01", "97810", "$80.00");
        l.date = l.date.plus_days(i);
        lines.push_back(l);
    }
    lines.push_back(service("13", "2026-03-31", "97810", "$80.00"));
    Evaluation e = evaluate(book(), plan_with(lines, {"M54.50"}));
    EXPECT_EQ(e.lines[12].outcome, Outcome::over_limit) << describe(e.lines[12]);
    EXPECT_EQ(e.lines[12].findings.front().fix,
              "0 visits left per rolling 90 days; the next one fits the limit from 2026-04-01");
    lines.back().date = day("2026-04-01");
    e = evaluate(book(), plan_with(lines, {"M54.50"}));
    EXPECT_EQ(e.lines[12].outcome, Outcome::covered) << describe(e.lines[12]);
}

TEST(evaluate_test, history_counts_toward_rolling_windows) {
    // Three ESIs last autumn in history, one in February: four in 12 months. A fifth in
    // March is over; in 2026-09-02 the first (2025-09-01) is out of the window.
    TreatmentPlan plan = plan_with({service("1", "2026-02-10", "62323", "$900.00"),
                                    service("2", "2026-03-10", "62323", "$900.00")},
                                   {"M54.16"});
    for (char const* d : {"2025-09-01", "2025-10-01", "2025-11-01"}) plan.history.push_back({day(d), "62323", "", 1, 0, {}});
    Authorization a;
    a.number = "A";
    a.codes = {"62323"};
    a.from = day("2026-01-01");
    a.to = day("2026-12-31");
    plan.authorizations.push_back(a);
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::covered_with_pa) << describe(e.lines[0]);
    EXPECT_EQ(e.lines[1].outcome, Outcome::over_limit) << describe(e.lines[1]);
    EXPECT_EQ(e.lines[1].findings.front().fix,
              "0 sessions left per rolling 12 months; the next one fits the limit from 2026-09-01");
}

TEST(evaluate_test, unknown_code_needs_review_and_is_not_covered_money) {
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-02-01", "99999", "$250.00")}));
    LineResult const& r = e.lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review);
    EXPECT_EQ(r.findings.front().kind, "no-rule");
    EXPECT_EQ(r.findings.front().reason, "no rule of plan TEST-2026 mentions 99999");
    EXPECT_EQ(r.cost.at_risk, usd("$250.00"));
    EXPECT_EQ(r.cost.patient, Money{});
    EXPECT_EQ(r.cost.plan, Money{});
    EXPECT_EQ(e.totals.flagged_lines, 1);
}

TEST(evaluate_test, excluded_drug_on_an_unlisted_code) {
    ServiceLine l = service("1", "2026-02-01", "J3490", "$600.00");
    l.drug = "6130";
    LineResult const r = evaluate(book(), plan_with({l})).lines[0];
    EXPECT_EQ(r.benefit, "Ketamine infusion");
    EXPECT_EQ(r.outcome, Outcome::not_covered);
    EXPECT_EQ(r.findings.front().reason, "'Ketamine infusion' is excluded: investigational");
    EXPECT_EQ(r.findings.front().carc, "96");
    // J3490 for another drug: no rule.
    l.drug = "25480";
    EXPECT_EQ(evaluate(book(), plan_with({l})).lines[0].outcome, Outcome::needs_review);
}

TEST(evaluate_test, diagnosis_not_supported_says_which_set) {
    LineResult const r = evaluate(book(), plan_with({service("1", "2026-02-01", "97810", "$80.00")}, {"G62.0"})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::diagnosis_not_supported);
    EXPECT_EQ(r.findings.front().carc, "167");
    EXPECT_EQ(r.findings.front().fix,
              "add a diagnosis from low_back_pain (M54.50, M54.51, M54.59) if the record supports it");
    // A diagnosis linked to the line wins over the plan's.
    ServiceLine l = service("1", "2026-02-01", "97810", "$80.00");
    l.diagnoses = {"M54.51"};
    EXPECT_EQ(evaluate(book(), plan_with({l}, {"G62.0"})).lines[0].outcome, Outcome::covered);
}

TEST(evaluate_test, step_therapy_and_its_state_switch) {
    TreatmentPlan plan = plan_with({fill("1", "2026-03-01", "187832", 60, 30, "$400.00")});
    plan.patient.state = "WI";
    LineResult r = evaluate(book(), plan).lines[0];
    EXPECT_EQ(r.outcome, Outcome::step_therapy_not_met) << describe(r);
    EXPECT_EQ(r.findings.front().reason,
              "step therapy: needs a trial of gabapentin for at least 30 days within the 180 days before; found 0 days");
    // 30 days of gabapentin in the look-back window meet it.
    plan.history.push_back({day("2026-01-15"), "", "25480", 90, 30, {}});
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::covered);
    // 29 days do not.
    plan.history.back().days_supply = 29;
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::step_therapy_not_met);
    // In Illinois from 2026-06-01 the rule is switched off.
    plan.patient.state = "IL";
    plan.lines[0].date = day("2026-06-01");
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::covered);
    plan.lines[0].date = day("2026-05-31");
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::step_therapy_not_met);
}

TEST(evaluate_test, sequencing_trial_before_implant) {
    // The implant needs a trial within 6 months; the trial needs a psychological evaluation.
    TreatmentPlan plan = plan_with({service("1", "2026-02-01", "63650", "$5,000.00"),
                                    service("2", "2026-03-01", "63685", "$20,000.00")});
    Evaluation e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::sequencing_not_met);
    EXPECT_EQ(e.lines[1].outcome, Outcome::sequencing_not_met);   // a denied trial does not count
    plan.history.push_back({day("2026-01-10"), "90791", "", 1, 0, {}});
    e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::covered) << describe(e.lines[0]);
    EXPECT_EQ(e.lines[1].outcome, Outcome::covered) << describe(e.lines[1]);
}

TEST(evaluate_test, supply_limit_for_opioid_naive_patient) {
    TreatmentPlan plan = plan_with({fill("1", "2026-02-01", "7804", 120, 30, "$90.00")});
    LineResult r = evaluate(book(), plan).lines[0];
    EXPECT_EQ(r.outcome, Outcome::over_limit);
    EXPECT_EQ(r.findings.front().kind, "supply-limit");
    plan.history.push_back({day("2026-01-10"), "", "10689", 28, 7, {}});
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::covered);
}

TEST(evaluate_test, quantity_limit_per_rolling_30_days) {
    // 60 patches, then 60 more 20 days later: 120 > 90 in 30 days.
    Evaluation const e = evaluate(book(), plan_with({fill("1", "2026-02-01", "6387", 60, 30, "$300.00"),
                                                     fill("2", "2026-02-21", "6387", 60, 30, "$300.00")}));
    EXPECT_EQ(e.lines[0].outcome, Outcome::covered);
    EXPECT_EQ(e.lines[1].outcome, Outcome::over_limit);
    EXPECT_EQ(e.lines[1].findings.front().reason, "unit 120 is over the limit of 90 units per rolling 30 days");
}

TEST(evaluate_test, out_of_network_not_covered) {
    ServiceLine l = service("1", "2026-02-01", "99213", "$150.00");
    l.in_network = false;
    LineResult const r = evaluate(book(), plan_with({l})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::out_of_network);
    EXPECT_EQ(r.findings.front().carc, "242");
    EXPECT_EQ(r.cost.patient, usd("$150.00"));
}

TEST(evaluate_test, the_reason_names_the_part_of_a_condition_that_fails_and_only_true_facts) {
    RuleBook const b = book_from(R"(plan "G-2" {
    state IL
}
codes a = cpt 97110
codes b = cpt 97112
codes c = cpt 97116
codes d = cpt 97140
codes e = cpt 97530
benefit "Or" codes a {
    covered when state WI or age under 18
}
benefit "And with a fact missing" codes b {
    covered when age under 18 and place of service 11
}
benefit "Two ways in" codes c {
    covered when age under 18
    covered when place of service 11
}
benefit "Not" codes d {
    covered when not place of service 22
}
benefit "Requires not" codes e {
    covered
    requires not modifier GA
}
)");
    std::vector<ServiceLine> lines;
    for (char const* code : {"97110", "97112", "97116", "97140", "97530"}) {
        ServiceLine l = service(std::to_string(lines.size() + 1), "2026-03-02", code, "$10.00");
        l.place_of_service = 22;
        if (lines.size() == 4) l.modifiers = {"GA"};
        lines.push_back(l);
    }
    TreatmentPlan plan = plan_with(lines);
    plan.patient.state = "IL";
    plan.patient.birth_date = day("1980-01-01");
    TreatmentPlan no_birth_date = plan;
    no_birth_date.patient.birth_date.reset();
    Evaluation const e = evaluate(b, plan);
    auto reason = [](LineResult const& r) { return r.findings.empty() ? std::string() : r.findings.front().reason; };
    // An `or` fails as a whole: both halves, and the facts behind each.
    EXPECT_EQ(reason(e.lines[0]), "covered only when the member's state is WI or the patient is under 18; here the "
                                  "member's state is IL; the patient is 46 on 2026-03-02");
    // Of an `and`, the part that is false, not one that cannot be decided.
    EXPECT_EQ(reason(evaluate(b, no_birth_date).lines[1]),
              "covered only when the place of service is 11; here the place of service is 22");
    // Two `covered` rules: both are ways in.
    EXPECT_EQ(reason(e.lines[2]), "covered only when the patient is under 18; here the patient is 46 on 2026-03-02; or "
                                  "covered only when the place of service is 11; here the place of service is 22 (line 17)");
    // `not`, in words.
    EXPECT_EQ(reason(e.lines[3]), "covered only when the place of service is not 22; here the place of service is 22");
    EXPECT_EQ(reason(e.lines[4]), "covered only when the line does not have the modifier GA; here the line's modifiers are GA");
}

TEST(evaluate_test, an_or_that_fails_takes_its_outcome_and_fix_from_its_least_serious_part) {
    RuleBook const b = book_from(R"(plan "G-3" {
}
codes a = cpt 97110
codes b = cpt 97112
codes c = cpt 97116
codes d = cpt 97140
codes dx = icd10 M54.50
benefit "Modifier GP or GO" codes a {
    covered
    requires modifier GP or modifier GO
}
benefit "Diagnosis or age" codes b {
    covered when diagnosis in dx or age under 18
}
benefit "Not a child" codes c {
    covered when not age under 18
}
benefit "Two ways, one undecided" codes d {
    covered when age under 18
    covered when place of service 11
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-02", "97110", "$100.00"), service("2", "2026-02-02", "97112", "$100.00"),
                                    service("3", "2026-02-02", "97116", "$100.00"), service("4", "2026-02-02", "97140", "$100.00")});
    plan.lines[3].place_of_service = 22;
    Evaluation const e = evaluate(b, plan);
    // No modifier at all: a claim to correct (CARC 4), not a refusal.
    EXPECT_EQ(e.lines[0].outcome, Outcome::needs_review) << describe(e.lines[0]);
    EXPECT_EQ(e.lines[0].findings.front().carc, "4");
    EXPECT_EQ(e.lines[0].findings.front().reason,
              "covered only when the line has the modifier GP or the line has the modifier GO; here the line has no modifier");
    // No diagnosis given: add one (needs review), with the facts of both parts.
    EXPECT_EQ(e.lines[1].outcome, Outcome::needs_review) << describe(e.lines[1]);
    EXPECT_EQ(e.lines[1].findings.front().reason,
              "covered only when a diagnosis is in dx or the patient is under 18; here no diagnosis is given; the patient "
              "is 65 on 2026-02-02");
    EXPECT_NE(e.lines[1].findings.front().fix.find("add the diagnosis"), std::string::npos);
    // `not` with the fact missing: the fact is named.
    TreatmentPlan no_birth_date = plan;
    no_birth_date.patient.birth_date.reset();
    Evaluation const n = evaluate(b, no_birth_date);
    EXPECT_EQ(n.lines[2].outcome, Outcome::needs_review);
    EXPECT_EQ(n.lines[2].findings.front().reason, "the rule at this line needs the patient's birth date, which is not given");
    // One `covered` rule undecided, the other false: the line may be covered, so it is to review.
    EXPECT_EQ(n.lines[3].outcome, Outcome::needs_review) << describe(n.lines[3]);
    EXPECT_EQ(n.lines[3].findings.size(), 1u) << describe(n.lines[3]);
    // With the birth date, both fail and both are named.
    EXPECT_EQ(e.lines[3].outcome, Outcome::not_covered);
    EXPECT_NE(e.lines[3].findings.front().reason.find("; or covered only when the place of service is 11"), std::string::npos)
        << describe(e.lines[3]);
}

TEST(evaluate_test, an_and_that_fails_is_decided_by_its_most_serious_part) {
    RuleBook const b = book_from(R"(plan "G-4" {
}
codes a = cpt 97110
codes b = cpt 97112
codes c = cpt 97116
benefit "Modifier and age" codes a {
    covered when modifier GP and age under 18
}
benefit "Age or modifier, as two rules" codes b {
    covered when age under 18
    covered when modifier GP
}
benefit "Covered anyway" codes c {
    covered when place of service 11
    covered
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-02", "97110", "$100.00"), service("2", "2026-02-02", "97112", "$100.00"),
                                    service("3", "2026-02-02", "97116", "$100.00")});
    Evaluation const e = evaluate(b, plan);   // the patient is 65; no modifier, no place of service
    // The age refuses it whatever the modifier: not covered (CARC 6), not "add the modifier".
    EXPECT_EQ(e.lines[0].outcome, Outcome::not_covered) << describe(e.lines[0]);
    EXPECT_EQ(e.lines[0].findings.front().carc, "6");
    // Two ways in, one of them a modifier to add: to correct (CARC 4), both named.
    EXPECT_EQ(e.lines[1].outcome, Outcome::needs_review) << describe(e.lines[1]);
    EXPECT_EQ(e.lines[1].findings.front().carc, "4");
    EXPECT_NE(e.lines[1].findings.front().reason.find("the patient is under 18"), std::string::npos);
    // A plain `covered` covers it; the undecided place of service does not matter.
    EXPECT_EQ(e.lines[2].outcome, Outcome::covered) << describe(e.lines[2]);
    EXPECT_TRUE(e.lines[2].findings.empty()) << describe(e.lines[2]);
}

TEST(evaluate_test, out_of_network_cites_the_plan_clause_that_refuses_it) {
    RuleBook const b = book_from(R"(plan "HMO-1" {
    effective 2026-01-01 to 2026-12-31
    out of network not covered
}
codes visits = cpt 99213
benefit "Office visits" codes visits {
    covered
    copay $3.00 per visit
}
)");
    ServiceLine l = service("1", "2026-02-01", "99213", "$150.00");
    l.in_network = false;
    LineResult const r = evaluate(b, plan_with({l})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::out_of_network);
    EXPECT_EQ(r.findings.front().rule.line, 3);
    EXPECT_EQ(r.findings.front().rule.column, 5);
}

TEST(evaluate_test, a_copay_before_the_deductible_then_coinsurance_after_it) {
    // "$35 Copay before deductible" and "30% Coinsurance after deductible" (CMS Marketplace PUF).
    RuleBook const b = book_from(R"(plan "P-1" {
    deductible individual $500.00
}
codes visits = cpt 99213
benefit "Specialist visit" codes visits {
    covered
    copay $35.00 per visit
    coinsurance 30% after deductible
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-01", "99213", "$100.00"),
                                    service("2", "2026-02-08", "99213", "$1,000.00")});
    plan.plan_id = "P-1";
    Evaluation const e = evaluate(b, plan);
    // Visit 1: the $35 copay first; the other $65 goes to the deductible; nothing left for 30%.
    expect_parts(e.lines[0], "$65.00", "$35.00", "$0.00");
    // Visit 2: $35 copay; $435 of the deductible is left; 30% of the $530 after that = $159.
    expect_parts(e.lines[1], "$435.00", "$35.00", "$159.00");
    EXPECT_EQ(e.lines[1].cost.patient, usd("$629.00"));
    EXPECT_EQ(e.lines[1].cost.plan, usd("$371.00"));
    EXPECT_EQ(e.met_after.deductible, usd("$500.00"));
}

TEST(evaluate_test, a_dollar_maximum_pays_up_to_what_is_left_of_it) {
    // Acupuncture to $375.00 a year (a CMS Marketplace PUF row), 50% coinsurance.
    RuleBook const b = book_from(R"(plan "P-1" {
    out-of-pocket maximum individual $6,000.00
}
codes acupuncture = cpt 97810
benefit "Acupuncture" codes acupuncture {
    covered
    coinsurance 50%
    limit $375.00 per calendar year
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-02", "97810", "$300.00"),
                                    service("2", "2026-02-09", "97810", "$100.00"),
                                    service("3", "2026-02-16", "97810", "$100.00"),
                                    service("4", "2027-01-04", "97810", "$100.00")});
    plan.plan_id = "P-1";
    Evaluation const e = evaluate(b, plan);
    // $300 within the maximum: 50% each.
    EXPECT_EQ(e.lines[0].outcome, Outcome::covered);
    EXPECT_EQ(e.lines[0].cost.patient, usd("$150.00"));
    // $75 left: the plan pays 50% of $75, the patient 50% of $75; the $25 over is denied
    // (CO 119 in network: at risk).
    LineResult const& crossing = e.lines[1];
    EXPECT_EQ(crossing.outcome, Outcome::over_limit) << describe(crossing);
    EXPECT_EQ(crossing.findings.front().kind, "limit-partly-reached");
    EXPECT_EQ(crossing.findings.front().carc, "119");
    EXPECT_EQ(crossing.findings.front().reason,
              "$25.00 of the $100.00 charge is over the limit of $375.00 per calendar year, which had $75.00 left: "
              "the plan's share is figured on $75.00");
    EXPECT_EQ(crossing.cost.coinsurance, usd("$37.50"));
    EXPECT_EQ(crossing.cost.at_risk, usd("$25.00"));
    EXPECT_EQ(crossing.cost.patient, usd("$37.50"));
    EXPECT_EQ(crossing.cost.plan, usd("$37.50"));
    // Nothing left: the whole line is over the limit.
    EXPECT_EQ(e.lines[2].outcome, Outcome::over_limit);
    EXPECT_EQ(e.lines[2].findings.front().kind, "limit-reached");
    EXPECT_EQ(e.lines[2].cost.at_risk, usd("$100.00"));
    // A new year, a new maximum.
    EXPECT_EQ(e.lines[3].outcome, Outcome::covered);
    EXPECT_EQ(e.lines[3].cost.patient, usd("$50.00"));
    // Only cost shares count toward the out-of-pocket maximum, not what was over the limit.
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$50.00"));   // the new year's
}

TEST(evaluate_test, what_the_maximum_takes_off_is_what_the_patient_would_otherwise_owe) {
    // $400 of the $500 deductible and $900 of the $1,000 maximum already met; two $300 lines on
    // one day at 20% after the deductible.
    RuleBook const b = book_from(R"(plan "P-1" {
    deductible individual $500.00
    out-of-pocket maximum individual $1,000.00
}
codes therapy = cpt 97110
benefit "Therapy" codes therapy {
    covered
    coinsurance 20% after deductible
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-03-02", "97110", "$300.00"),
                                    service("2", "2026-03-02", "97110", "$300.00")});
    plan.plan_id = "P-1";
    plan.met.deductible = usd("$400.00");
    plan.met.out_of_pocket = usd("$900.00");
    Evaluation const e = evaluate(b, plan);
    // Line 1: $100 deductible + 20% of $200 = $140 owed, $100 left under the maximum: $40 off.
    EXPECT_EQ(e.lines[0].cost.patient, usd("$100.00"));
    EXPECT_EQ(e.lines[0].cost.oop_capped, usd("$40.00"));
    // Line 2: the deductible is met now; 20% of $300 = $60 owed, nothing left: $60 off, not $300.
    EXPECT_EQ(e.lines[1].cost.patient, usd("$0.00"));
    EXPECT_EQ(e.lines[1].cost.oop_capped, usd("$60.00"));
    EXPECT_EQ(e.met_after.deductible, usd("$500.00"));
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$1,000.00"));
}

TEST(evaluate_test, the_deductible_is_met_by_what_the_patient_pays_not_by_the_maximum) {
    // $500 deductible, none met; a $300 maximum; 20% after the deductible. Massage does not count
    // toward the maximum.
    RuleBook const b = book_from(R"(plan "P-1" {
    deductible individual $500.00
    out-of-pocket maximum individual $300.00
    coinsurance 20% after deductible
}
codes therapy = cpt 97110
codes massage = cpt 97124
benefit "Therapy" codes therapy {
    covered
}
benefit "Massage" codes massage {
    covered
    not toward out-of-pocket maximum
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-03-02", "97110", "$400.00"),
                                    service("2", "2026-03-09", "97110", "$500.00"),
                                    service("3", "2026-03-16", "97124", "$500.00")});
    plan.plan_id = "P-1";
    Evaluation const e = evaluate(b, plan);
    // Line 1: $400 to the deductible, capped at $300: the maximum takes $100 off.
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$300.00"));
    EXPECT_EQ(e.lines[0].cost.oop_capped, usd("$100.00"));
    // Line 2: the maximum is reached, the patient owes nothing. Without any maximum the patient
    // would have met $400 of the deductible by now: $100 more + 20% of $400 = $180.
    EXPECT_EQ(e.lines[1].cost.patient, usd("$0.00"));
    EXPECT_EQ(e.lines[1].cost.oop_capped, usd("$180.00"));
    // Line 3 does not count toward the maximum, and the patient has paid $300 of the deductible:
    // $200 more of it + 20% of $300 = $260. The maximum paid no deductible for the patient.
    EXPECT_EQ(e.lines[2].cost.deductible, usd("$200.00"));
    EXPECT_EQ(e.lines[2].cost.coinsurance, usd("$60.00"));
    EXPECT_EQ(e.lines[2].cost.oop_capped, usd("$0.00"));
    EXPECT_EQ(e.met_after.deductible, usd("$500.00"));
}

TEST(evaluate_test, of_two_dollar_maximums_the_one_with_less_left_decides) {
    RuleBook const b = book_from(R"(plan "P-1" {
}
codes therapy = cpt 97112
benefit "Therapy" codes therapy {
    covered
    coinsurance 20%
    limit $1,000.00 per calendar year, $1,200.00 per rolling 30 days
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-01", "97112", "$700.00"),
                                    service("2", "2026-02-05", "97112", "$700.00"),
                                    service("3", "2026-02-06", "97112", "$100.00")});
    plan.plan_id = "P-1";
    Evaluation const e = evaluate(b, plan);
    // Line 2: $300 left of the year's $1,000 (and $500 of the 30 days'): the year decides.
    LineResult const& crossing = e.lines[1];
    ASSERT_EQ(crossing.findings.size(), 1u) << describe(crossing);
    EXPECT_EQ(crossing.findings.front().reason,
              "$400.00 of the $700.00 charge is over the limit of $1,000.00 per calendar year, which had $300.00 left: "
              "the plan's share is figured on $300.00");
    EXPECT_EQ(crossing.cost.coinsurance, usd("$60.00"));
    EXPECT_EQ(crossing.cost.at_risk, usd("$400.00"));
    EXPECT_EQ(crossing.cost.patient, usd("$60.00"));
    // The year's maximum is used up: the next line is over it in full.
    EXPECT_EQ(e.lines[2].outcome, Outcome::over_limit);
    EXPECT_EQ(e.lines[2].cost.at_risk, usd("$100.00"));
}

TEST(evaluate_test, after_a_rolling_dollar_maximum_the_next_date_that_fits_counts_the_covered_part) {
    RuleBook const b = book_from(R"(plan "P-1" {
}
codes therapy = cpt 97112
benefit "Therapy" codes therapy {
    covered
    limit $1,200.00 per rolling 30 days
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-02-01", "97112", "$700.00"),
                                    service("2", "2026-02-05", "97112", "$700.00")});
    plan.plan_id = "P-1";
    Evaluation const e = evaluate(b, plan);
    // $700 on 02-01 and the covered $500 on 02-05 fill the window ($1,200). Room comes back when
    // 02-01's $700 leaves the 30 days, on 03-03 (not on 02-06, as it would if the covered $500
    // were left out of the count).
    EXPECT_EQ(e.lines[1].findings.front().fix,
              "$0.00 left per rolling 30 days; the next one fits the limit from 2026-03-03");
    TreatmentPlan later = plan;
    later.lines.push_back(service("3", "2026-03-02", "97112", "$10.00"));
    later.lines.push_back(service("4", "2026-03-03", "97112", "$10.00"));
    Evaluation const l = evaluate(b, later);
    EXPECT_EQ(l.lines[2].outcome, Outcome::over_limit);
    EXPECT_EQ(l.lines[3].outcome, Outcome::covered);
}

TEST(evaluate_test, outside_plan_dates) {
    LineResult const r = evaluate(book(), plan_with({service("1", "2027-01-02", "99213", "$150.00")})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::not_covered);
    EXPECT_EQ(r.findings.front().kind, "outside-plan-dates");
    EXPECT_EQ(r.findings.front().carc, "27");
}

TEST(evaluate_test, dollar_threshold_with_kx_modifier) {
    // $900 a line against $2,000 a year: the third line reaches $2,700, above the threshold.
    std::vector<ServiceLine> lines;
    for (int i = 0; i < 3; ++i) {
        ServiceLine l = service(std::to_string(i + 1), "2026-02-01", "97530", "$900.00");
        l.date = l.date.plus_days(i);
        lines.push_back(l);
    }
    Evaluation e = evaluate(book(), plan_with(lines));
    EXPECT_EQ(e.lines[1].outcome, Outcome::covered);
    // A threshold uses nothing up: past it the line needs the modifier, a correction to make.
    EXPECT_EQ(e.lines[2].outcome, Outcome::needs_review) << describe(e.lines[2]);
    EXPECT_EQ(e.lines[2].findings.front().kind, "threshold-modifier-required");
    EXPECT_EQ(e.lines[2].findings.front().reason, "needs modifier KX (threshold $2,000.00 per calendar year passed)");
    EXPECT_EQ(e.lines[2].findings.front().carc, "4");
    EXPECT_EQ(e.lines[2].findings.front().fix, "add modifier KX if the service is medically necessary (document why)");
    lines[2].modifiers = {"KX"};
    e = evaluate(book(), plan_with(lines));
    EXPECT_EQ(e.lines[2].outcome, Outcome::covered);
    EXPECT_TRUE(has_finding(e.lines[2], "limit-modifier-present"));
    EXPECT_EQ(e.lines[2].cost.plan + e.lines[2].cost.patient, usd("$900.00"));
}

TEST(evaluate_test, retired_diagnosis_needs_review) {
    ServiceLine l = service("1", "2026-02-01", "99213", "$150.00");
    l.diagnoses = {"G35"};
    LineResult const r = evaluate(book(), plan_with({l})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review);
    EXPECT_EQ(r.findings.front().kind, "retired-code");
    EXPECT_EQ(r.findings.front().carc, "16");
}

TEST(evaluate_test, missing_fact_needs_review) {
    TreatmentPlan plan = plan_with({fill("1", "2026-03-01", "187832", 60, 30, "$400.00")});
    plan.patient.state = "";   // the plan's state IL is used
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::step_therapy_not_met);
}

TEST(evaluate_test, copay_after_deductible_and_not_toward_oop) {
    // Acupuncture: deductible first ($500 open), then a $40 copay; not toward the maximum.
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-02-01", "97810", "$300.00"),
                                                     service("2", "2026-02-02", "97810", "$300.00"),
                                                     service("3", "2026-02-03", "97810", "$300.00")},
                                                    {"M54.50"}));
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$300.00"));
    EXPECT_EQ(e.lines[0].cost.copay, Money{});
    EXPECT_EQ(e.lines[1].cost.deductible, usd("$200.00"));
    EXPECT_EQ(e.lines[1].cost.copay, usd("$40.00"));
    EXPECT_EQ(e.lines[2].cost.deductible, Money{});
    EXPECT_EQ(e.lines[2].cost.copay, usd("$40.00"));
    EXPECT_EQ(e.met_after.deductible, usd("$500.00"));
    EXPECT_EQ(e.met_after.out_of_pocket, Money{});
}

TEST(evaluate_test, out_of_pocket_maximum_caps_mid_plan) {
    // $400 of the $1,000 maximum already met, deductible met. 20% of $1,000 = $200 a line:
    // lines 1-3 take $600 -> met $1,000; line 4 pays nothing.
    TreatmentPlan plan = plan_with({service("1", "2026-04-01", "97161", "$1,000.00"),
                                    service("2", "2026-04-02", "97161", "$1,000.00"),
                                    service("3", "2026-04-03", "97161", "$1,000.00"),
                                    service("4", "2026-04-04", "97161", "$1,000.00")});
    plan.met = MetSoFar{usd("$500.00"), usd("$400.00")};
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[2].cost.coinsurance, usd("$200.00"));
    EXPECT_EQ(e.lines[3].cost.coinsurance, Money{});
    EXPECT_EQ(e.lines[3].cost.plan, usd("$1,000.00"));
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$1,000.00"));
    // The cap within a line: with $450 met, line 3 owes $150 of its $200.
    plan.met.out_of_pocket = usd("$450.00");
    Evaluation const f = evaluate(book(), plan);
    EXPECT_EQ(f.lines[2].cost.coinsurance, usd("$150.00"));
    EXPECT_EQ(f.lines[2].cost.plan, usd("$850.00"));
}

TEST(evaluate_test, lines_are_taken_in_date_order) {
    std::vector<ServiceLine> lines = pt_course(13);
    std::reverse(lines.begin(), lines.end());
    Evaluation const e = evaluate(book(), plan_with(lines));
    EXPECT_EQ(e.lines.front().line.id, "1");
    EXPECT_EQ(e.lines.back().line.id, "13");
    EXPECT_EQ(e.lines.back().outcome, Outcome::needs_pa);
}

TEST(evaluate_test, a_condition_that_fails_says_what_it_wanted_and_what_the_line_has) {
    RuleBook const b = book_from(R"(plan "G-1" {
    effective 2026-01-01 to 2026-12-31
    state IL
}
codes a = cpt 97810
codes b = cpt 97811
codes c = cpt 97813
codes d = cpt 97814
benefit "A" codes a {
    covered when service before 2026-07-01
}
benefit "B" codes b {
    covered unless state WI
}
benefit "C" codes c {
    covered when age under 18
}
benefit "D" codes d {
    covered when age at least 65 and state IL, WI
}
)");
    TreatmentPlan plan = plan_with({service("1", "2026-08-03", "97810", "$10.00"), service("2", "2026-08-03", "97811", "$10.00"),
                                    service("3", "2026-08-03", "97813", "$10.00"), service("4", "2026-08-03", "97814", "$10.00")});
    plan.patient.birth_date = day("1980-01-01");
    plan.patient.state = "WI";
    Evaluation const e = evaluate(b, plan);
    auto reason = [&](std::size_t i) {
        EXPECT_EQ(e.lines[i].outcome, Outcome::not_covered) << describe(e.lines[i]);
        EXPECT_EQ(e.lines[i].findings.size(), 1u) << describe(e.lines[i]);
        return e.lines[i].findings.front().reason;
    };
    EXPECT_EQ(reason(0), "covered only when the service is before 2026-07-01; here the service is on 2026-08-03");
    EXPECT_EQ(reason(1), "not covered when the member's state is WI; here the member's state is WI");
    EXPECT_EQ(reason(2), "covered only when the patient is under 18; here the patient is 46 on 2026-08-03");
    EXPECT_EQ(e.lines[2].findings.front().carc, "6");
    EXPECT_EQ(e.lines[2].findings.front().rule.line, 16);
    // Of "age at least 65 and state IL, WI", the part that fails is named: the age (the state holds).
    EXPECT_EQ(reason(3), "covered only when the patient is at least 65; here the patient is 46 on 2026-08-03");
}

}  // namespace
}  // namespace covercheck
