// Codes as data: the shape each code system prints its codes in, how a code-set item matches a
// code, and the one table of retired codes.
#pragma once

#include "covercheck/date.hpp"
#include "covercheck/rules.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace covercheck {

/// True when `code` is written the way its code system prints it (rules/README.md section 5):
///  - procedure: 5 digits (97110); 4 digits and F, M, T or U (CPT Category II 3074F, Category III
///    0275T, MAAA 0002M, PLA 0001U); a letter and 4 digits (HCPCS Level II J3490)
///  - diagnosis: a letter, a digit, a letter or digit, then optionally '.' and 1-4 letters or
///    digits (G35, M54.50, T40.2X1A)
///  - rxnorm: 1-8 digits (25480)
///  - ndc: 4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits joined by hyphens, or 11 digits
///  - modifier: two letters or digits (KX, 59)
/// Letters are upper case: `j3490` is not a code.
bool is_valid_code(CodeKind kind, std::string_view code);

/// True when `prefix` (the part before `*` or `x` in `G90.5*`) is the beginning of at least one
/// code of `kind` that is_valid_code() accepts. The empty prefix is not valid.
bool is_valid_prefix(CodeKind kind, std::string_view prefix);

/// The shape of `kind`'s codes in words, for messages:
/// "5 digits (97110), 4 digits and a letter (0275T) or a letter and 4 digits (J3490)".
char const* code_shape(CodeKind kind);

/// The form in which codes of `kind` are compared: upper case; ICD-10-CM without its dot
/// ("M54.50" and "m5450" both give "M5450"); NDC as its 11 digits ("0591-3672-01" gives
/// "00591367201"; an NDC that is none of the known shapes is returned upper-cased, unchanged).
/// Claims write codes in all these ways; rules write them as printed.
std::string match_key(CodeKind kind, std::string_view code);

/// True when the exact, range or prefix `item` of a code set of `kind` contains `code` (written
/// as printed or as claims write it; see match_key). A range holds the codes of the same length
/// as its ends that sort between them as text (97161-97163 holds 97162). A reference item never
/// matches here: resolve the named set first.
bool item_matches(CodeKind kind, CodeItem const& item, std::string_view code);

/// A code its code system has retired: no longer valid for services on or after `retired`.
struct RetiredCode {
    CodeKind kind = CodeKind::diagnosis;
    std::string_view code;          ///< as printed, e.g. "M54.5"
    Date retired;                   ///< the first date of service on which it is not valid
    std::string_view replacement;   ///< what to use instead, e.g. "M54.50, M54.51 or M54.59"
    std::string_view description;   ///< what the code meant, e.g. "low back pain"
};

/// Every retired code covercheck knows, in one table (see codes.cpp for the sources).
std::vector<RetiredCode> const& retired_codes();

/// The retirement entry of `code` (compared by match_key, so "M545" and "m54.5" find M54.5),
/// or nothing when the code is not known to be retired. A code that only starts with a retired
/// one (M54.50) is not retired.
std::optional<RetiredCode> find_retired(CodeKind kind, std::string_view code);

}  // namespace covercheck
