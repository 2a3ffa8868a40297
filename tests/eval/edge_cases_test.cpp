// Edge cases of the evaluator found in review: undecided lines are not priced, benefit periods
// reset the accumulators, copays per visit and per day, step-therapy days, authorizations and
// their statuses, effective dates of overlapping benefits. Each test states its arithmetic.

#include "eval_support.hpp"

namespace covercheck {
namespace {

using namespace covercheck::testing;

// A plan year starting in July, a $200 deductible with no out-of-network amounts stated, and
// benefits written to hit each edge.
std::string const plan_text = R"(plan "EDGE-2026" {
    effective 2026-01-01 to 2027-12-31
    benefit period plan year starting July
    deductible individual $200.00
    out-of-pocket maximum individual $1,000.00
    coinsurance 20% after deductible
    out of network coinsurance 40% after deductible
}
codes chiro = cpt 98940
codes massage = cpt 97124
codes office = cpt 99213
codes pt = cpt 97110
codes nerve_block = cpt 64450
codes injection = cpt 20552
codes neuropathy = icd10 E11.42
codes opioids = rxnorm 7804
codes gabapentin = rxnorm 25480
codes pregabalin = rxnorm 187832
codes lidocaine = ndc 0591-3525-30

benefit "Chiropractic" codes chiro {
    excluded "maintenance care" when place of service 12
}
benefit "Massage therapy, first half" codes massage {
    covered
    effective 2026-01-01 to 2026-06-30
    copay $10.00 per visit
}
benefit "Massage therapy, second half" codes massage {
    covered
    effective 2026-07-01 to 2027-12-31
    copay $25.00 per visit
}
benefit "Office visits" codes office {
    covered
    copay $30.00 per day
}
benefit "Physical therapy" codes pt {
    covered
    copay $20.00 per visit
    limit 2 sessions per plan year
    limit 9999999 days per rolling 99999999 years
}
benefit "Nerve block" codes nerve_block {
    covered when diagnosis in neuropathy
    prior authorization required
}
benefit "Trigger point injection" codes injection {
    covered
    requires modifier GP
}
drug "Oxycodone" codes opioids {
    covered
    copay $10.00 per fill
    supply at most 7 days when place of service 11
}
drug "Gabapentin" codes gabapentin {
    covered
    copay $5.00 per fill
}
drug "Pregabalin" codes pregabalin {
    covered
    copay $35.00 per fill
    requires trial of gabapentin for at least 30 days within 180 days
}
drug "Lidocaine patch" codes lidocaine {
    covered
    copay $50.00 per fill
    prior authorization required
}
)";

RuleBook const& book() {
    static RuleBook const b = book_from(plan_text);
    return b;
}

Authorization auth(std::string number, std::vector<std::string> codes, char const* from, char const* to,
                   std::string status = "A1") {
    Authorization a;
    a.number = std::move(number);
    a.codes = std::move(codes);
    a.from = day(from);
    a.to = day(to);
    a.status = std::move(status);
    return a;
}

TEST(edge_cases_test, only_an_exclusion_that_does_not_apply_is_not_coverage) {
    // Chiropractic is excluded in place of service 12 and says nothing else: in an office (11)
    // it is not known to be covered, so it needs review and is not priced: in network the
    // provider bears it until the payer answers (CO), not the patient.
    ServiceLine l = service("1", "2026-03-02", "98940", "$60.00");
    l.place_of_service = 11;
    LineResult const r = evaluate(book(), plan_with({l})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review) << describe(r);
    EXPECT_TRUE(has_finding(r, "no-coverage-rule")) << describe(r);
    EXPECT_EQ(r.cost.patient, Money{});
    EXPECT_EQ(r.cost.at_risk, usd("$60.00"));
    EXPECT_EQ(r.cost.plan, Money{});
    l.place_of_service = 12;
    EXPECT_EQ(evaluate(book(), plan_with({l})).lines[0].outcome, Outcome::not_covered);
}

