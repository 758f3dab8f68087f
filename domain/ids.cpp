#include "domain/ids.h"

#include <array>
#include <stdexcept>

namespace reel {
namespace {

constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t digits = 13;  // 13 * 5 = 65 bits >= 64

constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> table{};
  for (auto& t : table) t = -1;
  for (size_t i = 0; i < crockford.size(); ++i)
    table[static_cast<uint8_t>(crockford[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr auto decode_table = make_decode_table();

}  // namespace

std::string_view id_prefix(id_kind kind) {
  switch (kind) {
    case id_kind::user:
      return "usr";
    case id_kind::video:
      return "vid";
    case id_kind::creator:
      return "crt";
    case id_kind::period:
      return "per";
    case id_kind::moderation_case:
      return "cas";
    case id_kind::comment:
      return "cmt";
    case id_kind::payout:
      return "pay";
  }
  return "unk";
}

namespace id_codec {

std::string print(std::string_view prefix, uint64_t value) {
  std::string out;
  out.reserve(prefix.size() + 1 + digits);
  out.append(prefix);
  out.push_back('_');
  char buf[digits];
  for (size_t i = 0; i < digits; ++i) {
    buf[digits - 1 - i] = crockford[value & 31];
    value >>= 5;
  }
  out.append(buf, digits);
  return out;
}

std::optional<uint64_t> parse(std::string_view prefix, std::string_view text) {
  if (text.size() != prefix.size() + 1 + digits) return std::nullopt;
  if (text.substr(0, prefix.size()) != prefix || text[prefix.size()] != '_') return std::nullopt;
  auto body = text.substr(prefix.size() + 1);
  uint64_t value = 0;
  for (size_t i = 0; i < digits; ++i) {
    int8_t d = decode_table[static_cast<uint8_t>(body[i])];
    if (d < 0) return std::nullopt;
    if (i == 0 && d > 15) return std::nullopt;  // the 65th bit would be set
    value = (value << 5) | static_cast<uint64_t>(d);
  }
  if (value == 0) return std::nullopt;
  return value;
}

}  // namespace id_codec

id_generator::id_generator(uint16_t node_id) : node_(node_id) {
  if (node_id > max_node_id) throw std::invalid_argument("id_generator: node id above 1023");
}

uint64_t id_generator::next_value(int64_t now_unix_ms) {
  uint64_t ms =
      now_unix_ms > id_epoch_unix_ms ? static_cast<uint64_t>(now_unix_ms - id_epoch_unix_ms) : 0;
  if (!started_ || ms > last_ms_) {
    last_ms_ = ms;
    sequence_ = 0;
    started_ = true;
  } else if (++sequence_ > 0xfff) {  // same or earlier millisecond: stay monotonic
    ++last_ms_;
    sequence_ = 0;
  }
  uint64_t value = (last_ms_ << 22) | (uint64_t{node_} << 12) | sequence_;
  if (value == 0) return next_value(now_unix_ms);  // 0 is the null id
  return value;
}

}  // namespace reel
