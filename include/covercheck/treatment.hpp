// A proposed treatment plan (or a claim): the patient, their history this benefit period,
// authorizations on file, and the service lines to check. Read from XML by src/xml/.
#pragma once

#include "covercheck/date.hpp"
#include "covercheck/diagnostic.hpp"
#include "covercheck/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace covercheck {

enum class Sex { unknown, female, male };

/// PATIENT DATA: never logged at the default level.
struct Patient {
    std::string member_id;
    std::optional<Date> birth_date;
    Sex sex = Sex::unknown;
    std::string state;               ///< two-letter jurisdiction, e.g. "IL" ("" if unknown)
};

/// Usage already on the books this benefit period, before the first proposed line.
struct PriorUsage {
    std::string benefit;             ///< a benefit name as in the rules ("Physical therapy")
    std::int64_t visits = 0;
    std::int64_t units = 0;
    std::int64_t days = 0;           ///< distinct service days (sessions)
    Money dollars;
    SourceLocation where;
    /// The one limit window the counts are for, as a payer's eligibility answer (X12 271 EB)
    /// gives them: "calendar-year" or "plan-year". Empty: the counts are for the current
    /// benefit period and every window of the benefit's limits counts them.
    std::string window;
};

/// An earlier service or drug fill (for sequencing, step therapy, rolling windows).
struct PastService {
    Date date;
    std::string code;                ///< CPT/HCPCS, or empty for a pure drug fill
    std::string drug;                ///< RxNorm or NDC, or empty
    std::int64_t units = 1;
    std::int32_t days_supply = 0;    ///< drug fills
    SourceLocation where;
};

/// What an authorization is approved in, and used up in (X12 278 HSD01: VS visits, UN units;
/// or a dollar amount).
enum class AuthMeasure { units, visits, dollars };

/// An authorization on file (X12 278).
struct Authorization {
    std::string number;
    std::vector<std::string> codes;  ///< the CPT/HCPCS (or drug) codes it covers
    AuthMeasure measure = AuthMeasure::units;
    /// How many units or visits are approved (measure units or visits); 0 = unlimited.
    std::int64_t units = 0;
    Money dollars;                   ///< measure dollars: the approved amount (allowed amounts)
    Date from;
    Date to;
    /// The raw X12 278 HCR01 action code or a word: "A1" certified in total, "A2" partially,
    /// "A3" not certified, "A4" pended, "A6" modified. Only A1, A2 and A6 authorize.
    std::string status = "A1";
    SourceLocation where;
};

/// One proposed service or drug line.
struct ServiceLine {
    std::string id;                  ///< line number or id as given in the input ("1", "2", ...)
    Date date;
    std::string code;                ///< CPT/HCPCS; empty for a pharmacy line
    std::vector<std::string> modifiers;
    std::int64_t units = 1;
    Money billed;
    int place_of_service = 0;        ///< CMS place-of-service code; 0 if not given
    bool in_network = true;
    std::vector<std::string> diagnoses;   ///< ICD-10-CM codes linked to the line
    std::string drug;                ///< RxNorm or NDC, for drugs and J3490-style lines
    std::int64_t quantity = 0;       ///< drug quantity (patches, tablets)
    std::int32_t days_supply = 0;
    std::string authorization;       ///< an authorization number written on the line, if any
    /// The patient signed a waiver for the line (an ABN for Medicare, a financial-responsibility
    /// waiver for other plans): what the plan does not pay in network is the patient's, not the
    /// provider's.
    bool waiver_signed = false;
    SourceLocation where;
};

/// A document on file for the patient (a plan of care, progress notes, an imaging report): a
/// `documentation` requirement of a prior-authorization rule is met by one of its type.
struct Document {
    std::string type;                ///< as the rules name it: "plan of care", "progress notes"
    Date date;
    SourceLocation where;
};

/// The rendering or billing provider named on the plan of care or claim.
struct Provider {
    std::string name;
    std::string npi;                 ///< the 10-digit National Provider Identifier, "" if not given
    SourceLocation where;
};

/// Deductible and out-of-pocket already met this benefit period.
struct MetSoFar {
    Money deductible;
    Money out_of_pocket;
};

/// The whole input to one evaluation.
struct TreatmentPlan {
    std::string id;                  ///< the plan-of-care or claim id
    std::string plan_id;             ///< which rules plan applies (`plan "ACME-PPO-2026"`)
    Patient patient;
    std::vector<std::string> diagnoses;   ///< plan-level diagnoses (lines may link their own)
    MetSoFar met;
    std::vector<PriorUsage> prior_usage;
    std::vector<PastService> history;
    std::vector<Authorization> authorizations;
    std::vector<Document> documents;
    std::optional<Provider> provider;
    /// The patient has no coverage for these services and pays the clinic directly: the estimate
    /// is a Good Faith Estimate from the clinic's own fee schedule, with no coverage decisions.
    /// `plan_id` then names the rules plan that holds that fee schedule.
    bool self_pay = false;
    std::vector<ServiceLine> lines;
    /// Proposed services, not services given: a FHIR Claim whose `use` is preauthorization or
    /// predetermination. Batch review checks it on its own, not counted with the member's claims.
    bool proposed = false;
    SourceLocation where;
};

}  // namespace covercheck
