// Who holds which role, as a projection: what the accounts module asks before revoking a
// role (never the last operator). Keys: "<role number>/<user id>" -> "" for each holder.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "projections/projection.h"

namespace reel::projections {

class role_holders_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "role_holders";

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  // How many accounts hold the role now.
  uint64_t holders(events::Role role) const;

 private:
  std::map<int, std::set<std::string>> holders_;
  std::map<std::string, std::optional<std::string>> changes_;  // by key
};

}  // namespace reel::projections
