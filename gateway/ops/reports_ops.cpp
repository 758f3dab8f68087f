// report.create.
#include "actors/reports/reports_module.h"
#include "gateway/ops/json_forms.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {

void install_ops(op_table& table, actors::reports_module& m) {
  table.add("report.create", {access::user, [&m](op_call& c) {
                                auto video = c.args.required_string("video_id");
                                auto reason_name = c.args.required_string("reason");
                                auto note = c.args.optional_string("note");
                                if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
                                auto reason = reason_from_name(reason_name);
                                if (!reason)
                                  return c.fail(errc::bad_args,
                                                "args.reason is not a known reason");
                                m.report(c.who, video, *reason, note, c.answer_done());
                              }});
}

}  // namespace reel::gateway
