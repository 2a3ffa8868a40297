// Reading a treatment plan from XML. The format, every element and attribute, and the table of
// diagnostic codes are documented in samples/README.md.
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/treatment.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// What reading one treatment-plan document gives.
struct TreatmentPlanRead {
    /// The plan; empty when any diagnostic is an error (has_errors(diagnostics)). Warnings alone
    /// (CX-UNKNOWN) keep the plan.
    std::optional<TreatmentPlan> plan;
    /// Every problem found in the document at once, ordered by line and column. A document with
    /// more than 1000 problems lists the first 1000 and sums up the rest in one last diagnostic.
    std::vector<Diagnostic> diagnostics;
};

/// Parses a treatment-plan document held in memory. `path` is used only for locations.
/// Never throws, never prints. Every element read keeps its location (`where`: the '<' that
/// starts it); an attribute's problem points at the attribute.
///
/// Errors: CX-EMPTY (nothing but blanks), CX-XML (not well-formed, not UTF-8, cut short, two
/// root elements, an attribute given twice), CX-TOO-DEEP (elements nested more than 100 deep),
/// CX-DOCTYPE (any DOCTYPE: DTD entities are never expanded), CX-ROOT (the root is not
/// <treatment-plan>), CX-MISSING (a required element or attribute), CX-BAD-DATE, CX-BAD-MONEY,
/// CX-BAD-NUMBER, CX-BAD-VALUE (a value out of range or not among those allowed, a date range
/// backwards, a duplicate line or authorization, a repeated section). Warning: CX-UNKNOWN (an
/// element, attribute or text the format does not define).
/// Values of <patient> attributes are never quoted in messages.
TreatmentPlanRead read_treatment_plan(std::string_view text, std::string const& path);

/// `text` with the values of the attributes that identify a patient (`member-id`,
/// `birth-date`) masked, one `*` per character, for showing source lines under a message
/// without showing patient data: `<patient member-id="*********" birth-date="**********">`.
std::string mask_patient_data(std::string_view text);

/// Reads the file at `path`, then read_treatment_plan(). CX-FILE (located at the file alone)
/// when it does not exist, is a directory, cannot be read, or is larger than 64 MiB.
TreatmentPlanRead load_treatment_plan(std::string const& path);

}  // namespace covercheck
