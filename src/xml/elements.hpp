// The elements a treatment plan and a native claim share: <patient>, <diagnoses>,
// <benefit-period>, <history>, <authorizations>, <services> (<service>, <drug>). One reader for
// both formats, so a claim's <services> reads exactly like a treatment plan's. The elements are
// documented in samples/README.md (and samples/claims/README.md for <claim>). Internal to src/xml.
#pragma once

#include "covercheck/treatment.hpp"
#include "xml/xml_support.hpp"

#include <pugixml.hpp>

#include <set>
#include <string>
#include <vector>

namespace covercheck::xml {

/// Every section a root element may hold, in the order samples/README.md documents them.
inline std::vector<char const*> const treatment_plan_sections{"patient",        "diagnoses", "benefit-period",
                                                              "history",        "authorizations", "services"};
/// The sections of a native <claim>: no benefit period and no history (a claim is what was billed).
inline std::vector<char const*> const claim_sections{"patient", "diagnoses", "authorizations", "services"};

/// Reads the sections of one root element into a TreatmentPlan, reporting every problem to the
/// Reader's sink. One SectionReader per root: it remembers the line ids and authorization numbers
/// seen, to refuse duplicates (CX-BAD-VALUE).
class SectionReader {
public:
    explicit SectionReader(Reader& reader) : r_(reader) {}

    /// Reads a root element that carries `id` and `plan` attributes (<treatment-plan>, <claim>)
    /// and the sections listed in `allowed`: any other child element warns (CX-UNKNOWN), a section
    /// given twice is CX-BAD-VALUE, a missing <patient> or <services> is CX-MISSING at the root.
    /// Messages name the root as it is written (`<claim> needs a <patient> element`).
    void read_root(pugi::xml_node root, std::vector<char const*> const& allowed, TreatmentPlan& plan);

    /// A yes/no attribute (`yes`, `no`, `true`, `false`, in any case); false when absent, and
    /// CX-BAD-VALUE (false) for anything else.
    bool yes_no(pugi::xml_node node, char const* name);

    /// <patient>: member id (required), birth date, sex, state. Patient values are never quoted.
    void patient(pugi::xml_node node, Patient& p);
    /// <diagnoses> and its <diagnosis code="..."/> children, appended to plan.diagnoses.
    void diagnoses(pugi::xml_node node, TreatmentPlan& plan);
    /// <benefit-period> and its <used> children.
    void benefit_period(pugi::xml_node node, TreatmentPlan& plan);
    /// <history> and its <service> and <fill> children.
    void history(pugi::xml_node node, TreatmentPlan& plan);
    /// <authorizations> and its <authorization> children (each number once).
    void authorizations(pugi::xml_node node, TreatmentPlan& plan);
    /// <services> and its <service> and <drug> lines (each line id once).
    void services(pugi::xml_node node, TreatmentPlan& plan);

private:
    /// The child elements of a container: those named in `allowed` are passed to `read`, any
    /// other is reported as unknown. The container itself takes no attributes and no text.
    template <typename Read>
    void children(pugi::xml_node parent, std::vector<char const*> const& allowed, Read read);

    void authorization(pugi::xml_node node, TreatmentPlan& plan);

    Reader& r_;
    std::set<std::string> line_ids_;
    std::set<std::string> authorization_numbers_;
};

}  // namespace covercheck::xml
