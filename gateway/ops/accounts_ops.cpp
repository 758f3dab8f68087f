// auth.register, auth.login, auth.logout, auth.rotate_key, user.get, admin.grant_role,
// admin.revoke_role, admin.revoke_tokens; and the check of every logged-in request.
#include "actors/accounts/accounts_module.h"
#include "domain/calendar.h"
#include "gateway/access_tokens.h"
#include "gateway/ops/json_forms.h"
#include "gateway/ops/module_ops.h"
#include "gateway/websocket_session.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

// Age band and roles only when the module filled them (the user, moderators, operators).
json::value profile_json(const actors::user_profile& p) {
  json::object out{{"user_id", p.user_id},
                   {"handle", p.handle},
                   {"followers", p.counts.followers},
                   {"following", p.counts.following},
                   {"videos", p.counts.videos},
                   {"private", p.is_private}};
  if (p.details) {
    out["age_band"] = band_name(p.age_band);
    out["roles"] = roles_json(p.roles);
  }
  return out;
}

session_login login_of(const actors::user_profile& p, const domain::credential_ref& session) {
  return {p.user_id, p.handle, session};
}

// Logs the session in on its strand. Already logged in as the same user (a client's retry
// after a lost reply): ok again. As another user: already_logged_in.
void log_in(const op_call& call, session_login login, json::value result) {
  call.session->post([call, login = std::move(login), result = std::move(result)]() mutable {
    if (const auto& current = call.session->login()) {
      if (current->user_id == login.user_id) return call.succeed(std::move(result));
      return call.fail(errc::already_logged_in, "this session is logged in as another user");
    }
    if (!call.session->set_login(std::move(login)))
      return call.fail(errc::too_many_sessions,
                       "this account is logged in on as many sessions as allowed; log one out");
    call.succeed(std::move(result));
  });
}

// Mints a credential, or answers `internal` (OpenSSL had no randomness) and gives nothing.
std::optional<minted_token> mint(const op_call& call, token_kind kind) {
  try {
    return mint_token(kind);
  } catch (const std::exception& e) {
    call.fail(errc::internal, e.what());
    return std::nullopt;
  }
}

void put_session(json::object& out, const std::string& token, const domain::credential_ref& ref) {
  out["session_token"] = token;
  out["session_expires_at"] = domain::rfc3339_of_unix_ms(ref.expires_at_ms);
}

void register_op(op_call& c, actors::accounts_module& m) {
  auto handle = c.args.required_string("handle");
  auto birthdate = c.args.required_string("birthdate");
  auto client_key = c.args.optional_string("client_key");
  auto timezone = c.args.optional_string("timezone");
  if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
  if (!client_key.empty() && !looks_like_client_key(client_key))
    return c.fail(errc::bad_args,
                  "args.client_key is 22 to 86 base64url characters (128 random bits or more)");
  if (c.session->login()) return c.fail(errc::already_logged_in, "this session is logged in");
  if (!c.session->context().registrations->allow(c.session->peer()))
    return c.fail(errc::rate_limited, "too many sign-ups from this address; try again later");
  auto key = mint(c, token_kind::account_key);
  if (!key) return;
  auto session = mint(c, token_kind::session_token);
  if (!session) return;
  actors::registration_request request{handle,
                                       birthdate,
                                       key->sha256_hex,
                                       session->sha256_hex,
                                       client_key.empty() ? "" : token_sha256(client_key),
                                       timezone};
  m.register_user(
      c.who, std::move(request),
      [call = c, handle, key = *key, session = *session](actors::outcome<actors::registered> r) {
        if (!r.ok()) return call.fail(r.error());
        const auto& done = r.value();
        // `token` is the account key's old name, kept for clients written before.
        json::object out{
            {"user_id", done.user_id}, {"account_key", key.token}, {"token", key.token}};
        put_session(out, session.token, done.session);
        log_in(call, session_login{done.user_id, handle, done.session}, std::move(out));
      });
}

void login_op(op_call& c, actors::accounts_module& m) {
  auto token = c.args.required_string("token");
  if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
  if (!looks_like_token(token)) return c.fail(errc::invalid_token, "no such token");
  auto session = mint(c, token_kind::session_token);
  if (!session) return;
  m.login(token_sha256(token), session->sha256_hex,
          [call = c, token, session = *session](actors::outcome<actors::login_grant> r) {
            if (!r.ok()) return call.fail(r.error());
            const auto& g = r.value();
            json::object out{{"user_id", g.profile.user_id},
                             {"handle", g.profile.handle},
                             {"roles", roles_json(g.profile.roles)}};
            put_session(out, g.issued ? session.token : token, g.session);
            log_in(call, login_of(g.profile, g.session), std::move(out));
          });
}

