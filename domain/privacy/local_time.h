// Local time in a user's IANA time zone (e.g. "Europe/Berlin"), for the rules that follow
// the user's day: quiet hours, the daily watch-time limit, the birthday that changes an age
// band. The zone database is the system's tzdata, read through Howard Hinnant's date
// library (Debian's libhowardhinnant-date-dev; GCC 12's <chrono> has no tzdb yet).
// Pure in what matters: the same zone and instant give the same answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.h"

namespace reel::domain {

inline constexpr std::string_view default_timezone = "UTC";
inline constexpr size_t max_timezone_chars = 64;

// Whether `name` is a zone of the database ("UTC" always is). Names are case-sensitive.
bool is_known_timezone(std::string_view name);

struct local_moment {
  civil_date date;           // the local calendar day
  int minute_of_day = 0;     // 0-1439, local
  int64_t day_start_ms = 0;  // the UTC instant the local day began (DST days included)
};

// The local day and time in `timezone` at `unix_ms`; nullopt for an unknown zone.
std::optional<local_moment> local_time(std::string_view timezone, int64_t unix_ms);

}  // namespace reel::domain
