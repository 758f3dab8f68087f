#include "domain/notifications/quiet_hours.h"

#include "domain/accounts/age_policy.h"
#include "domain/privacy/local_time.h"
#include "domain/privacy/teen_rules.h"

namespace reel::domain {

bool push_held(const recipient_clock& clock, int64_t now_ms) {
  if (clock.birth.year == 0) return false;
  auto local = local_time(clock.timezone, now_ms);
  if (!local) local = local_time(default_timezone, now_ms);
  if (!local) return false;
  auto band = age_band_on(clock.birth, local->date);
  return band && in_quiet_hours(*band, local->minute_of_day);
}

bool update_clock(recipient_clock& clock, const events::Event& event) {
  if (event.has_user_registered()) {
    const auto& r = event.user_registered();
    if (auto birth = parse_date(r.birthdate())) clock.birth = *birth;
    clock.timezone = r.timezone().empty() ? std::string(default_timezone) : r.timezone();
    return true;
  }
  if (event.has_privacy_settings_changed()) {
    const auto& p = event.privacy_settings_changed();
    clock.timezone = p.timezone().empty() ? std::string(default_timezone) : p.timezone();
    return true;
  }
  return false;
}

std::string clock_owner(const events::Event& event) {
  if (event.has_user_registered()) return event.user_registered().user_id();
  if (event.has_privacy_settings_changed()) return event.privacy_settings_changed().user_id();
  return {};
}

}  // namespace reel::domain
