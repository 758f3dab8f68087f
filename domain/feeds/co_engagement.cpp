#include "domain/feeds/co_engagement.h"

#include <algorithm>

namespace reel::domain {

void remove_co_engagement(std::vector<neighbour>& list, video_slot other) {
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (it->video != other) continue;
    if (--it->count == 0) list.erase(it);
    return;
  }
}

void add_co_engagement(std::vector<neighbour>& list, video_slot other) {
  for (auto& n : list) {
    if (n.video == other) {
      ++n.count;
      return;
    }
  }
  if (list.size() < max_neighbours) {
    list.push_back({other, 1});
    return;
  }
  // The first of the weakest goes, so the outcome depends only on the order of signals.
  auto weakest = std::min_element(list.begin(), list.end(),
                                  [](const auto& a, const auto& b) { return a.count < b.count; });
  *weakest = {other, weakest->count + 1};
}

}  // namespace reel::domain
