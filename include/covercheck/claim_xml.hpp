// Reading claims for batch review: covercheck's native claim XML (<claim>, or many under
// <claims>) and HL7 FHIR R4 Claim resources in XML (a <Claim> alone, or in a <Bundle>). Each
// claim becomes a TreatmentPlan (its id the claim id, plan_id the rules plan). Large files are
// streamed: one claim is held in memory at a time. The formats, the FHIR mapping and the
// diagnostic codes are documented in samples/claims/README.md.
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/treatment.hpp"

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// Which format a claim was written in.
enum class ClaimFormat {
    native,   ///< <claim id=".." plan=".."> as in samples/claims/README.md
    fhir,     ///< an HL7 FHIR R4 Claim resource
};

/// What reading one claim gives. There is exactly one record per claim in the input, broken
/// ones included, and one record for each problem that is not inside any claim (text between
/// claims, a file cut short between claims, a wrong root element, an empty file, ...).
struct ClaimRecord {
    /// The input path as given ("-" for standard input).
    std::string file;
    /// The claim id when known, even for a broken claim ("" for a problem outside any claim, or
    /// a claim cut short before its id). For FHIR: Claim.id, else its first identifier's value,
    /// else the Bundle entry's fullUrl.
    std::string claim_id;
    /// The format the claim is in (native for a problem outside any claim in a native file).
    ClaimFormat format = ClaimFormat::native;
    /// Where the claim starts (its '<'); for a problem outside any claim, where the problem is.
    SourceLocation where;
    /// The claim; empty when any diagnostic is an error (has_errors(diagnostics)). Warnings
    /// (CX-UNKNOWN) alone keep it. Its `where` fields are in the input's own line:column.
    std::optional<TreatmentPlan> claim;
    /// The errors and warnings for this claim, ordered by line and column; at most 1000 and a
    /// summary of the rest. Patient values (member id, birth date) are never quoted in them.
    std::vector<Diagnostic> diagnostics;
};

/// Streams the claims of one input, one record at a time, holding one claim (at most 64 MiB of
/// XML) in memory at once, however large the input. Never throws (a failure to allocate becomes
/// an error record), never prints. Records come out in input order. Readers share nothing:
/// several may run at once on different threads.
///
/// Roots it reads: <claims> (each <claim> child is a claim; any other child element is one
/// CL-NOT-CLAIM error record), <claim>, a FHIR <Claim>, a FHIR <Bundle> (each entry's resource:
/// a Claim is a claim, a Patient or Coverage is kept to resolve the claims' references, anything
/// else is skipped with a CL-SKIPPED warning; a Bundle with no Claim is one CL-NO-CLAIM error
/// record), and any other FHIR resource (xmlns="http://hl7.org/fhir"), which is skipped with a
/// CL-SKIPPED warning. Any other root is one CX-ROOT error record.
class ClaimReader {
public:
    /// How much is read at a time by default: 1 MiB.
    static constexpr std::size_t default_chunk_size = std::size_t{1} << 20U;

    /// Reads from `in`, which must outlive the reader. `path` is used for locations only.
    /// `chunk_size` is for tests (tiny chunks put a chunk boundary everywhere).
    ClaimReader(std::istream& in, std::string path, std::size_t chunk_size = default_chunk_size);
    /// Opens and reads the file at `path`, or standard input for "-". A file that does not
    /// exist, is a directory or cannot be opened gives one CX-FILE error record.
    explicit ClaimReader(std::string path, std::size_t chunk_size = default_chunk_size);
    ~ClaimReader();
    ClaimReader(ClaimReader&&) noexcept;
    ClaimReader& operator=(ClaimReader&&) noexcept;
    ClaimReader(ClaimReader const&) = delete;
    ClaimReader& operator=(ClaimReader const&) = delete;

    /// The next record into `out`; false (and `out` untouched) at the end of the input.
    bool next(ClaimRecord& out);

    /// Accepts a sequence of documents (several <claim>, <claims>, Claim or Bundle roots one
    /// after the other), as standard input carries when fed record by record by Hadoop Streaming
    /// or Spark's RDD.pipe. On by default for "-"; call before the first next(). Otherwise a
    /// second root element is a CX-XML error.
    void allow_documents();

    /// The CL-SKIPPED warnings so far: FHIR resources that are not claims (a ClaimResponse, an
    /// ExplanationOfBenefit, a Coverage no claim refers to, ...), each located at the resource,
    /// with the reason. At most 1000 and a last one summing up the rest. Complete once next()
    /// has returned false.
    std::vector<Diagnostic> const& skipped() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

/// Every record of `text` at once, for tests and small inputs: ClaimReader over the text.
/// `skipped`, when given, receives the CL-SKIPPED warnings.
std::vector<ClaimRecord> read_claims(std::string_view text, std::string const& path,
                                     std::vector<Diagnostic>* skipped = nullptr,
                                     std::size_t chunk_size = ClaimReader::default_chunk_size);

}  // namespace covercheck
