// The For You feed: videos picked for one viewer by what they do, not by whom they follow.
//
// Candidates come from the viewer's interest topics (hottest and newest per topic), from
// videos co-engaged with what they recently liked or finished ("similar"), from trending,
// and a small share from followed creators. Each is scored by its measured quality
// (Bayesian-smoothed), the viewer's interest in its topics and creator, its similarity to
// what the viewer liked, and its platform-wide engagement; follower counts are never an
// input. A share of the slots (feed_options::fresh_share) goes to fresh videos, matched to
// the viewer's interests where possible, so every new video gets a first audience.
// Re-ranking keeps two videos of one creator apart and spreads topics. Never served:
// feed_eligibility.h, plus anything the viewer already saw.
#pragma once

#include "domain/feeds/feed_index.h"
#include "domain/feeds/feed_page.h"

namespace reel::domain {

// A page of For You. Its cursor counts pages; the next page differs because a served page
// is recorded (feed_served) and nothing seen is served again.
feed_page for_you_page(const feed_index& index, const page_request& request);

}  // namespace reel::domain
