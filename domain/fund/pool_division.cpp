#include "domain/fund/pool_division.h"

#include <algorithm>
#include <numeric>

namespace reel::domain {

std::vector<creator_share> divide_pool(int64_t pool_minor, std::vector<creator_views> views) {
  std::vector<creator_share> out;
  if (pool_minor < 0) return out;
  views.erase(std::remove_if(views.begin(), views.end(),
                             [](const creator_views& v) { return v.views == 0; }),
              views.end());
  std::sort(views.begin(), views.end(), [](const creator_views& a, const creator_views& b) {
    return a.creator_id < b.creator_id;
  });
  unsigned __int128 total = 0;
  for (const auto& v : views) total += v.views;
  if (total == 0) return out;
  struct part {
    size_t at;
    unsigned __int128 remainder;
  };
  std::vector<part> parts;
  int64_t given = 0;
  for (size_t i = 0; i < views.size(); ++i) {
    auto exact = static_cast<unsigned __int128>(pool_minor) * views[i].views;
    auto floor = static_cast<int64_t>(exact / total);
    out.push_back({views[i].creator_id, views[i].views, floor});
    parts.push_back({i, exact % total});
    given += floor;
  }
  // What the floors left (fewer units than creators) goes one unit each to the largest
  // remainders; among equal remainders, to the lower creator id (already in that order).
  std::stable_sort(parts.begin(), parts.end(),
                   [](const part& a, const part& b) { return a.remainder > b.remainder; });
  for (int64_t left = pool_minor - given, k = 0; left > 0; --left, ++k)
    out[parts[static_cast<size_t>(k)].at].amount_minor += 1;
  return out;
}

}  // namespace reel::domain
