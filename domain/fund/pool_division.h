// How a closed period's pool is divided: by qualified views, with the largest-remainder
// method (Hamilton's), ties broken by creator id. The shares add up to the pool exactly,
// each within one minor unit of its exact quota pool * views / total views. Integer minor
// units throughout (int64, 128-bit intermediates): never floating point.
// Pure. The Creator Fund issue's first piece; periods, entries and the ledger come next.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace reel::domain {

struct creator_views {
  std::string creator_id;
  uint64_t views = 0;  // qualified views in the period
};

struct creator_share {
  std::string creator_id;
  uint64_t views = 0;
  int64_t amount_minor = 0;
};

// The shares of `pool_minor` (at least 0) by `views` (each creator once; those with no
// views get nothing), in creator id order. No views at all: no shares (the pool rolls
// into the next period, an entry of its own).
std::vector<creator_share> divide_pool(int64_t pool_minor, std::vector<creator_views> views);

}  // namespace reel::domain
