// How good a video is, measured from how people react to it, with Bayesian smoothing: each
// rate starts at the platform-wide rate (the prior) with the weight of `prior_views` views,
// and moves towards the video's own rate as its views grow, so three views are not
// certainty. Never an input: the creator's follower count.
#pragma once

#include <cstdint>

namespace reel::domain {

// What the feeds count of one video's audience.
struct engagement_counts {
  uint32_t views = 0;
  double completion_sum = 0;  // sum of min(completion, 1) over views
  uint32_t likes = 0, shares = 0, comments = 0, skips = 0, not_interested = 0;
};

// The platform-wide sums the priors come from.
struct platform_totals {
  uint64_t views = 0;
  double completion_sum = 0;
  uint64_t likes = 0, shares = 0, comments = 0, skips = 0, not_interested = 0;
};

struct quality_estimate {
  double completion = 0, like_rate = 0, share_rate = 0, comment_rate = 0;
  double skip_rate = 0, not_interested_rate = 0;
  double score = 0;  // the blend the feeds rank by, about 0..1.5
};

// Prior weight, in views.
inline constexpr double prior_views = 20;

quality_estimate estimate_quality(const engagement_counts& video, const platform_totals& all);

}  // namespace reel::domain
