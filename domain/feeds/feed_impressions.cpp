#include "domain/feeds/feed_impressions.h"

namespace reel::domain {

std::string feed_stream(std::string_view user_id) {
  return "feed:" + std::string(user_id);
}

events::Event feed_served(std::string_view viewer_id, events::FeedSource feed,
                          const std::vector<impression>& items, std::string_view cursor,
                          std::string_view next_cursor) {
  events::Event e;
  auto* served = e.mutable_feed_served();
  served->set_viewer_id(std::string(viewer_id));
  served->set_feed(feed);
  for (const auto& item : items) {
    served->add_video_ids(item.video_id);
    served->add_reasons(item.reason);
  }
  served->set_cursor(std::string(cursor));
  served->set_next_cursor(std::string(next_cursor));
  return e;
}

}  // namespace reel::domain
