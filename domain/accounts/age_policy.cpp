#include "domain/accounts/age_policy.h"

namespace reel::domain {

std::optional<events::AgeBand> age_band_on(const civil_date& birth, const civil_date& today) {
  if (birth > today) return std::nullopt;
  int age = years_between(birth, today);
  if (age < minimum_age_to_register) return std::nullopt;
  if (age < duet_stitch_age) return events::AGE_BAND_13_15;
  if (age < adult_age) return events::AGE_BAND_16_17;
  return events::AGE_BAND_ADULT;
}

bool may_duet_or_stitch(events::AgeBand band) {
  return band == events::AGE_BAND_16_17 || band == events::AGE_BAND_ADULT;
}

bool may_be_dueted_or_stitched(events::AgeBand band) {
  return may_duet_or_stitch(band);
}

bool may_watch_age_restricted(events::AgeBand band) {
  return band == events::AGE_BAND_ADULT;
}

bool is_known_band(events::AgeBand band) {
  return band != events::AGE_BAND_UNSPECIFIED && events::AgeBand_IsValid(band);
}

bool may_watch(events::AgeBand band, uint32_t minimum_age) {
  if (minimum_age == 0) return true;
  int youngest = band == events::AGE_BAND_ADULT   ? adult_age
                 : band == events::AGE_BAND_16_17 ? duet_stitch_age
                 : band == events::AGE_BAND_13_15 ? minimum_age_to_register
                                                  : 0;
  return youngest >= static_cast<int>(minimum_age);
}

}  // namespace reel::domain
