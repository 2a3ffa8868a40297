// Evaluator throughput: lines per second on in-memory treatment plans, one thread, no XML.
//  - sample_plan: rules/acme-ppo-2026.rules, a 30-line plan mixing therapy, injections, drugs.
//  - generated_plan/N: generate_rules(N) (N benefits), 30 lines spread over its codes.
// Issue 5's scaling target: a line on the 10,000-benefit plan takes at most 1.5x a line on the
// sample plan.

#include "covercheck/evaluate.hpp"
#include "covercheck/load.hpp"
#include "generate.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>

namespace {

using namespace covercheck;

Date day(int offset) { return Date::parse("2026-01-05").value().plus_days(offset); }

ServiceLine line(int i, std::string code, std::int64_t cents) {
    ServiceLine l;
    l.id = std::to_string(i + 1);
    l.date = day(i * 3);
    l.code = std::move(code);
    l.billed = Money{cents};
    l.diagnoses = {"G89.29"};
    return l;
}

TreatmentPlan sample_treatment() {
    TreatmentPlan plan;
    plan.id = "BENCH";
    plan.plan_id = "ACME-PPO-2026";
    plan.patient.birth_date = Date::parse("1960-01-01");
    plan.patient.state = "IL";
    plan.met.deductible = Money{50000};
    char const* codes[] = {"97110", "97112", "99214", "90834", "97810", "64493", "62323", "97140"};
    for (int i = 0; i < 27; ++i) {
        plan.lines.push_back(line(i, codes[i % 8], 14000 + i));
        // Therapy lines carry the discipline's modifier, as real claims do (GP: physical therapy).
        if (plan.lines.back().code.rfind("971", 0) == 0) plan.lines.back().modifiers = {"GP"};
    }
    for (int i = 27; i < 30; ++i) {
        ServiceLine l = line(i, "", 4000);
        l.drug = "25480";
        l.quantity = 90;
        l.days_supply = 30;
        plan.lines.push_back(l);
    }
    Authorization a;
    a.number = "A1";
    a.codes = {"64493", "62323"};
    a.from = day(0);
    a.to = day(200);
    plan.authorizations.push_back(a);
    return plan;
}

void run(benchmark::State& state, RuleBook const& book, TreatmentPlan const& plan) {
    for (auto _ : state) {
        Evaluation e = evaluate(book, plan);
        benchmark::DoNotOptimize(e);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(plan.lines.size()));
}

void sample_plan(benchmark::State& state) {
    LoadedRules loaded = load_rules(std::string(COVERCHECK_SOURCE_DIR) + "/rules/acme-ppo-2026.rules");
    if (has_errors(loaded.diagnostics)) state.SkipWithError("rules/acme-ppo-2026.rules has errors");
    RuleBook const book = RuleBook::build(std::move(loaded.files));
    run(state, book, sample_treatment());
}
BENCHMARK(sample_plan);

void generated_plan(benchmark::State& state) {
    int const benefits = static_cast<int>(state.range(0));
    ParseResult parsed = parse_rules(bench::generate_rules(benefits), "generated.rules");
    std::vector<RulesFile> files;
    files.push_back(std::move(parsed.file));
    RuleBook const book = RuleBook::build(std::move(files));
    TreatmentPlan plan = sample_treatment();
    plan.plan_id = "BENCH-PLAN";
    for (std::size_t i = 0; i < plan.lines.size(); ++i) {
        // The first code of benefit k is 10000 + 8k (see generate.cpp).
        int const k = static_cast<int>((i * 7919) % static_cast<std::size_t>(std::min(benefits, 11248)));
        char code[8];
        std::snprintf(code, sizeof code, "%05d", 10000 + (k * 8) % 89990);
        plan.lines[i].code = code;
        plan.lines[i].drug.clear();
    }
    run(state, book, plan);
}
BENCHMARK(generated_plan)->Arg(100)->Arg(10000);

}  // namespace

BENCHMARK_MAIN();
