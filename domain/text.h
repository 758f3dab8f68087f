// Text that people type: titles, descriptions, comments, notes. Checked here so that
// nothing stored is invalid UTF-8 (protobuf strings must be UTF-8 to be read back) and
// nothing stored can hide what it says or read in another order than it is written.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace reel::domain {

// The number of characters (code points) of valid UTF-8, or nullopt: overlong forms,
// surrogates, code points above U+10FFFF, stray continuation bytes and truncated
// sequences are all invalid.
std::optional<size_t> utf8_length(std::string_view text);

// True when the text has no character other than spaces, tabs and line breaks.
bool is_blank(std::string_view text);

// Why typed text cannot be stored, or an empty string. Refused, by ICU's properties:
// - invalid UTF-8;
// - control characters (general category Cc: C0 other than tab and newline, DEL, C1);
// - bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069: Bidi_Control
//   characters of those bidi classes), which reorder what follows them;
// - invisible format characters (Default_Ignorable and category Cf: U+200B, U+2060,
//   U+FEFF and the like), which hide text inside text.
// Allowed although invisible: ZWJ and ZWNJ (emoji sequences; Indic and Persian scripts),
// the bidi marks LRM, RLM and ALM (right-to-left text needs them), the soft hyphen, and
// tag characters (emoji flags of regions).
std::string text_problem(std::string_view text);

}  // namespace reel::domain
