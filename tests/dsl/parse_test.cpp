// The rules language, construct by construct: what each clause lowers to, and the
// diagnostic (code and line:column) each kind of mistake gets.

#include "covercheck/load.hpp"

#include <gtest/gtest.h>

#include <string>

namespace covercheck {
namespace {

/// Parses text that must be clean.
RulesFile parse_ok(std::string const& text) {
    ParseResult result = parse_rules(text, "test.rules");
    for (auto const& d : result.diagnostics) {
        ADD_FAILURE() << d.code << " at " << d.where.line << ":" << d.where.column << ": " << d.message;
    }
    return result.file;
}

/// The diagnostics of text, as "CODE@line:column" strings.
std::vector<std::string> problems(std::string const& text) {
    std::vector<std::string> out;
    for (auto const& d : parse_rules(text, "test.rules").diagnostics) {
        out.push_back(d.code + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column));
    }
    return out;
}

/// The one benefit of `clauses` wrapped in a benefit block.
Benefit benefit_of(std::string const& clauses) {
    RulesFile file = parse_ok("benefit \"B\" codes b {\n" + clauses + "\n}\n");
    EXPECT_EQ(file.benefits.size(), 1u);
    return file.benefits.empty() ? Benefit{} : file.benefits.front();
}

TEST(parse_test, a_file_with_no_statement_is_an_error) {
    using V = std::vector<std::string>;
    EXPECT_EQ(problems(""), V{"CC-EMPTY@1:1"});
    EXPECT_EQ(problems("   \n\t\n"), V{"CC-EMPTY@1:1"});
    EXPECT_EQ(problems("# nothing here\n\n   # still nothing\n"), V{"CC-EMPTY@1:1"});
}

TEST(parse_test, a_byte_that_is_not_utf8_is_an_error_at_its_place) {
    using V = std::vector<std::string>;
    ParseResult const r = parse_rules("# ok\ncodes a = cpt 97110 # caf\xE9\n", "test.rules");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "CC-ENCODING");
    EXPECT_EQ(r.diagnostics[0].severity, Severity::error);
    EXPECT_EQ(r.diagnostics[0].where.line, 2);
    EXPECT_EQ(r.diagnostics[0].where.column, 26);
    EXPECT_NE(r.diagnostics[0].message.find("byte 0xE9"), std::string::npos) << r.diagnostics[0].message;
    // Well-formed UTF-8 anywhere is fine; an overlong form or a cut-off sequence is not.
    EXPECT_EQ(problems("codes a = cpt 97110 # caf\xC3\xA9 \xE2\x80\x94 ok\n"), V{});
    EXPECT_EQ(problems("codes a = cpt 97110 # \xC0\xAF\n"), V{"CC-ENCODING@1:23"});
    EXPECT_EQ(problems("codes a = cpt 97110 # \xE2\x80"), V{"CC-ENCODING@1:23"});
}

TEST(parse_test, a_file_with_a_nul_byte_is_refused_whole) {
    // UTF-16 without its byte-order mark: "pl" as p NUL l NUL.
    ParseResult const r = parse_rules(std::string("p\0l\0a\0n\0", 8), "test.rules");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "CC-ENCODING");
    EXPECT_EQ(r.diagnostics[0].where.column, 2);
}

TEST(parse_test, a_utf16_file_is_refused_whole) {
    ParseResult const r = parse_rules(std::string("\xFF\xFEp\0l\0a\0n\0", 10), "test.rules");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "CC-ENCODING");
    EXPECT_EQ(r.diagnostics[0].message, "the file is UTF-16, not UTF-8");
}

