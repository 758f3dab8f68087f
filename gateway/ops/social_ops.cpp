// user.follow, user.unfollow, user.block, user.unblock, user.follow_requests,
// user.approve_follower, user.decline_follower, user.remove_follower.
#include "actors/social/social_module.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

// A user op whose only argument is the other user's id.
op_spec user_op(actors::social_module& m,
                void (actors::social_module::*call)(const actors::caller&, std::string,
                                                    actors::reply<actors::done>)) {
  return {access::user, [&m, call](op_call& c) {
            auto user = c.args.required_string("user_id");
            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
            (m.*call)(c.who, user, c.answer_done());
          }};
}

json::value requests_json(const actors::follow_request_page& page) {
  json::array items;
  for (const auto& i : page.items)
    items.push_back(json::object{{"user_id", i.user_id}, {"handle", i.handle}});
  json::object out{{"items", std::move(items)}};
  out["cursor"] = page.cursor.empty() ? json::value(nullptr) : json::value(page.cursor);
  return out;
}

}  // namespace

void install_ops(op_table& table, actors::social_module& m) {
  using s = actors::social_module;
  table.add("user.follow",
            {access::user, [&m](op_call& c) {
               auto user = c.args.required_string("user_id");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               m.follow(c.who, user, c.answer<actors::follow_outcome>([](const auto& r) {
                 return json::object{{"replayed", r.replayed}, {"requested", r.requested}};
               }));
             }});
  table.add("user.unfollow", user_op(m, &s::unfollow));
  table.add("user.block", user_op(m, &s::block));
  table.add("user.unblock", user_op(m, &s::unblock));
  table.add("user.follow_requests", {access::user, [&m](op_call& c) {
                                       auto limit = c.args.optional_uint("limit", 1, 100, 50);
                                       auto cursor = c.args.optional_string("cursor");
                                       if (!c.args.ok())
                                         return c.fail(errc::bad_args, c.args.problem());
                                       m.follow_requests(
                                           c.who, limit, cursor,
                                           c.answer<actors::follow_request_page>(requests_json));
                                     }});
  table.add("user.approve_follower", user_op(m, &s::approve_follower));
  table.add("user.decline_follower", user_op(m, &s::decline_follower));
  table.add("user.remove_follower", user_op(m, &s::remove_follower));
}

}  // namespace reel::gateway
