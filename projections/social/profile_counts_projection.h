// The profile counts of every user (followers, following, videos), as a projection.
// Query: counts_of(user_id) -> domain::profile_counts (zeros for an unknown user).
// Keys: the printed user id; values: the three counts as big-endian u64.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "domain/social/profile_counts.h"
#include "projections/projection.h"

namespace reel::projections {

class profile_counts_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "profile_counts";

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  domain::profile_counts counts_of(const std::string& user_id) const;

 private:
  std::unordered_map<uint64_t, domain::profile_counts> counts_;  // by user id value
  std::unordered_set<uint64_t> dirty_;
};

}  // namespace reel::projections
