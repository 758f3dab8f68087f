#include "gateway/ops.h"

#include <functional>
#include <map>

#include "domain/feed_page.h"
#include "gateway/access_tokens.h"
#include "gateway/protocol.h"
#include "gateway/websocket_session.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;
using clock_type = std::chrono::steady_clock;

// Everything an op needs while it runs.
struct op_call {
  std::shared_ptr<websocket_session> session;
  json::value id;
  std::string op;
  actors::caller who;
  args_reader args;
  clock_type::time_point started;

  actors::command_api& api() const { return session->context().api; }

  // Answers now (on the strand).
  void fail(std::string_view code, std::string_view message) const {
    session->finish(reply_error(id, code, message), op, std::string(code), started);
  }

  // A callback for the command API: writes the result with `to_json`, or the error.
  template <class T, class ToJson>
  std::function<void(actors::outcome<T>)> answer(ToJson to_json) const {
    return [session = session, id = id, op = op, started = started,
            to_json = std::move(to_json)](actors::outcome<T> r) {
      if (!r.ok()) {
        session->finish(reply_error(id, r.error().code, r.error().message), op, r.error().code,
                        started);
        return;
      }
      session->finish(reply_ok(id, to_json(r.value())), op, "ok", started);
    };
  }
  std::function<void(actors::outcome<actors::done>)> answer_done() const {
    return answer<actors::done>([](const actors::done& d) {
      return json::object{{"replayed", d.replayed}};
    });
  }
};

enum class access { anyone, user, role };

struct op_spec {
  access who = access::user;
  int role = 0;  // events::Role, when who == role
  std::function<void(op_call&)> run;
};

const char* role_name(int role) {
  switch (role) {
    case events::ROLE_USER:
      return "user";
    case events::ROLE_CREATOR:
      return "creator";
    case events::ROLE_MODERATOR:
      return "moderator";
    case events::ROLE_AUDITOR:
      return "auditor";
    case events::ROLE_OPERATOR:
      return "operator";
    default:
      return "unspecified";
  }
}

std::optional<events::Role> role_from_name(std::string_view name) {
  for (int r = events::ROLE_USER; r <= events::ROLE_OPERATOR; ++r) {
    if (name == role_name(r)) return static_cast<events::Role>(r);
  }
  return std::nullopt;
}

const char* band_name(events::AgeBand band) {
  switch (band) {
    case events::AGE_BAND_13_15:
      return "13-15";
    case events::AGE_BAND_16_17:
      return "16-17";
    case events::AGE_BAND_ADULT:
      return "adult";
    default:
      return "unspecified";
  }
}

json::array roles_json(const std::vector<events::Role>& roles) {
  json::array out;
  for (auto r : roles) out.emplace_back(role_name(r));
  return out;
}

json::value profile_json(const actors::user_profile& p) {
  return json::object{{"user_id", p.user_id},
                      {"handle", p.handle},
                      {"age_band", band_name(p.age_band)},
                      {"roles", roles_json(p.roles)},
                      {"followers", p.counts.followers},
                      {"following", p.counts.following},
                      {"videos", p.counts.videos}};
}

json::value video_json(const actors::video_details& v) {
  json::array topics(v.topics.begin(), v.topics.end());
  json::array labels(v.labels.begin(), v.labels.end());
  return json::object{{"video_id", v.video_id},
                      {"creator_id", v.creator_id},
                      {"title", v.title},
                      {"description", v.description},
                      {"topics", topics},
                      {"duration_ms", v.duration_ms},
                      {"stem", v.stem},
                      {"is_ad", v.is_ad},
                      {"visibility", v.visibility},
                      {"minimum_age", v.minimum_age},
                      {"labels", labels},
                      {"views", v.views},
                      {"likes", v.likes},
                      {"shares", v.shares},
                      {"comments", v.comments}};
}

json::value feed_json(const actors::feed_answer& page) {
  json::array items;
  for (const auto& item : page.items) {
    items.push_back(json::object{{"video_id", item.video_id},
                                 {"creator_id", item.creator_id},
                                 {"title", item.title},
                                 {"topics", json::array(item.topics.begin(), item.topics.end())},
                                 {"reason", item.reason}});
  }
  json::value cursor = page.cursor.empty() ? json::value(nullptr) : json::value(page.cursor);
  return json::object{{"items", std::move(items)}, {"cursor", std::move(cursor)}};
}

