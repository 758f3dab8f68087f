#include "domain/privacy/local_time.h"

#include <date/tz.h>

#include <chrono>

namespace reel::domain {
namespace {

const date::time_zone* zone_named(std::string_view name) {
  if (name.empty() || name.size() > max_timezone_chars) return nullptr;
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;  // not in the database
  }
}

}  // namespace

bool is_known_timezone(std::string_view name) {
  return zone_named(name) != nullptr;
}

std::optional<local_moment> local_time(std::string_view timezone, int64_t unix_ms) {
  using namespace std::chrono;
  date::sys_time<milliseconds> at{milliseconds(unix_ms)};
  if (timezone == default_timezone) {
    // Most users' zone, asked on every request that reads a band: no database lookup.
    auto day = date::floor<date::days>(at);
    date::year_month_day ymd{day};
    local_moment out;
    out.date = {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                static_cast<int>(static_cast<unsigned>(ymd.day()))};
    out.minute_of_day = static_cast<int>(duration_cast<minutes>(at - day).count());
    out.day_start_ms = duration_cast<milliseconds>(day.time_since_epoch()).count();
    return out;
  }
  const auto* zone = zone_named(timezone);
  if (!zone) return std::nullopt;
  auto local = zone->to_local(at);
  auto day = date::floor<date::days>(local);
  date::year_month_day ymd{day};
  local_moment out;
  out.date = {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
  out.minute_of_day = static_cast<int>(duration_cast<minutes>(local - day).count());
  // The local midnight as a UTC instant; on a day whose midnight does not exist (a DST
  // jump at 00:00) the earliest instant of the day.
  auto start =
      zone->to_sys(date::local_time<milliseconds>(day.time_since_epoch()), date::choose::earliest);
  out.day_start_ms = start.time_since_epoch().count();
  return out;
}

}  // namespace reel::domain
