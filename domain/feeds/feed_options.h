// The knobs of the feeds. Defaults are what reeld runs with; docs/feed-quality.md shows how
// the fresh share trades reach for new creators against precision.
#pragma once

#include <cstdint>

namespace reel::domain {

struct feed_options {
  // For You: the share of slots kept for fresh videos (each new video's first audience).
  double fresh_share = 0.15;
  // A video is fresh until this many viewers were shown it (impressions, plus views that
  // came from outside the feeds); then it rises or falls on its measured quality.
  uint32_t fresh_audience = 30;
  // ...and only while it is this young (event time).
  int64_t fresh_max_age_us = int64_t{7} * 24 * 3600 * 1'000'000;
  // For You: at most this share of a page (at least one item) from followed creators.
  double following_share = 0.10;
  // Interest weights halve over this time without new signals.
  int64_t interest_half_life_us = int64_t{7} * 24 * 3600 * 1'000'000;
  // Trending: engagement decayed over a short and a long window (half-lives).
  int64_t trend_short_half_life_us = int64_t{2} * 3600 * 1'000'000;
  int64_t trend_long_half_life_us = int64_t{24} * 3600 * 1'000'000;
};

}  // namespace reel::domain
