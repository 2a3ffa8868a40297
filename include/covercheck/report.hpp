// Renderings of an Evaluation: a table for billing staff, JSON and CSV for other tools, and the
// printable estimate for the patient (HTML).
#pragma once

#include "covercheck/evaluate.hpp"
#include "covercheck/fingerprint.hpp"
#include "covercheck/rules.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// The table billing staff read: one row per line (date, code with every modifier as in
/// "97110-GP-KX", service, outcome, patient owes), each finding beneath its row with the deciding
/// rule, the CARC and the fix; then the totals and the prior authorizations to file. Columns are
/// aligned by UTF-8 code points; a long service name is cut at a code point and ends in "...".
std::string render_table(Evaluation const& evaluation);

/// One JSON object for the evaluation. Money is in integer cents (`*_cents`), rule locations are
/// {file, line, column}. Each line has all its `modifiers`, and `quantity` and `days_supply`
/// (numbers on a line naming a drug, null otherwise). Strings are escaped by json_quote().
std::string render_json(Evaluation const& evaluation);

/// The CSV header row (RFC 4180), then render_csv_rows() for each evaluation.
std::string csv_header();

/// One CSV row per line, lines ending in CRLF. After the rule come the columns added with the
/// money split (at the end, so readers that index columns keep working): network (in/out),
/// contractual, balance_billing, deductible_left and out_of_pocket_left (empty when the plan
/// states no deductible or maximum). Money is dollars with two decimals and nothing
/// else (1234.50, -12.50 for a credit) so spreadsheets sum it. `modifiers` holds all of a line's
/// modifiers separated by spaces; `quantity` and `days_supply` are filled on drug lines only.
/// A text cell starting with = + - @ tab or CR gets a leading ' so no spreadsheet runs it as a
/// formula (numbers and money are never changed); cells with a comma, quote or line break are
/// quoted.
std::string render_csv_rows(Evaluation const& evaluation);

/// `text` for HTML element content or a quoted attribute value: & < > " ' become entities;
/// control characters other than tab, LF and CR, and bytes that are not well-formed UTF-8, become
/// U+FFFD; all other UTF-8 passes through unchanged. html_escape("<a href='x'>&") is
/// "&lt;a href=&#39;x&#39;&gt;&amp;".
std::string html_escape(std::string_view text);

/// What the printable estimate of one patient (one treatment plan) shows: the evaluation and what
/// it was made from that the evaluation does not carry.
struct Estimate {
    Evaluation evaluation;
    /// PATIENT DATA (member id, birth date): printed in the document, never logged.
    Patient patient;
    std::optional<Provider> provider;    ///< the rendering or billing provider, when given
    /// The treatment plan's own diagnoses (ICD-10-CM), shown for a line that links none of its own.
    std::vector<std::string> diagnoses;
    /// A self-pay patient (TreatmentPlan::self_pay): a Good Faith Estimate, with no plan-pays
    /// column, no deductible, and the patient's right to dispute a bill $400 or more above it.
    bool self_pay = false;
    MetSoFar met_before;                 ///< in-network deductible and out-of-pocket met before the services
    std::string payer;                   ///< the plan's payer ("" when the rules name none)
    std::optional<Money> deductible;     ///< the plan's in-network individual deductible, when stated
    std::optional<Money> out_of_pocket_max;  ///< the plan's in-network individual out-of-pocket maximum, when stated
    RulesFingerprint rules;              ///< the rules files the evaluation was made from
    Date date;                           ///< the date of the estimate (the run date unless given)
    /// The clinic's own text (its name, address, telephone, a note), shown escaped at the top with
    /// its line breaks; "" for none. It adds to the estimate: no part of the estimate depends on it.
    std::string clinic_note;
};

/// The Estimate of `plan` given its `evaluation` against the rules plan `header`, the rules'
/// fingerprint and the estimate's date. The clinic note is left empty.
Estimate make_estimate(TreatmentPlan const& plan, Evaluation evaluation, PlanHeader const& header,
                       RulesFingerprint rules, Date date);

/// One patient's estimate as an HTML fragment, `<article class="estimate">...</article>`, for a
/// document whose `<style>` holds estimate_html_style() (render_estimates_html() makes one).
/// Headed "Good Faith Estimate" for a self-pay patient, "Estimate of your costs" otherwise. Holds:
/// the clinic's note; the patient (member id, birth date), the plan, the network status and the
/// provider; each service (date, description, code with its modifiers, units, diagnoses, charge,
/// allowed, plan pays, patient owes, and in words what is not billed to the patient or may be
/// balance billed); what is still needed (prior authorizations to file and to follow up, step
/// therapy, documentation, services not covered and why, services still to be checked); the
/// deductible and out-of-pocket before and after; the totals; what the patient can do; the date,
/// the rules' version and SHA-256. All text from the input is escaped by html_escape(); money is
/// format_money(). The wording is in one place, estimate_html.cpp.
std::string render_estimate_fragment(Estimate const& estimate);

/// The style sheet the fragments need, for the screen and for print (no `<style>` tags).
std::string estimate_html_style();

/// A complete HTML5 document holding `estimates` in order, each starting on a new printed page:
/// self-contained (inline CSS), with no script and nothing loaded from elsewhere.
std::string render_estimates_html(std::vector<Estimate> const& estimates);

/// render_estimates_html() of the one estimate.
std::string render_estimate_html(Estimate const& estimate);

}  // namespace covercheck
