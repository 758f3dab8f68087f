// The feeds besides For You. Each page skips what no feed serves (feed_eligibility.h).
//  - Following: the followed creators' videos, newest first. Cursor: where the last page
//    ended in publication order.
//  - Trending: platform-wide engagement velocity, decayed over a short and a long window;
//    no hashtags, no curation. Cursor: the offset into the ranking.
//  - STEM: STEM-flagged videos by measured quality and the viewer's interest. Cursor: the
//    offset into the ranking.
// Rankings are computed per page, so a page after heavy engagement may overlap the last.
#pragma once

#include <optional>
#include <string_view>

#include "domain/feeds/feed_index.h"
#include "domain/feeds/feed_page.h"

namespace reel::domain {

// nullopt: the cursor is not one this feed gave out.
std::optional<feed_page> following_page(const feed_index& index, const page_request& request);
std::optional<feed_page> trending_page(const feed_index& index, const page_request& request);
std::optional<feed_page> stem_page(const feed_index& index, const page_request& request);

// The trending score of a video at `now_us`: engagement per hour over the short window plus
// half that over the long one, so a burst rises fast and a steady favourite stays.
double trending_score(const feed_index& index, video_slot slot, int64_t now_us);

}  // namespace reel::domain
