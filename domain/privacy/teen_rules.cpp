#include "domain/privacy/teen_rules.h"

#include "domain/privacy/local_time.h"

namespace reel::domain {
namespace {

bool young_teen(events::AgeBand band) {
  return band == events::AGE_BAND_13_15;
}

bool minor(events::AgeBand band) {
  return band == events::AGE_BAND_13_15 || band == events::AGE_BAND_16_17;
}

domain_error not_allowed(std::string why) {
  return domain_error{errc::setting_not_allowed, std::move(why)};
}

}  // namespace

std::string_view audience_name(audience a) {
  switch (a) {
    case audience::everyone:
      return "everyone";
    case audience::friends:
      return "friends";
    case audience::none:
      return "none";
  }
  return "none";
}

std::optional<audience> audience_named(std::string_view name) {
  if (name == "everyone") return audience::everyone;
  if (name == "friends") return audience::friends;
  if (name == "none") return audience::none;
  return std::nullopt;
}

privacy_settings defaults_for(events::AgeBand band) {
  privacy_settings s;
  if (young_teen(band)) {
    s.is_private = true;
    s.comments = audience::friends;
    s.duet = s.stitch = audience::none;
  } else if (band == events::AGE_BAND_16_17) {
    s.duet = s.stitch = audience::friends;
  }
  if (minor(band)) s.daily_limit_minutes = default_teen_daily_limit_minutes;
  return s;
}

privacy_choices choices_at_registration(events::AgeBand band, std::string timezone) {
  privacy_choices c;
  c.timezone = std::move(timezone);
  if (young_teen(band)) c.is_private = true;
  return c;
}

privacy_settings in_force(const privacy_choices& chosen, events::AgeBand band) {
  auto s = defaults_for(band);
  s.is_private = chosen.is_private.value_or(s.is_private);
  s.comments = chosen.comments.value_or(s.comments);
  s.duet = chosen.duet.value_or(s.duet);
  s.stitch = chosen.stitch.value_or(s.stitch);
  s.daily_limit_minutes = chosen.daily_limit_minutes.value_or(s.daily_limit_minutes);
  s.timezone = chosen.timezone.empty() ? std::string(default_timezone) : chosen.timezone;
  if (young_teen(band)) {
    if (s.comments == audience::everyone) s.comments = audience::friends;
    s.duet = s.stitch = audience::none;
    if (s.daily_limit_minutes == 0) s.daily_limit_minutes = default_teen_daily_limit_minutes;
  }
  return s;
}

std::variant<privacy_choices, domain_error> change_settings(const privacy_choices& chosen,
                                                            const privacy_change& change,
                                                            events::AgeBand band) {
  if (young_teen(band)) {
    if (change.comments == audience::everyone)
      return not_allowed("under 16, comments are open to friends at most");
    if ((change.duet && *change.duet != audience::none) ||
        (change.stitch && *change.stitch != audience::none))
      return not_allowed("under 16, nobody duets or stitches your videos");
    if (change.daily_limit_minutes == 0u)
      return not_allowed("under 16, the daily limit cannot be turned off");
  }
  if (change.daily_limit_minutes && *change.daily_limit_minutes > max_daily_limit_minutes)
    return domain_error{errc::bad_args, "daily_limit_minutes is 0 (none) to 1440"};
  if (change.timezone && !is_known_timezone(*change.timezone))
    return domain_error{errc::invalid_timezone,
                        "timezone is an IANA zone name such as Europe/Berlin, or UTC"};
  auto next = chosen;
  if (change.is_private) next.is_private = change.is_private;
  if (change.comments) next.comments = change.comments;
  if (change.duet) next.duet = change.duet;
  if (change.stitch) next.stitch = change.stitch;
  if (change.daily_limit_minutes) next.daily_limit_minutes = change.daily_limit_minutes;
  if (change.timezone) next.timezone = *change.timezone;
  return next;
}

namespace {

events::Audience audience_event(std::optional<audience> a) {
  if (!a) return events::AUDIENCE_UNSPECIFIED;
  switch (*a) {
    case audience::everyone:
      return events::AUDIENCE_EVERYONE;
    case audience::friends:
      return events::AUDIENCE_FRIENDS;
    case audience::none:
      return events::AUDIENCE_NONE;
  }
  return events::AUDIENCE_UNSPECIFIED;
}

std::optional<audience> audience_of(events::Audience a) {
  switch (a) {
    case events::AUDIENCE_EVERYONE:
      return audience::everyone;
    case events::AUDIENCE_FRIENDS:
      return audience::friends;
    case events::AUDIENCE_NONE:
      return audience::none;
    default:
      return std::nullopt;  // unspecified, or a value of a later schema: the default
  }
}

}  // namespace

events::PrivacySettingsChanged privacy_event(std::string_view user_id,
                                             const privacy_choices& chosen) {
  events::PrivacySettingsChanged e;
  e.set_user_id(std::string(user_id));
  if (chosen.is_private) e.set_is_private(*chosen.is_private);
  e.set_comments(audience_event(chosen.comments));
  e.set_duet(audience_event(chosen.duet));
  e.set_stitch(audience_event(chosen.stitch));
  if (chosen.daily_limit_minutes) e.set_daily_limit_minutes(*chosen.daily_limit_minutes);
  e.set_timezone(chosen.timezone);
  return e;
}

privacy_choices choices_of(const events::PrivacySettingsChanged& e) {
  privacy_choices c;
  if (e.has_is_private()) c.is_private = e.is_private();
  c.comments = audience_of(e.comments());
  c.duet = audience_of(e.duet());
  c.stitch = audience_of(e.stitch());
  if (e.has_daily_limit_minutes()) c.daily_limit_minutes = e.daily_limit_minutes();
  c.timezone = e.timezone().empty() ? std::string(default_timezone) : e.timezone();
  return c;
}

quiet_window quiet_hours(events::AgeBand band) {
  if (young_teen(band)) return {21 * 60, 8 * 60};
  if (band == events::AGE_BAND_16_17) return {22 * 60, 8 * 60};
  return {0, 0};
}

bool in_quiet_hours(events::AgeBand band, int minute) {
  auto w = quiet_hours(band);
  if (w.start_minute == w.end_minute) return false;
  if (w.start_minute < w.end_minute) return minute >= w.start_minute && minute < w.end_minute;
  return minute >= w.start_minute || minute < w.end_minute;  // across midnight
}

}  // namespace reel::domain
