// Item-to-item co-engagement: people who finished, liked, shared or commented on X also did
// on Y. Kept online from each viewer's recent positive videos, in a bounded list per video
// (space-saving: when the list is full, a new neighbour replaces the weakest and inherits
// its count plus one), so it works for videos without topics and stays small.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace reel::domain {

using video_slot = uint32_t;  // a video's place in the feed index, in publication order

struct neighbour {
  video_slot video = 0;
  uint32_t count = 0;  // viewers who engaged positively with both
  bool operator==(const neighbour&) const = default;
};

inline constexpr size_t max_neighbours = 32;

// Counts one more viewer for the pair (owner's list gains or bumps `other`).
void add_co_engagement(std::vector<neighbour>& list, video_slot other);
// Takes one back (an unlike); a neighbour at 0 leaves the list.
void remove_co_engagement(std::vector<neighbour>& list, video_slot other);

// Below this many co-engaged viewers, similarity is shrunk towards 0: one shared viewer
// between two obscure videos is chance, not taste.
inline constexpr double co_similarity_shrinkage = 10;

// Cosine similarity of two videos with `positives_a` and `positives_b` positive viewers,
// shrunk for small counts.
inline double co_similarity(uint32_t count, uint32_t positives_a, uint32_t positives_b) {
  if (count == 0 || positives_a == 0 || positives_b == 0) return 0;
  return count /
         (std::sqrt(static_cast<double>(positives_a) * positives_b) + co_similarity_shrinkage);
}

}  // namespace reel::domain
