// Allowed amounts from fee schedules, balance billing out of network, benefits chosen by
// modifier, visits as payers count them, and self-pay estimates: each with hand-worked cents.

#include "eval_support.hpp"

namespace covercheck::testing {
namespace {

// A PPO: $500 deductible, 20% coinsurance after it; PT and OT told apart by modifier on shared
// codes, with 20 combined visits a year; contracted rates per 15-minute unit; out of network the
// plan allows 140% of its own schedule.
char const* const rules = R"(
plan "TEST-2026" {
    effective 2026-01-01 to 2026-12-31
    deductible individual $500.00
    out-of-pocket maximum individual $3,000.00
    coinsurance 20% after deductible
    out of network coinsurance 40% after deductible
    allowed amount fee schedule contracted
    out of network allowed amount 140% of fee schedule contracted
}

codes rehab = cpt 97110, 97140, 97530
codes pt "physical therapy" = cpt 97161, rehab with modifier GP
codes ot "occupational therapy" = cpt 97165, rehab with modifier GO
codes office = cpt 99213
codes injections = cpt 64483
shared limit pt_ot 3 visits per calendar year

fee schedule contracted {
    name "Test PPO contracted rates 2026"
    rate 97110 $32.50
    rate 97110 with modifier GO $35.00
    rate 97140 $30.00
    rate 97530 $38.00 from 2026-01-01 to 2026-06-30
    rate 97530 $40.00 from 2026-07-01
    rate 99213 $98.00
}

benefit "Physical therapy" codes pt {
    covered
    limit shared pt_ot
}
benefit "Occupational therapy" codes ot {
    covered
    limit shared pt_ot
}
benefit "Office visits" codes office {
    covered
    copay $30.00 per visit
}
benefit "Injections" codes injections {
    covered
    limit $900.00 per calendar year
}
)";

RuleBook const& book() {
    static RuleBook const b = book_from(rules);
    return b;
}

ServiceLine therapy(std::string id, char const* date, std::string code, char const* modifier, std::int64_t units,
                    char const* charge) {
    ServiceLine line = service(std::move(id), date, std::move(code), charge);
    line.modifiers = {modifier};
    line.units = units;
    return line;
}

TEST(fee_schedule_test, allowed_is_the_contracted_rate_below_the_charge) {
    // 99213 charged $250.00, contracted $98.00: the provider writes off $152.00 (CO 45); the
    // deductible is met, so the patient owes the $30.00 copay and the plan $68.00.
    TreatmentPlan plan = plan_with({service("1", "2026-03-02", "99213", "$250.00")});
    plan.met.deductible = usd("$500.00");
    LineResult const r = evaluate(book(), plan).lines[0];
    EXPECT_EQ(r.outcome, Outcome::covered) << describe(r);
    EXPECT_EQ(r.cost.allowed, usd("$98.00"));
    EXPECT_EQ(r.cost.contractual, usd("$152.00"));
    EXPECT_EQ(r.cost.copay, usd("$30.00"));
    EXPECT_EQ(r.cost.plan, usd("$68.00"));
    EXPECT_EQ(r.cost.patient, usd("$30.00"));
    ASSERT_FALSE(r.cost.adjustments.empty());
    EXPECT_EQ(r.cost.adjustments[0].group, "CO");
    EXPECT_EQ(r.cost.adjustments[0].carc, "45");
    EXPECT_EQ(r.cost.adjustments[0].amount, usd("$152.00"));
}

TEST(fee_schedule_test, the_rate_is_per_unit_and_never_above_the_charge) {
    // 97110-GP x 3 units at $32.50 = $97.50 allowed of a $150.00 charge; 97140-GP x 2 at $30.00 =
    // $60.00, but charged $55.00: the allowed amount is the charge.
    TreatmentPlan plan = plan_with({therapy("1", "2026-03-02", "97110", "GP", 3, "$150.00"),
                                    therapy("2", "2026-03-02", "97140", "GP", 2, "$55.00")});
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].cost.allowed, usd("$97.50"));
    EXPECT_EQ(e.lines[0].cost.contractual, usd("$52.50"));
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$97.50"));   // all to the $500 deductible
    EXPECT_EQ(e.lines[1].cost.allowed, usd("$55.00"));
    EXPECT_EQ(e.lines[1].cost.contractual, usd("$0.00"));
    EXPECT_EQ(e.totals.allowed, usd("$152.50"));
    EXPECT_EQ(e.totals.contractual, usd("$52.50"));
}

