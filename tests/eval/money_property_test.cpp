// Property: over many random rule sets and treatment plans, every line's charge splits into
// contractual adjustment (or balance billing) + allowed, its allowed amount into plan + patient
// + provider at risk, none negative; the CO and PR adjustments add up to what the provider and
// the patient bear; only an in-network line without a waiver puts anything at risk; the totals
// are the sums; and the out-of-pocket maximum is never passed.

#include "eval_support.hpp"

#include <algorithm>
#include <random>

namespace covercheck {
namespace {

using namespace covercheck::testing;

std::string money_text(std::int64_t cents) { return format_money(Money{cents}); }

/// One cost share, its clauses each starting with `prefix` ("out of network ").
std::string random_cost_share(std::mt19937& rng, std::string const& prefix = "") {
    std::uniform_int_distribution<int> pick(0, 6);
    std::uniform_int_distribution<std::int64_t> copay(0, 15000);
    std::uniform_int_distribution<int> rate(0, 10000);
    std::string const after = std::uniform_int_distribution<int>(0, 1)(rng) == 1 ? " after deductible" : "";
    switch (pick(rng)) {
    case 0: return prefix + "copay " + money_text(copay(rng)) + " per visit" + after;
    case 1: return prefix + "copay " + money_text(copay(rng)) + " per day" + after;
    case 2: return prefix + "no charge" + after;
    case 3: {
        // A copay and a coinsurance together, each with its own "after deductible".
        std::string const coinsurance_after = std::uniform_int_distribution<int>(0, 1)(rng) == 1 ? " after deductible" : "";
        return prefix + "copay " + money_text(copay(rng)) + " per visit" + after + "\n    " + prefix + "coinsurance " +
               format_rate(Rate{rate(rng)}) + coinsurance_after;
    }
    default: return prefix + "coinsurance " + format_rate(Rate{rate(rng)}) + after;
    }
}

std::string random_rules(std::mt19937& rng) {
    std::uniform_int_distribution<std::int64_t> amount(0, 500000);
    std::string text = "plan \"TEST-2026\" {\n    effective 2026-01-01 to 2026-12-31\n";
    std::int64_t const deductible = amount(rng);
    text += "    deductible individual " + money_text(deductible) + "\n";
    text += "    deductible out of network individual " + money_text(amount(rng)) + "\n";
    text += "    out-of-pocket maximum individual " + money_text(deductible + amount(rng)) + "\n";
    text += "    out-of-pocket maximum out of network individual " + money_text(deductible + amount(rng)) + "\n";
    text += "    " + random_cost_share(rng) + "\n";
    text += "    " + random_cost_share(rng, "out of network ") + "\n";
    // Allowed amounts from a fee schedule (some codes without a rate), in and out of network.
    if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) text += "    allowed amount fee schedule fees\n";
    if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) {
        text += "    out of network allowed amount " + format_rate(Rate{std::uniform_int_distribution<int>(5000, 30000)(rng)}) +
                " of fee schedule fees\n";
    }
    text += "}\nfee schedule fees {\n";
    for (int i = 0; i < 5; ++i) {
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) continue;
        text += "    rate 9711" + std::to_string(i) + " " + money_text(std::uniform_int_distribution<std::int64_t>(0, 150000)(rng)) + "\n";
    }
    text += "}\n";
    for (int i = 0; i < 5; ++i) {
        text += "codes set_" + std::to_string(i) + " = cpt 9711" + std::to_string(i) + "\n";
        text += "benefit \"B" + std::to_string(i) + "\" codes set_" + std::to_string(i) + " {\n    covered\n";
        if (std::uniform_int_distribution<int>(0, 2)(rng) > 0) text += "    " + random_cost_share(rng) + "\n";
        if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) text += "    not toward out-of-pocket maximum\n";
        if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
            text += "    limit " + std::to_string(std::uniform_int_distribution<int>(1, 10)(rng)) +
                    " visits per calendar year\n";
        }
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
            text += "    limit " + money_text(std::uniform_int_distribution<std::int64_t>(1, 500000)(rng)) +
                    " per calendar year\n";   // a dollar maximum: lines that cross it are paid in part
        }
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) text += "    prior authorization required\n";
        text += "}\n";
    }
    return text;
}

TreatmentPlan random_plan(std::mt19937& rng) {
    std::uniform_int_distribution<int> code(0, 6);   // 5 and 6 have no rule
    std::uniform_int_distribution<std::int64_t> charge(0, 300000);
    std::uniform_int_distribution<int> date(0, 400);
    std::vector<ServiceLine> lines;
    int const n = std::uniform_int_distribution<int>(1, 30)(rng);
    for (int i = 0; i < n; ++i) {
        ServiceLine l = service(std::to_string(i + 1), "2026-01-01", "9711" + std::to_string(code(rng)), "$0");
        l.billed = Money{charge(rng)};
        l.units = std::uniform_int_distribution<std::int64_t>(1, 4)(rng);
        l.date = l.date.plus_days(date(rng) - 20);   // some outside the plan's dates
        l.in_network = std::uniform_int_distribution<int>(0, 4)(rng) != 0;
        l.waiver_signed = std::uniform_int_distribution<int>(0, 5)(rng) == 0;
        lines.push_back(l);
    }
    TreatmentPlan plan = plan_with(lines);
    plan.met.deductible = Money{std::uniform_int_distribution<std::int64_t>(0, 200000)(rng)};
    plan.met.out_of_pocket = plan.met.deductible;
    return plan;
}

