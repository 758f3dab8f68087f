// Which views the Creator Fund pays for: each `video_viewed` is decided once,
// deterministically from the log (the fund projection gathers the facts below from what it
// folded before the view), with its reason and the version of the rules that decided it. A
// rebuild decides the same. Rules, version 1, in the order they are applied:
//  - a viewer flagged by fund.flag_viewer: nothing from the flag's effective time;
//  - past `max_views_per_hour` views in the trailing hour, across all videos, the excess
//    is a rate anomaly;
//  - not the creator's own; not an ad; the video visible;
//  - the creator 18 or older on the day, and not suspended from publishing;
//  - at least `min_watch_ms` watched, or the whole video when a media probe says it is
//    shorter (a duration the client declared never lowers the minimum);
//  - a view claiming a feed (For You, Following, Trending, STEM, search) counts only if
//    that feed served the video to the viewer; from the creator's profile or a share link
//    it counts as it is;
//  - one per viewer, video and UTC day.
// Pure: the facts are arguments. The Creator Fund issue's rules; the fund projection that
// applies them comes next.
#pragma once

#include <cstdint>
#include <string_view>

#include "reel/events.pb.h"

namespace reel::domain {

enum class view_verdict : uint8_t {
  qualified,
  flagged_viewer,
  rate_anomaly,
  own_video,
  ad,
  video_not_visible,
  creator_under_18,
  creator_suspended,
  too_short,
  not_served,
  repeat_today,
};
std::string_view verdict_name(view_verdict v);  // e.g. "rate_anomaly"

// A version applies to views after its effective time (the projection picks it).
struct qualification_rules {
  uint32_t version = 1;
  uint32_t min_watch_ms = 5000;
  uint32_t max_views_per_hour = 120;  // a person watching 30 s videos back to back
};

struct view_facts {
  uint32_t watch_ms = 0;
  uint32_t probed_duration_ms = 0;  // from a media probe; 0: not probed
  events::FeedSource source = events::FEED_SOURCE_UNSPECIFIED;
  bool served_to_viewer = false;  // that feed served the video to the viewer (feed_served)
  bool viewer_is_creator = false;
  bool video_visible = false;
  bool is_ad = false;
  events::AgeBand creator_band = events::AGE_BAND_UNSPECIFIED;  // on the view's day
  bool creator_publish_suspended = false;
  bool viewer_flagged = false;             // a flag in effect at the view's time
  uint32_t viewer_views_in_last_hour = 0;  // before this one, across all videos
  bool qualified_today = false;            // this viewer, this video, this UTC day
};

struct view_decision {
  view_verdict verdict = view_verdict::qualified;
  uint32_t rule_version = 0;
  bool qualified() const { return verdict == view_verdict::qualified; }
};

view_decision qualify(const view_facts& view, const qualification_rules& rules = {});

}  // namespace reel::domain
