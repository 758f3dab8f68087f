#include "domain/social/follow_requests.h"

namespace reel::domain {
namespace {

decision not_registered() {
  return decision::reject(errc::not_registered, "register first");
}

}  // namespace

std::string follow_request_edge(std::string_view followee_id, std::string_view follower_id) {
  return edge_key(followee_id, 'Q', follower_id);
}

bool follow_is_request(const privacy_settings& followee, bool followee_registered, bool same_user) {
  return followee_registered && followee.is_private && !same_user;
}

events::Event request_ended(std::string_view followee_id, std::string_view follower_id,
                            events::FollowRequestOutcome outcome) {
  events::Event e;
  auto* a = e.mutable_follow_request_answered();
  a->set_follower_id(std::string(follower_id));
  a->set_followee_id(std::string(followee_id));
  a->set_outcome(outcome);
  return e;
}

decision decide(const user_state& state, const request_follow& c) {
  if (!state.registered) return decision::reject(errc::user_not_found, "no such user");
  if (c.follower_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (c.follower_id == state.user_id)
    return decision::reject(errc::cannot_follow_self, "you cannot follow yourself");
  if (c.follower_blocked_followee || state.blocked.count(c.follower_id))
    return decision::reject(errc::blocked, "a block stands between these users");
  if (c.follower_follows)
    return decision::reject(errc::already_following, "you already follow this user");
  // Else an approval would commit no follow (decide(follow_user) refuses past the limit).
  if (c.follower_following_full)
    return decision::reject(errc::following_limit, "you follow as many accounts as reel allows");
  if (c.pending)
    return decision::reject(errc::already_requested, "your follow request is waiting already");
  events::Event e;
  auto* r = e.mutable_follow_requested();
  r->set_follower_id(c.follower_id);
  r->set_followee_id(state.user_id);
  r->set_via_video_id(c.via_video_id);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const answer_follow_request& c) {
  if (!state.registered) return not_registered();
  if (!c.pending)
    return decision::reject(errc::no_follow_request, "this user has no follow request waiting");
  if (c.approve && (c.follower_blocked_followee || state.blocked.count(c.follower_id))) {
    // Nothing to approve across a block: the request ends as the block's.
    return decision::accept(
        request_ended(state.user_id, c.follower_id, events::FOLLOW_REQUEST_BLOCKED));
  }
  return decision::accept(
      request_ended(state.user_id, c.follower_id,
                    c.approve ? events::FOLLOW_REQUEST_APPROVED : events::FOLLOW_REQUEST_DECLINED));
}

decision decide(const user_state& state, const withdraw_follow_request& c) {
  if (!state.registered) return decision::reject(errc::user_not_found, "no such user");
  if (!c.pending) return decision::reject(errc::not_following, "you do not follow this user");
  return decision::accept(
      request_ended(state.user_id, c.follower_id, events::FOLLOW_REQUEST_WITHDRAWN));
}

decision decide(const user_state& state, const remove_follower& c) {
  if (!state.registered) return not_registered();
  if (c.follower_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  std::vector<events::Event> out;
  if (c.pending) {
    out.push_back(request_ended(state.user_id, c.follower_id, events::FOLLOW_REQUEST_DECLINED));
  }
  if (c.follows) {
    auto* r = out.emplace_back().mutable_follower_removed();
    r->set_follower_id(c.follower_id);
    r->set_followee_id(state.user_id);
  }
  if (out.empty())
    return decision::reject(errc::not_your_follower, "this user does not follow you");
  return decision::accept(std::move(out));
}

std::string edge_asked(const user_state& state, const request_follow& c) {
  return state.registered ? follow_request_edge(state.user_id, c.follower_id) : std::string();
}
std::string edge_asked(const user_state& state, const answer_follow_request& c) {
  return state.registered ? follow_request_edge(state.user_id, c.follower_id) : std::string();
}
std::string edge_asked(const user_state& state, const withdraw_follow_request& c) {
  return state.registered ? follow_request_edge(state.user_id, c.follower_id) : std::string();
}
std::string edge_asked(const user_state& state, const remove_follower& c) {
  return state.registered ? follow_request_edge(state.user_id, c.follower_id) : std::string();
}

edge_changes request_edges_of(const events::Event& event) {
  if (event.has_follow_requested()) {
    const auto& r = event.follow_requested();
    return {{follow_request_edge(r.followee_id(), r.follower_id()), true}};
  }
  if (event.has_follow_request_answered()) {
    const auto& a = event.follow_request_answered();
    return {{follow_request_edge(a.followee_id(), a.follower_id()), false}};
  }
  return {};
}

}  // namespace reel::domain
