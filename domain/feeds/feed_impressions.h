// Serving a page is recorded as an event (feed_served) in the viewer's feed stream, so the
// seen sets and each new video's first audience are counted exactly, and a rebuild of the
// feeds from the log knows every page that was served.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reel/events.pb.h"

namespace reel::domain {

// "feed:<user id>"
std::string feed_stream(std::string_view user_id);

struct impression {
  std::string video_id;
  std::string reason;
};

events::Event feed_served(std::string_view viewer_id, events::FeedSource feed,
                          const std::vector<impression>& items, std::string_view cursor,
                          std::string_view next_cursor);

}  // namespace reel::domain
