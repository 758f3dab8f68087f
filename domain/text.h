// Text that people type: titles, descriptions, comments, notes. Checked here so that
// nothing stored is invalid UTF-8 (protobuf strings must be UTF-8 to be read back).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace reel::domain {

// The number of characters (code points) of valid UTF-8, or nullopt: overlong forms,
// surrogates, code points above U+10FFFF, stray continuation bytes and truncated
// sequences are all invalid.
std::optional<size_t> utf8_length(std::string_view text);

// True when the text has no character other than spaces, tabs and line breaks.
bool is_blank(std::string_view text);

// True when the text holds a control character other than tab and line breaks.
bool has_control_characters(std::string_view text);

}  // namespace reel::domain
