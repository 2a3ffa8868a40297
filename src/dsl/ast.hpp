// The syntax tree the grammar builds: a small generic tree that the lowering step
// (lower.cpp) turns into the rule model of include/covercheck/rules.hpp.
//
// Every node and leaf records the byte offset where it starts in the rules text, so every
// element of the model can cite its file:line:column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace covercheck::dsl::ast {

/// A token as written: a value ("$40.00", "2026-01-01", "physical_therapy", "\"quoted\"")
/// tagged with the role it plays in its node ("amount", "from", "set", ...).
struct leaf {
    std::string role;
    std::size_t offset = 0;
    std::string text;
};

/// A statement, clause, limit term or condition. `kind` names the construct ("benefit",
/// "copay", "limit", "term", "and", "diagnosis_in", ...): see grammar.cpp for every kind and
/// the roles of its leaves. Guards (`when`/`unless`) are children of the clause they guard.
struct node {
    std::string kind;
    std::size_t offset = 0;
    std::vector<leaf> args;
    std::vector<node> children;

    /// The first leaf with this role, or nullptr.
    leaf const* arg(char const* role) const;
};

}  // namespace covercheck::dsl::ast
