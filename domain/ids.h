// Entity ids: compact (64 bits), ordered by creation time, printable and parseable.
//
// Layout of the 64-bit value, most significant first:
//   42 bits  milliseconds since 2024-01-01T00:00:00Z (about 139 years of range)
//   10 bits  node id (which reel node minted it; see DESIGN.md, "Scale past one machine")
//   12 bits  sequence within that millisecond on that node
// Printed as "<prefix>_" followed by 13 Crockford base32 digits, e.g. "usr_01J5Z8Q3W9K2M".
// Printed ids of one kind sort like their values, so sorting text sorts by creation time.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace reel {

enum class id_kind : uint8_t { user, video, creator, period, moderation_case, comment, payout };

// The printed prefix of each kind: usr, vid, crt, per, cas, cmt, pay.
std::string_view id_prefix(id_kind kind);

inline constexpr int64_t id_epoch_unix_ms = 1704067200000;  // 2024-01-01T00:00:00Z
inline constexpr uint16_t max_node_id = 1023;

namespace id_codec {
// Prints a raw value with a prefix; parse returns nullopt unless the text is canonical:
// the exact prefix, '_', 13 upper-case Crockford digits, a value that fits 64 bits, not 0.
std::string print(std::string_view prefix, uint64_t value);
std::optional<uint64_t> parse(std::string_view prefix, std::string_view text);
}  // namespace id_codec

template <id_kind Kind>
class id {
 public:
  static constexpr id_kind kind = Kind;

  constexpr id() = default;  // the null id; never minted, never parsed
  static constexpr id from_value(uint64_t value) { return id{value}; }

  constexpr uint64_t value() const { return value_; }
  constexpr bool is_null() const { return value_ == 0; }
  constexpr int64_t created_at_unix_ms() const {
    return static_cast<int64_t>(value_ >> 22) + id_epoch_unix_ms;
  }
  constexpr uint16_t node() const { return static_cast<uint16_t>((value_ >> 12) & 0x3ff); }

  std::string str() const { return id_codec::print(id_prefix(Kind), value_); }
  static std::optional<id> parse(std::string_view text) {
    auto v = id_codec::parse(id_prefix(Kind), text);
    if (!v) return std::nullopt;
    return id{*v};
  }

  constexpr auto operator<=>(const id&) const = default;

 private:
  constexpr explicit id(uint64_t value) : value_(value) {}
  uint64_t value_ = 0;
};

using user_id = id<id_kind::user>;
using video_id = id<id_kind::video>;
using creator_id = id<id_kind::creator>;
using period_id = id<id_kind::period>;
using case_id = id<id_kind::moderation_case>;
using comment_id = id<id_kind::comment>;
using payout_id = id<id_kind::payout>;

// A user's creator side shares the user's value: the creator a user acts for, and the user
// behind a creator (ownership of creator settings, and of a creator's statement, follows).
constexpr creator_id creator_of(user_id user) {
  return creator_id::from_value(user.value());
}
constexpr user_id user_of(creator_id creator) {
  return user_id::from_value(creator.value());
}

// Mints id values for one node. Values strictly increase, also when the wall clock steps
// back or more than 4096 ids are asked for within one millisecond (the generator then
// borrows from the next millisecond). Not thread-safe: give each thread or actor its own,
// or guard it. The clock is an argument so the domain stays free of I/O.
class id_generator {
 public:
  explicit id_generator(uint16_t node_id);

  uint64_t next_value(int64_t now_unix_ms);

  template <id_kind Kind>
  id<Kind> next(int64_t now_unix_ms) {
    return id<Kind>::from_value(next_value(now_unix_ms));
  }

 private:
  uint16_t node_;
  uint64_t last_ms_ = 0;
  uint32_t sequence_ = 0;
  bool started_ = false;
};

template <id_kind Kind>
std::ostream& operator<<(std::ostream& out, const id<Kind>& i) {
  return out << i.str();
}

}  // namespace reel

template <reel::id_kind Kind>
struct std::hash<reel::id<Kind>> {
  size_t operator()(const reel::id<Kind>& i) const noexcept {
    return std::hash<uint64_t>{}(i.value());
  }
};