TEST(parse_test, plan_header_lowers_every_field) {
    RulesFile file = parse_ok(R"(plan "ACME-PPO-2026" {
    name "Acme Choice PPO 2026"
    payer "Acme Health"
    effective 2026-01-01 to 2026-12-31
    benefit period plan year starting July
    deductible individual $1,500.00 family $3,000.00
    deductible out of network individual $3,000.00
    out-of-pocket maximum individual $6,000.00 family $12,000.00
    coinsurance 20% after deductible
    out of network not covered
    state IL
}
)");
    ASSERT_TRUE(file.plan.has_value());
    PlanHeader const& plan = *file.plan;
    EXPECT_EQ(plan.id, "ACME-PPO-2026");
    EXPECT_EQ(plan.name, "Acme Choice PPO 2026");
    EXPECT_EQ(plan.payer, "Acme Health");
    ASSERT_TRUE(plan.effective.has_value());
    EXPECT_EQ(plan.effective->from.iso(), "2026-01-01");
    EXPECT_EQ(plan.effective->to->iso(), "2026-12-31");
    EXPECT_EQ(plan.period_start_month, 7);
    EXPECT_EQ(plan.deductible.in_network.individual->cents, 150000);
    EXPECT_EQ(plan.deductible.in_network.family->cents, 300000);
    EXPECT_EQ(plan.deductible.out_of_network.individual->cents, 300000);
    EXPECT_FALSE(plan.deductible.out_of_network.family.has_value());
    EXPECT_EQ(plan.out_of_pocket_max.in_network.individual->cents, 600000);
    ASSERT_TRUE(plan.default_cost_share.has_value());
    EXPECT_EQ(plan.default_cost_share->coinsurance->basis_points, 2000);
    EXPECT_TRUE(plan.default_cost_share->after_deductible);
    EXPECT_FALSE(plan.out_of_network_covered);
    EXPECT_EQ(plan.states, std::vector<std::string>{"IL"});
    EXPECT_EQ(plan.where.line, 1);
    EXPECT_EQ(plan.where.column, 1);
}

TEST(parse_test, short_deductible_is_individual_and_calendar_year_is_january) {
    RulesFile file = parse_ok("plan \"P\" {\n  benefit period calendar year\n  deductible $257.00\n}\n");
    EXPECT_EQ(file.plan->period_start_month, 1);
    EXPECT_EQ(file.plan->deductible.in_network.individual->cents, 25700);
}

TEST(parse_test, code_sets_hold_codes_ranges_prefixes_and_references) {
    RulesFile file = parse_ok(R"(codes pt = cpt 97110, 97161-97163,
                 J3490
codes crps = icd10 G90.5*, M54.5x
codes patch = ndc 63481-0687-06
codes rehab = cpt pt, 97750
)");
    ASSERT_EQ(file.code_sets.size(), 4u);
    CodeSet const& pt = file.code_sets[0];
    EXPECT_EQ(pt.kind, CodeKind::procedure);
    ASSERT_EQ(pt.items.size(), 3u);
    EXPECT_EQ(pt.items[0].form, CodeItem::Form::exact);
    EXPECT_EQ(pt.items[1].form, CodeItem::Form::range);
    EXPECT_EQ(pt.items[1].first, "97161");
    EXPECT_EQ(pt.items[1].last, "97163");
    EXPECT_EQ(pt.items[2].first, "J3490");
    EXPECT_EQ(pt.items[2].where.line, 2);  // a list goes on after a comma
    EXPECT_EQ(pt.items[2].where.column, 18);
    CodeSet const& crps = file.code_sets[1];
    EXPECT_EQ(crps.kind, CodeKind::diagnosis);
    EXPECT_EQ(crps.items[0].form, CodeItem::Form::prefix);
    EXPECT_EQ(crps.items[0].first, "G90.5");
    EXPECT_EQ(crps.items[1].form, CodeItem::Form::prefix);
    EXPECT_EQ(crps.items[1].first, "M54.5");
    EXPECT_EQ(file.code_sets[2].kind, CodeKind::ndc);
    EXPECT_EQ(file.code_sets[2].items[0].form, CodeItem::Form::exact);
    EXPECT_EQ(file.code_sets[2].items[0].first, "63481-0687-06");
    EXPECT_EQ(file.code_sets[3].items[0].form, CodeItem::Form::reference);
    EXPECT_EQ(file.code_sets[3].items[0].first, "pt");
}

TEST(parse_test, shared_limit_and_its_use) {
    RulesFile file = parse_ok(
        "shared limit rehab 20 visits per calendar year\n"
        "benefit \"PT\" codes pt {\n  covered\n  limit shared rehab\n}\n");
    ASSERT_EQ(file.shared_limits.size(), 1u);
    EXPECT_EQ(file.shared_limits[0].name, "rehab");
    EXPECT_EQ(file.shared_limits[0].terms[0].quantity, 20);
    EXPECT_EQ(file.benefits[0].limits[0].shared, "rehab");
}

