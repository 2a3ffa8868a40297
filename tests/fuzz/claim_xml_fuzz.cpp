// libFuzzer target: the claim readers (native <claim>/<claims>, FHIR Claim and Bundle, streamed)
// must never crash, hang or read out of bounds, whatever the bytes; they never throw; every
// diagnostic has a code and words and points inside the input (or at the file alone); a record
// holds a claim exactly when it has no error; and reading in tiny chunks gives exactly what
// reading in big ones gives (the splitter's chunk boundaries change nothing).

#include "covercheck/claim_xml.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// Everything a read gives, as text, to compare two reads.
std::string describe(std::vector<covercheck::ClaimRecord> const& records,
                     std::vector<covercheck::Diagnostic> const& skipped) {
    std::string out;
    auto where = [](covercheck::SourceLocation const& w) {
        return std::to_string(w.line) + ":" + std::to_string(w.column);
    };
    for (auto const& r : records) {
        out += "record " + r.claim_id + " " + where(r.where) + "\n";
        for (auto const& d : r.diagnostics) out += " " + d.code + " " + where(d.where) + " " + d.message + "\n";
        if (!r.claim) continue;
        auto const& c = *r.claim;
        out += " claim " + c.id + " " + c.plan_id + " " + c.patient.member_id + " " + std::to_string(c.lines.size()) + "\n";
        for (auto const& l : c.lines) {
            out += "  " + l.id + " " + l.code + " " + l.drug + " " + std::to_string(l.units) + " " +
                   std::to_string(l.billed.cents) + " " + where(l.where) + "\n";
        }
    }
    for (auto const& d : skipped) out += "skipped " + where(d.where) + " " + d.message + "\n";
    return out;
}

void check(std::string_view text, std::vector<covercheck::ClaimRecord> const& records,
           std::vector<covercheck::Diagnostic> const& skipped) {
    auto const lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    auto located = [&](covercheck::Diagnostic const& d) {
        if (d.code.empty() || d.message.empty()) std::abort();
        if (d.where.file != "fuzz.xml" || d.where.line < 0 || d.where.line > lines) std::abort();
        if (d.where.line > 0 && d.where.column < 1) std::abort();
    };
    for (auto const& r : records) {
        if (r.file != "fuzz.xml") std::abort();
        if (r.claim.has_value() == covercheck::has_errors(r.diagnostics)) std::abort();
        if (!r.claim && r.diagnostics.empty()) std::abort();   // a record is a claim or a problem
        for (auto const& d : r.diagnostics) located(d);
    }
    for (auto const& d : skipped) {
        located(d);
        if (d.code != "CL-SKIPPED" || d.severity != covercheck::Severity::warning) std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    std::vector<covercheck::Diagnostic> skipped;
    std::vector<covercheck::ClaimRecord> const records = covercheck::read_claims(text, "fuzz.xml", &skipped);
    check(text, records, skipped);
    // The same input in chunks of 1 to 13 bytes.
    std::vector<covercheck::Diagnostic> skipped_small;
    std::vector<covercheck::ClaimRecord> const small =
        covercheck::read_claims(text, "fuzz.xml", &skipped_small, 1 + size % 13);
    if (describe(records, skipped) != describe(small, skipped_small)) std::abort();
    return 0;
}
