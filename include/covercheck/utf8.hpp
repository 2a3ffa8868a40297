// UTF-8 well-formedness, shared by every reader and rendering that must not pass broken text on.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace covercheck {

/// The length (1 to 4) of the well-formed UTF-8 sequence starting at text[i], or 0 when the
/// bytes there are not one: a stray continuation byte, a cut-off sequence, an overlong form, a
/// surrogate or a value above U+10FFFF (the Unicode standard's table 3-7). `i < text.size()`.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

/// The offset of the first byte of `text` that is not part of well-formed UTF-8, or nothing
/// when all of it is.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace covercheck
