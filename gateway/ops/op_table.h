// The ops of protocol v1 (docs/protocol.md): each op's name, who may call it, how its args
// are read and how its result is written. Each module adds its rows
// (gateway/ops/<area>_ops.cpp, install_ops); reeld builds one table from the module list.
// Ops run on the session's strand; answers arrive from the modules on CAF threads and go
// back through websocket_session::finish().
#pragma once

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/core/command_types.h"
#include "domain/accounts/credentials.h"
#include "gateway/protocol.h"

namespace reel::gateway {

class websocket_session;

// Everything an op needs while it runs.
struct op_call {
  std::shared_ptr<websocket_session> session;
  boost::json::value id;
  std::string op;
  actors::caller who;
  args_reader args;
  std::chrono::steady_clock::time_point started;

  // Answers now (on the strand).
  void fail(errc code, std::string_view message) const;
  void fail(const actors::command_error& e) const { fail(e.code, e.message); }
  // Answers with a result now (on the strand).
  void succeed(boost::json::value result) const;

  // A callback for a module API: writes the result with `to_json`, or the error.
  template <class T, class ToJson>
  std::function<void(actors::outcome<T>)> answer(ToJson to_json) const {
    return [call = *this, to_json = std::move(to_json)](actors::outcome<T> r) {
      if (!r.ok()) return call.fail(r.error());
      call.succeed(to_json(r.value()));
    };
  }
  std::function<void(actors::outcome<actors::done>)> answer_done() const;
};

// Who may call an op, as far as the gateway checks: `anyone`, or a logged-in `user`.
// What the op needs beyond a login (a permission of domain/access_policy.h) is checked by
// the module's API on the caller's roles as they are now, never on the session's copy.
enum class access { anyone, user };

struct op_spec {
  access who = access::user;
  std::function<void(op_call&)> run;
};

// A push topic `subscribe` accepts, added by the module whose notices it carries.
struct topic_spec {
  // Whether the caller may watch it: asked once, at `subscribe`, with the caller's roles as
  // they are then; it answers from any thread. Unset: every logged-in user may.
  std::function<void(const actors::caller&, actors::reply<actors::done>)> may_watch;
  // Its notices go to every watching session, not to one recipient's.
  bool broadcast = false;
};

class op_table {
 public:
  // Adds an op; a name given twice is a programming error (throws std::logic_error).
  void add(std::string name, op_spec spec);
  const op_spec* find(std::string_view name) const;
  // The names of every op, sorted (docs, tests).
  std::vector<std::string_view> names() const;
  // Adds a push topic; a name given twice is a programming error (throws std::logic_error).
  void add_topic(std::string name, topic_spec spec);
  const topic_spec* find_topic(std::string_view name) const;

  // The check a logged-in session's every request passes first (the accounts module's: its
  // session token neither expired nor revoked). Must be thread-safe and not block. Without
  // one, every login stands.
  using login_check = std::function<bool(const domain::credential_ref&)>;
  void set_login_check(login_check check) { login_check_ = std::move(check); }
  bool login_stands(const domain::credential_ref& c) const {
    return !login_check_ || login_check_(c);
  }

 private:
  std::map<std::string, op_spec, std::less<>> ops_;
  std::map<std::string, topic_spec, std::less<>> topics_;
  login_check login_check_;
};

// The ops every gateway has, of no module: ping, subscribe.
void install_session_ops(op_table& table);

// On the session's strand, after its user's roles changed: asks each subscribed topic's
// may_watch again and ends the subscriptions now refused, with a push
// {"push":<topic>,"data":{"kind":"unsubscribed"}} so the client knows.
void recheck_topics(const std::shared_ptr<websocket_session>& session);

// Takes one frame on the session's strand: rate limit, parse, login, then the op.
void handle_request(const std::shared_ptr<websocket_session>& session, std::string_view frame,
                    bool binary, std::chrono::steady_clock::time_point started);

}  // namespace reel::gateway