TEST(parse_test, coverage_clauses_and_sources) {
    Benefit b = benefit_of(R"(  covered when diagnosis in clbp
  excluded "investigational for chronic pain" when drug in ketamine
  not covered "not a plan benefit" unless state IL
  source "NCD 30.3.3"
  source "https://www.cms.gov/medicare-coverage-database")");
    ASSERT_EQ(b.coverage.size(), 3u);
    EXPECT_EQ(b.coverage[0].kind, CoverageRule::Kind::covered);
    ASSERT_TRUE(b.coverage[0].guard.has_value());
    EXPECT_EQ(b.coverage[0].guard->condition.kind, Condition::Kind::diagnosis_in);
    EXPECT_EQ(b.coverage[0].guard->condition.name, "clbp");
    EXPECT_EQ(b.coverage[1].kind, CoverageRule::Kind::excluded);
    EXPECT_EQ(b.coverage[1].reason, "investigational for chronic pain");
    EXPECT_EQ(b.coverage[2].kind, CoverageRule::Kind::not_covered);
    EXPECT_TRUE(b.coverage[2].guard->unless);
    EXPECT_EQ(b.sources.size(), 2u);
}

TEST(parse_test, cost_shares) {
    Benefit copay = benefit_of("  covered\n  copay $40.00 per day after deductible");
    EXPECT_EQ(copay.cost_share->copay->cents, 4000);
    EXPECT_EQ(copay.cost_share->copay_per, CostShare::Per::day);
    EXPECT_TRUE(copay.cost_share->after_deductible);

    Benefit coins = benefit_of("  covered\n  coinsurance 12.5%\n  out of network coinsurance 40% after deductible");
    EXPECT_EQ(coins.cost_share->coinsurance->basis_points, 1250);
    EXPECT_FALSE(coins.cost_share->after_deductible);
    EXPECT_EQ(coins.out_of_network_cost->coinsurance->basis_points, 4000);

    Benefit free = benefit_of("  covered\n  no charge\n  not toward out-of-pocket maximum\n  out of network not covered");
    EXPECT_TRUE(free.cost_share->no_charge);
    EXPECT_FALSE(free.counts_toward_oop);
    EXPECT_TRUE(free.out_of_network_not_covered.has_value());
}

TEST(parse_test, prior_authorization_triggers) {
    Benefit b = benefit_of(R"(  covered
  prior authorization required documentation "plan of care", "progress notes"
  prior authorization after 12 visits per calendar year
  prior authorization above $1,000.00
  prior authorization required when place of service 22, 19)");
    ASSERT_EQ(b.prior_auth.size(), 4u);
    EXPECT_EQ(b.prior_auth[0].trigger, PriorAuthRule::Trigger::always);
    EXPECT_EQ(b.prior_auth[0].documentation, (std::vector<std::string>{"plan of care", "progress notes"}));
    EXPECT_EQ(b.prior_auth[1].trigger, PriorAuthRule::Trigger::after_count);
    EXPECT_EQ(b.prior_auth[1].count, 12);
    EXPECT_EQ(b.prior_auth[1].unit, LimitUnit::visits);
    EXPECT_EQ(b.prior_auth[1].window.kind, Window::Kind::calendar_year);
    EXPECT_EQ(b.prior_auth[2].trigger, PriorAuthRule::Trigger::above_amount);
    EXPECT_EQ(b.prior_auth[2].amount.cents, 100000);
    EXPECT_EQ(b.prior_auth[3].guard->condition.kind, Condition::Kind::place_in);
    EXPECT_EQ(b.prior_auth[3].guard->condition.numbers, (std::vector<int>{22, 19}));
}

