#include "domain/social/follow_ups.h"

namespace reel::domain {

std::optional<block_follow_up> follow_up_of_block(const events::Event& event) {
  block_follow_up out;
  if (event.has_user_blocked()) {
    out.user_id = event.user_blocked().blocked_id();
    out.command = note_block{event.user_blocked().blocker_id(), true};
  } else if (event.has_user_unblocked()) {
    out.user_id = event.user_unblocked().blocked_id();
    out.command = note_block{event.user_unblocked().blocker_id(), false};
  } else {
    return std::nullopt;
  }
  return out;
}

std::optional<approval_follow_up> follow_up_of_approval(const events::Event& event) {
  if (!event.has_follow_request_answered()) return std::nullopt;
  const auto& a = event.follow_request_answered();
  if (a.outcome() != events::FOLLOW_REQUEST_APPROVED) return std::nullopt;
  approval_follow_up out;
  out.user_id = a.follower_id();
  out.command.followee_id = a.followee_id();
  out.command.followee_exists = true;
  out.command.approved_request = true;
  return out;
}

std::optional<removal_follow_up> follow_up_of_removal(const events::Event& event) {
  if (!event.has_follower_removed()) return std::nullopt;
  const auto& r = event.follower_removed();
  return removal_follow_up{r.follower_id(), unfollow_user{r.followee_id(), true}};
}

}  // namespace reel::domain
