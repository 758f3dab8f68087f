// Privacy settings and the rules by age band on the day (UK Age Appropriate Design Code:
// high privacy by default, no nudges to weaken it; TikTok's own teen rules, made
// checkable). Every rule here is applied by the band of the day, so a birthday changes
// what applies with no write.
//
//  - 13-15: private by default; comments `friends` by default and never `everyone`;
//    nobody duets or stitches their videos; a daily watch-time limit they cannot turn off;
//    quiet hours 21:00-08:00.
//  - 16-17: duet and stitch `friends` by default; quiet hours 22:00-08:00.
//  - Under 18: a daily limit of 60 minutes by default.
//  - Adults: public, `everyone`, no limit, no quiet hours, by default.
//  - Defaults are defaults: anything else is the user's choice.
// Pure: the band is an argument.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/decision.h"
#include "reel/events.pb.h"

namespace reel::domain {

// Who may comment on, duet or stitch a user's videos: `friends` are mutual follows.
enum class audience : uint8_t { everyone, friends, none };
std::string_view audience_name(audience a);
std::optional<audience> audience_named(std::string_view name);

inline constexpr uint32_t default_teen_daily_limit_minutes = 60;
inline constexpr uint32_t max_daily_limit_minutes = 24 * 60;

// The settings in force.
struct privacy_settings {
  bool is_private = false;
  audience comments = audience::everyone;
  audience duet = audience::everyone;
  audience stitch = audience::everyone;
  uint32_t daily_limit_minutes = 0;  // 0: none
  std::string timezone = "UTC";      // IANA (local_time.h)

  bool operator==(const privacy_settings&) const = default;
};

// What the user chose; unset: the default of their band on the day, so a birthday brings
// the next band's defaults by itself.
struct privacy_choices {
  std::optional<bool> is_private;
  std::optional<audience> comments, duet, stitch;
  std::optional<uint32_t> daily_limit_minutes;
  std::string timezone = "UTC";

  bool operator==(const privacy_choices&) const = default;
};

// The defaults of `band`.
privacy_settings defaults_for(events::AgeBand band);

// What a registration records: the timezone, and for 13-15 `private` as a choice made
// for them, so that the account stays private past 16 and 18 until its owner opens it.
privacy_choices choices_at_registration(events::AgeBand band, std::string timezone);

// The settings in force for `band` today: each choice, or the band's default, and where a
// rule of the band forbids a choice (one made when older), the rule: a 13-15's comments
// are never `everyone`, their duets and stitches `none`, their daily limit never off.
privacy_settings in_force(const privacy_choices& chosen, events::AgeBand band);

// A change the user asks for; unset fields stay as they are.
struct privacy_change {
  std::optional<bool> is_private;
  std::optional<audience> comments, duet, stitch;
  std::optional<uint32_t> daily_limit_minutes;
  std::optional<std::string> timezone;
};

// The user's new choices, or why not: `setting_not_allowed` for what a rule of `band`
// forbids (the message names the rule), `bad_args` for a limit over a day,
// `invalid_timezone` for a zone not in the database.
std::variant<privacy_choices, domain_error> change_settings(const privacy_choices& chosen,
                                                            const privacy_change& change,
                                                            events::AgeBand band);

// The event form of a user's choices (PrivacySettingsChanged, also in the user's
// snapshot), and back.
events::PrivacySettingsChanged privacy_event(std::string_view user_id,
                                             const privacy_choices& chosen);
privacy_choices choices_of(const events::PrivacySettingsChanged& event);

// Quiet hours by band, in local minutes of the day: [start, end) across midnight; none
// for adults (start == end).
struct quiet_window {
  int start_minute = 0, end_minute = 0;
};
quiet_window quiet_hours(events::AgeBand band);
bool in_quiet_hours(events::AgeBand band, int local_minute_of_day);

}  // namespace reel::domain
