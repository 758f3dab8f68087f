#include "domain/social/follow_ups.h"

namespace reel::domain {

std::optional<unfollow_follow_up> follow_up_of_block(const events::Event& event) {
  if (!event.has_user_blocked()) return std::nullopt;
  const auto& b = event.user_blocked();
  unfollow_follow_up out;
  out.user_id = b.blocked_id();
  out.command.followee_id = b.blocker_id();
  out.command.if_following = true;
  return out;
}

}  // namespace reel::domain
