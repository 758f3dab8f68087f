#include "domain/error_codes.h"

#include <array>

namespace reel {
namespace {

struct code_row {
  errc code;
  std::string_view name, meaning;
};

constexpr std::array rows{
#define REEL_ERRC_ROW(name, when) code_row{errc::name, #name, when},
    REEL_ERROR_CODES(REEL_ERRC_ROW)
#undef REEL_ERRC_ROW
};

constexpr std::array codes = [] {
  std::array<errc, rows.size()> out{};
  for (size_t i = 0; i < rows.size(); ++i) out[i] = rows[i].code;
  return out;
}();

}  // namespace

std::string_view code_name(errc code) {
  auto i = static_cast<size_t>(code);
  return i < rows.size() ? rows[i].name : "internal";
}

std::string_view code_meaning(errc code) {
  auto i = static_cast<size_t>(code);
  return i < rows.size() ? rows[i].meaning : "";
}

std::optional<errc> errc_from_name(std::string_view name) {
  for (const auto& row : rows) {
    if (row.name == name) return row.code;
  }
  return std::nullopt;
}

std::span<const errc> all_error_codes() {
  return codes;
}

std::string error_code_table() {
  std::string out = "| code | when |\n|------|------|\n";
  for (const auto& row : rows) {
    out += "| `";
    out += row.name;
    out += "` | ";
    out += row.meaning;
    out += " |\n";
  }
  return out;
}

}  // namespace reel