TEST(edge_cases_test, a_line_to_review_is_not_priced_even_when_it_needs_a_pa) {
    // The nerve block needs a PA and a diagnosis from neuropathy; with no diagnosis at all the
    // line needs review (add one), ranks above "needs PA", and costs the plan nothing yet.
    ServiceLine l = service("1", "2026-03-02", "64450", "$500.00");
    TreatmentPlan plan = plan_with({l});
    Evaluation const e = evaluate(book(), plan);
    LineResult const& r = e.lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review) << describe(r);
    EXPECT_EQ(r.findings.front().kind, "missing-data");
    EXPECT_EQ(r.findings.front().fix, "add the diagnosis from neuropathy (E11.42) that the record supports");
    EXPECT_TRUE(has_finding(r, "pa-required")) << describe(r);
    EXPECT_EQ(r.cost.plan, Money{});
    EXPECT_EQ(r.cost.at_risk, usd("$500.00"));
    ASSERT_EQ(e.pas_to_file.size(), 1u);   // the PA is still to be filed
    EXPECT_EQ(e.pas_to_file[0].code, "64450");
    // With the diagnosis it is an ordinary "needs PA" line. Done without the PA, the payer
    // denies it whole (CO 197): the plan pays nothing and the provider may not bill the patient,
    // not even the deductible, so the whole $500 is at risk.
    plan.diagnoses = {"E11.42"};
    LineResult const unauthorized = evaluate(book(), plan).lines[0];
    EXPECT_EQ(unauthorized.outcome, Outcome::needs_pa);
    EXPECT_EQ(unauthorized.cost.plan, Money{});
    EXPECT_EQ(unauthorized.cost.patient, Money{});
    EXPECT_EQ(unauthorized.cost.deductible, Money{});
    EXPECT_EQ(unauthorized.cost.at_risk, usd("$500.00"));
    ASSERT_EQ(unauthorized.cost.adjustments.size(), 1u);
    EXPECT_EQ(unauthorized.cost.adjustments[0].group, "CO");
    EXPECT_EQ(unauthorized.cost.adjustments[0].carc, "197");
    // With a signed waiver the patient bears it (PR 197).
    plan.lines[0].waiver_signed = true;
    LineResult const waived = evaluate(book(), plan).lines[0];
    EXPECT_EQ(waived.cost.patient, usd("$500.00"));
    EXPECT_EQ(waived.cost.at_risk, Money{});
    ASSERT_EQ(waived.cost.adjustments.size(), 1u);
    EXPECT_EQ(waived.cost.adjustments[0].group, "PR");
    EXPECT_EQ(waived.cost.adjustments[0].carc, "197");
}

TEST(edge_cases_test, the_benefit_in_effect_on_the_date_answers) {
    // Two benefits share 97124; the one in effect on the date decides (and its copay).
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-06-30", "97124", "$80.00"),
                                                     service("2", "2026-07-01", "97124", "$80.00")}));
    EXPECT_EQ(e.lines[0].benefit, "Massage therapy, first half");
    EXPECT_EQ(e.lines[0].cost.copay, usd("$10.00"));
    EXPECT_EQ(e.lines[1].benefit, "Massage therapy, second half");
    EXPECT_EQ(e.lines[1].cost.copay, usd("$25.00"));
    EXPECT_EQ(e.lines[1].outcome, Outcome::covered);
}

