// Quiet hours hold pushes: in a user's quiet hours (teen_rules.h, by band: 21:00-08:00 for
// 13-15, 22:00-08:00 for 16-17, in their timezone) a notice is not pushed; it waits in
// their inbox (inbox.h), which keeps every notice whatever the hour.
#pragma once

#include <cstdint>
#include <string>

#include "domain/calendar.h"
#include "reel/events.pb.h"

namespace reel::domain {

// What decides a user's quiet hours: their birthdate (the band on the local day) and their
// timezone.
struct recipient_clock {
  civil_date birth;
  std::string timezone = "UTC";
};

// Whether a push to this user waits at `now_ms` (an unknown zone counts as UTC; an unknown
// birthdate, never).
bool push_held(const recipient_clock& clock, int64_t now_ms);

// What an event says of a user's clock: their registration sets it, a change of privacy
// settings its timezone. False for other events.
bool update_clock(recipient_clock& clock, const events::Event& event);
// The user an event of update_clock's is about (empty for others).
std::string clock_owner(const events::Event& event);

}  // namespace reel::domain