TEST(parse_test, limits_with_windows_and_past_limit_actions) {
    Benefit b = benefit_of(R"(  covered
  limit 12 visits per rolling 90 days, 20 visits per calendar year
  limit 4 sessions per rolling 12 months
  limit 90 units per rolling 30 days then prior authorization
  limit $2,410.00 per calendar year then modifier KX
  limit 1 unit per day, 2 units per lifetime
  limit 30 days per plan year then not covered)");
    ASSERT_EQ(b.limits.size(), 6u);
    LimitTerm const& rolling = b.limits[0].terms[0];
    EXPECT_EQ(rolling.quantity, 12);
    EXPECT_EQ(rolling.unit, LimitUnit::visits);
    EXPECT_EQ(rolling.window.kind, Window::Kind::rolling);
    EXPECT_EQ(rolling.window.span.count, 90);
    EXPECT_EQ(rolling.window.span.unit, Duration::Unit::days);
    EXPECT_EQ(b.limits[0].terms[1].quantity, 20);
    EXPECT_EQ(b.limits[1].terms[0].unit, LimitUnit::sessions);
    EXPECT_EQ(b.limits[1].terms[0].window.span.unit, Duration::Unit::months);
    EXPECT_EQ(b.limits[2].terms[0].past.action, PastLimit::Action::prior_authorization);
    EXPECT_EQ(b.limits[3].terms[0].unit, LimitUnit::dollars);
    EXPECT_EQ(b.limits[3].terms[0].quantity, 241000);
    EXPECT_EQ(b.limits[3].terms[0].past.action, PastLimit::Action::modifier);
    EXPECT_EQ(b.limits[3].terms[0].past.modifier, "KX");
    EXPECT_EQ(b.limits[4].terms[0].window.kind, Window::Kind::day);
    EXPECT_EQ(b.limits[4].terms[1].window.kind, Window::Kind::lifetime);
    EXPECT_EQ(b.limits[5].terms[0].unit, LimitUnit::days);
    EXPECT_EQ(b.limits[5].terms[0].window.kind, Window::Kind::plan_year);
    EXPECT_EQ(b.limits[5].terms[0].past.action, PastLimit::Action::not_covered);
}

TEST(parse_test, conditions_combine_with_and_or_not_and_parentheses) {
    Benefit b = benefit_of(
        "  covered\n"
        "  requires (age at least 18 or not sex female) and prior service in trial within 12 months");
    ASSERT_EQ(b.requirements.size(), 1u);
    Condition const& c = b.requirements[0].condition;
    ASSERT_EQ(c.kind, Condition::Kind::all);
    ASSERT_EQ(c.children.size(), 2u);
    Condition const& either = c.children[0];
    ASSERT_EQ(either.kind, Condition::Kind::any);
    EXPECT_EQ(either.children[0].kind, Condition::Kind::age_between);
    EXPECT_EQ(either.children[0].low, 18);
    EXPECT_EQ(either.children[1].kind, Condition::Kind::negate);
    EXPECT_EQ(either.children[1].children[0].kind, Condition::Kind::sex_is);
    EXPECT_EQ(either.children[1].children[0].text, "female");
    EXPECT_EQ(c.children[1].kind, Condition::Kind::prior_service);
    EXPECT_EQ(c.children[1].name, "trial");
    EXPECT_EQ(c.children[1].span.count, 12);
}

TEST(parse_test, and_binds_tighter_than_or) {
    Benefit b = benefit_of("  covered\n  requires in network or age under 65 and modifier KX");
    Condition const& c = b.requirements[0].condition;
    ASSERT_EQ(c.kind, Condition::Kind::any);
    EXPECT_EQ(c.children[0].kind, Condition::Kind::in_network);
    ASSERT_EQ(c.children[1].kind, Condition::Kind::all);
    EXPECT_EQ(c.children[1].children[0].high, 64);
    EXPECT_EQ(c.children[1].children[1].text, "KX");
}