TEST(fee_schedule_test, a_modifier_rate_and_a_dated_rate_are_chosen_by_the_line) {
    // 97110-GO has its own rate ($35.00); 97530 is $38.00 to June 30 and $40.00 from July 1.
    TreatmentPlan plan = plan_with({therapy("1", "2026-03-02", "97110", "GO", 1, "$60.00"),
                                    therapy("2", "2026-06-30", "97530", "GP", 1, "$60.00"),
                                    therapy("3", "2026-07-01", "97530", "GO", 1, "$60.00")});
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].cost.allowed, usd("$35.00"));
    EXPECT_EQ(e.lines[1].cost.allowed, usd("$38.00"));
    EXPECT_EQ(e.lines[2].cost.allowed, usd("$40.00"));
}

TEST(fee_schedule_test, a_code_without_a_rate_is_allowed_at_the_charge_with_a_note) {
    // 64483 has no rate: allowed = the $700.00 charge, and the line says so.
    LineResult const r = evaluate(book(), plan_with({service("1", "2026-03-02", "64483", "$700.00")})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::covered) << describe(r);
    EXPECT_EQ(r.cost.allowed, usd("$700.00"));
    ASSERT_TRUE(has_finding(r, "no-fee-rate"));
    EXPECT_EQ(r.findings.back().reason,
              "the fee schedule Test PPO contracted rates 2026 has no rate for 64483 on 2026-03-02: the allowed amount "
              "is taken to be the charge");
    EXPECT_EQ(r.findings.back().rule.line, 8);   // the plan's `allowed amount` clause
}

TEST(fee_schedule_test, out_of_network_the_rest_of_the_charge_is_possible_balance_billing) {
    // Out of network 99213 is allowed at 140% of $98.00 = $137.20 of a $250.00 charge. With the
    // deductible met: 40% of $137.20 = $54.88 coinsurance, the plan $82.32; the $112.80 above the
    // allowed amount may be billed to the patient: not a cost share, not in `patient`, not toward
    // the out-of-pocket maximum.
    TreatmentPlan plan = plan_with({service("1", "2026-03-02", "99213", "$250.00")});
    plan.lines[0].in_network = false;
    plan.met.deductible = usd("$500.00");
    Evaluation const e = evaluate(book(), plan);
    LineResult const& r = e.lines[0];
    EXPECT_EQ(r.cost.allowed, usd("$137.20"));
    EXPECT_EQ(r.cost.balance_billing, usd("$112.80"));
    EXPECT_EQ(r.cost.contractual, usd("$0.00"));
    EXPECT_EQ(r.cost.coinsurance, usd("$54.88"));
    EXPECT_EQ(r.cost.plan, usd("$82.32"));
    EXPECT_EQ(r.cost.patient, usd("$54.88"));
    EXPECT_EQ(e.totals.balance_billing, usd("$112.80"));
    // The plan states no out-of-network maximum, so the in-network one counts the coinsurance,
    // and only it: the balance billing is not toward it.
    EXPECT_EQ(e.met_after.out_of_pocket, usd("$54.88"));
}

TEST(fee_schedule_test, a_dollar_limit_counts_allowed_amounts) {
    // $900 a year for injections; 64483 has no rate, so each $700.00 line is allowed $700.00:
    // the second line has $200.00 left, the other $500.00 is over the maximum.
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-03-02", "64483", "$700.00"),
                                                     service("2", "2026-04-02", "64483", "$700.00")}));
    EXPECT_EQ(e.lines[1].outcome, Outcome::over_limit) << describe(e.lines[1]);
    EXPECT_EQ(e.lines[1].cost.at_risk, usd("$500.00"));
}

