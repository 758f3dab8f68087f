#include "domain/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>

namespace reel::domain {

std::optional<size_t> utf8_length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    auto c = static_cast<uint8_t>(text[i]);
    size_t extra = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return std::nullopt;  // a continuation byte where a character starts, or 0xf8-0xff
    }
    if (i + extra >= text.size()) return std::nullopt;  // truncated
    for (size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3f);
    }
    static constexpr uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
    if (cp < smallest[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return std::nullopt;
    i += extra + 1;
  }
  return count;
}

bool is_blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

namespace {

bool reorders(UChar32 c) {
  if (!u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) return false;
  switch (u_charDirection(c)) {
    case U_LEFT_TO_RIGHT_EMBEDDING:
    case U_RIGHT_TO_LEFT_EMBEDDING:
    case U_POP_DIRECTIONAL_FORMAT:
    case U_LEFT_TO_RIGHT_OVERRIDE:
    case U_RIGHT_TO_LEFT_OVERRIDE:
    case U_LEFT_TO_RIGHT_ISOLATE:
    case U_RIGHT_TO_LEFT_ISOLATE:
    case U_FIRST_STRONG_ISOLATE:
    case U_POP_DIRECTIONAL_ISOLATE:
      return true;
    default:
      return false;  // LRM, RLM, ALM: marks, allowed
  }
}

bool hides_text(UChar32 c) {
  if (u_charType(c) != U_FORMAT_CHAR || !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
    return false;
  constexpr UChar32 zwnj = 0x200C, zwj = 0x200D, soft_hyphen = 0x00AD;
  if (c == zwnj || c == zwj || c == soft_hyphen) return false;
  if (u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) return false;  // marks; reorders() has the rest
  return ublock_getCode(c) != UBLOCK_TAGS;
}

std::string code_point_name(UChar32 c) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
  return hex;
}

}  // namespace

std::string text_problem(std::string_view text) {
  if (!utf8_length(text)) return "text must be valid UTF-8";
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (u_charType(c) == U_CONTROL_CHAR && c != '\t' && c != '\n')
      return "text must not hold control characters (" + code_point_name(c) + ")";
    if (reorders(c))
      return "text must not hold bidi embeddings, overrides or isolates (" + code_point_name(c) +
             ")";
    if (hides_text(c))
      return "text must not hold invisible characters (" + code_point_name(c) + ")";
  }
  return {};
}

}  // namespace reel::domain
