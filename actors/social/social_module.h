// The social module: follows, follow requests and blocks between users. Its commands go to
// the user entities of the accounts module; it installs the follow-ups of its rules
// (domain/social/follow_ups.h) through the reactor: a block ends the blocked user's follow
// of the blocker, an approved request commits the follow, a removed follower's follow ends.
#pragma once

#include <string>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/access_policy.h"

namespace reel::actors {

class accounts_module;

struct follow_outcome {
  bool replayed = false;
  // The account is private: a request waits for its owner (domain/social/follow_requests.h)
  // and the follow commits when they approve.
  bool requested = false;
};

struct follow_request_page {
  struct item {
    std::string user_id, handle;
  };
  std::vector<item> items;  // in user id order
  std::string cursor;       // of the next page; empty at the end
};

class social_module {
 public:
  social_module(node& n, const accounts_module& accounts);

  // Follows the user, or asks to when their account is private (then `requested`).
  void follow(const caller& who, std::string user_id, reply<follow_outcome> answer);
  // The same, for callers that only need to know it went through.
  void follow(const caller& who, std::string user_id, reply<done> answer);
  // Ends the caller's follow, or withdraws their waiting request (`not_following`: neither).
  void unfollow(const caller& who, std::string user_id, reply<done> answer);
  // Blocking ends the blocker's follow in the same append, a request of the blocked user's
  // to the blocker, and the blocked user's follow of the blocker as a follow-up, shortly
  // after the answer (docs/architecture.md).
  void block(const caller& who, std::string user_id, reply<done> answer);
  void unblock(const caller& who, std::string user_id, reply<done> answer);

  // The caller's waiting follow requests, `limit` (1 to 100) after `cursor`.
  void follow_requests(const caller& who, size_t limit, std::string cursor,
                       reply<follow_request_page> answer);
  // The caller answers a request of `user_id`'s (`no_follow_request` when none waits). An
  // approval commits the follow on the requester's stream shortly after the answer.
  void approve_follower(const caller& who, std::string user_id, reply<done> answer);
  void decline_follower(const caller& who, std::string user_id, reply<done> answer);
  // Ends `user_id`'s follow of the caller (and their request, if one waits), for any
  // account: `not_your_follower` when there is neither.
  void remove_follower(const caller& who, std::string user_id, reply<done> answer);

 private:
  template <class T, class Next>
  void on_other_user(const caller& who, const std::string& other, domain::permission what,
                     reply<T> answer, Next next);

  node& node_;
  entity_directory users_;
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::follow_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::follow_request_page)
