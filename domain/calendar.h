// Calendar dates as people write them ("YYYY-MM-DD"), for birthdates and ages. Pure: the
// current date is always an argument.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reel::domain {

struct civil_date {
  int year = 0;
  int month = 0;  // 1-12
  int day = 0;    // 1-31, valid for the month

  auto operator<=>(const civil_date&) const = default;
  std::string str() const;  // "YYYY-MM-DD"
};

// Strictly "YYYY-MM-DD" with a real calendar day (leap years included), years 1900-9999.
std::optional<civil_date> parse_date(std::string_view text);

// The UTC calendar date of a Unix time in milliseconds.
civil_date date_of_unix_ms(int64_t unix_ms);

// RFC 3339 in UTC with milliseconds, e.g. "2026-12-02T05:04:01.250Z": how the protocol
// writes times.
std::string rfc3339_of_unix_ms(int64_t unix_ms);

// Whole years from `birth` to `on` (an age): the birthday counts from its day; someone
// born on 29 February turns a year older on 1 March in common years.
int years_between(const civil_date& birth, const civil_date& on);

}  // namespace reel::domain
