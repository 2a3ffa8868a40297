// HL7 FHIR R4 Claim (XML) to the TreatmentPlan model. The mapping, element by element, is the
// table in samples/claims/README.md; keep the two in step. Internal to src/xml.
//
// Reading is in two steps so a Bundle can be streamed: read_claim() turns one <Claim> into a
// draft holding its references (patient, coverage) as written; resolve() completes the draft
// from the Patient and Coverage the references point at (contained in the claim, or entries of
// the Bundle, which may come before or after the claim), or from what the references say.
#pragma once

#include "covercheck/money.hpp"
#include "covercheck/treatment.hpp"
#include "xml/xml_support.hpp"

#include <pugixml.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck::xml::fhir {

/// The FHIR namespace, on the root of every FHIR XML document.
inline constexpr std::string_view fhir_namespace = "http://hl7.org/fhir";

/// What a claim takes from a Patient resource. PATIENT DATA: never quoted in messages.
struct PatientFacts {
    std::string member_id;            ///< the identifier typed MB (member number), else the first
    std::string birth_date;           ///< as written ("" if none)
    SourceLocation birth_date_where;  ///< its `value` attribute
    Sex sex = Sex::unknown;
    std::string state;                ///< the first address state that is a two-letter code
};

/// What a claim takes from a Coverage resource.
struct CoverageFacts {
    std::string plan;                 ///< the value of the class whose type is `plan` ("" if none)
};

/// A Patient or Coverage kept to resolve references.
struct Kept {
    std::string type;                 ///< "Patient" or "Coverage"
    std::string id;                   ///< the resource's id ("" if none)
    PatientFacts patient;             ///< type == "Patient"
    CoverageFacts coverage;           ///< type == "Coverage"
    SourceLocation where;             ///< the resource's '<'
    bool used = false;                ///< a claim resolved a reference to it
};

/// A Reference element as written: `reference` and/or `identifier`.
struct Ref {
    bool present = false;             ///< the element is there at all
    std::string reference;            ///< "Patient/1", "#patient-1", "urn:uuid:...", an absolute URL
    std::string identifier;           ///< identifier.value, when the reference carries one
    SourceLocation where;
};

/// One Claim read, its references not yet resolved.
struct ClaimDraft {
    TreatmentPlan plan;               ///< everything but the patient and plan_id
    Ref patient;
    Ref coverage;                     ///< of the focal insurance (else the first)
    std::map<std::string, Kept> contained;   ///< contained Patient and Coverage, by "#id"
    std::vector<Diagnostic> diagnostics;
};

/// Reads a Patient resource element.
Kept read_patient(pugi::xml_node node, Reader& reader);
/// Reads a Coverage resource element.
Kept read_coverage(pugi::xml_node node, Reader& reader);

/// Reads a <Claim> element. `fallback_id` (a Bundle entry's fullUrl) is the claim id when the
/// Claim has neither an id nor an identifier. Problems go to the draft's diagnostics; the
/// Reader's own sink is not used.
ClaimDraft read_claim(pugi::xml_node claim, Document const& document, LineIndex const& lines,
                      std::string const& fallback_id);

/// True when `reference` points into the claim itself ("#id").
bool is_contained(std::string const& reference);
/// The keys a Bundle entry is found by: its fullUrl, and "Type/id".
std::vector<std::string> keys_of(std::string const& full_url, std::string const& type, std::string const& id);
/// The keys a reference may match, most exact first: itself, and "Type/id" taken from its end.
std::vector<std::string> lookup_keys(std::string const& reference);

/// Completes a draft: member id, birth date, sex and state from `patient` (else the
/// reference's identifier, else the reference's last segment); plan id from `coverage`'s plan
/// class (else the coverage reference's identifier, else ""). Marks what it uses. Adds an
/// error for a Patient birthDate that is not a date, and CX-MISSING when no member id is found.
/// The draft's diagnostics end up ordered by line and column.
void resolve(ClaimDraft& draft, Kept* patient, Kept* coverage);

/// An exact decimal: value = digits * 10^-scale (FHIR decimals: "135.57", "1e2", "-0.5").
struct Decimal {
    std::int64_t digits = 0;
    int scale = 0;
};

/// Parses a FHIR decimal exactly; nothing on any other text or beyond 18 significant digits.
std::optional<Decimal> parse_decimal(std::string_view text);
/// The product, exactly; nothing on overflow.
std::optional<Decimal> multiply(Decimal a, Decimal b);
/// The amount in cents when it is a whole number of cents; nothing otherwise.
std::optional<std::int64_t> to_cents(Decimal d);
/// The value when it is a whole number; nothing otherwise.
std::optional<std::int64_t> to_whole(Decimal d);

}  // namespace covercheck::xml::fhir