TEST(edge_cases_test, deductible_and_usage_reset_at_the_new_plan_year) {
    // Plan year from July 1. Deductible met ($200) and 2 PT sessions used before the first line
    // (June 2026). The June visit is session 3 of 2: over. From July 1 the counts start again:
    // the July session is covered ($20 copay), and the $200 deductible is open again.
    ServiceLine injection = service("3", "2026-07-07", "20552", "$300.00");
    injection.modifiers = {"GP"};
    TreatmentPlan plan = plan_with({service("1", "2026-06-15", "97110", "$100.00"),
                                    service("2", "2026-07-06", "97110", "$100.00"), injection});
    plan.met = MetSoFar{usd("$200.00"), usd("$200.00")};
    PriorUsage used;
    used.benefit = "Physical therapy";
    used.visits = 2;
    used.days = 2;
    plan.prior_usage.push_back(used);
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::over_limit) << describe(e.lines[0]);
    EXPECT_EQ(e.lines[0].findings.front().reason, "session 3 is over the limit of 2 sessions per plan year");
    EXPECT_EQ(e.lines[1].outcome, Outcome::covered) << describe(e.lines[1]);
    EXPECT_EQ(e.lines[1].cost.copay, usd("$20.00"));
    // The injection (plan default: 20% after deductible): $200 deductible, 20% of $100 = $20.
    EXPECT_EQ(e.lines[2].cost.deductible, usd("$200.00"));
    EXPECT_EQ(e.lines[2].cost.coinsurance, usd("$20.00"));
    EXPECT_EQ(e.met_after.deductible, usd("$200.00"));      // the new year's
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$240.00"));   // $20 + $220
}

TEST(edge_cases_test, a_copay_per_visit_is_owed_once_a_day_and_carried_over) {
    // Two office lines on one day: one $30 day copay. The first line is $12, so it takes $12 and
    // the second takes the other $18. Two PT lines on one day are one visit: one $20 copay.
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-03-02", "99213", "$12.00"),
                                                     service("2", "2026-03-02", "99213", "$100.00"),
                                                     service("3", "2026-03-03", "97110", "$100.00"),
                                                     service("4", "2026-03-03", "97110", "$100.00")}));
    EXPECT_EQ(e.lines[0].cost.copay, usd("$12.00"));
    EXPECT_EQ(e.lines[1].cost.copay, usd("$18.00"));
    EXPECT_EQ(e.lines[2].cost.copay, usd("$20.00"));
    EXPECT_EQ(e.lines[3].cost.copay, Money{});
    for (LineResult const& r : e.lines) EXPECT_EQ(r.cost.plan + r.cost.patient, r.cost.allowed);
}

TEST(edge_cases_test, step_therapy_counts_the_days_taken_before_the_line) {
    // A 90-day gabapentin fill 20 days before the pregabalin fill is 20 days of trial, not 90;
    // two overlapping fills count their days once.
    TreatmentPlan plan = plan_with({fill("1", "2026-03-21", "187832", 60, 30, "$400.00")});
    plan.history.push_back(PastService{day("2026-03-01"), "", "25480", 90, 90, {}});
    LineResult const r = evaluate(book(), plan).lines[0];
    EXPECT_EQ(r.outcome, Outcome::step_therapy_not_met) << describe(r);
    EXPECT_NE(r.findings.front().reason.find("found 20 days"), std::string::npos) << describe(r);
    plan.history.push_back(PastService{day("2026-02-10"), "", "25480", 30, 30, {}});   // Feb 10 - Mar 11
    LineResult const overlapping = evaluate(book(), plan).lines[0];
    // Feb 10 .. Mar 20 is 39 distinct days: enough.
    EXPECT_EQ(overlapping.outcome, Outcome::covered) << describe(overlapping);
}

TEST(edge_cases_test, out_of_network_uses_the_in_network_deductible_when_no_other_is_stated) {
    // No out-of-network deductible is written: the $200 one applies (and is shared), then 40%.
    ServiceLine l = service("1", "2026-03-02", "97124", "$500.00");
    l.in_network = false;
    ServiceLine m = service("2", "2026-03-03", "97124", "$100.00");
    Evaluation const e = evaluate(book(), plan_with({l, m}));
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$200.00"));
    EXPECT_EQ(e.lines[0].cost.copay, Money{});                // the out-of-network share has none
    EXPECT_EQ(e.lines[0].cost.coinsurance, usd("$120.00"));   // 40% of $300
    EXPECT_EQ(e.lines[1].cost.deductible, Money{});           // met by line 1
}

TEST(edge_cases_test, authorizations_match_drug_codes_by_their_normal_form) {
    // The rule writes the NDC with dashes; the authorization writes its 11 digits.
    TreatmentPlan plan = plan_with({fill("1", "2026-03-02", "0591-3525-30", 30, 30, "$300.00")});
    plan.authorizations.push_back(auth("RX-1", {"00591352530"}, "2026-01-01", "2026-12-31"));
    EXPECT_EQ(evaluate(book(), plan).lines[0].outcome, Outcome::covered_with_pa);
}

