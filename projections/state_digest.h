// An order-independent digest of a projection's stored state: the multiset hash of its
// (key, value) pairs, kept incrementally as keys change (add the new pair's hash, subtract
// the old one's), never by rescanning. Two states with the same keys and values have the
// same digest whatever order they were built in, so a projection rebuilt from sequence 0
// and the live one agree at the same checkpoint exactly when their stored states agree.
//
// Each pair hashes to SHA-256(u64 BE key length || key || value), read as four u64 lanes;
// the digest is the lane-wise sum modulo 2^64 (an additive multiset hash in the style of
// LtHash, with 256 bits). Printed as 64 hex digits.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reel::projections {

class state_digest {
 public:
  // The digest of an empty state (all zeros).
  state_digest() = default;

  // One (key, value) pair's share of a digest.
  using pair_share = std::array<uint64_t, 4>;
  static pair_share share_of(std::string_view key, std::string_view value);

  void add(std::string_view key, std::string_view value) { add(share_of(key, value)); }
  void remove(std::string_view key, std::string_view value) { remove(share_of(key, value)); }
  void add(const pair_share& share);
  void remove(const pair_share& share);
  // A key's value changed from `before` (nullopt: absent) to `after` (nullopt: deleted).
  void change(std::string_view key, const std::optional<std::string>& before,
              const std::optional<std::string>& after);

  // 32 bytes, for the store; decode() takes them back (false for any other length).
  std::string bytes() const;
  static std::optional<state_digest> decode(std::string_view bytes);
  std::string hex() const;

  bool operator==(const state_digest&) const = default;

 private:
  std::array<uint64_t, 4> lanes_{};
};

}  // namespace reel::projections