TEST(parse_test, step_therapy_with_a_jurisdiction_switch) {
    Benefit b = benefit_of(
        "  covered\n"
        "  requires trial of first_line for at least 30 days within 180 days unless state IL and service on or "
        "after 2026-01-01\n"
        "  supply at most 7 days when not prior service in opioids within 60 days\n"
        "  tier 2");
    Requirement const& step = b.requirements[0];
    EXPECT_EQ(step.condition.kind, Condition::Kind::trial_of);
    EXPECT_EQ(step.condition.low, 30);
    EXPECT_EQ(step.condition.span.count, 180);
    ASSERT_TRUE(step.guard.has_value());
    EXPECT_TRUE(step.guard->unless);
    EXPECT_EQ(step.guard->condition.children[0].texts, std::vector<std::string>{"IL"});
    EXPECT_EQ(step.guard->condition.children[1].kind, Condition::Kind::on_or_after);
    EXPECT_EQ(step.guard->condition.children[1].date.iso(), "2026-01-01");
    EXPECT_EQ(b.supply_limits[0].days, 7);
    EXPECT_EQ(b.supply_limits[0].guard->condition.kind, Condition::Kind::negate);
    EXPECT_EQ(*b.tier, 2);
}

TEST(parse_test, benefit_header_with_drug_qualifier_and_drug_blocks) {
    RulesFile file = parse_ok(
        "benefit \"Ketamine infusion\" codes unlisted_drug, infusion with drug ketamine {\n"
        "  excluded \"investigational\"\n"
        "  effective from 2026-01-01\n}\n"
        "drug \"Pregabalin\" codes pregabalin {\n  covered\n  copay $30.00 per fill\n}\n");
    ASSERT_EQ(file.benefits.size(), 2u);
    EXPECT_EQ(file.benefits[0].code_sets, (std::vector<std::string>{"unlisted_drug", "infusion"}));
    EXPECT_EQ(file.benefits[0].drug_set, "ketamine");
    EXPECT_EQ(file.benefits[0].effective->from.iso(), "2026-01-01");
    EXPECT_FALSE(file.benefits[0].effective->to.has_value());
    EXPECT_EQ(file.benefits[1].kind, Benefit::Kind::drug);
    EXPECT_EQ(file.benefits[1].cost_share->copay_per, CostShare::Per::fill);
}

TEST(parse_test, includes_keep_their_path_and_location) {
    RulesFile file = parse_ok("# base\ninclude \"base/medicare-base.rules\"\n");
    ASSERT_EQ(file.includes.size(), 1u);
    EXPECT_EQ(file.includes[0].path, "base/medicare-base.rules");
    EXPECT_EQ(file.includes[0].where.line, 2);
}

TEST(parse_test, crlf_line_ends_and_tabs_are_fine) {
    RulesFile file = parse_ok("benefit \"B\" codes b {\r\n\tcovered\r\n\tcopay $5.00\r\n}\r\n");
    ASSERT_EQ(file.benefits.size(), 1u);
    EXPECT_EQ(file.benefits[0].cost_share->copay->cents, 500);
    EXPECT_EQ(file.benefits[0].coverage[0].where.line, 2);
}

TEST(parse_test, every_comma_list_may_go_on_after_a_line_break) {
    RulesFile file = parse_ok(R"(benefit "B" codes a,
                   b {
  covered
  prior authorization required documentation "plan of care",
      "progress notes" when place of service 19,
      22
  requires state IL,
      WI
}
)");
    ASSERT_EQ(file.benefits.size(), 1u);
    Benefit const& b = file.benefits[0];
    EXPECT_EQ(b.code_sets, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(b.prior_auth[0].documentation.size(), 2u);
    EXPECT_EQ(b.prior_auth[0].guard->condition.numbers, (std::vector<int>{19, 22}));
    EXPECT_EQ(b.requirements[0].condition.texts, (std::vector<std::string>{"IL", "WI"}));
}

// ---- Mistakes: each gets its code at the right line:column, and parsing goes on. ----------

TEST(parse_test, money_needs_two_digit_cents_and_proper_commas) {
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $40.5\n  covered\n}\n"),
              std::vector<std::string>{"CC-BAD-MONEY@2:9"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $1,25.00\n  covered\n}\n"),
              std::vector<std::string>{"CC-BAD-MONEY@2:9"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $99999999999999.00\n  covered\n}\n"),
              std::vector<std::string>{"CC-MONEY-OVERFLOW@2:9"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay 40.00\n  covered\n}\n"),
              std::vector<std::string>{"CC-SYNTAX@2:9"});
}

