// The User aggregate: registration, follows, blocks and roles. Its stream is the user's id.
//
// decide() checks a command against the state and returns events or a domain error;
// apply() folds an event into the state. Facts held by other aggregates (does the
// followee exist, has it blocked the follower) arrive in the command: the actor layer
// gathers them, the rules stay here.
#pragma once

#include <set>
#include <string>

#include "domain/accounts/credentials.h"
#include "domain/calendar.h"
#include "domain/decision.h"
#include "domain/edges.h"
#include "domain/moderation/strikes.h"
#include "domain/privacy/screen_time.h"
#include "domain/privacy/teen_rules.h"

namespace reel::domain {

struct user_state {
  uint64_t version = 0;  // events applied
  bool registered = false;
  std::string user_id;
  std::string handle;
  std::string birthdate;
  events::AgeBand age_band = events::AGE_BAND_UNSPECIFIED;
  // The user's own choices, bounded by max_following and max_blocks. Who blocked this
  // user is up to others, so it is an edge (blocked_by_edge), not state.
  std::set<std::string> following;  // user ids
  std::set<std::string> blocked;    // user ids this user blocked
  std::set<int> roles;              // events::Role values
  // Credentials (domain/accounts/credentials.h): the current account key and the counters
  // that end older ones.
  std::string account_key_sha256;
  uint64_t key_generation = 0;
  uint64_t credential_epoch = 0;
  std::string client_key_sha256;  // the registration's, when it carried one
  // For content removed (domain/moderation/strikes.h); expired ones are dropped as new
  // ones come, at most max_strikes_kept.
  std::vector<strike> strikes;
  // The moderation case that suspended the account (AccountSuspended); empty: not.
  std::string suspended_by;
  // Privacy choices (domain/privacy/teen_rules.h); the rules of the band on the day
  // decide what is in force (in_force).
  privacy_choices privacy;
  // Watch time on the latest local day counted (domain/privacy/screen_time.h).
  screen_day screen;
};

// Handles: 3 to 24 characters of a-z, 0-9, '_' and '.', starting with a letter or digit.
// Returns why a handle is not valid, or an empty string.
std::string handle_problem(std::string_view handle);

struct register_user {
  std::string user_id;
  std::string handle;
  std::string birthdate;  // "YYYY-MM-DD"
  civil_date today;
  bool may_take_reserved = false;    // only the node itself (reeld's bootstrap operator)
  std::string account_key_sha256{};  // the key the registration gives
  std::string client_key_sha256{};   // the client's registration key, if it sent one
  // The reactor completing a claimed registration (domain/accounts/handle_claim.h):
  // nothing to do when the user is registered, whoever registered it.
  bool completing = false;
  std::string timezone{};  // IANA (domain/privacy/local_time.h); empty: UTC
};

// Replaces the account key (a rotation, or a registration completed by a retry). Refused
// with `conflict` when the account's credential epoch is no longer `epoch` (an operator
// revoked everything meanwhile, and the new key was issued under the old epoch).
struct set_account_key {
  std::string key_sha256;
  uint64_t epoch = 0;
  std::string reason;  // "rotated", "registration_retried"
};

// Revokes every credential of the account (an operator's). With `new_key_sha256`, the
// same append gives the account a new key, issued under epoch `epoch + 1`; refused with
// `conflict` when the epoch is no longer `epoch`.
struct revoke_credentials {
  std::string revoked_by;
  uint64_t epoch = 0;
  std::string new_key_sha256;
};

// As many as TikTok allows: the state holds the sets, so they are bounded.
inline constexpr size_t max_following = 10000;
inline constexpr size_t max_blocks = 10000;

struct follow_user {
  std::string followee_id;
  bool followee_exists = false;
  bool followee_blocked_follower = false;
  std::string via_video_id;  // when the follow came from a video
  // Fact: the followee's block of this user is noted on this user's stream (its
  // blocked_by edge), so a follow decided before the block cannot commit after it.
  bool block_noted = false;
  // The follow-up of an approved request (domain/social/follow_requests.h): following
  // already is no error, and nothing commits.
  bool approved_request = false;
};

struct unfollow_user {
  std::string followee_id;
  bool if_following = false;  // a follow-up: not following is no error, nothing commits
};

struct block_user {
  std::string blocked_id;
  bool blocked_exists = false;
  // Edge: the blocked user's follow request to this user is waiting; the block ends it in
  // the same append (domain/social/follow_requests.h).
  bool request_pending = false;
};

struct unblock_user {
  std::string blocked_id;
};

// The follow-up of a block on the blocked user's stream: ends their follow of the blocker
// and notes the block, so their own entity refuses a later follow (one decided before
// the block included). With `blocked` false, the follow-up of an unblock.
struct note_block {
  std::string blocker_id;
  bool blocked = true;
  bool noted = false;  // fact: the blocked_by edge exists (the block is noted already)
};

struct grant_role {
  events::Role role = events::ROLE_UNSPECIFIED;
  std::string granted_by;
  bool if_missing = false;  // a follow-up: holding the role is no error, nothing commits
};

struct revoke_role {
  events::Role role = events::ROLE_UNSPECIFIED;
  std::string revoked_by;
};

decision decide(const user_state& state, const register_user& command);
decision decide(const user_state& state, const follow_user& command);
decision decide(const user_state& state, const unfollow_user& command);
decision decide(const user_state& state, const block_user& command);
decision decide(const user_state& state, const unblock_user& command);
decision decide(const user_state& state, const note_block& command);
decision decide(const user_state& state, const grant_role& command);
decision decide(const user_state& state, const revoke_role& command);
decision decide(const user_state& state, const set_account_key& command);
decision decide(const user_state& state, const revoke_credentials& command);

// A moderation decision's effects on the owner (follow-ups of the case's decision): one
// strike per case; lifting one that is not there changes nothing.
struct give_strike {
  std::string case_id;
  int64_t given_at_ms = 0;
  int64_t expires_at_ms = 0;
};
struct lift_strike {
  std::string case_id;
};
decision decide(const user_state& state, const give_strike& command);
decision decide(const user_state& state, const lift_strike& command);

// A moderation decision on the account itself (a follow-up of the case's decision):
// `remove` suspends it; `restore` or `dismiss` by the case that suspended it reinstates
// it. Other actions do not apply to an account and change nothing; already so: nothing.
struct moderate_account {
  std::string case_id;
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  std::string reason;  // the policy's name
};
decision decide(const user_state& state, const moderate_account& command);

// user.settings: a change of the user's privacy choices, under the rules of their band
// today (a fact the actor layer gathers). Nothing to append when nothing changes.
struct change_privacy {
  privacy_change change;
  events::AgeBand band_today = events::AGE_BAND_UNSPECIFIED;
};
decision decide(const user_state& state, const change_privacy& command);

// A view's watch time, for the daily limit (video.view, after the view commits): counted
// on the user's local day at `now_ms` when a limit is in force; nothing otherwise.
struct count_watch_time {
  std::string video_id;
  uint32_t watch_ms = 0;
  int64_t now_ms = 0;
};
decision decide(const user_state& state, const count_watch_time& command);
// Whether the user's local day at `now_ms` is past the limit in force.
bool screen_time_exceeded(const user_state& state, int64_t now_ms);

// notifications.read: the user has read their notices up to a notice id. The inbox keeps
// the furthest read, so a repeat or a smaller id changes nothing there.
struct mark_notifications_read {
  uint64_t up_to = 0;
};
decision decide(const user_state& state, const mark_notifications_read& command);

// A reporter's standing changed (domain/moderation/reporter_standing.h): the event that
// tells them, which the notifier pushes. Sent once per change under an idempotency key
// naming it, so the state keeps nothing of it.
struct announce_standing {
  bool warned = false;
  int64_t suspended_until_ms = 0;
  uint32_t decided = 0, dismissed = 0;  // what the change saw
  uint32_t rule_version = 0;
};
decision decide(const user_state& state, const announce_standing& command);

// What the state says about the account's credentials, for check_login().
account_credentials credentials_of(const user_state& state);

// The user's band on `today`: bands follow the birthdate as the user ages (the band in
// the state is the one at registration). Unspecified for a user not registered.
events::AgeBand current_band(const user_state& state, const civil_date& today);
// The user's calendar day at `now_ms` in their timezone (domain/privacy/local_time.h; UTC
// for a zone the database no longer knows): a band changes at the user's own midnight.
civil_date local_today(const user_state& state, int64_t now_ms);

// The user's edges (domain/edges.h): `<user id> 0x00 'B' <blocker id>` for a block of
// this user noted on its stream (BlockNoted).
std::string blocked_by_edge(std::string_view user_id, std::string_view blocker_id);
edge_changes edges_of(const user_state& state, const events::Event& event);
// The edge a command's rule asks about (empty: none; the user is not registered) and where
// the answer goes.
std::string edge_asked(const user_state& state, const follow_user& command);
std::string edge_asked(const user_state& state, const note_block& command);
std::string edge_asked(const user_state& state, const block_user& command);
inline void answer_edge(block_user& command, bool present) {
  command.request_pending = present;
}
inline void answer_edge(follow_user& command, bool present) {
  command.block_noted = present;
}
inline void answer_edge(note_block& command, bool present) {
  command.noted = present;
}

// Folds one of the user's events into the state; events of other types are ignored.
void apply(user_state& state, const events::Event& event);

}  // namespace reel::domain

// The aggregate's follow-request commands, declared beside the rules they share.
#include "domain/social/follow_requests.h"  // IWYU pragma: export
