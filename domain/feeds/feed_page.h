// What a feed serves: a page of videos, each with the reason it was chosen, and the cursor
// of the next page. Shared by every feed (for_you_ranker.h, feed_pages.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/feeds/co_engagement.h"

namespace reel::domain {

struct served_item {
  video_slot slot = 0;
  // "interest:<topic>", "similar:<video id>", "fresh", "trending", "following" (For You);
  // "following", "trending" and "stem" on the other feeds.
  std::string reason;
};

struct page_request {
  uint64_t viewer = 0;  // user id value
  size_t limit = 20;
  int64_t now_us = 0;  // the clock trending and interest decay are read at
  civil_date today{};  // the viewer's age is taken on this day
  std::string cursor;  // from the previous page; empty for the first
};

struct feed_page {
  std::vector<served_item> items;
  std::string next_cursor;  // empty: there is no next page
};

inline constexpr size_t max_page_size = 50;

}  // namespace reel::domain
