// A plan's rules made ready for evaluation: names resolved, benefits indexed by code.
#pragma once

#include "covercheck/rules.hpp"

#include <memory>
#include <string>
#include <vector>

namespace covercheck {

namespace detail {
struct RuleBookData;
}

/// The rule set of one plan, built once from validated rules files and then shared, read-only,
/// by any number of evaluations (and threads). Finding the benefit of a code is a hash lookup,
/// whatever the size of the plan: the rules are never scanned per line.
class RuleBook {
public:
    /// Builds the book from `files` ordered as LoadedRules orders them (includes first, the plan
    /// file last): a benefit replaces a same-named benefit of a file before it, the plan header is
    /// the last one found. The files should have validated without errors; names that do not
    /// resolve are treated as empty sets.
    static RuleBook build(std::vector<RulesFile> files);

    /// The plan header (an empty one, id "", for a set of base files).
    PlanHeader const& plan() const;
    /// Every benefit of the plan, in file order.
    std::vector<Benefit> const& benefits() const;

    detail::RuleBookData const& data() const { return *data_; }

private:
    std::shared_ptr<detail::RuleBookData const> data_;
};

}  // namespace covercheck
