// auth.register, auth.login, user.get, admin.grant_role, admin.revoke_role.
#include "actors/accounts/accounts_module.h"
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
                   {"videos", p.counts.videos}};
  if (p.details) {
    out["age_band"] = band_name(p.age_band);
    out["roles"] = roles_json(p.roles);
  }
  return out;
}

session_login login_of(const actors::user_profile& p) {
  session_login l;
  l.user_id = p.user_id;
  l.handle = p.handle;
  return l;
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

}  // namespace

void install_ops(op_table& table, actors::accounts_module& m) {
  table.add("auth.register",
            {access::anyone, [&m](op_call& c) {
               auto handle = c.args.required_string("handle");
               auto birthdate = c.args.required_string("birthdate");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               if (c.session->login())
                 return c.fail(errc::already_logged_in, "this session is logged in");
               if (!c.session->context().registrations->allow(c.session->peer()))
                 return c.fail(errc::rate_limited,
                               "too many sign-ups from this address; try again later");
               auto call = c;
               m.register_user(
                   c.who, handle, birthdate, [&m, call](actors::outcome<actors::registered> r) {
                     if (!r.ok()) return call.fail(r.error());
                     auto user = r.value().user_id;
                     minted_token token;
                     try {
                       token = mint_token();
                     } catch (const std::exception& e) {
                       return call.fail(errc::internal, e.what());
                     }
                     actors::caller owner{user, call.who.request_id, ""};
                     m.issue_token(owner, user, token.sha256_hex,
                                   [call, user, token](actors::outcome<actors::done> issued) {
                                     if (!issued.ok()) return call.fail(issued.error());
                                     session_login login;
                                     login.user_id = user;
                                     log_in(
                                         call, std::move(login),
                                         json::object{{"user_id", user}, {"token", token.token}});
                                   });
                   });
             }});
  table.add("auth.login", {access::anyone, [&m](op_call& c) {
                             auto token = c.args.required_string("token");
                             if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                             if (!looks_like_token(token))
                               return c.fail(errc::invalid_token, "no such token");
                             auto call = c;
                             m.login(token_sha256(token),
                                     [call](actors::outcome<actors::user_profile> r) {
                                       if (!r.ok()) return call.fail(r.error());
                                       const auto& p = r.value();
                                       log_in(call, login_of(p),
                                              json::object{{"user_id", p.user_id},
                                                           {"handle", p.handle},
                                                           {"roles", roles_json(p.roles)}});
                                     });
                           }});
  table.add("user.get", {access::user, [&m](op_call& c) {
                           auto user = c.args.required_string("user_id");
                           if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                           m.get_user(c.who, user, c.answer<actors::user_profile>(profile_json));
                         }});
  table.add("admin.grant_role", role_op(m, &actors::accounts_module::grant_role));
  table.add("admin.revoke_role", role_op(m, &actors::accounts_module::revoke_role));
}

}  // namespace reel::gateway
