// The follow-ups of the social rules: what a committed event obliges another entity to do.
// The reactor (actors/core/reactor.h) runs them durably, once per triggering event.
#pragma once

#include <optional>
#include <string>

#include "domain/accounts/user.h"

namespace reel::domain {

// A block ends the follow both ways. The blocker's own follow of the blocked ends in the
// block's own append (decide(block_user)); the blocked user's follow of the blocker lives
// in the blocked user's stream, so it ends there, as this follow-up, which also notes the
// block there (note_block), so no follow of theirs commits across it later. An unblock's
// follow-up lifts the note. (Blocks written before notes existed have no note: their
// follow-up ended the follow, and follows are refused by the blocker's facts.)
struct block_follow_up {
  std::string user_id;  // whose stream: the blocked user
  note_block command;
};
std::optional<block_follow_up> follow_up_of_block(const events::Event& event);

// An approved follow request (domain/social/follow_requests.h) commits the follow on the
// follower's stream, where follows live; a block since refuses it there.
struct approval_follow_up {
  std::string user_id;  // the follower
  follow_user command;
};
std::optional<approval_follow_up> follow_up_of_approval(const events::Event& event);

// A removed follower's follow ends on their stream.
struct removal_follow_up {
  std::string user_id;  // the follower
  unfollow_user command;
};
std::optional<removal_follow_up> follow_up_of_removal(const events::Event& event);

}  // namespace reel::domain