/// True when one of the line's findings has `outcome`.
bool has_outcome(LineResult const& r, Outcome outcome) {
    return std::any_of(r.findings.begin(), r.findings.end(), [&](Finding const& f) { return f.outcome == outcome; });
}

/// The sum of a line's adjustments in `group`.
Money adjusted(LineCost const& c, char const* group) {
    Money sum;
    for (Adjustment const& a : c.adjustments) {
        if (a.group == group) sum += a.amount;
    }
    return sum;
}

TEST(money_property_test, charge_splits_into_who_pays_on_every_line) {
    std::mt19937 rng(20261125);
    int lines_checked = 0;
    int lines_capped = 0;
    int lines_paid_in_part = 0;
    for (int round = 0; round < 300; ++round) {
        std::string const rules = random_rules(rng);
        RuleBook const book = book_from(rules);
        Money const oop_max = *book.plan().out_of_pocket_max.in_network.individual;
        for (int p = 0; p < 5; ++p) {
            TreatmentPlan const plan = random_plan(rng);
            Evaluation const e = evaluate(book, plan);
            ASSERT_EQ(e.lines.size(), plan.lines.size());
            Money plan_total;
            Money patient_total;
            Money risk_total;
            for (LineResult const& r : e.lines) {
                LineCost const& c = r.cost;
                ASSERT_EQ(c.billed, c.contractual + c.balance_billing + c.allowed) << rules << describe(r);
                ASSERT_EQ(c.plan + c.patient + c.at_risk, c.allowed) << rules << describe(r);
                ASSERT_GE(c.plan, Money{}) << rules << describe(r);
                ASSERT_GE(c.patient, Money{}) << rules << describe(r);
                ASSERT_GE(c.at_risk, Money{}) << rules << describe(r);
                ASSERT_EQ(c.patient, c.deductible + c.copay + c.coinsurance + c.not_covered) << describe(r);
                ASSERT_EQ(adjusted(c, "PR"), c.patient) << describe(r);
                ASSERT_EQ(adjusted(c, "CO"), c.contractual + c.at_risk) << describe(r);
                if (!r.line.in_network || r.line.waiver_signed) {
                    ASSERT_EQ(c.at_risk, Money{}) << describe(r);
                }
                // A line not expected to pay is borne whole by the provider or by the patient.
                bool const paid_in_part = !r.findings.empty() && r.findings.front().kind == "limit-partly-reached";
                if (!paid_in_part &&
                    (is_denial(r.outcome) || r.outcome == Outcome::needs_review || r.outcome == Outcome::needs_pa)) {
                    ASSERT_EQ(c.plan, Money{}) << describe(r);
                    ASSERT_EQ(c.at_risk + c.not_covered, c.allowed) << describe(r);
                }
                // What the maximum took off is never negative, is paid by the plan, and comes
                // with the finding that says so.
                ASSERT_GE(c.oop_capped, Money{}) << describe(r);
                ASSERT_LE(c.oop_capped, c.plan) << describe(r);
                ASSERT_EQ(c.oop_capped > Money{}, has_finding(r, "oop-maximum-reached")) << describe(r);
                if (c.oop_capped > Money{}) ++lines_capped;
                if (paid_in_part && !has_outcome(r, Outcome::needs_pa)) {
                    // Paid in part: some of it is the plan's, the part over the maximum the
                    // patient's or the provider's. (With a PA still needed the whole line is unpaid.)
                    ASSERT_GT(c.not_covered + c.at_risk, Money{}) << rules << describe(r);
                    ASSERT_LT(c.not_covered + c.at_risk, c.allowed) << rules << describe(r);
                    ++lines_paid_in_part;
                }
                plan_total += c.plan;
                patient_total += c.patient;
                risk_total += c.at_risk;
                ++lines_checked;
            }
            ASSERT_EQ(e.totals.plan, plan_total);
            ASSERT_EQ(e.totals.patient, patient_total);
            ASSERT_EQ(e.totals.at_risk, risk_total);
            if (plan.met.out_of_pocket <= oop_max) {
                ASSERT_LE(e.met_after.out_of_pocket, oop_max) << rules;
            }
        }
    }
    EXPECT_GT(lines_checked, 10000);
    EXPECT_GT(lines_capped, 100);   // the maximum is reached often enough to test it
    EXPECT_GT(lines_paid_in_part, 50);
}

}  // namespace
}  // namespace covercheck
