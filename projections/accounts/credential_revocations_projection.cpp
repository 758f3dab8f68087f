#include "projections/accounts/credential_revocations_projection.h"

#include <charconv>
#include <mutex>

namespace reel::projections {
namespace {

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<std::string_view> credential_revocations_projection::consumes() const {
  return {"access_token_revoked", "credentials_revoked"};
}

void credential_revocations_projection::load(storage::event_store& store) {
  std::unordered_map<std::string, uint64_t> epochs;
  std::unordered_map<std::string, int64_t> revoked;
  store.projection_scan(projection_name, "", [&](std::string_view key, std::string_view value) {
    if (key.substr(0, 2) == "u/") {
      uint64_t epoch = 0;
      if (!parse_int(value, epoch))
        throw projection_state_damaged("credential_revocations: a bad epoch");
      epochs[std::string(key.substr(2))] = epoch;
    } else if (key.substr(0, 2) == "t/") {
      int64_t expires = 0;
      if (!parse_int(value, expires))
        throw projection_state_damaged("credential_revocations: a bad token value");
      revoked[std::string(key.substr(2))] = expires;
    } else {
      throw projection_state_damaged("credential_revocations: a key of no known kind");
    }
    return true;
  });
  std::unique_lock lock(mu_);
  epochs_ = std::move(epochs);
  revoked_ = std::move(revoked);
  by_expiry_.clear();
  for (const auto& [hash, expires] : revoked_) by_expiry_.emplace(expires, hash);
  changes_.clear();
}

void credential_revocations_projection::clear() {
  std::unique_lock lock(mu_);
  epochs_.clear();
  revoked_.clear();
  by_expiry_.clear();
  changes_.clear();
}

void credential_revocations_projection::forget_expired(int64_t now_ms) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first <= now_ms) {
    auto hash = std::move(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
    revoked_.erase(hash);
    changes_["t/" + hash] = std::nullopt;
  }
}

void credential_revocations_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  std::unique_lock lock(mu_);
  // The log's own time, so a rebuild forgets exactly what the live fold forgot.
  forget_expired(record.envelope().recorded_at_us() / 1000);
  if (e.has_access_token_revoked()) {
    const auto& r = e.access_token_revoked();
    if (r.expires_at_ms() <= record.envelope().recorded_at_us() / 1000) return;
    if (revoked_.emplace(r.token_sha256(), r.expires_at_ms()).second) {
      by_expiry_.emplace(r.expires_at_ms(), r.token_sha256());
      changes_["t/" + r.token_sha256()] = std::to_string(r.expires_at_ms());
    }
    return;
  }
  if (e.has_credentials_revoked()) {
    const auto& r = e.credentials_revoked();
    epochs_[r.user_id()] = r.epoch();
    changes_["u/" + r.user_id()] = std::to_string(r.epoch());
  }
}

std::vector<storage::projection_change> credential_revocations_projection::take_changes() {
  std::unique_lock lock(mu_);
  std::vector<storage::projection_change> out;
  for (auto& [key, value] : changes_) out.push_back({key, std::move(value)});
  changes_.clear();
  return out;
}

bool credential_revocations_projection::still_valid(const domain::credential_ref& c) const {
  std::shared_lock lock(mu_);
  if (auto it = epochs_.find(c.user_id); it != epochs_.end() && it->second > c.epoch) return false;
  return !revoked_.count(c.sha256);
}

size_t credential_revocations_projection::revoked_tokens() const {
  std::shared_lock lock(mu_);
  return revoked_.size();
}

}  // namespace reel::projections
