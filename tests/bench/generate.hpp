// Synthetic rules files for benchmarks: realistic shapes, any size.
#pragma once

#include <string>

namespace covercheck::bench {

/// A plan in the rules language with `benefits` benefit blocks (a "rule" in the benchmark
/// figures), each with its own code set of five procedure codes and a range, a diagnosis
/// requirement, a limit, a prior-authorization threshold and a cost share. The text is
/// deterministic, parses clean and validates clean.
std::string generate_rules(int benefits);

}  // namespace covercheck::bench
