// The user entity: one actor per account (its stream is the user id), over the User
// aggregate of domain/accounts/user.h. Social commands (follow, block) go to it too.
//
// Facts for other entities' rules and for the access policy:
//   (facts_atom, other_user_id) -> user_facts
//   (credentials_atom)          -> domain::account_credentials
//   (profile_atom)              -> user_card (what user.get shows; not the state's sets)
//   (strikes_atom)              -> std::vector<domain::strike>, every strike kept
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/core/entity.h"
#include "domain/access_policy.h"
#include "domain/accounts/user.h"
#include "domain/social/follow_requests.h"

namespace reel::actors {

using credentials_atom = caf::atom_constant<caf::atom("creds")>;
using profile_atom = caf::atom_constant<caf::atom("profile")>;
using strikes_atom = caf::atom_constant<caf::atom("strikes")>;
using privacy_atom = caf::atom_constant<caf::atom("privacy")>;  // -> privacy_settings in force

struct user_kind {
  using state = domain::user_state;
  using commands = command_list<
      domain::register_user, domain::follow_user, domain::unfollow_user, domain::block_user,
      domain::unblock_user, domain::note_block, domain::grant_role, domain::revoke_role,
      domain::set_account_key, domain::revoke_credentials, domain::give_strike, domain::lift_strike,
      domain::announce_standing, domain::moderate_account, domain::change_privacy,
      domain::request_follow, domain::answer_follow_request, domain::withdraw_follow_request,
      domain::remove_follower, domain::count_watch_time, domain::mark_notifications_read>;
  static constexpr id_kind kind = id_kind::user;
};

// What a user entity tells others about itself, as it is now.
struct user_facts {
  bool registered = false;
  events::AgeBand band = events::AGE_BAND_UNSPECIFIED;  // today's band
  // Has blocked the user named in the question (its own stream is the authority on that;
  // with_block_between() asks both sides).
  bool blocks_other = false;
  bool follows_other = false;   // follows the user named in the question
  bool following_full = false;  // follows as many accounts as reel allows (max_following)
  domain::role_set roles = 0;
  // Strikes for removed content suspend publishing until then (0: they do not).
  int64_t publish_suspended_until_ms = 0;
  bool suspended = false;             // by a moderation decision on the account
  domain::privacy_settings privacy;   // in force today (domain/privacy/teen_rules.h)
  bool screen_time_exceeded = false;  // today's watch time is past the daily limit

  bool holds(events::Role role) const { return (roles & domain::role_bit(role)) != 0; }
};

// What a profile shows of the entity: copied instead of the whole state, whose follow and
// block sets grow with the account.
struct user_card {
  bool registered = false;
  std::string user_id, handle;
  events::AgeBand age_band = events::AGE_BAND_UNSPECIFIED;  // at registration
  std::vector<int> roles;                                   // events::Role values
  bool is_private = false;                                  // in force today
};

std::optional<caf::message> answer_query(entity_actor<user_kind>* self,
                                         const caf::type_erased_tuple& xs);

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::user_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::user_card)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::events::Role)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::user_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::register_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::follow_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unfollow_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::block_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unblock_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::note_block)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::grant_role)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::revoke_role)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::set_account_key)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::revoke_credentials)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::give_strike)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::request_follow)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::answer_follow_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::withdraw_follow_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::remove_follower)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::count_watch_time)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::mark_notifications_read)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::lift_strike)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::announce_standing)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::moderate_account)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::change_privacy)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::privacy_settings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::domain::strike>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::account_credentials)
