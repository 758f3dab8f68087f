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

}  // namespace reel::domain