TEST(edge_cases_test, modifiers_compare_without_case) {
    ServiceLine l = service("1", "2026-03-02", "20552", "$150.00");
    l.modifiers = {"gp"};
    EXPECT_EQ(evaluate(book(), plan_with({l})).lines[0].outcome, Outcome::covered);
}

TEST(edge_cases_test, a_missing_modifier_is_a_line_to_correct) {
    LineResult const r = evaluate(book(), plan_with({service("1", "2026-03-02", "20552", "$150.00")})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review);
    EXPECT_EQ(r.findings.front().kind, "modifier-required");
    EXPECT_EQ(r.findings.front().carc, "4");
    EXPECT_EQ(r.findings.front().fix, "add the modifier GP if the service qualifies");
}

TEST(edge_cases_test, which_authorization_problem_is_reported) {
    TreatmentPlan plan = plan_with({service("1", "2026-03-02", "64450", "$500.00")}, {"E11.42"});
    // A number on the line that is not on file.
    plan.lines[0].authorization = "NB-404";
    plan.authorizations.push_back(auth("NB-1", {"64450"}, "2026-01-01", "2026-12-31"));
    LineResult const missing = evaluate(book(), plan).lines[0];
    EXPECT_EQ(missing.outcome, Outcome::needs_pa);
    EXPECT_TRUE(has_finding(missing, "pa-not-on-file")) << describe(missing);
    // A denied one and a pended one: the pended one is the useful answer (still to be decided).
    plan.lines[0].authorization.clear();
    plan.authorizations = {auth("NB-1", {"64450"}, "2026-01-01", "2026-12-31", "A3"),
                           auth("NB-2", {"64450"}, "2026-01-01", "2026-12-31", "A4")};
    LineResult const pended = evaluate(book(), plan).lines[0];
    EXPECT_EQ(pended.outcome, Outcome::needs_pa);
    EXPECT_TRUE(has_finding(pended, "pa-not-certified")) << describe(pended);
    // Only the denied one: not covered, with the appeal as the fix.
    plan.authorizations.pop_back();
    LineResult const denied = evaluate(book(), plan).lines[0];
    EXPECT_EQ(denied.outcome, Outcome::not_covered);
    EXPECT_EQ(denied.findings.front().kind, "pa-denied");
    EXPECT_EQ(denied.findings.front().fix,
              "appeal the denial of authorization NB-1 or file a new request with more documentation");
}

TEST(edge_cases_test, a_supply_limit_that_cannot_be_decided_needs_review) {
    // The 7-day limit applies in place of service 11; the line gives no place.
    LineResult const r = evaluate(book(), plan_with({fill("1", "2026-03-02", "7804", 60, 30, "$90.00")})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review) << describe(r);
    EXPECT_TRUE(has_finding(r, "missing-data"));
}

TEST(edge_cases_test, a_second_line_on_a_refused_day_is_the_same_session) {
    // 2 sessions per plan year; the third day has two lines: both are "session 3".
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-03-02", "97110", "$100.00"),
                                                     service("2", "2026-03-03", "97110", "$100.00"),
                                                     service("3", "2026-03-04", "97110", "$100.00"),
                                                     service("4", "2026-03-04", "97110", "$100.00")}));
    EXPECT_EQ(e.lines[2].findings.front().reason, "session 3 is over the limit of 2 sessions per plan year");
    EXPECT_EQ(e.lines[3].findings.front().reason, "session 3 is over the limit of 2 sessions per plan year");
}

TEST(edge_cases_test, huge_windows_do_not_overflow) {
    // `limit 9999999 days per rolling 99999999 years`: the window is clamped, the line is fine.
    LineResult const r = evaluate(book(), plan_with({service("1", "2026-03-02", "97110", "$100.00")})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::covered) << describe(r);
}

}  // namespace
}  // namespace covercheck
