// feed.for_you, feed.following, feed.trending, feed.stem.
#include "actors/feeds/feeds_module.h"
#include "domain/feeds/feed_page.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

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
  return json::object{{"items", std::move(items)},
                      {"cursor", std::move(cursor)},
                      {"screen_time_exceeded", page.screen_time_exceeded}};
}

// A feed op: {limit?, cursor?} -> {items, cursor}.
op_spec feed_op(actors::feeds_module& m, events::FeedSource feed) {
  return {access::user, [&m, feed](op_call& c) {
            auto limit = c.args.optional_uint("limit", 1, domain::max_page_size, 20);
            auto cursor = c.args.optional_string("cursor");
            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
            m.feed(c.who, feed, limit, cursor, c.answer<actors::feed_answer>(feed_json));
          }};
}

}  // namespace

void install_ops(op_table& table, actors::feeds_module& m) {
  table.add("feed.for_you", feed_op(m, events::FEED_SOURCE_FOR_YOU));
  table.add("feed.following", feed_op(m, events::FEED_SOURCE_FOLLOWING));
  table.add("feed.trending", feed_op(m, events::FEED_SOURCE_TRENDING));
  table.add("feed.stem", feed_op(m, events::FEED_SOURCE_STEM));
}

}  // namespace reel::gateway
