// The rule model: what a plan's rules file says, free of any parser type.
//
// The rules language (rules/README.md) is parsed by src/dsl/ and lowered into these structs.
// Every element keeps the SourceLocation of the text it came from, so a finding can cite
// "rules/acme-ppo.rules:42:5". Names (code sets, shared limits) are kept as written; the
// validator (validate.hpp) checks they resolve, and RuleBook (rule_book.hpp) resolves them.
#pragma once

#include "covercheck/date.hpp"
#include "covercheck/diagnostic.hpp"
#include "covercheck/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace covercheck {

// ---------------------------------------------------------------------------------------------
// Code sets

/// The code system a code set holds.
enum class CodeKind {
    procedure,  ///< CPT or HCPCS Level II (97110, J3490, 0275T); keyword `cpt` or `hcpcs`
    diagnosis,  ///< ICD-10-CM (M54.50); keyword `icd10`
    rxnorm,     ///< RxNorm concept id (25480); keyword `rxnorm`
    ndc,        ///< National Drug Code (00591-3672-01 or 11 digits); keyword `ndc`
    modifier,   ///< two-character CPT/HCPCS modifier (KX, GP, 59); keyword `modifier`
};

/// The rules-language keyword for a kind: "cpt", "icd10", "rxnorm", "ndc", "modifier".
char const* keyword(CodeKind kind);

/// One entry of a code set as written.
struct CodeItem {
    enum class Form {
        exact,      ///< `97110`: `first` is the code
        range,      ///< `97161-97163`: `first` to `last` inclusive (same length, compared as text)
        prefix,     ///< `G90.5*` or `M54.5x`: every code starting with `first` ("G90.5")
        reference,  ///< `physical_therapy`: every code of the named set (`first` is the name)
    };
    Form form = Form::exact;
    std::string first;
    std::string last;          ///< only for ranges
    SourceLocation where;
    /// `97110 with modifier GO`: the item holds the code only on lines carrying the modifier (so
    /// PT, OT and speech therapy can be told apart on shared codes). "" for any line.
    std::string modifier;
};