TEST(fee_schedule_test, pt_and_ot_on_one_date_are_two_visits_two_pt_lines_are_one) {
    // 3 combined visits a year. March 2: PT (two lines) and OT: 2 visits. March 4: PT: visit 3.
    // March 6: OT: visit 4, over the limit.
    Evaluation const e = evaluate(book(), plan_with({therapy("1", "2026-03-02", "97110", "GP", 1, "$50.00"),
                                                     therapy("2", "2026-03-02", "97140", "GP", 1, "$50.00"),
                                                     therapy("3", "2026-03-02", "97530", "GO", 1, "$50.00"),
                                                     therapy("4", "2026-03-04", "97110", "GP", 1, "$50.00"),
                                                     therapy("5", "2026-03-06", "97110", "GO", 1, "$50.00")}));
    EXPECT_EQ(e.lines[0].benefit, "Physical therapy");
    EXPECT_EQ(e.lines[2].benefit, "Occupational therapy");
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(e.lines[i].outcome, Outcome::covered) << describe(e.lines[i]);
    EXPECT_EQ(e.lines[4].outcome, Outcome::over_limit) << describe(e.lines[4]);
    EXPECT_EQ(e.lines[4].findings.front().reason, "visit 4 is over the limit of 3 visits per calendar year");
}

TEST(fee_schedule_test, a_shared_code_without_its_modifier_says_which_modifiers_choose) {
    ServiceLine line = service("1", "2026-03-02", "97110", "$50.00");
    LineResult const r = evaluate(book(), plan_with({line})).lines[0];
    EXPECT_EQ(r.outcome, Outcome::needs_review);
    ASSERT_TRUE(has_finding(r, "benefit-modifier-required")) << describe(r);
    EXPECT_EQ(r.findings.front().reason,
              "97110 is told apart by modifier: GP (Physical therapy) or GO (Occupational therapy); the line has no modifier");
    EXPECT_EQ(r.findings.front().carc, "4");
    EXPECT_EQ(r.cost.at_risk, usd("$32.50"));   // allowed at the code's rate, unpaid until corrected
}

TEST(fee_schedule_test, a_code_listed_without_modifier_is_chosen_without_one) {
    // 97161 (PT evaluation) and 97165 (OT evaluation) are their benefits' without a modifier.
    Evaluation const e = evaluate(book(), plan_with({service("1", "2026-03-02", "97161", "$120.00"),
                                                     service("2", "2026-03-03", "97165", "$120.00")}));
    EXPECT_EQ(e.lines[0].benefit, "Physical therapy");
    EXPECT_EQ(e.lines[1].benefit, "Occupational therapy");
}

TEST(fee_schedule_test, a_self_pay_plan_of_care_is_priced_from_the_schedule_without_decisions) {
    // Self-pay: the clinic's prices, all the patient's: 97110 x 2 at $32.50 = $65.00 of $150.00;
    // 64483 has no price: the $700.00 charge, with a note. No limit, deductible or PA applies.
    TreatmentPlan plan = plan_with({therapy("1", "2026-03-02", "97110", "GP", 2, "$150.00"),
                                    service("2", "2026-03-02", "64483", "$700.00")});
    plan.self_pay = true;
    Evaluation const e = evaluate(book(), plan);
    EXPECT_EQ(e.lines[0].outcome, Outcome::self_pay);
    EXPECT_EQ(e.lines[0].cost.allowed, usd("$65.00"));
    EXPECT_EQ(e.lines[0].cost.patient, usd("$65.00"));
    EXPECT_EQ(e.lines[0].cost.plan, usd("$0.00"));
    EXPECT_EQ(e.lines[0].cost.deductible, usd("$0.00"));
    EXPECT_TRUE(has_finding(e.lines[1], "no-fee-rate"));
    EXPECT_EQ(e.lines[1].cost.patient, usd("$700.00"));
    EXPECT_EQ(e.totals.patient, usd("$765.00"));
    EXPECT_EQ(e.totals.plan, usd("$0.00"));
    EXPECT_EQ(e.totals.flagged_lines, 0);
    EXPECT_TRUE(e.pas_to_file.empty());
}

}  // namespace
}  // namespace covercheck::testing
