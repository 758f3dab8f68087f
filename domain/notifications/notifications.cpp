#include "domain/notifications/notifications.h"

namespace reel::domain {

std::optional<std::string> video_of_interest(const events::Event& event) {
  if (event.has_video_liked()) return event.video_liked().video_id();
  if (event.has_video_commented()) return event.video_commented().video_id();
  return std::nullopt;
}

std::optional<notice> notice_for(const events::Event& event, std::string_view video_owner) {
  notice n;
  if (event.has_user_followed()) {
    n.recipient = event.user_followed().followee_id();
    n.kind = "followed";
    n.from_user = event.user_followed().follower_id();
  } else if (event.has_video_liked()) {
    n.recipient = std::string(video_owner);
    n.kind = "liked";
    n.from_user = event.video_liked().user_id();
    n.video_id = event.video_liked().video_id();
  } else if (event.has_video_commented()) {
    const auto& c = event.video_commented();
    n.recipient = std::string(video_owner);
    n.kind = "commented";
    n.from_user = c.user_id();
    n.video_id = c.video_id();
    n.comment_id = c.comment_id();
    n.text = c.text();
  } else {
    return std::nullopt;
  }
  if (n.recipient.empty() || n.recipient == n.from_user) return std::nullopt;
  return n;
}

}  // namespace reel::domain
