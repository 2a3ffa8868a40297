// What a RuleBook holds: resolved code sets and the code -> benefit indexes. Internal to src/eval.
#pragma once

#include "covercheck/codes.hpp"
#include "covercheck/rule_book.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace covercheck::detail {

/// A code set with its references followed: exact codes (and small numeric ranges, expanded)
/// in a hash set by match_key; prefixes and wide ranges kept as items.
/// A prefix or a wide range with its ends already in match_key form.
struct WideItem {
    CodeItem item;
    std::string low;    ///< the prefix, or the range's low end
    std::string high;   ///< the range's high end

    WideItem(CodeKind kind, CodeItem const& source);
    /// item_matches() for a code already in match_key form (`code` as written, for NDC prefixes).
    bool matches(CodeKind kind, std::string const& key, std::string_view code) const;
};

struct CodeMatcher {
    CodeKind kind = CodeKind::procedure;
    std::unordered_set<std::string> exact;
    std::vector<WideItem> wide;
    /// Codes listed `with modifier GO`: match_key -> the modifiers that choose them (upper case).
    std::unordered_map<std::string, std::vector<std::string>> qualified;
    /// Prefixes and wide ranges `with modifier`, with their modifier.
    std::vector<std::pair<WideItem, std::string>> wide_qualified;
    /// A few codes as written, for messages ("M54.50, M54.51, M54.59").
    std::vector<std::string> examples;

    /// The set holds `code` whatever the line's modifiers (items without `with modifier`).
    bool contains(std::string_view code) const;
    /// The set holds `code` on a line carrying `modifiers`; with `any_modifier`, items chosen
    /// by a modifier match on the code alone (history, which records no modifiers).
    bool contains(std::string_view code, std::vector<std::string> const& modifiers, bool any_modifier = false) const;
};

/// Benefits by the codes they answer for.
struct CodeIndex {
    std::unordered_map<std::string, std::vector<int>> exact;   ///< match_key -> benefit indexes, ascending, each once
    struct Wide {
        CodeKind kind;
        WideItem item;
        int benefit;
    };
    std::vector<Wide> wide;
    /// Benefits whose sets list a code `with modifier`: match_key -> (modifier, benefit).
    std::unordered_map<std::string, std::vector<std::pair<std::string, int>>> qualified;
    struct WideQualified {
        CodeKind kind;
        WideItem item;
        std::string modifier;
        int benefit;
    };
    std::vector<WideQualified> wide_qualified;

    /// Appends to `into` the benefits that list `code` with a modifier in `modifiers`, in
    /// benefit order, each once.
    /// `key` is match_key(kind, code).
    void find_qualified(CodeKind kind, std::string_view code, std::string const& key,
                        std::vector<std::string> const& modifiers, std::vector<int>& into) const;
    /// The modifiers that choose a benefit for `code` (upper case, each once, in benefit order),
    /// with the benefit each chooses.
    std::vector<std::pair<std::string, int>> modifiers_for(CodeKind kind, std::string_view code) const;

    /// Appends to `into` the benefits whose sets hold `code` (as `kind`), in benefit order,
    /// each once. Appends rather than returns: the evaluator reuses one buffer for every line.
    void find(CodeKind kind, std::string_view code, std::vector<int>& into) const;
    /// The same with `key` = match_key(kind, code) already computed.
    void find(CodeKind kind, std::string_view code, std::string const& key, std::vector<int>& into) const;
};

/// A fee schedule's rates by code (match_key form).
struct FeeTable {
    std::string name;
    std::string display_name;
    std::optional<DateRange> effective;
    std::unordered_map<std::string, std::vector<FeeRate>> by_code;

    /// The rate of `code` on `date`: of those in effect, the first for a modifier in `modifiers`,
    /// else the first for any modifier; nullptr when none (or the schedule is not in effect).
    FeeRate const* find(std::string_view code, std::vector<std::string> const& modifiers, Date date) const;
    /// What messages call the schedule: its display name, else its name.
    std::string const& title() const { return display_name.empty() ? name : display_name; }
};

struct RuleBookData {
    PlanHeader plan;
    std::vector<Benefit> benefits;
    std::unordered_map<std::string, CodeMatcher> sets;
    std::unordered_map<std::string, SharedLimit> shared_limits;
    CodeIndex procedures;   ///< service benefits by CPT/HCPCS code
    CodeIndex drugs;        ///< drug benefits by RxNorm / NDC
    std::unordered_map<std::string, FeeTable> fee_tables;   ///< by fee schedule name
    /// What messages call a code set: its display name, else its name with spaces for underscores.
    std::unordered_map<std::string, std::string> set_titles;

    /// The named set, or nullptr when it is not defined.
    CodeMatcher const* set(std::string const& name) const;
    /// The named fee schedule, or nullptr.
    FeeTable const* fees(std::string const& name) const;
    /// What messages call the code set `name` (never its identifier with underscores).
    std::string set_title(std::string const& name) const;
};

}  // namespace covercheck::detail
