#include "projections/social/profile_counts_projection.h"

#include "domain/ids.h"

namespace reel::projections {
namespace {

void put_u64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
}

uint64_t get_u64(std::string_view in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

}  // namespace

std::vector<std::string_view> profile_counts_projection::consumes() const {
  return {"user_followed", "user_unfollowed", "video_published"};
}

void profile_counts_projection::load(storage::event_store& store) {
  clear();
  store.projection_scan(projection_name, "", [this](std::string_view key, std::string_view value) {
    auto user = user_id::parse(key);
    if (user && value.size() == 24) {
      counts_[user->value()] = {get_u64(value), get_u64(value.substr(8)),
                                get_u64(value.substr(16))};
    }
    return true;
  });
}

void profile_counts_projection::clear() {
  counts_.clear();
  dirty_.clear();
}

void profile_counts_projection::apply(const events::EventRecord& record) {
  for (const auto& change : domain::count_changes(record.event())) {
    domain::apply(counts_[change.user], change);
    dirty_.insert(change.user);
  }
}

std::vector<storage::projection_change> profile_counts_projection::take_changes() {
  std::vector<storage::projection_change> out;
  out.reserve(dirty_.size());
  for (const auto& user : dirty_) {
    const auto& c = counts_[user];
    std::string value;
    put_u64(value, c.followers);
    put_u64(value, c.following);
    put_u64(value, c.videos);
    out.push_back({user_id::from_value(user).str(), std::move(value)});
  }
  dirty_.clear();
  return out;
}

domain::profile_counts profile_counts_projection::counts_of(const std::string& user_id) const {
  auto user = reel::user_id::parse(user_id);
  if (!user) return {};
  auto it = counts_.find(user->value());
  return it == counts_.end() ? domain::profile_counts{} : it->second;
}

}  // namespace reel::projections
