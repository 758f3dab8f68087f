#include "projections/feeds/feed_projection.h"

#include "domain/feeds/feed_codec.h"
#include "domain/feeds/feed_pages.h"
#include "domain/feeds/for_you_ranker.h"
#include "domain/ids.h"

namespace reel::projections {

feed_projection::feed_projection(domain::feed_options options)
    : options_(options), index_(options) {}

std::vector<std::string_view> feed_projection::consumes() const {
  return domain::feed_index::consumed_events();
}

void feed_projection::load(storage::event_store& store) {
  // Built aside and swapped in whole: a failed load leaves the state as it was.
  domain::feed_index loaded(options_);
  try {
    store.projection_scan(projection_name, "",
                          [&loaded](std::string_view key, std::string_view value) {
                            domain::restore_record(loaded, key, value);
                            return true;
                          });
    loaded.reindex();
  } catch (const domain::damaged_feed_state& e) {
    throw projection_state_damaged(e.what());
  }
  loaded.take_changes();  // what was loaded is stored already
  index_ = std::move(loaded);
}

void feed_projection::clear() {
  index_ = domain::feed_index(options_);
}

void feed_projection::apply(const events::EventRecord& record) {
  index_.apply(record);
}

std::vector<storage::projection_change> feed_projection::take_changes() {
  auto changed = index_.take_changes();
  std::vector<storage::projection_change> out;
  out.reserve(changed.videos.size() + changed.viewers.size() + 1);
  for (auto slot : changed.videos)
    out.push_back({domain::feed_video_key(slot), domain::encode_video(index_, slot)});
  for (auto user : changed.viewers)
    out.push_back(
        {domain::feed_viewer_key(user), domain::encode_viewer(*index_.viewer(user), user)});
  if (changed.totals)
    out.push_back({std::string(domain::feed_totals_key), domain::encode_totals(index_.totals())});
  return out;
}

feed_item feed_projection::describe(domain::video_slot slot, std::string reason) const {
  const auto& v = index_.video(slot);
  feed_item item;
  item.video_id = video_id::from_value(v.id).str();
  item.creator_id = creator_id::from_value(v.creator).str();
  item.title = v.title;
  for (auto t : v.topics) item.topics.push_back(index_.topic_name(t));
  item.reason = std::move(reason);
  return item;
}

feed_answer feed_projection::answer(const feed_query& query) const {
  feed_answer out;
  if (!query.replay_ids.empty()) {
    for (size_t i = 0; i < query.replay_ids.size(); ++i) {
      auto id = video_id::parse(query.replay_ids[i]);
      auto slot = id ? index_.slot_of(id->value()) : std::nullopt;
      if (!slot) continue;
      out.items.push_back(
          describe(*slot, i < query.replay_reasons.size() ? query.replay_reasons[i] : ""));
    }
    return out;
  }
  std::optional<domain::feed_page> page;
  switch (query.feed) {
    case events::FEED_SOURCE_FOR_YOU:
      page = domain::for_you_page(index_, query.page);
      break;
    case events::FEED_SOURCE_FOLLOWING:
      page = domain::following_page(index_, query.page);
      break;
    case events::FEED_SOURCE_TRENDING:
      page = domain::trending_page(index_, query.page);
      break;
    case events::FEED_SOURCE_STEM:
      page = domain::stem_page(index_, query.page);
      break;
    default:
      return {false, errc::unknown_feed, "no such feed", {}, {}, 0};
  }
  if (!page)
    return {false, errc::invalid_cursor, "the cursor is not one this feed gave out", {}, {}, 0};
  for (auto& item : page->items) out.items.push_back(describe(item.slot, std::move(item.reason)));
  out.cursor = std::move(page->next_cursor);
  if (const auto* viewer = index_.viewer(query.page.viewer))
    out.pages_served = viewer->pages_served;
  return out;
}

uint64_t feed_projection::views_last_day(std::string_view video, int64_t now_ms) const {
  auto id = video_id::parse(video);
  if (!id) return 0;
  auto slot = index_.slot_of(id->value());
  return slot ? index_.views_last_day(*slot, now_ms * 1000) : 0;
}

}  // namespace reel::projections
