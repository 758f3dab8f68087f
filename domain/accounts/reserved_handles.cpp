#include "domain/accounts/reserved_handles.h"

#include <array>

namespace reel::domain {
namespace {

constexpr std::array<std::string_view, 6> stems = {"admin", "support",  "moderator",
                                                   "reel",  "official", "operator"};
constexpr size_t max_affix_letters = 4;

bool is_stem(std::string_view folded) {
  for (auto stem : stems) {
    if (look_alike_form(stem) == folded) return true;
  }
  return false;
}

}  // namespace

std::string look_alike_form(std::string_view handle) {
  std::string out;
  for (char c : handle) {
    switch (c) {
      case '_':
      case '.':
        break;
      case '0':
        out += 'o';
        break;
      case '1':
      case 'l':
      case 'i':
        out += 'i';
        break;
      case '3':
        out += 'e';
        break;
      case '4':
        out += 'a';
        break;
      case '5':
        out += 's';
        break;
      case '7':
        out += 't';
        break;
      default:
        if (c >= 'a' && c <= 'z') out += c;  // other digits: dropped
    }
  }
  return out;
}

bool is_reserved_handle(std::string_view handle) {
  auto folded = look_alike_form(handle);
  for (auto stem_text : stems) {
    auto stem = look_alike_form(stem_text);
    if (folded.size() < stem.size()) continue;
    if (folded.compare(0, stem.size(), stem) == 0) {
      auto rest = std::string_view(folded).substr(stem.size());
      if (rest.size() <= max_affix_letters || is_stem(rest)) return true;
    }
    if (folded.compare(folded.size() - stem.size(), stem.size(), stem) == 0) {
      auto rest = std::string_view(folded).substr(0, folded.size() - stem.size());
      if (rest.size() <= max_affix_letters || is_stem(rest)) return true;
    }
  }
  return false;
}

}  // namespace reel::domain
