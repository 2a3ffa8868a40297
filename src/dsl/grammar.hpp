// The rules-language grammar's entry point. Callers never see Spirit: grammar.cpp is the
// only translation unit that includes Boost.Spirit X3, and it is compiled once.
#pragma once

#include "dsl/ast.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck::dsl {

/// One syntax error: where it is and what the grammar expected there, in plain words.
struct syntax_error {
    std::size_t offset = 0;
    std::string expected;   ///< e.g. "a dollar amount like $40.00"
    std::string hint;       ///< e.g. "did you mean 'coinsurance'?" (may be empty)
};

/// The tree of a whole file (kind "file"; children are its statements) and every syntax
/// error in it. After an error the parser skips to the next line (inside a block) or to the
/// next statement (at the top level) and goes on, so all errors of a file come out at once.
struct syntax_result {
    ast::node root;
    std::vector<syntax_error> errors;
};

/// Parses rules text. Never throws for bad input.
syntax_result parse_syntax(std::string_view text);

}  // namespace covercheck::dsl
