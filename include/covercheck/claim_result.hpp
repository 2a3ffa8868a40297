// The result of checking one input claim in a batch, and the totals a batch report sums up.
// Every input claim yields exactly one ClaimResult, broken ones included.
#pragma once

#include "covercheck/diagnostic.hpp"
#include "covercheck/evaluate.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace covercheck {

/// What happened to a claim as a whole.
enum class ClaimStatus {
    checked,   ///< read and checked against its plan: see `lines`
    no_plan,   ///< read, but no rules file holds its plan id (or it names none)
    error,     ///< could not be read: see `diagnostics`
};

/// "checked", "no plan", "error".
char const* to_string(ClaimStatus status);

/// The one result record of an input claim.
struct ClaimResult {
    /// Input order: (input index << 32) | claim ordinal within the input. Results are written
    /// in this order, whatever the number of jobs.
    std::uint64_t sequence = 0;
    std::string file;                  ///< the input path ("-" for standard input)
    std::string claim_id;              ///< "" when not known (a claim too broken to name)
    SourceLocation where;              ///< the claim's start in `file`
    std::string member_id;             ///< PATIENT DATA: written to outputs, never to logs
    std::string plan_id;
    std::string plan_name;
    ClaimStatus status = ClaimStatus::checked;
    /// Errors (for `error`), the no-plan message (for `no_plan`), and reader warnings.
    std::vector<Diagnostic> diagnostics;
    std::vector<LineResult> lines;     ///< the claim's lines, in its own order (checked only)
    Totals totals;                     ///< over `lines`
};

/// Counts and money summed over a batch, mergeable across workers (add()).
struct BatchTotals {
    std::int64_t claims = 0;           ///< results: checked + no_plan + errors
    std::int64_t checked = 0;
    std::int64_t no_plan = 0;
    std::int64_t errors = 0;
    std::int64_t lines = 0;
    std::int64_t flagged_lines = 0;    ///< lines whose outcome is neither covered nor covered with PA
    Money billed;
    Money allowed;
    Money plan;
    Money patient;
    Money at_risk;

    /// Lines and money summed over a group of lines (one outcome, benefit or plan).
    struct Tally {
        std::int64_t claims = 0;       ///< by plan only: the claims, those with no line too
        std::int64_t lines = 0;
        std::int64_t flagged = 0;      ///< lines neither covered nor covered with PA
        Money billed;
        Money plan;
        Money patient;
        Money at_risk;

        /// Adds one line.
        void add(LineCost const& cost, bool flagged_line);
        Tally& operator+=(Tally const& other);
    };
    /// By outcome (Outcome as int, in enum order).
    std::map<int, Tally> by_outcome;
    /// By benefit name ("(no rule)" for lines no rule mentions).
    std::map<std::string, Tally> by_benefit;
    /// By plan id ("" for claims with no plan).
    std::map<std::string, Tally> by_plan;
    /// How often each finding kind decided a flagged line ("limit-reached", "no-rule", ...),
    /// with one example reason, for "top reasons".
    struct Reason {
        std::int64_t lines = 0;
        std::string outcome;           ///< to_string(Outcome) of the finding
        std::string example;           ///< the reason of the earliest claim (by sequence), for people
        std::uint64_t example_sequence = 0;
    };
    std::map<std::string, Reason> by_reason;
    /// Error codes of unreadable claims ("CX-XML", "CL-ROOT", ...) and how often.
    std::map<std::string, std::int64_t> by_error;

    /// Adds one result.
    void add(ClaimResult const& result);
    /// Adds another worker's totals (maps merged; each reason keeps the example of the earliest
    /// claim, so the totals do not depend on how the claims were split among workers).
    void add(BatchTotals const& other);
};

}  // namespace covercheck
