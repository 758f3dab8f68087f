#include "domain/fund/view_qualification.h"

#include <array>

namespace reel::domain {
namespace {

view_verdict verdict_of(const view_facts& v, const qualification_rules& r) {
  if (v.viewer_flagged) return view_verdict::flagged_viewer;
  if (v.viewer_views_in_last_hour >= r.max_views_per_hour) return view_verdict::rate_anomaly;
  if (v.viewer_is_creator) return view_verdict::own_video;
  if (v.is_ad) return view_verdict::ad;
  if (!v.video_visible) return view_verdict::video_not_visible;
  if (v.creator_band != events::AGE_BAND_ADULT) return view_verdict::creator_under_18;
  if (v.creator_publish_suspended) return view_verdict::creator_suspended;
  uint32_t needed = r.min_watch_ms;
  if (v.probed_duration_ms > 0 && v.probed_duration_ms < needed) needed = v.probed_duration_ms;
  if (v.watch_ms < needed) return view_verdict::too_short;
  bool as_it_is =
      v.source == events::FEED_SOURCE_PROFILE || v.source == events::FEED_SOURCE_SHARE_LINK;
  if (!as_it_is && !v.served_to_viewer) return view_verdict::not_served;
  if (v.qualified_today) return view_verdict::repeat_today;
  return view_verdict::qualified;
}

}  // namespace

std::string_view verdict_name(view_verdict v) {
  // In the enum's order.
  static constexpr std::array<std::string_view, 11> names = {
      "qualified", "flagged_viewer",    "rate_anomaly",     "own_video",
      "ad",        "video_not_visible", "creator_under_18", "creator_suspended",
      "too_short", "not_served",        "repeat_today"};
  static_assert(names.size() == static_cast<size_t>(view_verdict::repeat_today) + 1);
  auto i = static_cast<size_t>(v);
  return i < names.size() ? names[i] : std::string_view("unknown");
}

view_decision qualify(const view_facts& view, const qualification_rules& rules) {
  return {verdict_of(view, rules), rules.version};
}

}  // namespace reel::domain
