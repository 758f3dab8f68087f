#include "domain/calendar.h"

#include <chrono>
#include <cstdio>

namespace reel::domain {

std::string civil_date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<civil_date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t at, size_t len) -> int {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  civil_date d{number(0, 4), number(5, 2), number(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{d.year},
                                  std::chrono::month{static_cast<unsigned>(d.month)},
                                  std::chrono::day{static_cast<unsigned>(d.day)}};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

civil_date date_of_unix_ms(int64_t unix_ms) {
  auto days = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(unix_ms)));
  std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string rfc3339_of_unix_ms(int64_t unix_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(unix_ms)};
  auto days = floor<std::chrono::days>(t);
  year_month_day ymd{days};
  hh_mm_ss<milliseconds> hms{t - days};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return out;
}

int years_between(const civil_date& birth, const civil_date& on) {
  int years = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
  return years;
}

}  // namespace reel::domain
