// What has been revoked, as a projection: what every logged-in session's next request is
// checked against (a logout elsewhere, a key rotation, an operator's revocation), without a
// store read per request. The login itself reads the store (domain/accounts/credentials.h).
//
// Keys: "u/<user id>" -> "<epoch>" for accounts whose credentials an operator revoked;
// "t/<token hash>" -> "<expires at ms>" for session tokens revoked on their own, forgotten
// once the log's time passes their expiry (an expired token is refused for that anyway).
//
// Thread-safe: the fold applies on the projection host while gateways read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "domain/accounts/credentials.h"
#include "projections/projection.h"

namespace reel::projections {

class credential_revocations_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "credential_revocations";

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  // False when something folded so far revoked the session token: a logout, or an
  // operator's revocation of its account's credentials (its expiry is the caller's to
  // check, against its clock).
  bool still_valid(const domain::credential_ref& credential) const;
  // Revoked session tokens remembered now (metrics, tests).
  size_t revoked_tokens() const;

 private:
  void forget_expired(int64_t now_ms);

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, uint64_t> epochs_;  // user id -> credential epoch
  std::unordered_map<std::string, int64_t> revoked_;  // token hash -> expires at ms
  std::multimap<int64_t, std::string> by_expiry_;     // for forgetting
  std::map<std::string, std::optional<std::string>> changes_;
};

}  // namespace reel::projections
