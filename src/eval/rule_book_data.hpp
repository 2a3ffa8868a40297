// What a RuleBook holds: resolved code sets and the code -> benefit indexes. Internal to src/eval.
#pragma once

#include "covercheck/codes.hpp"
#include "covercheck/rule_book.hpp"

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
    /// A few codes as written, for messages ("M54.50, M54.51, M54.59").
    std::vector<std::string> examples;

    bool contains(std::string_view code) const;
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

    /// Appends to `into` the benefits whose sets hold `code` (as `kind`), in benefit order,
    /// each once. Appends rather than returns: the evaluator reuses one buffer for every line.
    void find(CodeKind kind, std::string_view code, std::vector<int>& into) const;
};

struct RuleBookData {
    PlanHeader plan;
    std::vector<Benefit> benefits;
    std::unordered_map<std::string, CodeMatcher> sets;
    std::unordered_map<std::string, SharedLimit> shared_limits;
    CodeIndex procedures;   ///< service benefits by CPT/HCPCS code
    CodeIndex drugs;        ///< drug benefits by RxNorm / NDC

    /// The named set, or nullptr when it is not defined.
    CodeMatcher const* set(std::string const& name) const;
};

}  // namespace covercheck::detail
