// admin.backup, admin.rebuild_projection.
#include "actors/admin/admin_module.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {

namespace json = boost::json;

void install_ops(op_table& table, actors::admin_module& m) {
  table.add("admin.backup",
            {access::user, [&m](op_call& c) {
               m.backup(c.who, c.answer<actors::backup_made>([](const actors::backup_made& b) {
                 return json::object{{"path", b.path}, {"global_head", b.global_head}};
               }));
             }});
  table.add("admin.rebuild_projection", {access::user, [&m](op_call& c) {
                                           auto name = c.args.required_string("name");
                                           if (!c.args.ok())
                                             return c.fail(errc::bad_args, c.args.problem());
                                           m.rebuild_projection(c.who, name, c.answer_done());
                                         }});
}

}  // namespace reel::gateway