session_login login_of(const actors::user_profile& p) {
  session_login l;
  l.user_id = p.user_id;
  l.handle = p.handle;
  for (auto r : p.roles) l.roles.insert(r);
  return l;
}

std::optional<events::FeedSource> feed_from_name(std::string_view name) {
  static const std::map<std::string_view, events::FeedSource> names = {
      {"for_you", events::FEED_SOURCE_FOR_YOU},   {"following", events::FEED_SOURCE_FOLLOWING},
      {"trending", events::FEED_SOURCE_TRENDING}, {"stem", events::FEED_SOURCE_STEM},
      {"profile", events::FEED_SOURCE_PROFILE},   {"share_link", events::FEED_SOURCE_SHARE_LINK},
      {"search", events::FEED_SOURCE_SEARCH}};
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

std::optional<events::ReportReason> reason_from_name(std::string_view name) {
  const auto* e = events::ReportReason_descriptor();
  for (int i = 0; i < e->value_count(); ++i) {
    std::string full = e->value(i)->name();  // REPORT_REASON_SPAM
    std::string short_name = full.substr(std::string_view("REPORT_REASON_").size());
    for (auto& c : short_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (short_name == name && e->value(i)->number() != 0)
      return static_cast<events::ReportReason>(e->value(i)->number());
  }
  return std::nullopt;
}

// A video op whose only argument is the video id.
op_spec video_op(void (actors::command_api::*call)(const actors::caller&, std::string,
                                                   actors::command_api::reply<actors::done>)) {
  return {access::user, 0, [call](op_call& c) {
            auto video = c.args.required_string("video_id");
            if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
            (c.api().*call)(c.who, video, c.answer_done());
          }};
}

// A user op whose only argument is the other user's id.
op_spec user_op(void (actors::command_api::*call)(const actors::caller&, std::string,
                                                  actors::command_api::reply<actors::done>)) {
  return {access::user, 0, [call](op_call& c) {
            auto user = c.args.required_string("user_id");
            if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
            (c.api().*call)(c.who, user, c.answer_done());
          }};
}

// A feed op: {limit?, cursor?} -> {items, cursor}.
op_spec feed_op(events::FeedSource feed) {
  return {access::user, 0, [feed](op_call& c) {
            auto limit = c.args.optional_uint("limit", 1, domain::max_page_size, 20);
            auto cursor = c.args.optional_string("cursor");
            if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
            c.api().feed(c.who, feed, limit, cursor, c.answer<actors::feed_answer>(feed_json));
          }};
}

const std::map<std::string, op_spec, std::less<>>& op_table() {
  using api = actors::command_api;
  static const std::map<std::string, op_spec, std::less<>> table = {
      {"ping",
       {access::anyone, 0,
        [](op_call& c) {
          c.session->finish(reply_ok(c.id, json::object{{"pong", true}}), c.op, "ok", c.started);
        }}},
      {"auth.register",
       {access::anyone, 0,
        [](op_call& c) {
          auto handle = c.args.required_string("handle");
          auto birthdate = c.args.required_string("birthdate");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          if (c.session->login()) return c.fail("already_logged_in", "this session is logged in");
          auto call = c;
          c.api().register_user(
              c.who, handle, birthdate, [call](actors::outcome<actors::registered> r) {
                if (!r.ok()) return call.fail(r.error().code, r.error().message);
                auto user = r.value().user_id;
                minted_token token;
                try {
                  token = mint_token();
                } catch (const std::exception& e) {
                  return call.fail("internal", e.what());
                }
                actors::caller owner{user, call.who.request_id, ""};
                call.api().issue_token(
                    owner, user, token.sha256_hex,
                    [call, user, token](actors::outcome<actors::done> issued) {
                      if (!issued.ok()) {
                        return call.fail(issued.error().code, issued.error().message);
                      }
                      auto session = call.session;
                      session->post([call, user, token] {
                        if (call.session->login()) {
                          return call.session->finish(reply_error(call.id, "already_logged_in",
                                                                  "this session is logged in"),
                                                      call.op, "already_logged_in", call.started);
                        }
                        session_login login;
                        login.user_id = user;
                        login.roles.insert(events::ROLE_USER);
                        call.session->set_login(std::move(login));
                        call.session->finish(
                            reply_ok(call.id,
                                     json::object{{"user_id", user}, {"token", token.token}}),
                            call.op, "ok", call.started);
                      });
                    });
              });
        }}},
      {"auth.login",
       {access::anyone, 0,
        [](op_call& c) {
          auto token = c.args.required_string("token");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          if (c.session->login()) return c.fail("already_logged_in", "this session is logged in");
          if (!looks_like_token(token)) return c.fail("invalid_token", "no such token");
          auto call = c;
          c.api().login(token_sha256(token), [call](actors::outcome<actors::user_profile> r) {
            if (!r.ok()) return call.fail(r.error().code, r.error().message);
            auto profile = r.value();
            call.session->post([call, profile] {
              if (call.session->login()) {
                return call.session->finish(
                    reply_error(call.id, "already_logged_in", "this session is logged in"), call.op,
                    "already_logged_in", call.started);
              }
              call.session->set_login(login_of(profile));
              call.session->finish(
                  reply_ok(call.id, json::object{{"user_id", profile.user_id},
                                                 {"handle", profile.handle},
                                                 {"roles", roles_json(profile.roles)}}),
                  call.op, "ok", call.started);
            });
          });
        }}},
      {"user.get",
       {access::user, 0,
        [](op_call& c) {
          auto user = c.args.required_string("user_id");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().get_user(user, c.answer<actors::user_profile>(profile_json));
        }}},
      {"user.follow", user_op(&api::follow)},
      {"user.unfollow", user_op(&api::unfollow)},
      {"user.block", user_op(&api::block)},
      {"user.unblock", user_op(&api::unblock)},
      {"video.publish",
       {access::user, 0,
        [](op_call& c) {
          actors::video_draft d;
          d.title = c.args.required_string("title");
          d.description = c.args.optional_string("description");
          d.topics = c.args.string_list("topics", true, 64);
          d.duration_ms =
              static_cast<uint32_t>(c.args.required_uint("duration_ms", 24u * 3600 * 1000));
          d.sound = c.args.optional_string("sound");
          d.duet_of = c.args.optional_string("duet_of");
          d.stitch_of = c.args.optional_string("stitch_of");
          d.is_ad = c.args.optional_bool("is_ad").value_or(false);
          d.political = c.args.optional_bool("political").value_or(false);
          d.stem = c.args.optional_bool("stem").value_or(false);
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().publish(c.who, d, c.answer<actors::published>([](const actors::published& p) {
            return json::object{{"video_id", p.video_id}};
          }));
        }}},
      {"video.get",
       {access::user, 0,
        [](op_call& c) {
          auto video = c.args.required_string("video_id");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().get_video(video, c.answer<actors::video_details>(video_json));
        }}},
      {"video.view",
       {access::user, 0,
        [](op_call& c) {
          auto video = c.args.required_string("video_id");
          auto watch = c.args.required_uint("watch_ms", 24u * 3600 * 1000);
          auto source_name = c.args.optional_string("source");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          auto source = source_name.empty() ? std::optional(events::FEED_SOURCE_FOR_YOU)
                                            : feed_from_name(source_name);
          if (!source) return c.fail("bad_args", "args.source is not a known feed");
          c.api().view(c.who, video, static_cast<uint32_t>(watch), *source, c.answer_done());
        }}},
      {"video.like", video_op(&api::like)},
      {"video.unlike", video_op(&api::unlike)},
      {"video.share", video_op(&api::share)},
      {"video.not_interested", video_op(&api::not_interested)},
      {"video.comment",
       {access::user, 0,
        [](op_call& c) {
          auto video = c.args.required_string("video_id");
          auto text = c.args.required_string("text");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().comment(c.who, video, text,
                          c.answer<actors::commented>([](const actors::commented& x) {
                            return json::object{{"comment_id", x.comment_id}};
                          }));
        }}},
      {"creator.settings",
       {access::user, 0,
        [](op_call& c) {
          actors::settings_change change;
          change.allow_duet = c.args.optional_bool("allow_duet");
          change.allow_stitch = c.args.optional_bool("allow_stitch");
          change.allow_comments = c.args.optional_bool("allow_comments");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().change_creator_settings(c.who, change, c.answer_done());
        }}},
      {"report.create",
       {access::user, 0,
        [](op_call& c) {
          auto video = c.args.required_string("video_id");
          auto reason_name = c.args.required_string("reason");
          auto note = c.args.optional_string("note");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          auto reason = reason_from_name(reason_name);
          if (!reason) return c.fail("bad_args", "args.reason is not a known reason");
          c.api().report(c.who, video, *reason, note, c.answer_done());
        }}},
      {"feed.for_you", feed_op(events::FEED_SOURCE_FOR_YOU)},
      {"feed.following", feed_op(events::FEED_SOURCE_FOLLOWING)},
      {"feed.trending", feed_op(events::FEED_SOURCE_TRENDING)},
      {"feed.stem", feed_op(events::FEED_SOURCE_STEM)},
      {"subscribe",
       {access::user, 0,
        [](op_call& c) {
          auto topics = c.args.string_list("topics", true, 8);
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          for (const auto& t : topics) {
            if (t != "notifications") return c.fail("bad_args", "args.topics: unknown topic " + t);
          }
          for (const auto& t : topics) c.session->topics().insert(t);
          json::array now(c.session->topics().begin(), c.session->topics().end());
          c.session->finish(reply_ok(c.id, json::object{{"topics", now}}), c.op, "ok", c.started);
        }}},
      {"admin.grant_role",
       {access::role, events::ROLE_OPERATOR,
        [](op_call& c) {
          auto user = c.args.required_string("user_id");
          auto role_text = c.args.required_string("role");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          auto role = role_from_name(role_text);
          if (!role) return c.fail("bad_args", "args.role is not a known role");
          c.api().grant_role(c.who, user, *role, c.answer_done());
        }}},
      {"admin.backup",
       {access::role, events::ROLE_OPERATOR,
        [](op_call& c) {
          c.api().backup(c.answer<actors::backup_made>([](const actors::backup_made& b) {
            return json::object{{"path", b.path}, {"global_head", b.global_head}};
          }));
        }}},
      {"admin.rebuild_projection",
       {access::role, events::ROLE_OPERATOR,
        [](op_call& c) {
          auto name = c.args.required_string("name");
          if (!c.args.ok()) return c.fail("bad_args", c.args.problem());
          c.api().rebuild_projection(name, c.answer_done());
        }}},
  };
  return table;
}

}  // namespace

std::vector<std::string_view> op_names() {
  std::vector<std::string_view> out;
  for (const auto& [name, spec] : op_table()) out.push_back(name);
  return out;
}

void handle_request(const std::shared_ptr<websocket_session>& session, std::string_view frame,
                    bool binary, std::chrono::steady_clock::time_point started) {
  // Answers at once, on the strand (so a shutdown cannot slip in between).
  auto refuse = [&](const json::value& id, const std::string& code, std::string_view message) {
    session->context().metrics.request_done("unknown", code, 0);
    session->reply_now(reply_error(id, code, message));
  };
  if (binary) {
    if (!session->allow_request(started))
      return refuse(nullptr, "rate_limited", "too many requests; slow down");
    return refuse(nullptr, "bad_frame", "frames are JSON text, not binary");
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
    return refuse(id, "rate_limited", "too many requests; slow down");
  if (session->draining()) return refuse(id, "unavailable", "the server is shutting down");
  if (auto* failure = std::get_if<parse_failure>(&parsed)) {
    return refuse(failure->id, failure->code, failure->message);
  }
  auto& request = std::get<inbound_request>(parsed);
  const auto& table = op_table();
  auto it = table.find(request.op);
  if (it == table.end()) return refuse(request.id, "unknown_op", "no op is called " + request.op);
  op_call call{session, request.id, request.op, actors::caller{}, args_reader(request.args),
               started};
  const auto& spec = it->second;
  session->started_request();
  const auto& login = session->login();
  if (spec.who != access::anyone && !login) return call.fail("unauthenticated", "log in first");
  if (spec.who == access::role && !login->roles.count(spec.role)) {
    return call.fail("forbidden",
                     std::string("this op needs the ") + role_name(spec.role) + " role");
  }
  call.who.user_id = login ? login->user_id : "";
  call.who.request_id = request.id_text;
  call.who.session = session->name();
  spec.run(call);
}

}  // namespace reel::gateway
