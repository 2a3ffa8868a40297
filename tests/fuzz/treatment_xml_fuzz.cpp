// libFuzzer target: the treatment-plan XML reader must never crash, hang or read out of bounds,
// whatever the bytes; it never throws; every diagnostic has a code and words and points inside
// the input (or at the file alone); a plan comes back exactly when there is no error. And
// mask_patient_data (the text shown under messages) keeps every line break and never grows the text.

#include "covercheck/treatment_xml.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    covercheck::TreatmentPlanRead const result = covercheck::read_treatment_plan(text, "fuzz.xml");
    auto const lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (auto const& d : result.diagnostics) {
        if (d.code.empty() || d.message.empty()) std::abort();
        if (d.where.file != "fuzz.xml" || d.where.line < 0 || d.where.line > lines) std::abort();
        if (d.where.line > 0 && d.where.column < 1) std::abort();
    }
    if (result.plan.has_value() == covercheck::has_errors(result.diagnostics)) std::abort();
    std::string const masked = covercheck::mask_patient_data(text);
    if (masked.size() > text.size()) std::abort();
    if (std::count(masked.begin(), masked.end(), '\n') != std::count(text.begin(), text.end(), '\n')) std::abort();
    return 0;
}
