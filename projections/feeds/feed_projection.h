// The feeds (For You, Following, Trending, STEM) as one projection over one feed index
// (domain/feed_index.h): the four share the catalog of videos and each viewer's state, so
// they are kept once and fold each event once. Stored per video, per viewer and totals
// (domain/feed_codec.h); a restart loads those records, a rebuild refolds the log.
//
// Query: answer(feed_query) -> feed_answer (asked through actors/feeds/). With `replay_ids`
// set, it describes those videos instead of ranking (a retried request answers with the
// page it was first given).
#pragma once

#include <string>
#include <vector>

#include "domain/error_codes.h"
#include "domain/feeds/feed_index.h"
#include "domain/feeds/feed_page.h"
#include "projections/projection.h"

namespace reel::projections {

struct feed_query {
  events::FeedSource feed = events::FEED_SOURCE_FOR_YOU;
  domain::page_request page;
  std::vector<std::string> replay_ids, replay_reasons;  // set: describe these instead
};

struct feed_item {
  std::string video_id, creator_id, title;
  std::vector<std::string> topics;
  std::string reason;
};

struct feed_answer {
  bool ok = true;
  errc code = errc::internal;  // when not ok
  std::string message;
  std::vector<feed_item> items;
  std::string cursor;         // of the next page; empty at the end
  uint64_t pages_served = 0;  // pages recorded for the viewer (the version of feed:<viewer>)
  // Set by the feeds module: today's watch time is past the viewer's daily limit (the
  // page is served all the same; the limit informs, it does not lock).
  bool screen_time_exceeded = false;
};

class feed_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "feeds";

  explicit feed_projection(domain::feed_options options = {});

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  feed_answer answer(const feed_query& query) const;
  // Distinct viewers of the video in the 24 h before `now_ms` (feed_index::views_last_day):
  // the reach moderation ranks cases by. 0 for a video it does not know. On the projection
  // host only.
  uint64_t views_last_day(std::string_view video_id, int64_t now_ms) const;

 private:
  feed_item describe(domain::video_slot slot, std::string reason) const;

  domain::feed_options options_;
  domain::feed_index index_;
};

}  // namespace reel::projections
