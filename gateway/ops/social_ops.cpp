// user.follow, user.unfollow, user.block, user.unblock.
#include "actors/social/social_module.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {
namespace {

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

}  // namespace

void install_ops(op_table& table, actors::social_module& m) {
  using s = actors::social_module;
  table.add("user.follow", user_op(m, &s::follow));
  table.add("user.unfollow", user_op(m, &s::unfollow));
  table.add("user.block", user_op(m, &s::block));
  table.add("user.unblock", user_op(m, &s::unblock));
}

}  // namespace reel::gateway
