// What a feed never serves. Every feed applies these rules; For You also never serves a
// video twice to one viewer, nor one labelled unverified pending review (it stays
// reachable by link, with its label, and in the other feeds), nor a video of a creator
// aged 13-15 on the day (domain/privacy/teen_rules.h). A private account's videos are
// served only in Following, to the followers its owner approved.
#pragma once

#include <cstdint>

#include "domain/calendar.h"
#include "domain/feeds/feed_index.h"

namespace reel::domain {

enum class feed_exclusion {
  none,
  seen,             // served to or watched by the viewer before (For You only)
  moderated,        // hidden or removed by moderation
  unverified,       // labelled unverified pending review (For You only)
  political_ad,     // political ads are never served
  age_restricted,   // restricted above the viewer's age
  hidden_creator,   // the viewer marked one of the creator's videos "not interested"
  blocked,          // one of the two blocked the other
  own_video,        // the viewer's own video
  private_creator,  // a private account's, outside Following
  young_creator,    // a creator aged 13-15 on the day (For You only)
};

// Which feed asks: each has its own rules beside the common ones.
enum class feed_kind : uint8_t { for_you, following, trending, stem };

// The viewer as the rules see them at one moment.
struct feed_viewer {
  uint64_t user_id = 0;
  const viewer_entry* entry = nullptr;  // null: nothing known (served like an unknown age)
  events::AgeBand band = events::AGE_BAND_UNSPECIFIED;  // on `today`
  civil_date today;
};
feed_viewer viewer_on(const feed_index& index, uint64_t user_id, const civil_date& today);

feed_exclusion exclusion_of(const feed_index& index, const feed_viewer& viewer, video_slot slot,
                            feed_kind feed);

inline bool servable(const feed_index& index, const feed_viewer& viewer, video_slot slot,
                     feed_kind feed) {
  return exclusion_of(index, viewer, slot, feed) == feed_exclusion::none;
}

}  // namespace reel::domain
