#include "domain/feeds/feed_eligibility.h"

#include <algorithm>

#include "domain/accounts/age_policy.h"
#include "domain/privacy/teen_rules.h"

namespace reel::domain {
namespace {

bool contains(const std::vector<uint64_t>& sorted, uint64_t value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

bool is_private_on(const viewer_entry& owner, events::AgeBand band) {
  if (owner.account != private_choice::unset) return owner.account == private_choice::is_private;
  return defaults_for(band).is_private;
}

}  // namespace

feed_viewer viewer_on(const feed_index& index, uint64_t user_id, const civil_date& today) {
  feed_viewer v;
  v.user_id = user_id;
  v.entry = index.viewer(user_id);
  v.today = today;
  // An unknown birthdate leaves the band unknown, which no age rule lets through.
  if (v.entry && v.entry->registered && v.entry->birth.year > 0) {
    if (auto band = age_band_on(v.entry->birth, today)) v.band = *band;
  }
  return v;
}

feed_exclusion exclusion_of(const feed_index& index, const feed_viewer& viewer, video_slot slot,
                            feed_kind feed) {
  const bool for_you = feed == feed_kind::for_you;
  const auto& v = index.video(slot);
  if (v.moderated()) return feed_exclusion::moderated;
  if (for_you && v.unverified_by != 0) return feed_exclusion::unverified;
  if (v.political_ad) return feed_exclusion::political_ad;
  // Feeds are stricter than watching by link: any age restriction keeps a video off the
  // feeds of viewers under 18.
  if (v.minimum_age > 0 &&
      (!may_watch_age_restricted(viewer.band) || !may_watch(viewer.band, v.minimum_age)))
    return feed_exclusion::age_restricted;
  if (v.creator == viewer.user_id) return feed_exclusion::own_video;
  if (const auto* owner = index.viewer(v.creator)) {
    auto band = owner->birth.year > 0 ? age_band_on(owner->birth, viewer.today) : std::nullopt;
    auto owner_band = band.value_or(events::AGE_BAND_UNSPECIFIED);
    if (for_you && owner_band == events::AGE_BAND_13_15) return feed_exclusion::young_creator;
    // Following lists only the creators the viewer follows: approved, for a private one.
    if (feed != feed_kind::following && is_private_on(*owner, owner_band))
      return feed_exclusion::private_creator;
  }
  if (const auto* e = viewer.entry) {
    if (for_you && e->seen.contains(slot)) return feed_exclusion::seen;
    if (contains(e->hidden_creators, v.creator)) return feed_exclusion::hidden_creator;
    if (contains(e->blocked, v.creator) || contains(e->blocked_by, v.creator))
      return feed_exclusion::blocked;
  }
  return feed_exclusion::none;
}

}  // namespace reel::domain