TEST(parse_test, percentages_need_the_sign_and_at_most_100) {
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  coinsurance 20 percent\n  covered\n}\n"),
              std::vector<std::string>{"CC-SYNTAX@2:15"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  coinsurance 120%\n  covered\n}\n"),
              std::vector<std::string>{"CC-PERCENT-RANGE@2:15"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  coinsurance 12.125%\n  covered\n}\n"),
              std::vector<std::string>{"CC-BAD-PERCENT@2:15"});
}

TEST(parse_test, dates_must_exist) {
    EXPECT_EQ(problems("plan \"P\" {\n  effective 2026-02-30 to 2026-12-31\n}\n"),
              std::vector<std::string>{"CC-BAD-DATE@2:13"});
}

TEST(parse_test, misspelled_keyword_gets_a_hint) {
    ParseResult r = parse_rules("benefit \"B\" codes b {\n  coinsurence 20%\n}\n", "x.rules");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "CC-SYNTAX");
    EXPECT_EQ(r.diagnostics[0].where.line, 2);
    EXPECT_EQ(r.diagnostics[0].where.column, 3);
    EXPECT_EQ(r.diagnostics[0].hint, "did you mean 'coinsurance'?");
}

TEST(parse_test, keywords_are_whole_words) {
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  limitless 5 visits per day\n  covered\n}\n"),
              std::vector<std::string>{"CC-SYNTAX@2:3"});
}

TEST(parse_test, every_error_in_a_file_is_reported_and_the_rest_still_lowers) {
    RulesFile file;
    ParseResult r = parse_rules(R"(benefit "A" codes a {
  covred
  copay $40.5
  limit 20 visits per calender year
}
garbage
benefit "B" codes b {
  covered
)",
                                "x.rules");
    std::vector<std::string> got;
    for (auto const& d : r.diagnostics) {
        got.push_back(d.code + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column));
    }
    EXPECT_EQ(got, (std::vector<std::string>{"CC-SYNTAX@2:3", "CC-BAD-MONEY@3:9", "CC-SYNTAX@4:23",
                                             "CC-SYNTAX@6:1", "CC-SYNTAX@9:1"}));
    ASSERT_EQ(r.file.benefits.size(), 2u);
    EXPECT_EQ(r.file.benefits[1].name, "B");
}

TEST(parse_test, missing_brace_is_reported_where_the_next_statement_starts) {
    std::vector<std::string> got =
        problems("benefit \"A\" codes a {\n  covered\nbenefit \"B\" codes b {\n  covered\n}\n");
    EXPECT_EQ(got, std::vector<std::string>{"CC-SYNTAX@3:1"});
}

TEST(parse_test, clauses_in_the_wrong_block_are_misplaced) {
    EXPECT_EQ(problems("plan \"P\" {\n  covered\n}\n"), std::vector<std::string>{"CC-MISPLACED@2:3"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  deductible $100.00\n  covered\n}\n"),
              std::vector<std::string>{"CC-MISPLACED@2:3"});
}

TEST(parse_test, a_second_copay_or_coinsurance_or_no_charge_with_either_conflicts) {
    using V = std::vector<std::string>;
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $10.00\n  copay $20.00\n  covered\n}\n"), V{"CC-CONFLICTING-CLAUSE@3:3"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  coinsurance 10%\n  coinsurance 20%\n  covered\n}\n"), V{"CC-CONFLICTING-CLAUSE@3:3"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $10.00\n  no charge\n  covered\n}\n"), V{"CC-CONFLICTING-CLAUSE@3:3"});
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  no charge\n  coinsurance 20%\n  covered\n}\n"), V{"CC-CONFLICTING-CLAUSE@3:3"});
    EXPECT_EQ(problems("plan \"P\" {\n  coinsurance 20%\n  coinsurance 30%\n}\n"), V{"CC-CONFLICTING-CLAUSE@3:3"});
}

