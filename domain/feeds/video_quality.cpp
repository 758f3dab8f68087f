#include "domain/feeds/video_quality.h"

namespace reel::domain {
namespace {

// The platform rate, or a neutral default before there are views.
double platform_rate(double sum, uint64_t views, double fallback) {
  return views == 0 ? fallback : sum / static_cast<double>(views);
}

double smoothed(double own_sum, uint32_t own_views, double prior_rate) {
  return (own_sum + prior_rate * prior_views) / (own_views + prior_views);
}

}  // namespace

quality_estimate estimate_quality(const engagement_counts& v, const platform_totals& all) {
  quality_estimate q;
  q.completion =
      smoothed(v.completion_sum, v.views, platform_rate(all.completion_sum, all.views, 0.5));
  q.like_rate = smoothed(v.likes, v.views, platform_rate(all.likes, all.views, 0.05));
  q.share_rate = smoothed(v.shares, v.views, platform_rate(all.shares, all.views, 0.01));
  q.comment_rate = smoothed(v.comments, v.views, platform_rate(all.comments, all.views, 0.01));
  q.skip_rate = smoothed(v.skips, v.views, platform_rate(all.skips, all.views, 0.2));
  q.not_interested_rate =
      smoothed(v.not_interested, v.views, platform_rate(all.not_interested, all.views, 0.01));
  // Shares and likes say more than watching; "not interested" says the most.
  q.score = q.completion + 2 * q.like_rate + 4 * q.share_rate + 2 * q.comment_rate -
            0.5 * q.skip_rate - 4 * q.not_interested_rate;
  return q;
}

}  // namespace reel::domain