/// `codes physical_therapy = cpt 97110, 97112, 97161-97163`
struct CodeSet {
    std::string name;
    /// `codes gabapentinoids "gabapentin or pregabalin" = ...`: what messages call the set. ""
    /// when not written: messages then say the name with its underscores as spaces.
    std::string display_name;
    CodeKind kind = CodeKind::procedure;
    std::vector<CodeItem> items;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Windows, limits and durations

/// A length of time as written: `90 days`, `12 months`, `1 year`.
struct Duration {
    enum class Unit { days, weeks, months, years };
    std::int32_t count = 0;
    Unit unit = Unit::days;
};

/// The window a limit or a count is taken over.
struct Window {
    enum class Kind {
        calendar_year,   ///< `per calendar year`: January 1 to December 31 of the service date
        plan_year,       ///< `per plan year` / `per benefit period`: the plan's benefit period
        rolling,         ///< `per rolling 90 days`: the `span` ending on (and including) the service date
        day,             ///< `per day`: the service date alone
        lifetime,        ///< `per lifetime`: no end
    };
    Kind kind = Kind::calendar_year;
    Duration span;       ///< only for rolling windows
};

/// What a limit counts.
enum class LimitUnit {
    /// As payers count visits: one per benefit (discipline) and date of service, whatever the
    /// lines or units. PT and OT on one date are two visits of a shared "PT and OT" limit; two
    /// PT lines on one date are one visit.
    visits,
    lines,      ///< one per claim line, whatever its units (`lines`)
    units,      ///< the line's units (drug quantity for drugs)
    days,       ///< distinct service dates (for drugs: days' supply)
    sessions,   ///< distinct service dates (a session is one calendar day)
    dollars,    ///< the allowed amount
};

/// What happens to a service once a limit is used up.
struct PastLimit {
    enum class Action {
        not_covered,         ///< `then not covered` (the default)
        prior_authorization, ///< `then prior authorization`: allowed with an authorization on file
        modifier,            ///< `then modifier KX`: allowed when the line carries the modifier
    };
    Action action = Action::not_covered;
    std::string modifier;   ///< only for Action::modifier
};

/// `20 visits per calendar year then not covered`, `$2,410.00 per calendar year then modifier KX`.
struct LimitTerm {
    std::int64_t quantity = 0;     ///< a count, or cents when unit is dollars
    LimitUnit unit = LimitUnit::visits;
    Window window;
    PastLimit past;
    SourceLocation where;
};

/// `shared limit rehab_visits 20 visits per calendar year`: one counter for every benefit
/// that says `limit shared rehab_visits`.
struct SharedLimit {
    std::string name;
    std::vector<LimitTerm> terms;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Conditions

/// A condition on a service line, its patient or their history. A tree: `all` / `any` / `negate`
/// combine children; the other kinds are leaves.
struct Condition {
    enum class Kind {
        all,             ///< `a and b`
        any,             ///< `a or b`
        negate,          ///< `not a` (one child)
        diagnosis_in,    ///< `diagnosis in <set>`: a diagnosis linked to the line is in the set
        drug_in,         ///< `drug in <set>`: the line's drug (RxNorm or NDC) is in the set
        modifier_is,     ///< `modifier KX` (`text`) or `modifier in <set>` (`name`)
        age_between,     ///< `age 18 to 64`, `age at least 18` (`high` = 200), `age under 65` (`low` = 0, high = 64)
        sex_is,          ///< `sex female` / `sex male` (`text` is "female" or "male")
        place_in,        ///< `place of service 19, 22` (`numbers`)
        in_network,      ///< `in network`
        out_of_network,  ///< `out of network`
        state_in,        ///< `state IL, WI` (`texts`): the plan's or member's jurisdiction
        on_or_after,     ///< `service on or after 2026-01-01` (`date`)
        before,          ///< `service before 2026-01-01` (`date`)
        prior_service,   ///< `prior service in <set> within 12 months` (`name`, `span`)
        trial_of,        ///< `trial of <set> for at least 30 days within 180 days` (`name`, `low` days, `span`)
    };
    Kind kind = Kind::all;
    std::vector<Condition> children;
    std::string name;                 ///< a code set name
    std::string text;                 ///< a modifier, or "female"/"male"
    std::vector<std::string> texts;   ///< state codes
    std::vector<int> numbers;         ///< place-of-service codes
    int low = 0;
    int high = 0;
    Date date;
    Duration span;
    SourceLocation where;
};

/// `when <condition>` or `unless <condition>` after a clause: the clause applies only then.
struct Guard {
    bool unless = false;   ///< true for `unless`: the clause applies when the condition is false
    Condition condition;
};

// ---------------------------------------------------------------------------------------------
// Cost sharing

/// What the patient pays for a covered service, in the PUF's terms:
/// `copay $40.00 per visit after deductible`, `coinsurance 20% after deductible`, `no charge`;
/// a copay and a coinsurance may go together (`copay $35.00 per visit` and `coinsurance 30%
/// after deductible`: the copay, then the deductible on the rest, then 30% of what is left).
struct CostShare {
    enum class Per { visit, day, fill, admission };
    std::optional<Money> copay;
    Per copay_per = Per::visit;
    std::optional<Rate> coinsurance;
    bool no_charge = false;           ///< `no charge`: neither copay nor coinsurance
    bool after_deductible = false;    ///< the deductible applies (only when written)
    /// The copay is owed before the deductible, which then applies to the rest before the
    /// coinsurance: `copay $35.00 per visit` with `coinsurance 30% after deductible`. Otherwise
    /// the deductible (when it applies) comes first, then the copay, then the coinsurance.
    bool copay_first = false;
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Benefits

/// `covered`, `excluded "investigational"`, `not covered "not a benefit"`, each optionally guarded.
struct CoverageRule {
    enum class Kind { covered, excluded, not_covered };
    Kind kind = Kind::covered;
    std::string reason;               ///< for excluded / not covered
    std::optional<Guard> guard;
    SourceLocation where;
};

/// `prior authorization required`, `prior authorization after 12 visits per calendar year`,
/// `prior authorization above $1,000.00`; each optionally guarded and with documentation.
struct PriorAuthRule {
    enum class Trigger { always, after_count, above_amount };
    Trigger trigger = Trigger::always;
    std::int64_t count = 0;           ///< after_count: authorization needed once this many are used
    LimitUnit unit = LimitUnit::visits;
    Window window;                    ///< after_count
    Money amount;                     ///< above_amount: the billed charge on one line
    std::vector<std::string> documentation;   ///< `documentation "plan of care", "progress notes"`
    std::optional<Guard> guard;
    SourceLocation where;
};

/// `limit 12 visits per rolling 90 days, 20 visits per calendar year` or `limit shared rehab`.
struct LimitRule {
    std::vector<LimitTerm> terms;     ///< empty when `shared` is set
    std::string shared;               ///< the name of a SharedLimit
    std::optional<Guard> guard;
    SourceLocation where;
};

/// `requires <condition>`: the service is covered only when the condition holds.
struct Requirement {
    Condition condition;
    std::optional<Guard> guard;
    SourceLocation where;
};

/// `supply at most 7 days when not prior service in opioids within 60 days`.
struct SupplyLimit {
    std::int32_t days = 0;
    std::optional<Guard> guard;
    SourceLocation where;
};

/// An inclusive date range; `to` absent means open-ended.
struct DateRange {
    Date from;
    std::optional<Date> to;
    SourceLocation where;
};

/// A named group of services (`benefit "Acupuncture" codes acupuncture { ... }`) or a drug
/// (`drug "Pregabalin" codes pregabalin { ... }`), with everything the plan says about it.
struct Benefit {
    enum class Kind { service, drug };
    Kind kind = Kind::service;
    std::string name;
    std::vector<std::string> code_sets;     ///< `codes a, b`: the codes this benefit answers for
    std::string drug_set;                   ///< `with drug ketamine`: only lines for these drugs
    /// Where each name of `code_sets` is written (same order) and where `drug_set` is, so the
    /// validator can point at a misspelled name. Either may be left empty/unknown (line 0):
    /// the validator then points at the benefit.
    std::vector<SourceLocation> code_set_where;
    SourceLocation drug_set_where;
    std::vector<CoverageRule> coverage;
    std::optional<CostShare> cost_share;              ///< in network; absent: the plan's default
    std::optional<CostShare> out_of_network_cost;     ///< `out of network coinsurance 40%`
    std::optional<SourceLocation> out_of_network_not_covered;  ///< `out of network not covered`
    bool counts_toward_oop = true;          ///< false after `not toward out-of-pocket maximum`
    std::vector<PriorAuthRule> prior_auth;
    std::vector<LimitRule> limits;
    std::vector<Requirement> requirements;
    std::vector<SupplyLimit> supply_limits;
    std::optional<int> tier;                ///< drug formulary tier
    std::optional<DateRange> effective;
    std::vector<std::string> sources;       ///< `source "NCD 30.3.3"`
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Fee schedules

/// One rate of a fee schedule: `rate 97110 $32.50`, `rate 97110 with modifier GO $33.00`,
/// `rate 97140 $30.00 from 2026-07-01 to 2026-12-31`, or one row of a rates CSV file. The rate
/// is per unit of service (a 15-minute code billed for 2 units is allowed twice the rate).
struct FeeRate {
    std::string code;                 ///< CPT/HCPCS as written
    std::string modifier;             ///< "" for any modifier; else the rate is for lines carrying it
    Money amount;
    std::optional<Date> from;         ///< the rate applies from this date of service (absent: always)
    std::optional<Date> to;           ///< ... to this one, inclusive (absent: open-ended)
    SourceLocation where;
};

/// `fee schedule acme_ppo_2026 { name "..." effective ... rate ... rates "fees/x.csv" }`: the
/// amounts a payer allows per code (its contracted rates), or a clinic's own prices for
/// self-pay patients.
struct FeeSchedule {
    std::string name;                 ///< the identifier plans refer to it by
    std::string display_name;         ///< `name "Acme PPO contracted rates 2026"` ("" if none)
    std::optional<DateRange> effective;
    std::vector<FeeRate> rates;       ///< written in the block, then those of `rates_file`
    std::string rates_file;           ///< `rates "fees/acme-2026.csv"`, relative to the rules file ("" if none)
    SourceLocation rates_file_where;
    SourceLocation where;
};

/// How a plan sets the allowed amount of a line: `allowed amount fee schedule acme_ppo_2026`,
/// `out of network allowed amount 140% of fee schedule medicare_2026`. The allowed amount is
/// the lesser of the charge and `percent` of the schedule's rate times the line's units.
struct AllowedRule {
    std::string schedule;             ///< a FeeSchedule name
    Rate percent{10000};              ///< of the schedule's rate; 100% unless written
    SourceLocation schedule_where;    ///< where the schedule's name is written
    SourceLocation where;
};

// ---------------------------------------------------------------------------------------------
// Plan header and files

/// Individual and family amounts; absent means none stated (no deductible / no maximum).
struct Accumulator {
    std::optional<Money> individual;
    std::optional<Money> family;
    SourceLocation where;
};

struct NetworkAmounts {
    Accumulator in_network;
    Accumulator out_of_network;
};

/// `plan "ACME-PPO-2026" { ... }`: who the plan is and its plan-wide money rules.
struct PlanHeader {
    std::string id;
    std::string name;
    std::string payer;
    std::optional<DateRange> effective;
    /// Month (1..12) the benefit period starts: 1 for `benefit period calendar year`,
    /// 7 for `benefit period plan year starting July`.
    int period_start_month = 1;
    NetworkAmounts deductible;
    NetworkAmounts out_of_pocket_max;
    std::optional<CostShare> default_cost_share;      ///< `coinsurance 20% after deductible`
    std::optional<CostShare> out_of_network_cost;     ///< `out of network coinsurance 40% ...`
    bool out_of_network_covered = true;               ///< false after `out of network not covered`
    SourceLocation out_of_network_where;              ///< where that clause is (the plan's start if none)
    /// `allowed amount fee schedule NAME`: in network (absent: the allowed amount is the charge).
    /// For a self-pay plan of care, the clinic's prices.
    std::optional<AllowedRule> allowed;
    /// `out of network allowed amount ...` (absent: the charge).
    std::optional<AllowedRule> out_of_network_allowed;
    std::vector<std::string> states;                  ///< `state IL`: the plan's jurisdiction
    std::vector<SourceLocation> states_where;         ///< where each of `states` is written
    SourceLocation where;
};

/// `include "base/medicare-base.rules"`.
struct Include {
    std::string path;    ///< as written, relative to the including file
    SourceLocation where;
};

/// Everything one rules file says, in source order within each kind.
struct RulesFile {
    std::string path;
    std::vector<Include> includes;
    std::optional<PlanHeader> plan;         ///< a base file (shared by plans) has none
    std::vector<CodeSet> code_sets;
    std::vector<SharedLimit> shared_limits;
    std::vector<Benefit> benefits;
    std::vector<FeeSchedule> fee_schedules;
};

/// "visits", "units", "days", "sessions", "dollars".
char const* to_string(LimitUnit unit);
/// "per calendar year", "per rolling 90 days", ...
std::string to_string(Window const& window);
/// "90 days", "12 months".
std::string to_string(Duration const& duration);
/// The first day of a rolling span that ends on (and includes) `end`: 90 days ending
/// 2026-03-31 start 2026-01-01; 12 months ending 2026-03-31 start 2025-04-01.
Date window_start(Duration const& span, Date end);

}  // namespace covercheck
