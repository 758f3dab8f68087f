#include <boost/test/unit_test.hpp>

#include "domain/accounts/age_policy.h"

using namespace reel;
using namespace reel::domain;

namespace {
civil_date d(const char* text) {
  return parse_date(text).value();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(age_policy)

BOOST_AUTO_TEST_CASE(dates_parse_strictly) {
  BOOST_TEST(parse_date("2010-02-28").has_value());
  BOOST_TEST(parse_date("2012-02-29").has_value());   // leap year
  BOOST_TEST(!parse_date("2011-02-29").has_value());  // not a leap year
  BOOST_TEST(!parse_date("2011-04-31").has_value());
  BOOST_TEST(!parse_date("2011-13-01").has_value());
  BOOST_TEST(!parse_date("2011-00-10").has_value());
  BOOST_TEST(!parse_date("2011-1-10").has_value());
  BOOST_TEST(!parse_date("20110110").has_value());
  BOOST_TEST(!parse_date("1899-12-31").has_value());
  BOOST_TEST(!parse_date("1900-02-29").has_value());  // centuries are not leap years...
  BOOST_TEST(parse_date("2000-02-29").has_value());   // ...unless divisible by 400
  BOOST_TEST(date_of_unix_ms(-86400000).str() == "1969-12-31");
  BOOST_TEST(!parse_date("2011-01-1x").has_value());
  BOOST_TEST(!parse_date("").has_value());
  BOOST_TEST(d("2010-02-28").str() == "2010-02-28");
  BOOST_TEST(date_of_unix_ms(1763900000000).str() == "2025-11-23");
}

BOOST_AUTO_TEST_CASE(ages_count_whole_years_from_the_birthday) {
  BOOST_TEST(years_between(d("2000-06-15"), d("2013-06-14")) == 12);
  BOOST_TEST(years_between(d("2000-06-15"), d("2013-06-15")) == 13);
  // Born on 29 February: a year older on 1 March in common years.
  BOOST_TEST(years_between(d("2008-02-29"), d("2021-02-28")) == 12);
  BOOST_TEST(years_between(d("2008-02-29"), d("2021-03-01")) == 13);
}

BOOST_AUTO_TEST_CASE(bands_follow_the_age_on_the_day) {
  auto today = d("2026-11-23");
  BOOST_TEST(!age_band_on(d("2013-11-24"), today).has_value());  // 12, one day short
  BOOST_TEST(age_band_on(d("2013-11-23"), today).value() == events::AGE_BAND_13_15);
  BOOST_TEST(age_band_on(d("2010-11-24"), today).value() == events::AGE_BAND_13_15);
  BOOST_TEST(age_band_on(d("2010-11-23"), today).value() == events::AGE_BAND_16_17);
  BOOST_TEST(age_band_on(d("2008-11-24"), today).value() == events::AGE_BAND_16_17);
  BOOST_TEST(age_band_on(d("2008-11-23"), today).value() == events::AGE_BAND_ADULT);
  BOOST_TEST(!age_band_on(d("2027-01-01"), today).has_value());  // not born yet
}

BOOST_AUTO_TEST_CASE(younger_users_get_stricter_defaults) {
  BOOST_TEST(!may_duet_or_stitch(events::AGE_BAND_13_15));
  BOOST_TEST(may_duet_or_stitch(events::AGE_BAND_16_17));
  BOOST_TEST(!may_be_dueted_or_stitched(events::AGE_BAND_13_15));
  BOOST_TEST(!may_watch_age_restricted(events::AGE_BAND_16_17));
  BOOST_TEST(may_watch_age_restricted(events::AGE_BAND_ADULT));
  BOOST_TEST(!may_watch_age_restricted(events::AGE_BAND_UNSPECIFIED));
  BOOST_TEST(may_watch(events::AGE_BAND_13_15, 0));
  BOOST_TEST(may_watch(events::AGE_BAND_13_15, 13));
  BOOST_TEST(!may_watch(events::AGE_BAND_13_15, 16));
  BOOST_TEST(may_watch(events::AGE_BAND_16_17, 16));
  BOOST_TEST(!may_watch(events::AGE_BAND_16_17, 18));
  BOOST_TEST(!may_watch(events::AGE_BAND_UNSPECIFIED, 13));
}

BOOST_AUTO_TEST_SUITE_END()
