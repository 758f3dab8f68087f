#include "domain/accounts/user.h"

#include <algorithm>

#include "domain/accounts/age_policy.h"
#include "domain/accounts/reserved_handles.h"
#include "domain/privacy/local_time.h"
#include "domain/social/follow_requests.h"

namespace reel::domain {
namespace {

decision not_registered() {
  return decision::reject(errc::not_registered, "register first");
}

bool is_known_role(events::Role role) {
  return role != events::ROLE_UNSPECIFIED && events::Role_IsValid(role);
}

}  // namespace

std::string handle_problem(std::string_view handle) {
  if (handle.size() < 3 || handle.size() > 24) return "a handle has 3 to 24 characters";
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  };
  for (char c : handle) {
    if (!allowed(c)) return "a handle uses only a-z, 0-9, '_' and '.'";
  }
  if (handle.front() == '_' || handle.front() == '.')
    return "a handle starts with a letter or a digit";
  return {};
}

decision decide(const user_state& state, const register_user& command) {
  if (state.registered) {
    // The claim's flow and the reactor both register (handle_claim.h): the second finds
    // the same registration done. A retry's new key replaces the key (set_account_key).
    bool same = state.user_id == command.user_id && state.handle == command.handle &&
                state.birthdate == command.birthdate &&
                state.account_key_sha256 == command.account_key_sha256;
    if (command.completing || same) return decision::accept(std::vector<events::Event>{});
    return decision::reject(errc::already_registered, "this user is already registered");
  }
  if (command.user_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (auto problem = handle_problem(command.handle); !problem.empty()) {
    return decision::reject(errc::invalid_handle, problem);
  }
  if (!command.may_take_reserved && is_reserved_handle(command.handle))
    return decision::reject(errc::invalid_handle, "this handle is reserved");
  auto birth = parse_date(command.birthdate);
  if (!birth || *birth > command.today) {
    return decision::reject(errc::invalid_birthdate,
                            "birthdate must be a past date written YYYY-MM-DD");
  }
  auto band = age_band_on(*birth, command.today);
  if (!band) return decision::reject(errc::age_restricted, "reel is for people aged 13 and over");
  if (!command.timezone.empty() && !is_known_timezone(command.timezone))
    return decision::reject(errc::invalid_timezone,
                            "timezone is not an IANA time zone name (e.g. Europe/Berlin)");
  events::Event e;
  auto* r = e.mutable_user_registered();
  r->set_user_id(command.user_id);
  r->set_handle(command.handle);
  r->set_birthdate(command.birthdate);
  r->set_age_band(*band);
  if (!command.account_key_sha256.empty() && !is_token_hash(command.account_key_sha256))
    return decision::reject(errc::invalid_token, "an account key hash is 64 hex digits");
  r->set_account_key_sha256(command.account_key_sha256);
  r->set_client_key_sha256(command.client_key_sha256);
  r->set_timezone(command.timezone);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const follow_user& command) {
  if (!state.registered) return not_registered();
  if (command.followee_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (command.followee_id == state.user_id)
    return decision::reject(errc::cannot_follow_self, "you cannot follow yourself");
  if (!command.followee_exists) return decision::reject(errc::user_not_found, "no such user");
  if (command.followee_blocked_follower || command.block_noted ||
      state.blocked.count(command.followee_id)) {
    return decision::reject(errc::blocked, "a block stands between these users");
  }
  if (state.following.count(command.followee_id)) {
    if (command.approved_request) return decision::accept(std::vector<events::Event>{});
    return decision::reject(errc::already_following, "you already follow this user");
  }
  if (state.following.size() >= max_following) {
    return decision::reject(errc::following_limit, "you follow as many accounts as reel allows");
  }
  events::Event e;
  auto* f = e.mutable_user_followed();
  f->set_follower_id(state.user_id);
  f->set_followee_id(command.followee_id);
  f->set_via_video_id(command.via_video_id);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const unfollow_user& command) {
  if (!state.registered) return not_registered();
  if (!state.following.count(command.followee_id)) {
    if (command.if_following) return decision::accept(std::vector<events::Event>{});
    return decision::reject(errc::not_following, "you do not follow this user");
  }
  events::Event e;
  e.mutable_user_unfollowed()->set_follower_id(state.user_id);
  e.mutable_user_unfollowed()->set_followee_id(command.followee_id);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const block_user& command) {
  if (!state.registered) return not_registered();
  if (command.blocked_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (command.blocked_id == state.user_id)
    return decision::reject(errc::cannot_block_self, "you cannot block yourself");
  if (!command.blocked_exists) return decision::reject(errc::user_not_found, "no such user");
  if (state.blocked.count(command.blocked_id))
    return decision::reject(errc::already_blocked, "already blocked");
  if (state.blocked.size() >= max_blocks)
    return decision::reject(errc::block_limit, "you have blocked as many accounts as reel allows");
  std::vector<events::Event> out;
  // Blocking someone you follow ends the follow, in the same append. (Their follow of
  // you lives in their stream: a follow-up ends it there, domain/social/follow_ups.h.)
  if (state.following.count(command.blocked_id)) {
    events::Event unfollow;
    unfollow.mutable_user_unfollowed()->set_follower_id(state.user_id);
    unfollow.mutable_user_unfollowed()->set_followee_id(command.blocked_id);
    out.push_back(std::move(unfollow));
  }
  if (command.request_pending) {
    out.push_back(request_ended(state.user_id, command.blocked_id, events::FOLLOW_REQUEST_BLOCKED));
  }
  events::Event e;
  e.mutable_user_blocked()->set_blocker_id(state.user_id);
  e.mutable_user_blocked()->set_blocked_id(command.blocked_id);
  out.push_back(std::move(e));
  return decision::accept(std::move(out));
}

decision decide(const user_state& state, const unblock_user& command) {
  if (!state.registered) return not_registered();
  if (!state.blocked.count(command.blocked_id))
    return decision::reject(errc::not_blocked, "this user is not blocked");
  events::Event e;
  e.mutable_user_unblocked()->set_blocker_id(state.user_id);
  e.mutable_user_unblocked()->set_blocked_id(command.blocked_id);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const note_block& command) {
  if (!state.registered) return not_registered();
  if (command.blocker_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  bool noted = command.noted;
  std::vector<events::Event> out;
  if (command.blocked && state.following.count(command.blocker_id)) {
    auto* u = out.emplace_back().mutable_user_unfollowed();
    u->set_follower_id(state.user_id);
    u->set_followee_id(command.blocker_id);
  }
  if (noted != command.blocked) {
    auto* n = out.emplace_back().mutable_block_noted();
    n->set_user_id(state.user_id);
    n->set_blocker_id(command.blocker_id);
    n->set_blocked(command.blocked);
  }
  return decision::accept(std::move(out));
}

std::string blocked_by_edge(std::string_view user_id, std::string_view blocker_id) {
  return edge_key(user_id, 'B', blocker_id);
}

edge_changes edges_of(const user_state&, const events::Event& event) {
  if (event.has_follow_requested() || event.has_follow_request_answered())
    return request_edges_of(event);
  if (!event.has_block_noted()) return {};
  const auto& n = event.block_noted();
  return {{blocked_by_edge(n.user_id(), n.blocker_id()), n.blocked()}};
}

std::string edge_asked(const user_state& state, const follow_user& command) {
  if (!state.registered) return {};
  return blocked_by_edge(state.user_id, command.followee_id);
}

std::string edge_asked(const user_state& state, const note_block& command) {
  if (!state.registered) return {};
  return blocked_by_edge(state.user_id, command.blocker_id);
}

std::string edge_asked(const user_state& state, const block_user& command) {
  if (!state.registered) return {};
  return follow_request_edge(state.user_id, command.blocked_id);
}

decision decide(const user_state& state, const grant_role& command) {
  if (!state.registered) return not_registered();
  if (!is_known_role(command.role)) return decision::reject(errc::invalid_role, "no such role");
  if (state.roles.count(command.role)) {
    if (command.if_missing) return decision::accept(std::vector<events::Event>{});
    return decision::reject(errc::already_has_role, "the user has this role");
  }
  events::Event e;
  auto* g = e.mutable_role_granted();
  g->set_user_id(state.user_id);
  g->set_role(command.role);
  g->set_granted_by(command.granted_by);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const revoke_role& command) {
  if (!state.registered) return not_registered();
  if (!is_known_role(command.role)) return decision::reject(errc::invalid_role, "no such role");
  if (command.role == events::ROLE_USER) {
    return decision::reject(errc::cannot_revoke_base_role, "every user keeps the user role");
  }
  if (!state.roles.count(command.role))
    return decision::reject(errc::role_not_held, "the user does not have this role");
  events::Event e;
  auto* r = e.mutable_role_revoked();
  r->set_user_id(state.user_id);
  r->set_role(command.role);
  r->set_revoked_by(command.revoked_by);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const set_account_key& command) {
  if (!state.registered) return not_registered();
  if (!is_token_hash(command.key_sha256))
    return decision::reject(errc::invalid_token, "an account key hash is 64 hex digits");
  if (command.epoch != state.credential_epoch)
    return decision::reject(errc::conflict, "the account's credentials were revoked meanwhile");
  events::Event e;
  auto* k = e.mutable_account_key_set();
  k->set_user_id(state.user_id);
  k->set_key_sha256(command.key_sha256);
  k->set_key_generation(state.key_generation + 1);
  k->set_reason(command.reason);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const revoke_credentials& command) {
  if (!state.registered) return not_registered();
  if (command.epoch != state.credential_epoch)
    return decision::reject(errc::conflict, "the account's credentials were revoked meanwhile");
  if (!command.new_key_sha256.empty() && !is_token_hash(command.new_key_sha256))
    return decision::reject(errc::invalid_token, "an account key hash is 64 hex digits");
  std::vector<events::Event> out(1);
  auto* r = out.back().mutable_credentials_revoked();
  r->set_user_id(state.user_id);
  r->set_epoch(state.credential_epoch + 1);
  r->set_revoked_by(command.revoked_by);
  if (!command.new_key_sha256.empty()) {
    auto* k = out.emplace_back().mutable_account_key_set();
    k->set_user_id(state.user_id);
    k->set_key_sha256(command.new_key_sha256);
    k->set_key_generation(state.key_generation + 1);
    k->set_reason("operator_reset");
  }
  return decision::accept(std::move(out));
}

account_credentials credentials_of(const user_state& state) {
  return {state.registered, state.account_key_sha256, state.credential_epoch};
}

civil_date local_today(const user_state& state, int64_t now_ms) {
  auto local = local_time(state.privacy.timezone, now_ms);
  return local ? local->date : date_of_unix_ms(now_ms);
}

events::AgeBand current_band(const user_state& state, const civil_date& today) {
  auto birth = parse_date(state.birthdate);
  if (!state.registered || !birth) return events::AGE_BAND_UNSPECIFIED;
  return age_band_on(*birth, today).value_or(state.age_band);
}

decision decide(const user_state& state, const give_strike& c) {
  if (!state.registered) return not_registered();
  if (c.case_id.empty()) return decision::reject(errc::invalid_id, "a strike names its case");
  for (const auto& s : state.strikes)  // one active strike per case
    if (s.case_id == c.case_id && s.expires_at_ms > c.given_at_ms)
      return decision::accept(std::vector<events::Event>{});
  events::Event e;
  auto* g = e.mutable_strike_given();
  g->set_user_id(state.user_id);
  g->set_case_id(c.case_id);
  g->set_given_at_ms(c.given_at_ms);
  g->set_expires_at_ms(c.expires_at_ms);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const lift_strike& c) {
  if (!state.registered) return not_registered();
  bool held = std::any_of(state.strikes.begin(), state.strikes.end(),
                          [&](const strike& s) { return s.case_id == c.case_id; });
  if (!held) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  e.mutable_strike_lifted()->set_user_id(state.user_id);
  e.mutable_strike_lifted()->set_case_id(c.case_id);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const moderate_account& c) {
  if (!state.registered) return not_registered();
  auto nothing = decision::accept(std::vector<events::Event>{});
  events::Event e;
  switch (c.action) {
    case events::CASE_DECISION_REMOVE: {
      if (!state.suspended_by.empty()) return nothing;
      auto* s = e.mutable_account_suspended();
      s->set_user_id(state.user_id);
      s->set_case_id(c.case_id);
      s->set_reason(c.reason);
      break;
    }
    case events::CASE_DECISION_RESTORE:
    case events::CASE_DECISION_NO_VIOLATION: {
      if (state.suspended_by.empty() || state.suspended_by != c.case_id) return nothing;
      auto* r = e.mutable_account_reinstated();
      r->set_user_id(state.user_id);
      r->set_case_id(c.case_id);
      r->set_reason(c.reason);
      break;
    }
    default:
      return nothing;
  }
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const change_privacy& c) {
  if (!state.registered) return not_registered();
  auto next = change_settings(state.privacy, c.change, c.band_today);
  if (auto* refused = std::get_if<domain_error>(&next))
    return decision::reject(refused->code, refused->message);
  const auto& chosen = std::get<privacy_choices>(next);
  if (chosen == state.privacy) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  *e.mutable_privacy_settings_changed() = privacy_event(state.user_id, chosen);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const announce_standing& c) {
  if (!state.registered) return not_registered();
  events::Event e;
  auto* x = e.mutable_reporter_standing_changed();
  x->set_user_id(state.user_id);
  x->set_warned(c.warned);
  x->set_suspended_until_ms(c.suspended_until_ms);
  x->set_decided(c.decided);
  x->set_dismissed(c.dismissed);
  x->set_rule_version(c.rule_version);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const count_watch_time& c) {
  if (!state.registered) return not_registered();
  auto today = local_today(state, c.now_ms);
  auto limit = in_force(state.privacy, current_band(state, today)).daily_limit_minutes;
  if (!counts_watch_time(limit)) return decision::accept(std::vector<events::Event>{});
  auto day = state.screen;
  bool reached = add_watch_time(day, today, c.watch_ms, limit);
  events::Event e;
  auto* s = e.mutable_screen_time_counted();
  s->set_user_id(state.user_id);
  s->set_video_id(c.video_id);
  s->set_watch_ms(c.watch_ms);
  s->set_local_day(today.str());
  s->set_watched_ms_on_day(day.watched_ms);
  s->set_limit_minutes(limit);
  s->set_limit_reached(reached);
  return decision::accept(std::move(e));
}

decision decide(const user_state& state, const mark_notifications_read& c) {
  if (!state.registered) return not_registered();
  events::Event e;
  e.mutable_notifications_read()->set_user_id(state.user_id);
  e.mutable_notifications_read()->set_up_to(c.up_to);
  return decision::accept(std::move(e));
}

bool screen_time_exceeded(const user_state& state, int64_t now_ms) {
  auto today = local_today(state, now_ms);
  auto limit = in_force(state.privacy, current_band(state, today)).daily_limit_minutes;
  return past_limit(state.screen, today, limit);
}

void apply(user_state& state, const events::Event& event) {
  ++state.version;
  switch (event.payload_case()) {
    case events::Event::kUserRegistered: {
      const auto& r = event.user_registered();
      state.registered = true;
      state.user_id = r.user_id();
      state.handle = r.handle();
      state.birthdate = r.birthdate();
      state.age_band = r.age_band();
      state.roles.insert(events::ROLE_USER);
      state.account_key_sha256 = r.account_key_sha256();
      state.client_key_sha256 = r.client_key_sha256();
      state.privacy = choices_at_registration(
          r.age_band(), r.timezone().empty() ? std::string(default_timezone) : r.timezone());
      break;
    }
    case events::Event::kUserFollowed:
      state.following.insert(event.user_followed().followee_id());
      break;
    case events::Event::kUserUnfollowed:
      state.following.erase(event.user_unfollowed().followee_id());
      break;
    case events::Event::kUserBlocked:
      state.blocked.insert(event.user_blocked().blocked_id());
      break;
    case events::Event::kUserUnblocked:
      state.blocked.erase(event.user_unblocked().blocked_id());
      break;
    case events::Event::kRoleGranted:
      state.roles.insert(event.role_granted().role());
      break;
    case events::Event::kRoleRevoked:
      state.roles.erase(event.role_revoked().role());
      break;
    case events::Event::kAccountKeySet:
      state.account_key_sha256 = event.account_key_set().key_sha256();
      state.key_generation = event.account_key_set().key_generation();
      break;
    case events::Event::kCredentialsRevoked:
      state.credential_epoch = event.credentials_revoked().epoch();
      // No hash is "-": no key is current until an AccountKeySet (in the same append, for
      // an operator's reset), and old tokens are not keys of an account from before keys.
      state.account_key_sha256 = "-";
      break;
    case events::Event::kStrikeGiven: {
      const auto& g = event.strike_given();
      auto& s = state.strikes;
      s.erase(std::remove_if(s.begin(), s.end(),
                             [&](const strike& k) { return k.expires_at_ms <= g.given_at_ms(); }),
              s.end());
      s.push_back({g.case_id(), g.expires_at_ms()});
      if (s.size() > max_strikes_kept) s.erase(s.begin());
      break;
    }
    case events::Event::kStrikeLifted: {
      auto& s = state.strikes;
      const auto& id = event.strike_lifted().case_id();
      s.erase(std::remove_if(s.begin(), s.end(), [&](const strike& k) { return k.case_id == id; }),
              s.end());
      break;
    }
    case events::Event::kAccountSuspended:
      state.suspended_by = event.account_suspended().case_id();
      break;
    case events::Event::kAccountReinstated:
      state.suspended_by.clear();
      break;
    case events::Event::kPrivacySettingsChanged:
      state.privacy = choices_of(event.privacy_settings_changed());
      break;
    case events::Event::kScreenTimeCounted: {
      const auto& s = event.screen_time_counted();
      if (auto day = parse_date(s.local_day())) {
        bool same_day = state.screen.day == *day;
        state.screen = {*day, s.watched_ms_on_day(),
                        (same_day && state.screen.told) || s.limit_reached()};
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace reel::domain
