// Follow requests: a follow of a private account waits for its owner. The request lives on
// the owner's (followee's) stream, as an edge `<followee> 0x00 'Q' <follower>` (edges.h),
// so the owner lists and answers their requests and a requester holds nothing. An approval
// commits the follow on the follower's stream as a follow-up (follow_up_of_request), where
// every other follow lives, so Following, counts and blocks need no second path.
//
// Every command here runs on the followee's stream (decide(user_state, ...)). Facts the
// follower's stream holds arrive in the command; the request edge is asked by edge_asked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts/user.h"

namespace reel::domain {

std::string follow_request_edge(std::string_view followee_id, std::string_view follower_id);

// Whether `user.follow` of this account asks instead of following: its owner's account is
// private (in force today). Following oneself is never a request (the follow refuses it).
bool follow_is_request(const privacy_settings& followee, bool followee_registered, bool same_user);

// `user.follow` of a private account.
struct request_follow {
  std::string follower_id{};
  std::string via_video_id{};
  bool follower_follows = false;           // fact: the follow exists already
  bool follower_blocked_followee = false;  // fact: the follower's own block
  bool follower_following_full = false;    // fact: the follower is at max_following
  bool pending = false;                    // edge: a request is waiting already
};

// `user.approve_follower` (approve) and `user.decline_follower`.
struct answer_follow_request {
  std::string follower_id{};
  bool approve = false;
  bool follower_blocked_followee = false;  // fact: the follower blocked the owner since
  bool pending = false;                    // edge
};

// `user.unfollow` of a private account the caller only asked to follow.
struct withdraw_follow_request {
  std::string follower_id{};
  bool pending = false;  // edge
};

// `user.remove_follower`, for any account: ends the follower's follow (a follow-up on
// their stream, domain/social/follow_ups.h) and any request of theirs.
struct remove_follower {
  std::string follower_id{};
  bool follows = false;  // fact: the follower's stream has the follow
  bool pending = false;  // edge
};

decision decide(const user_state& state, const request_follow& command);
decision decide(const user_state& state, const answer_follow_request& command);
decision decide(const user_state& state, const withdraw_follow_request& command);
decision decide(const user_state& state, const remove_follower& command);

std::string edge_asked(const user_state& state, const request_follow& command);
std::string edge_asked(const user_state& state, const answer_follow_request& command);
std::string edge_asked(const user_state& state, const withdraw_follow_request& command);
std::string edge_asked(const user_state& state, const remove_follower& command);
inline void answer_edge(request_follow& c, bool present) {
  c.pending = present;
}
inline void answer_edge(answer_follow_request& c, bool present) {
  c.pending = present;
}
inline void answer_edge(withdraw_follow_request& c, bool present) {
  c.pending = present;
}
inline void answer_edge(remove_follower& c, bool present) {
  c.pending = present;
}

// The request edges an event of the followee's stream sets or clears.
edge_changes request_edges_of(const events::Event& event);

// The event that ends a waiting request, in the append of the command that ends it.
events::Event request_ended(std::string_view followee_id, std::string_view follower_id,
                            events::FollowRequestOutcome outcome);

}  // namespace reel::domain