TEST(parse_test, a_copay_and_a_coinsurance_go_together) {
    // "$35 copay before deductible, 30% coinsurance after deductible", as plans print it.
    Benefit const before = benefit_of("  covered\n  copay $35.00 per visit\n  coinsurance 30% after deductible");
    ASSERT_TRUE(before.cost_share.has_value());
    EXPECT_EQ(before.cost_share->copay, Money{3500});
    EXPECT_EQ(before.cost_share->coinsurance, Rate{3000});
    EXPECT_TRUE(before.cost_share->after_deductible);
    EXPECT_TRUE(before.cost_share->copay_first);
    // Both after the deductible: the deductible first, then the copay.
    Benefit const after =
        benefit_of("  covered\n  coinsurance 20% after deductible\n  copay $50.00 per visit after deductible");
    EXPECT_EQ(after.cost_share->copay, Money{5000});
    EXPECT_TRUE(after.cost_share->after_deductible);
    EXPECT_FALSE(after.cost_share->copay_first);
    // Neither: no deductible at all.
    Benefit const neither = benefit_of("  covered\n  copay $20.00 per visit\n  coinsurance 10%");
    EXPECT_FALSE(neither.cost_share->after_deductible);
    EXPECT_FALSE(neither.cost_share->copay_first);
    // Out of network the same.
    Benefit const out = benefit_of(
        "  covered\n  out of network copay $60.00 per visit\n  out of network coinsurance 50% after deductible");
    ASSERT_TRUE(out.out_of_network_cost.has_value());
    EXPECT_EQ(out.out_of_network_cost->copay, Money{6000});
    EXPECT_EQ(out.out_of_network_cost->coinsurance, Rate{5000});
    EXPECT_TRUE(out.out_of_network_cost->copay_first);
}

TEST(parse_test, guards_only_where_they_mean_something) {
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  copay $10.00 when in network\n  covered\n}\n"),
              std::vector<std::string>{"CC-GUARD-NOT-ALLOWED@2:3"});
}

TEST(parse_test, unterminated_text_and_missing_equals) {
    EXPECT_EQ(problems("plan \"P\" {\n  name \"Acme\n}\n"), std::vector<std::string>{"CC-SYNTAX@2:13"});
    EXPECT_EQ(problems("codes pt cpt 97110\n"), std::vector<std::string>{"CC-SYNTAX@1:10"});
}

TEST(parse_test, empty_age_range) {
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  requires age 65 to 18\n  covered\n}\n"),
              std::vector<std::string>{"CC-BAD-RANGE@2:12"});
}

TEST(parse_test, binary_garbage_is_a_diagnostic_not_a_crash) {
    // Without a NUL byte the parser sees it all: a syntax error where it starts, and the first
    // byte that is not UTF-8.
    std::string const garbage("\x01\xff\xfe{{{\"\n}}}\x01", 12);
    EXPECT_EQ(problems(garbage), (std::vector<std::string>{"CC-SYNTAX@1:1", "CC-ENCODING@1:2"}));
    // With one, it is not parsed.
    std::string const binary("\x00\xff\xfe{{{\"\n}}}\x01", 12);
    EXPECT_EQ(problems(binary), std::vector<std::string>{"CC-ENCODING@1:1"});
}

TEST(parse_test, a_benefit_that_states_no_coverage_is_warned_unless_a_syntax_error_may_have_eaten_it) {
    using V = std::vector<std::string>;
    // "covered;" is a syntax error in A: the error is the mistake, not A's missing coverage.
    // B has no error and no coverage: warned.
    EXPECT_EQ(problems("benefit \"A\" codes a {\n  covered;\n}\nbenefit \"B\" codes b {\n  copay $10.00\n}\n"),
              (V{"CC-SYNTAX@2:10", "CC-NO-COVERAGE@4:1"}));
}

TEST(parse_test, nesting_is_limited_instead_of_running_out_of_stack) {
    auto nest = [](std::size_t depth) {
        return "benefit \"B\" codes b {\n  requires " + std::string(depth, '(') + "in network" +
               std::string(depth, ')') + "\n  covered\n}\n";
    };
    EXPECT_TRUE(problems(nest(60)).empty());
    EXPECT_EQ(problems(nest(100000)), std::vector<std::string>{"CC-SYNTAX@2:76"});
    std::string nots;
    for (int i = 0; i < 100000; ++i) nots += "not ";
    EXPECT_EQ(problems("benefit \"B\" codes b {\n  requires " + nots + "in network\n  covered\n}\n"),
              std::vector<std::string>{"CC-SYNTAX@2:268"});
}

}  // namespace
}  // namespace covercheck
