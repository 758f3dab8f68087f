// video.publish, video.get, video.view, like, unlike, share, not_interested, comment,
// creator.settings.
#include "actors/videos/videos_module.h"
#include "gateway/ops/json_forms.h"
#include "gateway/ops/module_ops.h"
#include "gateway/server_context.h"
#include "gateway/websocket_session.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

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

// One viewer's requests on one video, over every session of theirs: past the limit
// (gateway_options::video_requests_per_s), `rate_limited`. True when within it.
bool within_video_rate(const op_call& c, const std::string& video) {
  if (c.session->context().video_requests->allow(c.who.user_id + "|" + video)) return true;
  c.fail(errc::rate_limited, "too many requests on this video; slow down");
  return false;
}

// A video op whose only argument is the video id.
op_spec video_op(actors::videos_module& m,
                 void (actors::videos_module::*call)(const actors::caller&, std::string,
                                                     actors::reply<actors::done>)) {
  return {access::user, [&m, call](op_call& c) {
            auto video = c.args.required_string("video_id");
            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
            if (!within_video_rate(c, video)) return;
            (m.*call)(c.who, video, c.answer_done());
          }};
}

}  // namespace

void install_ops(op_table& table, actors::videos_module& m) {
  using v = actors::videos_module;
  table.add("video.publish",
            {access::user, [&m](op_call& c) {
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
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               m.publish(c.who, d, c.answer<actors::published>([](const actors::published& p) {
                 return json::object{{"video_id", p.video_id}};
               }));
             }});
  table.add("video.get", {access::user, [&m](op_call& c) {
                            auto video = c.args.required_string("video_id");
                            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                            m.get_video(c.who, video, c.answer<actors::video_details>(video_json));
                          }});
  table.add("video.view",
            {access::user, [&m](op_call& c) {
               auto video = c.args.required_string("video_id");
               auto watch = c.args.required_uint("watch_ms", 24u * 3600 * 1000);
               auto source_name = c.args.optional_string("source");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               auto source = source_name.empty() ? std::optional(events::FEED_SOURCE_FOR_YOU)
                                                 : feed_from_name(source_name);
               if (!source) return c.fail(errc::bad_args, "args.source is not a known feed");
               if (!within_video_rate(c, video)) return;
               m.view(c.who, video, static_cast<uint32_t>(watch), *source, c.answer_done());
             }});
  table.add("video.like", video_op(m, &v::like));
  table.add("video.unlike", video_op(m, &v::unlike));
  table.add("video.share", {access::user, [&m](op_call& c) {
                              auto video = c.args.required_string("video_id");
                              bool confirm = c.args.optional_bool("confirm").value_or(false);
                              if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                              if (!within_video_rate(c, video)) return;
                              m.share(c.who, video, confirm, c.answer_done());
                            }});
  table.add("video.not_interested", video_op(m, &v::not_interested));
  table.add("video.comment", {access::user, [&m](op_call& c) {
                                auto video = c.args.required_string("video_id");
                                auto text = c.args.required_string("text");
                                if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                                if (!within_video_rate(c, video)) return;
                                m.comment(
                                    c.who, video, text,
                                    c.answer<actors::commented>([](const actors::commented& x) {
                                      return json::object{{"comment_id", x.comment_id}};
                                    }));
                              }});
  table.add("creator.settings", {access::user, [&m](op_call& c) {
                                   actors::settings_change change;
                                   change.allow_duet = c.args.optional_bool("allow_duet");
                                   change.allow_stitch = c.args.optional_bool("allow_stitch");
                                   change.allow_comments = c.args.optional_bool("allow_comments");
                                   if (!c.args.ok())
                                     return c.fail(errc::bad_args, c.args.problem());
                                   m.change_creator_settings(c.who, change, c.answer_done());
                                 }});
}

}  // namespace reel::gateway
