#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <vector>

#include "domain/ids.h"

using namespace reel;

namespace {
constexpr int64_t t0 = 1763900000000;  // 2025-11-23, an ordinary wall-clock time
}

BOOST_AUTO_TEST_SUITE(ids)

BOOST_AUTO_TEST_CASE(print_and_parse_round_trip_for_every_kind) {
  id_generator gen(7);
  auto u = gen.next<id_kind::user>(t0);
  auto v = gen.next<id_kind::video>(t0);
  auto c = gen.next<id_kind::moderation_case>(t0);
  BOOST_TEST(u.str().starts_with("usr_"));
  BOOST_TEST(v.str().starts_with("vid_"));
  BOOST_TEST(c.str().starts_with("cas_"));
  BOOST_TEST(u.str().size() == 4u + 13u);
  BOOST_TEST(user_id::parse(u.str()).value() == u);
  BOOST_TEST(video_id::parse(v.str()).value() == v);
  BOOST_TEST(case_id::parse(c.str()).value() == c);
  BOOST_TEST(period_id::parse(gen.next<id_kind::period>(t0).str()).has_value());
  BOOST_TEST(payout_id::parse(gen.next<id_kind::payout>(t0).str()).has_value());
  BOOST_TEST(creator_id::parse(gen.next<id_kind::creator>(t0).str()).has_value());
  BOOST_TEST(comment_id::parse(gen.next<id_kind::comment>(t0).str()).has_value());
}

BOOST_AUTO_TEST_CASE(extremes_round_trip) {
  auto max = user_id::from_value(~uint64_t{0});
  BOOST_TEST(max.str() == "usr_FZZZZZZZZZZZZ");
  BOOST_TEST(user_id::parse(max.str()).value() == max);
  BOOST_TEST(user_id::parse("usr_0000000000001").value().value() == 1u);
}

BOOST_AUTO_TEST_CASE(parse_rejects_what_is_not_canonical) {
  auto good = id_generator(1).next<id_kind::user>(t0).str();
  BOOST_TEST(!video_id::parse(good).has_value());  // another kind's prefix
  BOOST_TEST(!user_id::parse("").has_value());
  BOOST_TEST(!user_id::parse("usr_").has_value());
  BOOST_TEST(!user_id::parse(good.substr(0, good.size() - 1)).has_value());  // too short
  BOOST_TEST(!user_id::parse(good + "0").has_value());                       // too long
  BOOST_TEST(!user_id::parse("usr-0000000000001").has_value());              // separator
  BOOST_TEST(!user_id::parse("usr_000000000000l").has_value());              // lower case
  BOOST_TEST(!user_id::parse("usr_000000000000I").has_value());              // not Crockford
  BOOST_TEST(!user_id::parse("usr_000000000000U").has_value());
  BOOST_TEST(!user_id::parse("usr_G000000000000").has_value());  // 65th bit
  BOOST_TEST(!user_id::parse("usr_0000000000000").has_value());  // the null id
  BOOST_TEST(!user_id::parse(std::string("usr_00000000000\0"
                                         "1",
                                         17))
                  .has_value());
}

BOOST_AUTO_TEST_CASE(ids_sort_by_creation_time_as_numbers_and_as_text) {
  id_generator gen(3);
  std::vector<user_id> minted;
  for (int i = 0; i < 10000; ++i) minted.push_back(gen.next<id_kind::user>(t0 + i / 7));
  for (size_t i = 1; i < minted.size(); ++i) {
    BOOST_TEST(minted[i - 1] < minted[i]);
    BOOST_TEST(minted[i - 1].str() < minted[i].str());
  }
  BOOST_TEST(minted.front().created_at_unix_ms() == t0);
  BOOST_TEST(minted.front().node() == 3);
}

BOOST_AUTO_TEST_CASE(generator_stays_monotonic_when_the_clock_steps_back) {
  id_generator gen(0);
  auto a = gen.next_value(t0 + 1000);
  auto b = gen.next_value(t0);  // the clock went back a second
  auto c = gen.next_value(t0 + 1000);
  BOOST_TEST(a < b);
  BOOST_TEST(b < c);
}

BOOST_AUTO_TEST_CASE(generator_borrows_the_next_millisecond_past_4096_ids) {
  id_generator gen(0);
  uint64_t last = 0;
  for (int i = 0; i < 10000; ++i) {
    auto v = gen.next_value(t0);
    BOOST_TEST(v > last);
    last = v;
  }
  BOOST_TEST(user_id::from_value(last).created_at_unix_ms() > t0);
}

BOOST_AUTO_TEST_CASE(generator_never_mints_the_null_id) {
  id_generator gen(0);
  BOOST_TEST(gen.next_value(id_epoch_unix_ms) != 0u);
  BOOST_TEST(gen.next_value(0) != 0u);  // a clock before the epoch
}

BOOST_AUTO_TEST_CASE(node_ids_are_bounded) {
  BOOST_CHECK_THROW(id_generator(1024), std::invalid_argument);
  BOOST_TEST(id_generator(1023).next<id_kind::video>(t0).node() == 1023);
}

BOOST_AUTO_TEST_SUITE_END()
