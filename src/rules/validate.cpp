// The semantic checks of a rule set. Each check reports at the element it is about and goes on,
// so one run shows every problem. Codes and severities are listed in rules/README.md section 8.

#include "covercheck/validate.hpp"

#include "core/edit_distance.hpp"

#include "covercheck/codes.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace covercheck {
namespace {

// ---------------------------------------------------------------------------------------------
// Small helpers

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

/// The candidate closest to `name`, if it is close enough to be a likely misspelling.
std::optional<std::string> closest(std::string const& name, std::vector<std::string> const& candidates) {
    std::size_t const allowed = std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3));
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    for (std::string const& candidate : candidates) {
        std::size_t const d = edit_distance(name, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

/// A set of code kinds, one bit per CodeKind.
using kind_mask = unsigned;
constexpr kind_mask bit(CodeKind kind) { return 1U << static_cast<unsigned>(kind); }
constexpr kind_mask procedure_kinds = bit(CodeKind::procedure);
constexpr kind_mask diagnosis_kinds = bit(CodeKind::diagnosis);
constexpr kind_mask drug_kinds = bit(CodeKind::rxnorm) | bit(CodeKind::ndc);
constexpr kind_mask modifier_kinds = bit(CodeKind::modifier);
constexpr std::array<CodeKind, 5> all_kinds{CodeKind::procedure, CodeKind::diagnosis, CodeKind::rxnorm,
                                            CodeKind::ndc, CodeKind::modifier};

/// "cpt", "rxnorm or ndc".
/// "a cpt", "an icd10", "an ndc", "an rxnorm", "a modifier": the kind keyword with its article.
std::string with_article(CodeKind kind) {
    bool const vowel_sound = kind == CodeKind::diagnosis || kind == CodeKind::ndc || kind == CodeKind::rxnorm;
    return std::string(vowel_sound ? "an " : "a ") + keyword(kind);
}

std::string kinds_text(kind_mask mask) {
    std::string out;
    for (CodeKind kind : all_kinds) {
        if ((mask & bit(kind)) == 0) continue;
        if (!out.empty()) out += " or ";
        out += keyword(kind);
    }
    return out;
}

/// Both ranges hold at least one common day (an absent end is open).
bool dates_overlap(DateRange const& a, DateRange const& b) {
    bool const a_before_b = a.to && *a.to < b.from;
    bool const b_before_a = b.to && *b.to < a.from;
    return !a_before_b && !b_before_a;
}

/// The most days a duration can span (a month counted as 31 days, a year as 366).
std::int64_t max_days(Duration const& span) {
    std::int64_t const n = span.count;
    switch (span.unit) {
    case Duration::Unit::days: return n;
    case Duration::Unit::weeks: return 7 * n;
    case Duration::Unit::months: return 31 * n;
    case Duration::Unit::years: return 366 * n;
    }
    return n;
}

/// Two spans are the same length when both count days (weeks are 7 days) or both count months
/// (years are 12 months) and the counts agree.
bool same_span(Duration const& a, Duration const& b) {
    auto measure = [](Duration const& d) -> std::pair<bool, std::int64_t> {
        switch (d.unit) {
        case Duration::Unit::days: return {false, d.count};
        case Duration::Unit::weeks: return {false, 7 * std::int64_t{d.count}};
        case Duration::Unit::months: return {true, d.count};
        case Duration::Unit::years: return {true, 12 * std::int64_t{d.count}};
        }
        return {false, d.count};
    };
    return measure(a) == measure(b);
}

/// US states, DC and the territories, by USPS code.
bool is_state(std::string_view code) {
    static constexpr std::array<std::string_view, 56> states{
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
        "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
        "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
        "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP"};
    return std::find(states.begin(), states.end(), code) != states.end();
}

std::string normal_path(std::string const& path) {
    return std::filesystem::path(path).lexically_normal().generic_string();
}

// ---------------------------------------------------------------------------------------------
// Code intervals, for finding the codes two benefits share

/// One non-reference item of a benefit's codes, as an interval of match keys.
struct interval {
    CodeKind kind = CodeKind::procedure;
    std::string low;            ///< match key of the first code (or of the prefix)
    std::string high;           ///< match key of the last code (a prefix: low + '\x7f')
    bool prefix = false;
    CodeItem const* item = nullptr;
    std::size_t benefit = 0;    ///< index into the validator's effective benefits
    std::string modifier;       ///< `with modifier GO` (the item's own or its reference's); "" for any
};

/// "97110", "97161-97163", "G90.5*": the item as written.
std::string display(CodeItem const& item) {
    switch (item.form) {
    case CodeItem::Form::range: return item.first + "-" + item.last;
    case CodeItem::Form::prefix: return item.first + "*";
    case CodeItem::Form::exact:
    case CodeItem::Form::reference: break;
    }
    return item.first;
}

/// True when some code lies in both intervals (of the same kind).
bool intervals_meet(interval const& a, interval const& b) {
    if (a.prefix && b.prefix) return starts_with(a.low, b.low) || starts_with(b.low, a.low);
    if (a.prefix || b.prefix) {
        interval const& p = a.prefix ? a : b;
        interval const& r = a.prefix ? b : a;
        if (r.low.size() < p.low.size()) return false;
        // The smallest code of the range's length that starts with the prefix and is not below
        // the range; '0' sorts before every other character a key holds.
        std::string const padded = p.low + std::string(r.low.size() - p.low.size(), '0');
        std::string const candidate = std::max(padded, r.low);
        return starts_with(candidate, p.low) && candidate <= r.high;
    }
    return a.low.size() == b.low.size() && std::max(a.low, b.low) <= std::min(a.high, b.high);
}

/// How two benefits' shared codes read in a message: "97110", or "97100-97199 and 97110*".
std::string shared_codes_text(interval const& a, interval const& b) {
    if (a.item->form == CodeItem::Form::exact) return a.item->first;
    if (b.item->form == CodeItem::Form::exact) return b.item->first;
    return "codes in both " + display(*a.item) + " and " + display(*b.item);
}

// ---------------------------------------------------------------------------------------------
// The validator

class validator {
public:
    explicit validator(std::vector<RulesFile> const& files) : files_(files) {}

    std::vector<Diagnostic> run() {
        compute_includes();
        index_names();
        choose_plan();
        if (plan_ != nullptr) check_plan(*plan_);
        for (RulesFile const& file : files_) {
            for (CodeSet const& set : file.code_sets) check_code_set(set);
        }
        check_cycles();
        for (RulesFile const& file : files_) {
            for (SharedLimit const& limit : file.shared_limits) check_terms(limit.terms);
        }
        for (std::size_t f = 0; f < files_.size(); ++f) {
            for (Benefit const& b : files_[f].benefits) check_benefit(b);
        }
        check_benefit_names();
        check_shared_codes();
        for (RulesFile const& file : files_) {
            for (FeeSchedule const& fees : file.fee_schedules) check_fee_schedule(fees);
        }
        if (plan_ != nullptr) {
            check_allowed(plan_->allowed);
            check_allowed(plan_->out_of_network_allowed);
        }
        return sorted(std::move(out_));
    }

private:
    struct set_entry {
        CodeSet const* set = nullptr;
        std::size_t file = 0;
    };

    // --- reporting -----------------------------------------------------------------------

    void error(char const* code, SourceLocation const& where, std::string message, std::string hint = {}) {
        out_.push_back(Diagnostic{Severity::error, code, where, std::move(message), std::move(hint)});
    }

    void warning(char const* code, SourceLocation const& where, std::string message, std::string hint = {}) {
        out_.push_back(Diagnostic{Severity::warning, code, where, std::move(message), std::move(hint)});
    }

    /// "line 12" inside the same file, "base/x.rules:12:1" elsewhere.
    static std::string cite(SourceLocation const& target, SourceLocation const& from) {
        if (target.file == from.file) return "line " + std::to_string(target.line);
        return to_string(target);
    }

    /// By file (in set order), then line and column; the order checks ran breaks ties.
    std::vector<Diagnostic> sorted(std::vector<Diagnostic> diagnostics) const {
        std::map<std::string, std::size_t> rank;
        for (std::size_t i = 0; i < files_.size(); ++i) rank.emplace(files_[i].path, i);
        auto rank_of = [&](std::string const& file) {
            auto it = rank.find(file);
            return it == rank.end() ? files_.size() : it->second;
        };
        std::stable_sort(diagnostics.begin(), diagnostics.end(), [&](Diagnostic const& a, Diagnostic const& b) {
            auto key = [&](Diagnostic const& d) { return std::make_tuple(rank_of(d.where.file), d.where.line, d.where.column); };
            return key(a) < key(b);
        });
        return diagnostics;
    }

    // --- includes --------------------------------------------------------------------------

    /// includes_[i][j]: file i includes file j, directly or through others.
    void compute_includes() {
        std::size_t const n = files_.size();
        includes_.assign(n, std::vector<bool>(n, false));
        std::map<std::string, std::size_t> index;
        for (std::size_t i = 0; i < n; ++i) index.emplace(normal_path(files_[i].path), i);
        std::vector<std::vector<std::size_t>> direct(n);
        for (std::size_t i = 0; i < n; ++i) {
            std::filesystem::path const dir = std::filesystem::path(files_[i].path).parent_path();
            for (Include const& inc : files_[i].includes) {
                auto it = index.find((dir / inc.path).lexically_normal().generic_string());
                if (it != index.end()) direct[i].push_back(it->second);
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<std::size_t> todo = direct[i];
            while (!todo.empty()) {
                std::size_t const j = todo.back();
                todo.pop_back();
                if (includes_[i][j]) continue;
                includes_[i][j] = true;
                todo.insert(todo.end(), direct[j].begin(), direct[j].end());
            }
        }
    }

    // --- names -----------------------------------------------------------------------------

    void index_names() {
        for (std::size_t f = 0; f < files_.size(); ++f) {
            for (CodeSet const& set : files_[f].code_sets) {
                auto [it, added] = sets_.emplace(set.name, set_entry{&set, f});
                if (!added) {
                    error("CC-DUPLICATE-NAME", set.where,
                          "code set " + in_quotes(set.name) + " is already defined at " + cite(it->second.set->where, set.where),
                          "give one of them another name");
                } else {
                    set_order_.push_back(set.name);
                }
            }
            for (FeeSchedule const& fees : files_[f].fee_schedules) {
                auto [it, added] = fee_schedules_.emplace(fees.name, &fees);
                if (!added) {
                    error("CC-DUPLICATE-NAME", fees.where,
                          "fee schedule " + in_quotes(fees.name) + " is already defined at " + cite(it->second->where, fees.where),
                          "give one of them another name");
                }
            }
            for (SharedLimit const& limit : files_[f].shared_limits) {
                auto [it, added] = limits_.emplace(limit.name, &limit);
                if (!added) {
                    error("CC-DUPLICATE-NAME", limit.where,
                          "shared limit " + in_quotes(limit.name) + " is already defined at " + cite(it->second->where, limit.where),
                          "give one of them another name");
                }
            }
        }
    }

    /// The hint for an unknown code-set name: upper case if it is a code written in lower case,
    /// else the closest defined name (of an accepted kind first).
    std::string set_name_hint(std::string const& name, kind_mask accepted) const {
        std::string const as_code = upper(name);
        for (CodeKind kind : all_kinds) {
            if (is_valid_code(kind, as_code)) return "codes are written in upper case: " + as_code;
        }
        std::vector<std::string> same_kind;
        std::vector<std::string> any_kind;
        for (auto const& [candidate, entry] : sets_) {
            any_kind.push_back(candidate);
            if ((accepted & bit(entry.set->kind)) != 0) same_kind.push_back(candidate);
        }
        auto best = closest(name, same_kind);
        if (!best) best = closest(name, any_kind);
        if (best) return "did you mean " + in_quotes(*best) + "?";
        return {};
    }

    /// The code set `name` where a set of an `accepted` kind is needed by `user` (words such
    /// as "diagnosis in"); reports an unknown name or a wrong kind.
    CodeSet const* resolve_set(std::string const& name, SourceLocation const& where, kind_mask accepted,
                               std::string const& user) {
        auto it = sets_.find(name);
        if (it == sets_.end()) {
            if (limits_.count(name) != 0) {
                error("CC-KIND-MISMATCH", where, in_quotes(name) + " is a shared limit, not a code set",
                      user + " needs a code set of " + kinds_text(accepted) + " codes");
                return nullptr;
            }
            std::string const as_code = upper(name);
            for (CodeKind kind : all_kinds) {
                if ((accepted & bit(kind)) != 0 && is_valid_code(kind, as_code)) {
                    error("CC-BAD-CODE", where, in_quotes(name) + " is not " + with_article(kind) + " code",
                          "codes are written in upper case: " + as_code);
                    return nullptr;
                }
            }
            error("CC-UNDEFINED-NAME", where, "no code set named " + in_quotes(name), set_name_hint(name, accepted));
            return nullptr;
        }
        CodeSet const* set = it->second.set;
        if ((accepted & bit(set->kind)) == 0) {
            error("CC-KIND-MISMATCH", where,
                  in_quotes(name) + " is a set of " + keyword(set->kind) + " codes, but " + user + " needs " +
                      kinds_text(accepted) + " codes");
        }
        return set;
    }

    SharedLimit const* resolve_limit(std::string const& name, SourceLocation const& where) {
        auto it = limits_.find(name);
        if (it != limits_.end()) return it->second;
        if (sets_.count(name) != 0) {
            error("CC-KIND-MISMATCH", where, in_quotes(name) + " is a code set, not a shared limit",
                  "define it with: shared limit " + name + " 20 visits per calendar year");
            return nullptr;
        }
        std::vector<std::string> names;
        for (auto const& entry : limits_) names.push_back(entry.first);
        auto best = closest(name, names);
        error("CC-UNDEFINED-NAME", where, "no shared limit named " + in_quotes(name),
              best ? "did you mean " + in_quotes(*best) + "?" : "define it with: shared limit " + name + " 20 visits per calendar year");
        return nullptr;
    }

    // --- fee schedules ----------------------------------------------------------------------

    /// An `allowed amount ... fee schedule NAME` names a fee schedule of the rule set.
    void check_allowed(std::optional<AllowedRule> const& rule) {
        if (!rule || fee_schedules_.count(rule->schedule) != 0) return;
        std::vector<std::string> names;
        for (auto const& entry : fee_schedules_) names.push_back(entry.first);
        auto best = closest(rule->schedule, names);
        error("CC-UNDEFINED-NAME", rule->schedule_where, "no fee schedule named " + in_quotes(rule->schedule),
              best ? "did you mean " + in_quotes(*best) + "?"
                   : "define it with: fee schedule " + rule->schedule + " { rate 97110 $32.50 }");
    }

    /// Each rate's code and modifier, its dates, and a code priced twice for the same dates.
    void check_fee_schedule(FeeSchedule const& fees) {
        check_dates(fees.effective);
        std::map<std::pair<std::string, std::string>, std::vector<FeeRate const*>> seen;
        for (FeeRate const& rate : fees.rates) {
            if (!is_valid_code(CodeKind::procedure, rate.code)) {
                std::string const hint = is_valid_code(CodeKind::procedure, upper(rate.code))
                                             ? "codes are written in upper case: " + upper(rate.code)
                                             : std::string("cpt codes are ") + code_shape(CodeKind::procedure);
                error("CC-BAD-CODE", rate.where, in_quotes(rate.code) + " is not a cpt code", hint);
                continue;
            }
            if (!rate.modifier.empty() && !is_valid_code(CodeKind::modifier, rate.modifier)) {
                error("CC-BAD-CODE", rate.where, in_quotes(rate.modifier) + " is not a modifier",
                      std::string("modifiers are ") + code_shape(CodeKind::modifier));
                continue;
            }
            check_money(rate.amount, rate.where);
            if (rate.from && rate.to && *rate.to < *rate.from) {
                error("CC-BAD-DATES", rate.where,
                      "the rate's dates run backwards: " + rate.from->iso() + " is after " + rate.to->iso(),
                      "write the earlier date first");
                continue;
            }
            auto& same = seen[{match_key(CodeKind::procedure, rate.code), rate.modifier}];
            for (FeeRate const* other : same) {
                bool const apart = (rate.to && other->from && *rate.to < *other->from) ||
                                   (other->to && rate.from && *other->to < *rate.from);
                if (apart) continue;
                warning("CC-DUPLICATE-CODE", rate.where,
                        rate.code + (rate.modifier.empty() ? "" : " with modifier " + rate.modifier) +
                            " is already priced in fee schedule " + in_quotes(fees.name) + " at " +
                            cite(other->where, rate.where) + " for some of the same dates; that rate is used",
                        "remove one of them, or give each its dates with from and to");
                break;
            }
            same.push_back(&rate);
        }
    }

    // --- plan header -----------------------------------------------------------------------

    /// The plan is the last file's; any other plan header in the set is misplaced.
    void choose_plan() {
        for (std::size_t f = files_.size(); f-- > 0;) {
            if (!files_[f].plan) continue;
            if (plan_ == nullptr) {
                plan_ = &*files_[f].plan;
                plan_file_ = f;
            }
        }
        for (std::size_t f = 0; f < files_.size(); ++f) {
            if (files_[f].plan && f != plan_file_) {
                error("CC-MISPLACED", files_[f].plan->where,
                      "plan " + in_quotes(files_[f].plan->id) + " is in an included file; the rule set already has plan " +
                          in_quotes(plan_->id),
                      "a plan header belongs in the main file; include only base files");
            }
        }
    }

    void check_dates(std::optional<DateRange> const& range) {
        if (range && range->to && *range->to < range->from) {
            error("CC-BAD-DATES", range->where,
                  "the dates run backwards: " + range->from.iso() + " is after " + range->to->iso(),
                  "write the earlier date first: effective " + range->to->iso() + " to " + range->from.iso());
        }
    }

    void check_money(Money amount, SourceLocation const& where) {
        if (amount.cents < 0 || amount > max_money) {
            error("CC-MONEY-OVERFLOW", where, "the amount must be between $0.00 and " + format_money(max_money));
        }
    }

    void check_accumulator(Accumulator const& acc, char const* what) {
        if (acc.individual) check_money(*acc.individual, acc.where);
        if (acc.family) check_money(*acc.family, acc.where);
        if (acc.individual && acc.family && *acc.family < *acc.individual) {
            warning("CC-FAMILY-BELOW-INDIVIDUAL", acc.where,
                    std::string("the family ") + what + " " + format_money(*acc.family) + " is below the individual " +
                        what + " " + format_money(*acc.individual),
                    "a family amount is usually about twice the individual amount");
        }
    }

    void check_deductible_vs_maximum(Accumulator const& deductible, Accumulator const& maximum) {
        auto compare = [&](std::optional<Money> const& d, std::optional<Money> const& m, char const* who) {
            if (d && m && *d > *m) {
                warning("CC-DEDUCTIBLE-ABOVE-MAXIMUM", deductible.where,
                        std::string("the ") + who + " deductible " + format_money(*d) +
                            " is above the out-of-pocket maximum " + format_money(*m),
                        "the deductible counts toward the maximum, so the patient can never pay all of it");
            }
        };
        compare(deductible.individual, maximum.individual, "individual");
        compare(deductible.family, maximum.family, "family");
    }

    void check_cost_share(std::optional<CostShare> const& share) {
        if (!share) return;
        if (share->copay) check_money(*share->copay, share->where);
        if (share->coinsurance &&
            (share->coinsurance->basis_points < 0 || share->coinsurance->basis_points > 10000)) {
            error("CC-PERCENT-RANGE", share->where, "a percentage must be between 0% and 100%");
        }
    }

    /// `wheres` gives each state's own location when known; otherwise `where` is used.
    void check_states(std::vector<std::string> const& states, SourceLocation const& where,
                      std::vector<SourceLocation> const& wheres = {}) {
        for (std::size_t i = 0; i < states.size(); ++i) {
            std::string const& state = states[i];
            if (!is_state(state)) {
                error("CC-UNKNOWN-STATE", i < wheres.size() ? wheres[i] : where, in_quotes(state) + " is not a US state or territory code",
                      "use the two-letter postal code in upper case, like IL");
            }
        }
    }

    void check_plan(PlanHeader const& plan) {
        check_dates(plan.effective);
        check_accumulator(plan.deductible.in_network, "deductible");
        check_accumulator(plan.deductible.out_of_network, "deductible");
        check_accumulator(plan.out_of_pocket_max.in_network, "out-of-pocket maximum");
        check_accumulator(plan.out_of_pocket_max.out_of_network, "out-of-pocket maximum");
        check_deductible_vs_maximum(plan.deductible.in_network, plan.out_of_pocket_max.in_network);
        check_deductible_vs_maximum(plan.deductible.out_of_network, plan.out_of_pocket_max.out_of_network);
        check_cost_share(plan.default_cost_share);
        check_cost_share(plan.out_of_network_cost);
        if (!plan.out_of_network_covered && plan.out_of_network_cost) {
            error("CC-CONFLICTING-CLAUSE", plan.out_of_network_cost->where,
                  "the plan says out of network is not covered and also gives an out-of-network cost share",
                  "keep one of the two out-of-network clauses");
        }
        check_states(plan.states, plan.where, plan.states_where);
    }

    // --- code sets -------------------------------------------------------------------------

    void check_code_set(CodeSet const& set) {
        std::map<std::string, CodeItem const*> exact_seen;
        for (CodeItem const& item : set.items) {
            check_item(set, item);
            if (item.form != CodeItem::Form::exact || !is_valid_code(set.kind, item.first)) continue;
            auto [it, added] = exact_seen.emplace(match_key(set.kind, item.first) + "/" + item.modifier, &item);
            if (!added) {
                warning("CC-DUPLICATE-CODE", item.where,
                        item.first + " is already listed in " + in_quotes(set.name) + " at " + cite(it->second->where, item.where),
                        "remove one of them");
            }
        }
    }

    /// "'9711' is not a cpt code"-style report with a hint that names the likely fix.
    void bad_code(CodeSet const& set, CodeItem const& item, std::string const& code, std::string const& what) {
        std::string hint;
        if (code != upper(code) && is_valid_code(set.kind, upper(code))) {
            hint = "codes are written in upper case: " + upper(code);
        } else if (set.kind == CodeKind::procedure && code.size() == 4 && is_valid_code(CodeKind::rxnorm, code)) {
            hint = "CPT codes have 5 digits (97110): is a digit missing?";
        } else {
            for (CodeKind other : all_kinds) {
                if (other != set.kind && is_valid_code(other, code)) {
                    hint = code + " looks like an " + std::string(keyword(other)) + " code; set " + in_quotes(set.name) +
                           " holds " + keyword(set.kind) + " codes";
                    break;
                }
            }
        }
        if (hint.empty()) hint = std::string(keyword(set.kind)) + " codes are " + code_shape(set.kind);
        error("CC-BAD-CODE", item.where, what, hint);
    }

    void check_item(CodeSet const& set, CodeItem const& item) {
        std::string const kind = keyword(set.kind);
        if (!item.modifier.empty()) {
            if (set.kind != CodeKind::procedure) {
                error("CC-KIND-MISMATCH", item.where, "'with modifier' belongs to procedure codes; set " + in_quotes(set.name) +
                                                          " holds " + kind + " codes",
                      "choose a benefit by modifier in a cpt or hcpcs set, like 97110 with modifier GO");
            } else if (!is_valid_code(CodeKind::modifier, item.modifier)) {
                error("CC-BAD-CODE", item.where, in_quotes(item.modifier) + " is not a modifier",
                      std::string("modifiers are ") + code_shape(CodeKind::modifier));
            }
        }
        switch (item.form) {
        case CodeItem::Form::exact:
            if (!is_valid_code(set.kind, item.first)) {
                bad_code(set, item, item.first, in_quotes(item.first) + " is not " + with_article(set.kind) + " code");
            } else {
                check_retired(set, item);
            }
            break;
        case CodeItem::Form::range: {
            if (item.last.empty()) {
                error("CC-BAD-CODE", item.where, "the range " + in_quotes(display(item)) + " has no last code",
                      "write both ends, like 97161-97163");
                break;
            }
            bool const first_ok = is_valid_code(set.kind, item.first);
            bool const last_ok = is_valid_code(set.kind, item.last);
            if (!first_ok) bad_code(set, item, item.first, in_quotes(item.first) + " is not " + with_article(set.kind) + " code");
            if (!last_ok) bad_code(set, item, item.last, in_quotes(item.last) + " is not " + with_article(set.kind) + " code");
            if (!first_ok || !last_ok) break;
            std::string const low = match_key(set.kind, item.first);
            std::string const high = match_key(set.kind, item.last);
            if (low.size() != high.size()) {
                error("CC-BAD-RANGE", item.where,
                      "the ends of the range " + display(item) + " are not the same length, so it holds no code",
                      "a range compares codes of one length as text; list the codes instead");
            } else if (high < low) {
                error("CC-BACKWARDS-RANGE", item.where, "the range " + display(item) + " runs backwards",
                      "write the lower code first: " + item.last + "-" + item.first);
            }
            break;
        }
        case CodeItem::Form::prefix:
            if (!is_valid_prefix(set.kind, item.first)) {
                std::string const message = item.first.empty()
                                                ? std::string("a prefix needs at least one character before '*'")
                                                : "no " + kind + " code starts with " + in_quotes(item.first);
                error("CC-BAD-CODE", item.where, message, kind + " codes are " + code_shape(set.kind));
            }
            break;
        case CodeItem::Form::reference:
            resolve_set(item.first, item.where, bit(set.kind), "set " + in_quotes(set.name) + " (" + kind + ")");
            break;
        }
    }

    void check_retired(CodeSet const& set, CodeItem const& item) {
        auto retired = find_retired(set.kind, item.first);
        if (!retired) return;
        // Only a plan that ends before the retirement date can still see the code on a claim.
        if (plan_ != nullptr && plan_->effective && plan_->effective->to && *plan_->effective->to < retired->retired) {
            return;
        }
        std::string message = item.first + " (" + std::string(retired->description) + ") is not a valid " +
                              keyword(set.kind) + " code for services from " + retired->retired.iso();
        if (plan_ != nullptr && plan_->effective) message += ", and this plan is in force after that";
        warning("CC-RETIRED-CODE", item.where, std::move(message), "use " + std::string(retired->replacement));
    }

    /// Reports every reference that closes a loop of code sets, once.
    void check_cycles() {
        enum class state { fresh, open, done };
        std::map<std::string, state> states;
        for (std::string const& root : set_order_) {
            if (states[root] != state::fresh) continue;
            // An explicit stack of (set name, next item index): a deep chain must not overflow
            // the call stack.
            std::vector<std::pair<std::string, std::size_t>> stack{{root, 0}};
            states[root] = state::open;
            while (!stack.empty()) {
                auto& [name, next] = stack.back();
                CodeSet const& set = *sets_.at(name).set;
                if (next == set.items.size()) {
                    states[name] = state::done;
                    stack.pop_back();
                    continue;
                }
                CodeItem const& item = set.items[next++];
                if (item.form != CodeItem::Form::reference || sets_.count(item.first) == 0) continue;
                state const target = states[item.first];
                if (target == state::open) {
                    std::string path;
                    bool in_loop = false;
                    for (auto const& frame : stack) {
                        in_loop = in_loop || frame.first == item.first;
                        if (in_loop) path += frame.first + " -> ";
                    }
                    path += item.first;
                    error("CC-CYCLE", item.where, "code set " + in_quotes(item.first) + " contains itself: " + path,
                          "remove one of the references");
                } else if (target == state::fresh) {
                    states[item.first] = state::open;
                    stack.emplace_back(item.first, 0);
                }
            }
        }
    }

    // --- conditions and limits -------------------------------------------------------------

    /// CC-NO-DISPLAY-NAME: a set a condition names (so messages quote it) that has an
    /// underscore in its name and no display name: messages would read "pregabalin step drugs".
    void check_display_name(CodeSet const* set, SourceLocation const& where) {
        if (set == nullptr || !set->display_name.empty() || set->name.find('_') == std::string::npos) return;
        if (!named_without_display_.insert(set->name).second) return;   // once per set
        warning("CC-NO-DISPLAY-NAME", where,
                "messages about this condition will call code set " + in_quotes(set->name) + " \"" +
                    spaced(set->name) + "\"",
                "give the set a display name: codes " + set->name + " \"what a clerk calls it\" = ...");
    }

    static std::string spaced(std::string name) {
        std::replace(name.begin(), name.end(), '_', ' ');
        return name;
    }

    void check_condition(Condition const& c) {
        switch (c.kind) {
        case Condition::Kind::all:
        case Condition::Kind::any:
        case Condition::Kind::negate:
            for (Condition const& child : c.children) check_condition(child);
            break;
        case Condition::Kind::diagnosis_in:
            check_display_name(resolve_set(c.name, c.where, diagnosis_kinds, "'diagnosis in'"), c.where);
            break;
        case Condition::Kind::drug_in:
            check_display_name(resolve_set(c.name, c.where, drug_kinds, "'drug in'"), c.where);
            break;
        case Condition::Kind::modifier_is:
            if (!c.name.empty()) {
                check_display_name(resolve_set(c.name, c.where, modifier_kinds, "'modifier in'"), c.where);
            } else if (!is_valid_code(CodeKind::modifier, c.text)) {
                error("CC-BAD-CODE", c.where, in_quotes(c.text) + " is not a modifier",
                      std::string("modifiers are ") + code_shape(CodeKind::modifier));
            }
            break;
        case Condition::Kind::place_in:
            for (int number : c.numbers) {
                if (number < 1 || number > 99) {
                    error("CC-BAD-CODE", c.where, std::to_string(number) + " is not a place-of-service code",
                          "CMS place-of-service codes run from 01 to 99 (11 office, 22 outpatient hospital)");
                }
            }
            break;
        case Condition::Kind::state_in:
            check_states(c.texts, c.where);
            break;
        case Condition::Kind::prior_service:
            check_display_name(resolve_set(c.name, c.where, procedure_kinds | drug_kinds, "'prior service in'"), c.where);
            break;
        case Condition::Kind::trial_of:
            check_display_name(resolve_set(c.name, c.where, drug_kinds, "'trial of'"), c.where);
            if (c.low > max_days(c.span)) {
                error("CC-BAD-RANGE", c.where,
                      "a trial of at least " + std::to_string(c.low) + " days cannot fit within " + to_string(c.span),
                      "the look-back window must be at least as long as the trial");
            }
            break;
        case Condition::Kind::age_between:
        case Condition::Kind::sex_is:
        case Condition::Kind::in_network:
        case Condition::Kind::out_of_network:
        case Condition::Kind::on_or_after:
        case Condition::Kind::before:
            break;
        }
    }

    void check_guard(std::optional<Guard> const& guard) {
        if (guard) check_condition(guard->condition);
    }

    void check_terms(std::vector<LimitTerm> const& terms) {
        for (LimitTerm const& term : terms) {
            if (term.unit == LimitUnit::dollars) check_money(Money{term.quantity}, term.where);
            if (term.past.action == PastLimit::Action::modifier && !is_valid_code(CodeKind::modifier, term.past.modifier)) {
                error("CC-BAD-CODE", term.where, in_quotes(term.past.modifier) + " is not a modifier",
                      std::string("modifiers are ") + code_shape(CodeKind::modifier));
            }
        }
    }

    /// Windows that count the same services: equal, or the plan year when it is the calendar year.
    bool same_window(Window const& a, Window const& b) const {
        auto normal = [&](Window::Kind k) {
            bool const calendar_plan_year = plan_ == nullptr || plan_->period_start_month == 1;
            return k == Window::Kind::plan_year && calendar_plan_year ? Window::Kind::calendar_year : k;
        };
        if (normal(a.kind) != normal(b.kind)) return false;
        return a.kind != Window::Kind::rolling || same_span(a.span, b.span);
    }

    /// A limit term the benefit always applies, and the clause that applies it.
    struct applied_term {
        LimitTerm const* term;
        SourceLocation where;
    };

    std::vector<applied_term> unguarded_terms(Benefit const& b) {
        std::vector<applied_term> out;
        for (LimitRule const& limit : b.limits) {
            if (limit.guard) continue;
            if (!limit.shared.empty()) {
                auto it = limits_.find(limit.shared);
                if (it == limits_.end()) continue;
                for (LimitTerm const& t : it->second->terms) out.push_back({&t, limit.where});
            } else {
                for (LimitTerm const& t : limit.terms) out.push_back({&t, t.where});
            }
        }
        return out;
    }

    /// A limit that ends coverage (or already demands an authorization) at or below a prior
    /// authorization's threshold leaves the authorization nothing to do. Two limits of the
    /// same unit, window and outcome: the larger never matters.
    void check_limits_against_each_other(Benefit const& b) {
        std::vector<applied_term> const terms = unguarded_terms(b);
        for (PriorAuthRule const& pa : b.prior_auth) {
            if (pa.trigger != PriorAuthRule::Trigger::after_count) continue;
            for (applied_term const& applied : terms) {
                LimitTerm const& t = *applied.term;
                bool const covers_window = same_window(t.window, pa.window) || t.window.kind == Window::Kind::lifetime;
                if (t.unit != pa.unit || !covers_window || t.quantity > pa.count ||
                    t.past.action == PastLimit::Action::modifier) {
                    continue;
                }
                error("CC-PA-ABOVE-LIMIT", pa.where,
                      "prior authorization after " + std::to_string(pa.count) + " " + to_string(pa.unit) + " " +
                          to_string(pa.window) + " never applies: the limit of " + std::to_string(t.quantity) + " " +
                          to_string(t.unit) + " " + to_string(t.window) + " at " + cite(applied.where, pa.where) +
                          " is reached first",
                      "set the authorization threshold below the limit, or use 'then prior authorization' on the limit");
                break;
            }
        }
        for (std::size_t i = 0; i < terms.size(); ++i) {
            for (std::size_t j = 0; j < terms.size(); ++j) {
                LimitTerm const& a = *terms[i].term;
                LimitTerm const& larger = *terms[j].term;
                bool const same = a.unit == larger.unit && same_window(a.window, larger.window) &&
                                  a.past.action == larger.past.action && a.past.modifier == larger.past.modifier;
                // Equal quantities: report the second one only.
                bool const redundant = larger.quantity > a.quantity || (larger.quantity == a.quantity && j > i);
                if (i == j || !same || !redundant) continue;
                warning("CC-REDUNDANT-LIMIT", terms[j].where,
                        "this limit of " + std::to_string(larger.quantity) + " " + to_string(larger.unit) + " " +
                            to_string(larger.window) + " never matters: the limit of " + std::to_string(a.quantity) +
                            " at " + cite(terms[i].where, terms[j].where) + " is reached first",
                        "remove one of the two limits");
                break;
            }
        }
    }

    // --- benefits --------------------------------------------------------------------------

    static SourceLocation set_where(Benefit const& b, std::size_t i) {
        if (i < b.code_set_where.size() && b.code_set_where[i].line > 0) return b.code_set_where[i];
        return b.where;
    }

    static bool unguarded_exclusion(CoverageRule const& rule) {
        return !rule.guard && rule.kind != CoverageRule::Kind::covered;
    }

    void check_benefit(Benefit const& b) {
        bool const drug = b.kind == Benefit::Kind::drug;
        std::string const what = drug ? "drug " + in_quotes(b.name) : "benefit " + in_quotes(b.name);
        for (std::size_t i = 0; i < b.code_sets.size(); ++i) {
            resolve_set(b.code_sets[i], set_where(b, i), drug ? drug_kinds : procedure_kinds, what);
        }
        if (!b.drug_set.empty()) {
            resolve_set(b.drug_set, b.drug_set_where.line > 0 ? b.drug_set_where : b.where, drug_kinds, "'with drug'");
        }

        // CC-NO-COVERAGE is the lowering's (dsl/lower.cpp): it knows where the syntax errors are.
        CoverageRule const* first_covered = nullptr;
        CoverageRule const* first_excluded = nullptr;
        for (CoverageRule const& rule : b.coverage) {
            check_guard(rule.guard);
            if (rule.guard) continue;
            CoverageRule const*& mine = rule.kind == CoverageRule::Kind::covered ? first_covered : first_excluded;
            CoverageRule const* other = rule.kind == CoverageRule::Kind::covered ? first_excluded : first_covered;
            if (other != nullptr && mine == nullptr) {
                CoverageRule const& exclusion = rule.kind == CoverageRule::Kind::covered ? *other : rule;
                error("CC-CONTRADICTION", rule.where,
                      what + " is both covered and " +
                          (exclusion.kind == CoverageRule::Kind::excluded ? "excluded" : "not covered") +
                          " for every service; the other clause is at " + cite(other->where, rule.where),
                      "keep one, or add 'when ...' to say when each applies");
            }
            if (mine == nullptr) mine = &rule;
        }

        check_cost_share(b.cost_share);
        check_cost_share(b.out_of_network_cost);
        if (b.out_of_network_not_covered && b.out_of_network_cost) {
            SourceLocation const later = std::max(*b.out_of_network_not_covered, b.out_of_network_cost->where,
                                                  [](SourceLocation const& x, SourceLocation const& y) {
                                                      return std::make_pair(x.line, x.column) < std::make_pair(y.line, y.column);
                                                  });
            error("CC-CONFLICTING-CLAUSE", later,
                  what + " says out of network is not covered and also gives an out-of-network cost share",
                  "keep one of the two out-of-network clauses");
        }

        for (PriorAuthRule const& pa : b.prior_auth) {
            check_guard(pa.guard);
            if (pa.trigger == PriorAuthRule::Trigger::above_amount) check_money(pa.amount, pa.where);
        }
        for (LimitRule const& limit : b.limits) {
            check_guard(limit.guard);
            if (!limit.shared.empty()) resolve_limit(limit.shared, limit.where);
            check_terms(limit.terms);
        }
        check_limits_against_each_other(b);
        for (Requirement const& r : b.requirements) {
            check_condition(r.condition);
            check_guard(r.guard);
        }
        for (SupplyLimit const& s : b.supply_limits) {
            check_guard(s.guard);
            if (s.days < 1) error("CC-BAD-NUMBER", s.where, "a days' supply limit must be at least 1 day");
        }
        if (b.tier && *b.tier < 1) {
            error("CC-BAD-NUMBER", b.where, "formulary tiers start at 1", "write tier 1, tier 2, ...");
        }
        check_dates(b.effective);
        if (b.effective && plan_ != nullptr && plan_->effective && !dates_overlap(*b.effective, *plan_->effective)) {
            warning("CC-OUTSIDE-PLAN-DATES", b.effective->where,
                    what + " is effective only on dates when the plan is not in force, so it never applies",
                    "check the year of the dates");
        }
    }

    /// Duplicate benefit names, and which benefits the rule set ends up with: a benefit in a
    /// file replaces a same-named one from a file it includes.
    void check_benefit_names() {
        std::map<std::string, std::pair<Benefit const*, std::size_t>> by_name;
        std::vector<std::pair<Benefit const*, std::size_t>> all;
        std::set<Benefit const*> replaced;
        for (std::size_t f = 0; f < files_.size(); ++f) {
            for (Benefit const& b : files_[f].benefits) {
                auto it = by_name.find(b.name);
                if (it != by_name.end()) {
                    auto const [earlier, earlier_file] = it->second;
                    if (earlier_file != f && includes_[f][earlier_file]) {
                        replaced.insert(earlier);
                    } else {
                        error("CC-DUPLICATE-NAME", b.where,
                              "a benefit named " + in_quotes(b.name) + " is already defined at " + cite(earlier->where, b.where),
                              earlier_file == f ? "merge the two blocks, or rename one"
                                                : "only a file that includes it can replace a benefit");
                        continue;
                    }
                }
                by_name[b.name] = {&b, f};
                all.emplace_back(&b, f);
            }
        }
        for (auto const& entry : all) {
            if (replaced.count(entry.first) == 0) effective_.push_back(entry.first);
        }
    }

    /// The non-reference items of a code set, through references (each set once).
    /// The items of set `name` with references followed, each with the modifier it is chosen
    /// by (its own, else that of the reference that reached it).
    void flatten(std::string const& name, CodeKind kind, std::string const& modifier, std::set<std::string>& seen,
                 std::vector<std::pair<CodeItem const*, std::string>>& out) const {
        if (!seen.insert(name).second) return;
        auto it = sets_.find(name);
        if (it == sets_.end() || it->second.set->kind != kind) return;
        for (CodeItem const& item : it->second.set->items) {
            std::string const& chosen_by = item.modifier.empty() ? modifier : item.modifier;
            if (item.form == CodeItem::Form::reference) flatten(item.first, kind, chosen_by, seen, out);
            else out.emplace_back(&item, chosen_by);
        }
        seen.erase(name);
    }

    /// Codes two benefits both answer for: a line with such a code belongs to both. With an
    /// unguarded exclusion on one side and coverage on the other, that is a contradiction;
    /// otherwise it is ambiguous (a warning). Benefits narrowed to different drugs, or whose
    /// effective dates do not meet, do not compete.
    void check_shared_codes() {
        std::vector<interval> intervals;
        for (std::size_t bi = 0; bi < effective_.size(); ++bi) {
            Benefit const& b = *effective_[bi];
            for (std::string const& set_name : b.code_sets) {
                auto it = sets_.find(set_name);
                if (it == sets_.end()) continue;
                CodeKind const kind = it->second.set->kind;
                std::set<std::string> seen;
                std::vector<std::pair<CodeItem const*, std::string>> items;
                flatten(set_name, kind, "", seen, items);
                for (auto const& [item, modifier] : items) {
                    interval iv;
                    iv.kind = kind;
                    iv.item = item;
                    iv.benefit = bi;
                    iv.modifier = modifier;
                    if (item->form == CodeItem::Form::prefix) {
                        // A partial NDC has no match key; such prefixes are left out here.
                        if (kind == CodeKind::ndc || !is_valid_prefix(kind, item->first)) continue;
                        iv.prefix = true;
                        iv.low = match_key(kind, item->first);
                        iv.high = iv.low + '\x7f';
                    } else if (item->form == CodeItem::Form::range) {
                        if (!is_valid_code(kind, item->first) || !is_valid_code(kind, item->last)) continue;
                        iv.low = match_key(kind, item->first);
                        iv.high = match_key(kind, item->last);
                        if (iv.low.size() != iv.high.size() || iv.high < iv.low) continue;
                    } else {
                        if (!is_valid_code(kind, item->first)) continue;
                        iv.low = iv.high = match_key(kind, item->first);
                    }
                    intervals.push_back(std::move(iv));
                }
            }
        }
        std::sort(intervals.begin(), intervals.end(), [](interval const& a, interval const& b) {
            return std::tie(a.kind, a.low, a.benefit) < std::tie(b.kind, b.low, b.benefit);
        });

        // Sweep in order of the low end; `active` holds the intervals that may still meet
        // the next one.
        std::map<std::pair<std::size_t, std::size_t>, std::pair<interval const*, interval const*>> meetings;
        std::vector<interval const*> active;
        for (interval const& iv : intervals) {
            active.erase(std::remove_if(active.begin(), active.end(),
                                        [&](interval const* a) { return a->kind != iv.kind || a->high < iv.low; }),
                         active.end());
            for (interval const* a : active) {
                // Codes chosen by different modifiers (GP, GO) do not compete, and one chosen by a
                // modifier wins over the same code without one.
                if (a->benefit == iv.benefit || a->modifier != iv.modifier || !intervals_meet(*a, iv)) continue;
                auto key = std::minmax(a->benefit, iv.benefit);
                meetings.emplace(key, a->benefit < iv.benefit ? std::make_pair(a, &iv) : std::make_pair(&iv, a));
            }
            active.push_back(&iv);
        }

        for (auto const& [pair, meeting] : meetings) {
            Benefit const& first = *effective_[pair.first];
            Benefit const& second = *effective_[pair.second];
            if (first.drug_set != second.drug_set) continue;
            if (first.effective && second.effective && !dates_overlap(*first.effective, *second.effective)) continue;
            report_shared(first, second, shared_codes_text(*meeting.first, *meeting.second));
        }
    }

    void report_shared(Benefit const& first, Benefit const& second, std::string const& codes) {
        auto exclusion = [](Benefit const& b) -> CoverageRule const* {
            auto it = std::find_if(b.coverage.begin(), b.coverage.end(), unguarded_exclusion);
            return it == b.coverage.end() ? nullptr : &*it;
        };
        auto coverage = [](Benefit const& b) -> CoverageRule const* {
            auto it = std::find_if(b.coverage.begin(), b.coverage.end(),
                                   [](CoverageRule const& r) { return r.kind == CoverageRule::Kind::covered; });
            return it == b.coverage.end() ? nullptr : &*it;
        };
        // The report goes to the later benefit's clause; the earlier one is cited.
        CoverageRule const* later_rule = nullptr;
        CoverageRule const* earlier_rule = nullptr;
        bool later_excludes = false;
        if (exclusion(first) != nullptr && coverage(second) != nullptr) {
            earlier_rule = exclusion(first);
            later_rule = coverage(second);
        } else if (coverage(first) != nullptr && exclusion(second) != nullptr) {
            earlier_rule = coverage(first);
            later_rule = exclusion(second);
            later_excludes = true;
        }
        if (later_rule != nullptr) {
            std::string const excluder = in_quotes(later_excludes ? second.name : first.name);
            std::string const coverer = in_quotes(later_excludes ? first.name : second.name);
            error("CC-CONTRADICTION", later_rule->where,
                  codes + " is excluded by " + excluder + " and covered by " + coverer + " (the other clause is at " +
                      cite(earlier_rule->where, later_rule->where) + ")",
                  "keep each code in one benefit, or narrow one with 'with drug' or effective dates");
            return;
        }
        warning("CC-AMBIGUOUS-BENEFIT", second.where,
                "benefit " + in_quotes(second.name) + " and benefit " + in_quotes(first.name) + " (at " +
                    cite(first.where, second.where) + ") both answer for " + codes +
                    ", so a line with it matches both",
                "keep each code in one benefit, or narrow one with 'with drug' or effective dates");
    }

    std::vector<RulesFile> const& files_;
    std::vector<std::vector<bool>> includes_;
    std::map<std::string, set_entry> sets_;
    std::vector<std::string> set_order_;
    std::map<std::string, SharedLimit const*> limits_;
    std::map<std::string, FeeSchedule const*> fee_schedules_;
    std::set<std::string> named_without_display_;   ///< sets CC-NO-DISPLAY-NAME was given for
    PlanHeader const* plan_ = nullptr;
    std::size_t plan_file_ = 0;
    std::vector<Benefit const*> effective_;
    std::vector<Diagnostic> out_;
};

}  // namespace

std::vector<Diagnostic> validate(std::vector<RulesFile> const& files) { return validator(files).run(); }

}  // namespace covercheck
