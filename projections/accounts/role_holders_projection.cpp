#include "projections/accounts/role_holders_projection.h"

#include <charconv>

namespace reel::projections {
namespace {

std::string key_of(int role, const std::string& user) {
  return std::to_string(role) + "/" + user;
}

}  // namespace

std::vector<std::string_view> role_holders_projection::consumes() const {
  return {"role_granted", "role_revoked"};
}

void role_holders_projection::load(storage::event_store& store) {
  std::map<int, std::set<std::string>> loaded;
  store.projection_scan(projection_name, "", [&](std::string_view key, std::string_view) {
    auto slash = key.find('/');
    int role = 0;
    auto parsed = std::from_chars(key.data(), key.data() + std::min(slash, key.size()), role);
    if (slash == std::string_view::npos || parsed.ec != std::errc())
      throw projection_state_damaged("role_holders: a key is not <role>/<user>");
    loaded[role].insert(std::string(key.substr(slash + 1)));
    return true;
  });
  holders_ = std::move(loaded);
  changes_.clear();
}

void role_holders_projection::clear() {
  holders_.clear();
  changes_.clear();
}

void role_holders_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  if (e.has_role_granted()) {
    const auto& g = e.role_granted();
    if (holders_[g.role()].insert(g.user_id()).second)
      changes_[key_of(g.role(), g.user_id())] = std::string();
  } else if (e.has_role_revoked()) {
    const auto& r = e.role_revoked();
    if (holders_[r.role()].erase(r.user_id()))
      changes_[key_of(r.role(), r.user_id())] = std::nullopt;
  }
}

std::vector<storage::projection_change> role_holders_projection::take_changes() {
  std::vector<storage::projection_change> out;
  for (auto& [key, value] : changes_) out.push_back({key, std::move(value)});
  changes_.clear();
  return out;
}

uint64_t role_holders_projection::holders(events::Role role) const {
  auto it = holders_.find(role);
  return it == holders_.end() ? 0 : it->second.size();
}

}  // namespace reel::projections