// Ends the session's login: its token is revoked, then the session is anonymous.
void logout_op(op_call& c, actors::accounts_module& m) {
  auto credential = c.session->login()->credential;
  m.logout(c.who, credential, [call = c](actors::outcome<actors::done> r) {
    if (!r.ok()) return call.fail(r.error());
    call.session->post([call] {
      call.session->clear_login();
      call.succeed(json::object{{"logged_out", true}});
    });
  });
}

// A new account key for the caller; the old one never logs in again.
void rotate_key_op(op_call& c, actors::accounts_module& m) {
  auto key = mint(c, token_kind::account_key);
  if (!key) return;
  m.rotate_key(c.who, key->sha256_hex, [call = c, key = *key](actors::outcome<actors::done> r) {
    if (!r.ok()) return call.fail(r.error());
    call.succeed(json::object{{"account_key", key.token}});
  });
}

// Operators: every credential of the user revoked; a new account key for its owner.
void revoke_tokens_op(op_call& c, actors::accounts_module& m) {
  auto user = c.args.required_string("user_id");
  if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
  auto key = mint(c, token_kind::account_key);
  if (!key) return;
  m.revoke_credentials(c.who, user, key->sha256_hex,
                       [call = c, user, key = *key](actors::outcome<actors::done> r) {
                         if (!r.ok()) return call.fail(r.error());
                         call.succeed(json::object{{"user_id", user}, {"account_key", key.token}});
                       });
}

op_spec role_op(actors::accounts_module& m,
                void (actors::accounts_module::*change)(const actors::caller&, std::string,
                                                        events::Role,
                                                        actors::reply<actors::done>)) {
  return {access::user, [&m, change](op_call& c) {
            auto user = c.args.required_string("user_id");
            auto role_text = c.args.required_string("role");
            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
            auto role = role_from_name(role_text);
            if (!role) return c.fail(errc::bad_args, "args.role is not a known role");
            (m.*change)(c.who, user, *role, c.answer_done());
          }};
}

json::object settings_json(const domain::privacy_settings& s) {
  return {{"private", s.is_private},
          {"comments", std::string(domain::audience_name(s.comments))},
          {"duet", std::string(domain::audience_name(s.duet))},
          {"stitch", std::string(domain::audience_name(s.stitch))},
          {"daily_limit_minutes", s.daily_limit_minutes},
          {"timezone", s.timezone}};
}

// user.settings {private?, comments?, duet?, stitch?, daily_limit_minutes?, timezone?}
void settings_op(op_call& c, actors::accounts_module& m) {
  domain::privacy_change change;
  change.is_private = c.args.optional_bool("private");
  auto audience_arg = [&c](const char* field, std::optional<domain::audience>& out) {
    auto text = c.args.optional_string(field);
    if (text.empty()) return true;
    out = domain::audience_named(text);
    if (out) return true;
    c.fail(errc::bad_args,
           std::string("args.") + field + " must be \"everyone\", \"friends\" or \"none\"");
    return false;
  };
  if (!audience_arg("comments", change.comments) || !audience_arg("duet", change.duet) ||
      !audience_arg("stitch", change.stitch))
    return;
  // Past the largest limit: absent.
  constexpr uint64_t absent = domain::max_daily_limit_minutes + 1;
  auto limit =
      c.args.optional_uint("daily_limit_minutes", 0, domain::max_daily_limit_minutes, absent);
  if (limit != absent) change.daily_limit_minutes = static_cast<uint32_t>(limit);
  auto timezone = c.args.optional_string("timezone");
  if (!timezone.empty()) change.timezone = timezone;
  if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
  m.settings(c.who, std::move(change), c.answer<domain::privacy_settings>(settings_json));
}

}  // namespace

void install_ops(op_table& table, actors::accounts_module& m) {
  table.add("auth.register", {access::anyone, [&m](op_call& c) { register_op(c, m); }});
  table.add("auth.login", {access::anyone, [&m](op_call& c) { login_op(c, m); }});
  table.add("auth.logout", {access::user, [&m](op_call& c) { logout_op(c, m); }});
  table.add("auth.rotate_key", {access::user, [&m](op_call& c) { rotate_key_op(c, m); }});
  table.add("admin.revoke_tokens", {access::user, [&m](op_call& c) { revoke_tokens_op(c, m); }});
  table.set_login_check(
      [&m](const domain::credential_ref& session) { return m.session_live(session); });
  table.add("user.get", {access::user, [&m](op_call& c) {
                           auto user = c.args.required_string("user_id");
                           if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                           m.get_user(c.who, user, c.answer<actors::user_profile>(profile_json));
                         }});
  table.add("user.settings", {access::user, [&m](op_call& c) { settings_op(c, m); }});
  table.add("admin.grant_role", role_op(m, &actors::accounts_module::grant_role));
  table.add("admin.revoke_role", role_op(m, &actors::accounts_module::revoke_role));
}

}  // namespace reel::gateway
