// A compact binary form of claims and their results, for the batch's spill files: what a worker
// writes in one phase and another reads back in the next. Internal to src/batch; the bytes never
// leave one run of covercheck, so the form has no version and no byte-order concerns.
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/treatment.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck::batch {

/// One input claim as read, before it is checked: its place in the input and what the reader
/// made of it (a claim, or the diagnostics that say why not).
struct ReadClaim {
    std::uint64_t sequence = 0;        ///< (input index << 32) | ordinal within the input
    std::string claim_id;
    SourceLocation where;              ///< the claim's start in its input
    std::vector<Diagnostic> diagnostics;   ///< the reader's errors and warnings
    std::optional<TreatmentPlan> claim;
};

/// Appends `claim` to `out`, prefixed by its length.
void encode(ReadClaim const& claim, std::string& out);

/// Reads the claim at `in` (as written by encode) and advances `in` past it. Returns false when
/// `in` is empty; throws std::runtime_error when the bytes are not a whole encoded claim.
bool decode(std::string_view& in, ReadClaim& claim);

/// Appends a length-prefixed string.
void put_string(std::string& out, std::string_view text);
/// Appends an unsigned number (LEB128).
void put_number(std::string& out, std::uint64_t value);
/// Reads what put_string / put_number wrote; throws std::runtime_error past the end.
std::string_view get_string(std::string_view& in);
std::uint64_t get_number(std::string_view& in);

}  // namespace covercheck::batch
