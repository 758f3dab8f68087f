#include "domain/privacy/screen_time.h"

namespace reel::domain {

bool past_limit(const screen_day& d, const civil_date& today, uint32_t limit_minutes) {
  return limit_minutes != 0 && d.day == today && d.watched_ms >= uint64_t{limit_minutes} * 60000;
}

bool add_watch_time(screen_day& d, const civil_date& today, uint64_t watch_ms,
                    uint32_t limit_minutes) {
  if (d.day != today) d = screen_day{today, 0, false};
  d.watched_ms += watch_ms;
  if (d.told || !past_limit(d, today, limit_minutes)) return false;
  d.told = true;
  return true;
}

}  // namespace reel::domain
