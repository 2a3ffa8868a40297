// Rules parsing speed: parse (and lower) a generated plan of N benefits, alone and followed by
// the semantic validation `covercheck validate` runs. Reported: bytes/s (MB/s) and the time per
// whole file.

#include "covercheck/load.hpp"
#include "covercheck/validate.hpp"
#include "generate.hpp"

#include <benchmark/benchmark.h>

namespace {

void parse_generated(benchmark::State& state) {
    std::string const text = covercheck::bench::generate_rules(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        covercheck::ParseResult result = covercheck::parse_rules(text, "generated.rules");
        if (!result.diagnostics.empty()) state.SkipWithError("generated rules do not parse clean");
        benchmark::DoNotOptimize(result);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
    state.counters["file_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(parse_generated)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

void parse_and_validate_generated(benchmark::State& state) {
    std::string const text = covercheck::bench::generate_rules(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        covercheck::ParseResult result = covercheck::parse_rules(text, "generated.rules");
        std::vector<covercheck::RulesFile> files;
        files.push_back(std::move(result.file));
        std::vector<covercheck::Diagnostic> const problems = covercheck::validate(files);
        if (!result.diagnostics.empty() || !problems.empty()) {
            state.SkipWithError("generated rules do not validate clean");
        }
        benchmark::DoNotOptimize(problems);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
    state.counters["file_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(parse_and_validate_generated)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
