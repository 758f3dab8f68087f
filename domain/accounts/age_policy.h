// Who may do what at which age. Every age rule of the product lives here.
#pragma once

#include <cstdint>
#include <optional>

#include "domain/calendar.h"
#include "reel/events.pb.h"

namespace reel::domain {

inline constexpr int minimum_age_to_register = 13;  // younger people cannot register
inline constexpr int duet_stitch_age = 16;          // younger users cannot duet or stitch others
inline constexpr int adult_age = 18;                // age-restricted videos need this age

// The band of someone born on `birth` on the day `today`; nullopt when under 13 or born
// after `today`.
std::optional<events::AgeBand> age_band_on(const civil_date& birth, const civil_date& today);

// Users under 16 cannot duet or stitch other people's videos, and nobody can duet or
// stitch theirs.
bool may_duet_or_stitch(events::AgeBand band);
bool may_be_dueted_or_stitched(events::AgeBand band);

// Age-restricted videos are served to adults only.
bool may_watch_age_restricted(events::AgeBand band);

// Whether someone of `band` may watch a video restricted to `minimum_age` (0: none). A band
// counts as its youngest age, and an unknown band as too young for any restriction.
bool may_watch(events::AgeBand band, uint32_t minimum_age);

// A band this build knows (not unspecified, not out of range).
bool is_known_band(events::AgeBand band);

}  // namespace reel::domain
