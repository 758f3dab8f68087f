// notifications.list, notifications.read; the `notifications` push topic.
#include <charconv>

#include "actors/notifications/notifications_module.h"
#include "domain/calendar.h"
#include "gateway/ops/json_forms.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

json::value inbox_json(const actors::inbox_answer& page) {
  json::array items;
  for (const auto& item : page.items) {
    auto data = notice_json(item.what);
    auto kind = data.at("kind");
    data.erase("kind");
    data.erase("id");
    items.push_back(json::object{{"id", item.id},
                                 {"kind", kind},
                                 {"at", domain::rfc3339_of_unix_ms(item.at_ms)},
                                 {"data", std::move(data)},
                                 {"read", item.id <= page.read_up_to}});
  }
  json::object out{{"items", std::move(items)}, {"unread", page.unread}};
  out["cursor"] =
      page.next_before ? json::value(std::to_string(*page.next_before)) : json::value(nullptr);
  return out;
}

}  // namespace

void install_ops(op_table& table, actors::notifications_module& m) {
  // The notifier's pushes, to each recipient's own sessions.
  table.add_topic("notifications", {});
  table.add("notifications.list",
            {access::user, [&m](op_call& c) {
               auto limit = c.args.optional_uint("limit", 1, domain::max_inbox_page, 50);
               auto cursor = c.args.optional_string("cursor");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               std::optional<uint64_t> before;
               if (!cursor.empty()) {
                 uint64_t v = 0;
                 auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
                 if (ec != std::errc{} || end != cursor.data() + cursor.size())
                   return c.fail(errc::bad_args, "args.cursor is not one this op gave");
                 before = v;
               }
               m.list(c.who, limit, before, c.answer<actors::inbox_answer>(inbox_json));
             }});
  table.add("notifications.read", {access::user, [&m](op_call& c) {
                                     // Ids are exact in JSON below 2^53 (domain::notice_id).
                                     auto up_to =
                                         c.args.required_uint("up_to", (uint64_t{1} << 53) - 1);
                                     if (!c.args.ok())
                                       return c.fail(errc::bad_args, c.args.problem());
                                     m.read(c.who, up_to, c.answer_done());
                                   }});
}

}  // namespace reel::gateway
