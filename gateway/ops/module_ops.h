// The op rows of each module (gateway/ops/<area>_ops.cpp). reeld calls install_ops for
// every module of its list (tools/support/module_list.h).
#pragma once

#include "gateway/ops/op_table.h"

namespace reel::actors {
class accounts_module;
class social_module;
class videos_module;
class moderation_module;
class notifications_module;
class feeds_module;
class admin_module;
}  // namespace reel::actors

namespace reel::gateway {

void install_ops(op_table& table, actors::accounts_module& m);  // auth.*, user.get, admin.*_role
void install_ops(op_table& table, actors::social_module& m);    // user.follow, block, ...
void install_ops(op_table& table, actors::videos_module& m);    // video.*, creator.settings
void install_ops(op_table& table,
                 actors::moderation_module& m);  // report.*, moderation.*, topic moderation
void install_ops(op_table& table, actors::notifications_module& m);  // topic notifications
void install_ops(op_table& table, actors::feeds_module& m);          // feed.*
void install_ops(op_table& table, actors::admin_module& m);          // admin.backup, projections

}  // namespace reel::gateway
