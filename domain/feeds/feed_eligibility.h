// What a feed never serves. Every feed applies these rules; For You also never serves a
// video twice to one viewer, nor one labelled unverified pending review (it stays
// reachable by link, with its label, and in the other feeds).
#pragma once

#include <cstdint>

#include "domain/calendar.h"
#include "domain/feeds/feed_index.h"

namespace reel::domain {

enum class feed_exclusion {
  none,
  seen,            // served to or watched by the viewer before (For You only)
  moderated,       // hidden or removed by moderation
  unverified,      // labelled unverified pending review (For You only)
  political_ad,    // political ads are never served
  age_restricted,  // restricted above the viewer's age
  hidden_creator,  // the viewer marked one of the creator's videos "not interested"
  blocked,         // one of the two blocked the other
  own_video,       // the viewer's own video
};

// The viewer as the rules see them at one moment.
struct feed_viewer {
  uint64_t user_id = 0;
  const viewer_entry* entry = nullptr;  // null: nothing known (served like an unknown age)
  events::AgeBand band = events::AGE_BAND_UNSPECIFIED;  // on `today`
};
feed_viewer viewer_on(const feed_index& index, uint64_t user_id, const civil_date& today);

feed_exclusion exclusion_of(const feed_index& index, const feed_viewer& viewer, video_slot slot,
                            bool for_you);

inline bool servable(const feed_index& index, const feed_viewer& viewer, video_slot slot,
                     bool for_you) {
  return exclusion_of(index, viewer, slot, for_you) == feed_exclusion::none;
}

}  // namespace reel::domain
