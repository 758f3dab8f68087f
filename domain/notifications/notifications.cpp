#include "domain/notifications/notifications.h"

#include <utility>

namespace reel::domain {

std::optional<std::string> video_of_interest(const events::Event& event) {
  if (event.has_video_liked()) return event.video_liked().video_id();
  if (event.has_video_commented()) return event.video_commented().video_id();
  if (event.has_moderation_auto_acted() &&
      event.moderation_auto_acted().subject_kind() == events::CASE_SUBJECT_KIND_VIDEO)
    return event.moderation_auto_acted().video_id();
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
  } else if (event.has_follow_requested()) {
    n.recipient = event.follow_requested().followee_id();
    n.kind = "follow_requested";
    n.from_user = event.follow_requested().follower_id();
  } else if (event.has_follow_request_answered()) {
    const auto& a = event.follow_request_answered();
    if (a.outcome() != events::FOLLOW_REQUEST_APPROVED) return std::nullopt;
    n.recipient = a.follower_id();
    n.kind = "follow_approved";
    n.from_user = a.followee_id();
  } else if (event.has_screen_time_counted()) {
    const auto& s = event.screen_time_counted();
    if (!s.limit_reached()) return std::nullopt;
    n.recipient = s.user_id();
    n.kind = "screen_time";
    n.limit_minutes = s.limit_minutes();
  } else if (event.has_role_revoked()) {
    n.topic.clear();
    n.recipient = event.role_revoked().user_id();
    n.kind = "roles_changed";
  } else {
    return std::nullopt;
  }
  if (n.recipient.empty() || n.recipient == n.from_user) return std::nullopt;
  return n;
}

std::string recent_blocks::key(std::string_view a, std::string_view b) {
  if (b < a) std::swap(a, b);
  std::string k(a);
  k += '|';
  k += b;
  return k;
}

void recent_blocks::observe(const events::Event& event) {
  if (event.has_user_blocked()) {
    if (pairs_.size() >= capacity_) pairs_.clear();
    pairs_.insert(key(event.user_blocked().blocker_id(), event.user_blocked().blocked_id()));
  } else if (event.has_user_unblocked()) {
    // Lifted by one side; if the other had blocked too, the ops still refuse.
    pairs_.erase(key(event.user_unblocked().blocker_id(), event.user_unblocked().blocked_id()));
  }
}

bool recent_blocks::between(std::string_view a, std::string_view b) const {
  return pairs_.count(key(a, b)) > 0;
}

}  // namespace reel::domain
