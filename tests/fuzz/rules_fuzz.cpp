// libFuzzer target: the rules-language parser must never crash, hang or read out of bounds,
// whatever the bytes; every diagnostic it returns must point inside the input.

#include "covercheck/load.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const text(reinterpret_cast<char const*>(data), size);
    covercheck::ParseResult const result = covercheck::parse_rules(text, "fuzz.rules");
    for (auto const& d : result.diagnostics) {
        if (d.where.line < 1 || d.where.column < 1 || d.code.empty() || d.message.empty()) std::abort();
    }
    return 0;
}
