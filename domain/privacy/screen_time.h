// The daily watch-time limit: watch time from `video.view`, counted per local day in the
// user's timezone (local_time.h), against the limit in force (teen_rules.h, in_force).
// Past the limit the user hears once a day (a `screen_time` push) and feed replies say so
// (`screen_time_exceeded`); the feeds still answer: the limit informs, it does not lock.
// Pure: the local day is an argument.
#pragma once

#include <cstdint>

#include "domain/calendar.h"

namespace reel::domain {

struct screen_day {
  civil_date day;           // the local day counted
  uint64_t watched_ms = 0;  // on that day
  bool told = false;        // the push for that day went out
};

// Whether a limit is in force: then every view's watch time is counted (0: none).
inline bool counts_watch_time(uint32_t limit_minutes) {
  return limit_minutes != 0;
}

// Adds `watch_ms` watched on local day `today` (a new day starts from zero). True when
// this view takes the day past `limit_minutes` (0: no limit) for the first time: the one
// moment to tell the user.
bool add_watch_time(screen_day& d, const civil_date& today, uint64_t watch_ms,
                    uint32_t limit_minutes);

// Whether the day `today` is past the limit (false on a day with nothing counted yet).
bool past_limit(const screen_day& d, const civil_date& today, uint32_t limit_minutes);

}  // namespace reel::domain
