#include <stdexcept>

#include "gateway/ops/op_table.h"
#include "gateway/protocol.h"
#include "gateway/websocket_session.h"

namespace reel::gateway {

namespace json = boost::json;

void op_call::fail(errc code, std::string_view message) const {
  session->finish(reply_error(id, code, message), op, std::string(code_name(code)), started);
}

void op_call::succeed(json::value result) const {
  session->finish(reply_ok(id, std::move(result)), op, "ok", started);
}

std::function<void(actors::outcome<actors::done>)> op_call::answer_done() const {
  return answer<actors::done>([](const actors::done& d) {
    return json::object{{"replayed", d.replayed}};
  });
}

void op_table::add(std::string name, op_spec spec) {
  auto [it, added] = ops_.emplace(std::move(name), std::move(spec));
  if (!added) throw std::logic_error("two ops are called " + it->first);
}

const op_spec* op_table::find(std::string_view name) const {
  auto it = ops_.find(name);
  return it == ops_.end() ? nullptr : &it->second;
}

void op_table::add_topic(std::string name, topic_spec spec) {
  auto [it, added] = topics_.emplace(std::move(name), std::move(spec));
  if (!added) throw std::logic_error("two topics are called " + it->first);
}

const topic_spec* op_table::find_topic(std::string_view name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? nullptr : &it->second;
}

namespace {

// Asks the topics' may_watch in turn (each answer comes back to the strand), then
// subscribes the session to all of them at once: a refusal subscribes to none.
void subscribe_checked(op_call c, std::vector<std::string> topics, size_t next) {
  const auto& table = c.session->context().ops;
  for (; next < topics.size(); ++next) {
    const auto* spec = table.find_topic(topics[next]);
    if (!spec->may_watch) continue;
    spec->may_watch(c.who, [c, topics, next](actors::outcome<actors::done> r) {
      if (!r.ok()) return c.fail(r.error());
      c.session->post([c, topics, next] { subscribe_checked(c, topics, next + 1); });
    });
    return;
  }
  // Logged out (or in as someone else) while a check ran: nothing to subscribe.
  if (!c.session->login() || c.session->login()->user_id != c.who.user_id)
    return c.fail(errc::unauthenticated, "log in first");
  for (const auto& t : topics) {
    c.session->topics().insert(t);
    if (table.find_topic(t)->broadcast) c.session->context().sessions.watch(c.session->id(), t);
  }
  json::array now(c.session->topics().begin(), c.session->topics().end());
  c.succeed(json::object{{"topics", now}});
}

}  // namespace

void recheck_topics(const std::shared_ptr<websocket_session>& session) {
  const auto& login = session->login();
  if (!login) return;
  actors::caller who;
  who.user_id = login->user_id;
  who.session = session->name();
  for (const auto& topic : session->topics()) {
    const auto* spec = session->context().ops.find_topic(topic);
    if (!spec || !spec->may_watch) continue;
    spec->may_watch(who, [session, topic, user = who.user_id](actors::outcome<actors::done> r) {
      // Only a refusal ends it; a timeout or a storage error keeps what was allowed.
      if (r.ok() || (r.error().code != errc::forbidden && r.error().code != errc::unauthenticated))
        return;
      session->post([session, topic, user] {
        // Still the same login: a new one subscribes afresh.
        if (!session->login() || session->login()->user_id != user) return;
        if (!session->topics().count(topic)) return;
        // No broadcast reaches it from now on; the last frame on the topic says why.
        session->context().sessions.unwatch(session->id(), topic);
        session->topics().erase(topic);
        session->reply_now(push_frame(topic, json::object{{"kind", "unsubscribed"}}));
      });
    });
  }
}

std::vector<std::string_view> op_table::names() const {
  std::vector<std::string_view> out;
  for (const auto& [name, spec] : ops_) out.push_back(name);
  return out;
}

void install_session_ops(op_table& table) {
  table.add("ping", {access::anyone, [](op_call& c) { c.succeed(json::object{{"pong", true}}); }});
  table.add("subscribe", {access::user, [](op_call& c) {
                            auto topics = c.args.string_list("topics", true, 8);
                            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                            for (const auto& t : topics) {
                              if (!c.session->context().ops.find_topic(t))
                                return c.fail(errc::bad_args,
                                              "args.topics: unknown topic " + client_quote(t));
                            }
                            subscribe_checked(c, std::move(topics), 0);
                          }});
}

void handle_request(const std::shared_ptr<websocket_session>& session, std::string_view frame,
                    bool binary, std::chrono::steady_clock::time_point started) {
  // Answers at once, on the strand (so a shutdown cannot slip in between).
  auto refuse = [&](const json::value& id, errc code, std::string_view message) {
    session->context().metrics.request_done("unknown", std::string(code_name(code)), 0);
    session->reply_now(reply_error(id, code, message));
  };
  if (binary) {
    if (!session->allow_request(started))
      return refuse(nullptr, errc::rate_limited, "too many requests; slow down");
    return refuse(nullptr, errc::bad_frame, "frames are JSON text, not binary");
  }
  static thread_local simdjson::dom::parser parser;
  auto parsed = parse_request(parser, frame);
  // Rate limited after parsing, so even that reply carries the request's id.
  json::value id = nullptr;
  if (auto* failure = std::get_if<parse_failure>(&parsed))
    id = failure->id;
  else
    id = std::get<inbound_request>(parsed).id;
  if (!session->allow_request(started))
    return refuse(id, errc::rate_limited, "too many requests; slow down");
  if (session->draining()) return refuse(id, errc::unavailable, "the server is shutting down");
  if (auto* failure = std::get_if<parse_failure>(&parsed)) {
    return refuse(failure->id, failure->code, failure->message);
  }
  auto& request = std::get<inbound_request>(parsed);
  const auto* spec = session->context().ops.find(request.op);
  if (!spec)
    return refuse(request.id, errc::unknown_op, "no op is called " + client_quote(request.op));
  op_call call{session, request.id, request.op, actors::caller{}, args_reader(request.args),
               started};
  session->started_request();
  if (session->login() && !session->context().ops.login_stands(session->login()->credential)) {
    // Revoked or expired since the login: this request is refused, and the session is
    // anonymous again (it may log in anew).
    session->clear_login();
    return call.fail(errc::unauthenticated,
                     "this session's token was revoked or has expired; log in again");
  }
  const auto& login = session->login();
  if (spec->who != access::anyone && !login)
    return call.fail(errc::unauthenticated, "log in first");
  call.who.user_id = login ? login->user_id : "";
  call.who.request_id = request.id_text;
  call.who.session = session->name();
  spec->run(call);
}

}  // namespace reel::gateway
