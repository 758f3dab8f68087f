// The feeds' rules: what the index learns, what is never served, the fresh share, the
// diversity rule, reasons, and that a rebuild or a reload ends in the same state.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "domain/feeds/feed_eligibility.h"
#include "domain/feeds/feed_pages.h"
#include "domain/feeds/for_you_ranker.h"
#include "domain/feeds/video_quality.h"
#include "feed_log.h"

using namespace reel;
using namespace reel::domain;
using namespace reel::testing;

namespace {

std::vector<std::string> ids_of(const feed_log& log, const feed_page& page) {
  std::vector<std::string> out;
  for (const auto& item : page.items)
    out.push_back(video_id::from_value(log.index.video(item.slot).id).str());
  return out;
}

bool serves(const feed_log& log, const feed_page& page, uint64_t v) {
  auto ids = ids_of(log, page);
  return std::find(ids.begin(), ids.end(), video(v)) != ids.end();
}

// A platform: `creators` creators with `per_creator` videos each on topics "t0".."t4",
// watched by `viewers` other users (users 100+), so every source has candidates.
void populate(feed_log& log, int creators, int per_creator, int viewers) {
  for (int c = 0; c < creators; ++c) log.registered(c);
  for (int u = 0; u < viewers; ++u) log.registered(100 + u);
  int v = 0;
  for (int c = 0; c < creators; ++c)
    for (int k = 0; k < per_creator; ++k, ++v) log.published(v, c, {"t" + std::to_string(v % 5)});
  for (int u = 0; u < viewers; ++u)
    for (int k = 0; k < 6; ++k) log.viewed(100 + u, (u * 7 + k * 3) % v);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feeds)

BOOST_AUTO_TEST_CASE(completed_views_teach_interests_and_co_engagement) {
  feed_log log;
  log.registered(1);
  log.registered(2);
  log.published(1, 1, {"cats"});
  log.published(2, 1, {"dogs"});
  log.viewed(2, 1);
  log.viewed(2, 2);
  const auto* viewer = log.index.viewer(user_value(2));
  BOOST_REQUIRE(viewer);
  BOOST_TEST(viewer->recent_positives.size() == 2u);
  BOOST_TEST(viewer->interests.topic_weight(*log.index.topic_of("cats")) > 0);
  BOOST_TEST(log.index.video(0).neighbours.size() == 1u);
  BOOST_TEST(log.index.video(0).positives == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(feeds_never_served)

BOOST_AUTO_TEST_CASE(nothing_seen_is_served_again_on_for_you) {
  feed_log log;
  populate(log, 10, 5, 20);
  auto first = for_you_page(log.index, log.page(100));
  BOOST_REQUIRE(!first.items.empty());
  // What the viewer watched never comes back.
  const auto* viewer = log.index.viewer(user_value(100));
  for (const auto& item : first.items) BOOST_TEST(!viewer->seen.contains(item.slot));
  log.served(100, ids_of(log, first));
  auto second = for_you_page(log.index, log.page(100));
  for (const auto& id : ids_of(log, second)) {
    auto again = ids_of(log, first);
    BOOST_TEST((std::find(again.begin(), again.end(), id) == again.end()), id << " served twice");
  }
}

BOOST_AUTO_TEST_CASE(not_interested_takes_effect_on_the_next_page) {
  feed_log log;
  populate(log, 10, 5, 20);
  auto first = for_you_page(log.index, log.page(100));
  BOOST_REQUIRE(!first.items.empty());
  auto disliked = log.index.video(first.items.front().slot);
  uint64_t disliked_video = disliked.id - 5000;
  log.not_interested(100, disliked_video);
  auto second = for_you_page(log.index, log.page(100));
  for (const auto& item : second.items)
    BOOST_TEST(log.index.video(item.slot).creator != disliked.creator);
  BOOST_TEST(!serves(log, following_page(log.index, log.page(100)).value(), disliked_video));
}

BOOST_AUTO_TEST_CASE(moderated_political_and_own_videos_are_never_served) {
  feed_log log;
  populate(log, 10, 5, 20);
  log.published(900, 3, {"t1"}, {false, true});  // a political ad
  log.hidden(0);
  log.removed(1);
  auto viewer = viewer_on(log.index, user_value(100), {2026, 11, 26});
  BOOST_TEST((exclusion_of(log.index, viewer, *log.index.slot_of(5000), feed_kind::trending) ==
              feed_exclusion::moderated));
  BOOST_TEST((exclusion_of(log.index, viewer, *log.index.slot_of(5001), feed_kind::trending) ==
              feed_exclusion::moderated));
  BOOST_TEST((exclusion_of(log.index, viewer, *log.index.slot_of(5900), feed_kind::trending) ==
              feed_exclusion::political_ad));
  auto creator = viewer_on(log.index, user_value(0), {2026, 11, 26});
  BOOST_TEST((exclusion_of(log.index, creator, *log.index.slot_of(5002), feed_kind::trending) ==
              feed_exclusion::own_video));
  log.restored(0);
  BOOST_TEST((exclusion_of(log.index, viewer, *log.index.slot_of(5000), feed_kind::trending) ==
              feed_exclusion::none));
  for (int page = 0; page < 5; ++page) {
    auto p = for_you_page(log.index, log.page(101));
    BOOST_TEST(!serves(log, p, 1));
    BOOST_TEST(!serves(log, p, 900));
    log.served(101, ids_of(log, p));
  }
  auto trending = trending_page(log.index, log.page(102, 50)).value();
  BOOST_TEST(!serves(log, trending, 1));
}

// A 13-15's videos are never in For You; a private account's are only in its approved
// followers' Following. A stored state keeps the choice.
BOOST_AUTO_TEST_CASE(young_and_private_creators_stay_out_of_recommendations) {
  feed_log log;
  log.registered(1, "2011-05-01");  // 15
  log.registered(2);
  log.registered(3);
  log.published(1, 1, {"t"}, {.stem = true});
  log.published(2, 2, {"t"}, {.stem = true});
  log.followed(3, 2);
  auto v = viewer_on(log.index, user_value(3), {2026, 11, 26});
  // Private by default at 15 (no choice recorded: the band's default).
  BOOST_TEST((exclusion_of(log.index, v, 0, feed_kind::trending) ==
              feed_exclusion::private_creator));
  log.made_private(1, false);  // opened: in Trending, still never in For You
  BOOST_TEST((exclusion_of(log.index, v, 0, feed_kind::for_you) == feed_exclusion::young_creator));
  BOOST_TEST((exclusion_of(log.index, v, 0, feed_kind::trending) == feed_exclusion::none));
  log.made_private(2);
  for (auto kind : {feed_kind::for_you, feed_kind::trending, feed_kind::stem})
    BOOST_TEST((exclusion_of(log.index, v, 1, kind) == feed_exclusion::private_creator));
  BOOST_TEST((exclusion_of(log.index, v, 1, feed_kind::following) == feed_exclusion::none));
  BOOST_TEST(serves(log, following_page(log.index, log.page(3)).value(), 2));
  BOOST_TEST(!serves(log, for_you_page(log.index, log.page(3)), 1));
  BOOST_TEST(!serves(log, for_you_page(log.index, log.page(3)), 2));
  BOOST_TEST(!serves(log, stem_page(log.index, log.page(3)).value(), 2));

  feed_index restored;
  for (const auto& [key, value] : stored_state(log.index)) restore_record(restored, key, value);
  restored.reindex();
  auto again = viewer_on(restored, user_value(3), {2026, 11, 26});
  BOOST_TEST(
      (exclusion_of(restored, again, 1, feed_kind::trending) == feed_exclusion::private_creator));
  log.made_private(2, false);
  BOOST_TEST((exclusion_of(log.index, v, 1, feed_kind::trending) == feed_exclusion::none));
}

BOOST_AUTO_TEST_CASE(age_restricted_videos_reach_adults_only) {
  feed_log log;
  log.registered(1);
  log.registered(2, "2011-05-01");  // 15
  log.registered(3, "2009-01-01");  // 17
  log.registered(4, "1990-01-01");
  log.published(1, 1, {"t"});
  log.age_restricted(1, 16);
  for (uint64_t u : {2, 3, 4}) log.viewed(u, 1, 500);  // skips: still eligible elsewhere
  log.published(2, 1, {"t"});
  log.age_restricted(2, 16);
  for (uint64_t u : {2, 3}) {
    auto v = viewer_on(log.index, user_value(u), {2026, 11, 26});
    BOOST_TEST(
        (exclusion_of(log.index, v, 1, feed_kind::trending) == feed_exclusion::age_restricted));
  }
  auto adult = viewer_on(log.index, user_value(4), {2026, 11, 26});
  BOOST_TEST((exclusion_of(log.index, adult, 1, feed_kind::trending) == feed_exclusion::none));
  BOOST_TEST(serves(log, for_you_page(log.index, log.page(4)), 2));
  BOOST_TEST(!serves(log, for_you_page(log.index, log.page(3)), 2));
}

BOOST_AUTO_TEST_CASE(blocks_hide_videos_both_ways) {
  feed_log log;
  populate(log, 10, 5, 20);
  log.blocked(100, 2);  // the viewer blocked creator 2
  log.blocked(3, 100);  // creator 3 blocked the viewer
  for (int page = 0; page < 5; ++page) {
    auto p = for_you_page(log.index, log.page(100));
    for (const auto& item : p.items) {
      BOOST_TEST(log.index.video(item.slot).creator != user_value(2));
      BOOST_TEST(log.index.video(item.slot).creator != user_value(3));
    }
    log.served(100, ids_of(log, p));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(feeds_ranking)

BOOST_AUTO_TEST_CASE(the_fresh_share_stays_within_bounds) {
  for (double share : {0.0, 0.15, 0.3}) {
    feed_options options;
    options.fresh_share = share;
    feed_log log(options);
    populate(log, 20, 10, 40);
    for (int page = 0; page < 4; ++page) {
      auto p = for_you_page(log.index, log.page(100));
      BOOST_REQUIRE(p.items.size() == 20u);
      auto fresh = std::count_if(p.items.begin(), p.items.end(),
                                 [](const auto& i) { return i.reason == "fresh"; });
      BOOST_TEST(fresh == std::lround(20 * share), "share " << share << ": " << fresh);
      log.served(100, ids_of(log, p));
    }
  }
}

BOOST_AUTO_TEST_CASE(small_pages_carry_the_fraction_and_never_pass_the_share) {
  feed_log log;  // share 0.15: 1.5 fresh slots per page of 10
  populate(log, 20, 10, 40);
  size_t fresh_total = 0;
  for (int page = 0; page < 8; ++page) {
    auto p = for_you_page(log.index, log.page(100, 10));
    auto fresh = static_cast<size_t>(std::count_if(
        p.items.begin(), p.items.end(), [](const auto& i) { return i.reason == "fresh"; }));
    BOOST_TEST(fresh <= 2u);
    fresh_total += fresh;
    log.served(100, ids_of(log, p));
  }
  BOOST_TEST(fresh_total == 12u);  // 8 pages x 1.5
}

BOOST_AUTO_TEST_CASE(followed_creators_fill_at_most_their_share) {
  feed_log log;
  populate(log, 10, 8, 20);
  log.followed(100, 1);
  log.followed(100, 2);
  for (int k = 0; k < 8; ++k) log.liked(100, 8 + k);  // creator 1's videos: similar, interest
  for (int page = 0; page < 3; ++page) {
    auto p = for_you_page(log.index, log.page(100));
    auto followed = std::count_if(p.items.begin(), p.items.end(), [&](const auto& i) {
      auto c = log.index.video(i.slot).creator;
      return i.reason != "fresh" && (c == user_value(1) || c == user_value(2));
    });
    BOOST_TEST(followed <= 2);  // 10% of 20
    log.served(100, ids_of(log, p));
  }
}

BOOST_AUTO_TEST_CASE(a_video_leaves_the_fresh_pool_after_its_first_audience) {
  feed_options options;
  options.fresh_audience = 3;
  feed_log log(options);
  log.registered(1);
  log.published(1, 1, {"t"});
  BOOST_TEST(log.index.fresh_pool().count(0) == 1u);
  for (uint64_t u = 10; u < 12; ++u) log.served(u, {video(1)});
  BOOST_TEST(log.index.fresh_pool().count(0) == 1u);
  log.served(10, {video(1)});  // the same viewer again: not a new member of the audience
  BOOST_TEST(log.index.fresh_pool().count(0) == 1u);
  log.viewed(12, 1, 10'000, events::FEED_SOURCE_SHARE_LINK);  // seen outside the feeds
  BOOST_TEST(log.index.fresh_pool().count(0) == 0u);
  BOOST_TEST(log.index.video(0).exposures == 3u);
}

BOOST_AUTO_TEST_CASE(views_of_the_last_day_count_distinct_viewers_and_age_out) {
  constexpr int64_t day_us = 24LL * 3600 * 1000000;
  feed_log log;
  log.registered(1);
  log.now_us = (log.now_us / day_us) * day_us;  // midnight UTC
  log.published(1, 1, {"t"});
  for (uint64_t u = 10; u < 14; ++u) log.viewed(u, 1);
  log.viewed(10, 1);  // a rewatch is not another viewer
  BOOST_TEST(log.index.views_last_day(0, log.now_us) == 4u);
  // The next day: the four are still inside the window, fading as the day goes on.
  log.now_us += day_us;
  log.viewed(20, 1);
  BOOST_TEST(log.index.views_last_day(0, log.now_us) == 5u);
  BOOST_TEST(log.index.views_last_day(0, log.now_us + day_us / 2) == 3u);  // 1 + 4 x 1/2
  BOOST_TEST(log.index.views_last_day(0, log.now_us + day_us - 1) == 1u);
  BOOST_TEST(log.index.views_last_day(0, log.now_us + 2 * day_us) == 0u);
  // Two quiet days later the counts restart.
  log.now_us += 3 * day_us;
  log.viewed(21, 1);
  BOOST_TEST(log.index.views_last_day(0, log.now_us) == 1u);
}

BOOST_AUTO_TEST_CASE(no_two_consecutive_items_from_one_creator) {
  feed_log log;
  // One prolific creator and a few others: the ranker must interleave.
  for (int c = 0; c < 4; ++c) log.registered(c);
  log.registered(100);
  int v = 0;
  for (; v < 40; ++v) log.published(v, 0, {"t"});
  for (int c = 1; c < 4; ++c)
    for (int k = 0; k < 4; ++k, ++v) log.published(v, c, {"t"});
  for (int k = 0; k < 40; k += 4) log.liked(100, k);
  uint64_t last_creator = 0;
  for (int page = 0; page < 2; ++page) {
    auto p = for_you_page(log.index, log.page(100));
    BOOST_REQUIRE(!p.items.empty());
    for (const auto& item : p.items) {  // across the join of two pages, too
      BOOST_TEST(log.index.video(item.slot).creator != last_creator);
      last_creator = log.index.video(item.slot).creator;
    }
    log.served(100, ids_of(log, p));
  }
  // When only the last page's creator is left, the next page still serves.
  for (int page = 0; page < 60; ++page) {  // one item a page once creator 0 is alone
    auto p = for_you_page(log.index, log.page(100));
    if (p.items.empty()) break;
    for (size_t i = 1; i < p.items.size(); ++i)
      BOOST_TEST(log.index.video(p.items[i].slot).creator !=
                 log.index.video(p.items[i - 1].slot).creator);
    log.served(100, ids_of(log, p));
  }
  BOOST_TEST(log.index.viewer(user_value(100))->seen.cardinality() == 52u);  // all of them
}

BOOST_AUTO_TEST_CASE(every_item_says_why) {
  feed_log log;
  populate(log, 10, 5, 20);
  log.followed(100, 4);
  std::set<std::string> kinds;
  for (int page = 0; page < 3; ++page) {
    auto p = for_you_page(log.index, log.page(100));
    for (const auto& item : p.items) {
      auto kind = item.reason.substr(0, item.reason.find(':'));
      kinds.insert(kind);
      BOOST_TEST((kind == "interest" || kind == "similar" || kind == "fresh" ||
                  kind == "trending" || kind == "following"),
                 item.reason);
      if (kind == "similar") BOOST_TEST(video_id::parse(item.reason.substr(8)).has_value());
      if (kind == "interest") BOOST_TEST(log.index.topic_of(item.reason.substr(9)).has_value());
    }
    log.served(100, ids_of(log, p));
  }
  BOOST_TEST(kinds.count("fresh") == 1u);
  BOOST_TEST(kinds.size() >= 3u);
}

BOOST_AUTO_TEST_CASE(three_views_are_not_certainty) {
  platform_totals all{1000, 500, 50, 10, 10, 200, 10};
  engagement_counts lucky{3, 3, 3, 0, 0, 0, 0};          // three perfect views
  engagement_counts proven{200, 180, 60, 10, 5, 10, 0};  // a proven good video
  BOOST_TEST(estimate_quality(lucky, all).score < estimate_quality(proven, all).score);
  BOOST_TEST(estimate_quality(lucky, all).like_rate < 0.5);
}

BOOST_AUTO_TEST_CASE(following_is_newest_first_and_pages_by_cursor) {
  feed_log log;
  populate(log, 6, 5, 2);
  log.followed(100, 1);
  log.followed(100, 2);
  auto first = following_page(log.index, log.page(100, 4)).value();
  BOOST_REQUIRE(first.items.size() == 4u);
  BOOST_REQUIRE(!first.next_cursor.empty());
  auto second = following_page(log.index, log.page(100, 20, first.next_cursor)).value();
  BOOST_TEST(second.items.size() == 6u);
  BOOST_TEST(second.next_cursor.empty());
  std::vector<video_slot> all;
  for (auto* p : {&first, &second})
    for (const auto& i : p->items) all.push_back(i.slot);
  BOOST_TEST(std::is_sorted(all.rbegin(), all.rend()));
  for (auto slot : all) {
    auto c = log.index.video(slot).creator;
    BOOST_TEST((c == user_value(1) || c == user_value(2)));
  }
  BOOST_TEST(!following_page(log.index, log.page(100, 4, "x1")).has_value());
}

BOOST_AUTO_TEST_CASE(trending_follows_recent_engagement_and_stem_only_stem) {
  feed_log log;
  for (int c = 0; c < 3; ++c) log.registered(c);
  log.published(1, 0, {"t"});
  log.published(2, 1, {"physics"}, {true, false});
  log.published(3, 2, {"t"});
  for (int u = 10; u < 20; ++u) log.liked(u, 1);
  log.now_us += int64_t{48} * 3600 * 1'000'000;  // two days later, a burst on video 3
  for (int u = 10; u < 16; ++u) log.liked(u, 3);
  auto trending = trending_page(log.index, log.page(10)).value();
  BOOST_REQUIRE(trending.items.size() == 2u);
  BOOST_TEST(trending.items[0].slot == *log.index.slot_of(5003));
  auto stem = stem_page(log.index, log.page(10)).value();
  BOOST_REQUIRE(stem.items.size() == 1u);
  BOOST_TEST(stem.items[0].slot == *log.index.slot_of(5002));
  BOOST_TEST(stem.items[0].reason == "stem");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(feeds_state)

BOOST_AUTO_TEST_CASE(a_rebuild_from_the_log_ends_in_the_same_state) {
  feed_log log;
  populate(log, 10, 5, 20);
  log.followed(100, 4);
  log.not_interested(101, 3);
  log.blocked(102, 5);
  log.hidden(7);
  log.served(100, ids_of(log, for_you_page(log.index, log.page(100))));
  feed_index rebuilt;
  for (const auto& r : log.records) rebuilt.apply(r);
  BOOST_TEST((stored_state(rebuilt) == stored_state(log.index)));
}

BOOST_AUTO_TEST_CASE(stored_records_restore_the_same_index) {
  feed_log log;
  populate(log, 10, 5, 20);
  log.not_interested(101, 3);
  log.served(100, ids_of(log, for_you_page(log.index, log.page(100))));
  auto stored = stored_state(log.index);
  feed_index loaded;
  for (const auto& [key, value] : stored) restore_record(loaded, key, value);
  loaded.reindex();
  BOOST_TEST((stored_state(loaded) == stored));
  BOOST_TEST(loaded.fresh_pool() == log.index.fresh_pool());
  BOOST_TEST(loaded.hottest() == log.index.hottest());
  auto a = for_you_page(log.index, log.page(100));
  auto b = for_you_page(loaded, log.page(100));
  BOOST_TEST(ids_of(log, a) == ids_of(log, b));
}

BOOST_AUTO_TEST_CASE(what_a_projection_commits_restores_an_index_that_goes_on_the_same) {
  // The records a projection writes are what take_changes() hands over, commit by commit.
  feed_log log;
  std::map<std::string, std::string> store;
  auto commit = [&] {
    auto changed = log.index.take_changes();
    for (auto slot : changed.videos) store[feed_video_key(slot)] = encode_video(log.index, slot);
    for (auto user : changed.viewers)
      store[feed_viewer_key(user)] = encode_viewer(*log.index.viewer(user), user);
    if (changed.totals) store[std::string(feed_totals_key)] = encode_totals(log.index.totals());
  };
  populate(log, 6, 4, 10);
  commit();
  log.not_interested(101, 2);
  log.served(100, ids_of(log, for_you_page(log.index, log.page(100))));
  commit();
  BOOST_TEST((store == stored_state(log.index)));

  feed_index loaded;
  for (const auto& [key, value] : store) restore_record(loaded, key, value);
  loaded.reindex();
  // Both go on with the same events.
  auto before = log.records.size();
  log.liked(102, 3);
  log.viewed(103, 5);
  log.published(77, 2, {"t9"});
  log.served(104, {video(77)});
  for (size_t i = before; i < log.records.size(); ++i) loaded.apply(log.records[i]);
  BOOST_TEST((stored_state(loaded) == stored_state(log.index)));
}

BOOST_AUTO_TEST_CASE(records_that_refer_to_nothing_are_refused) {
  feed_log log;
  log.registered(1);
  log.published(1, 1, {"t"});
  log.viewed(2, 1);
  auto stored = stored_state(log.index);
  stored.erase(feed_video_key(0));  // the viewer's recent positive now names no video
  feed_index loaded;
  for (const auto& [key, value] : stored) restore_record(loaded, key, value);
  BOOST_CHECK_THROW(loaded.reindex(), damaged_feed_state);
}

BOOST_AUTO_TEST_CASE(an_unknown_birthdate_is_not_an_adult) {
  feed_log log;
  log.registered(1);
  log.registered(2, "not a date");
  log.published(1, 1, {"t"});
  log.age_restricted(1, 18);
  auto v = viewer_on(log.index, user_value(2), {2026, 11, 26});
  BOOST_TEST(
      (exclusion_of(log.index, v, 0, feed_kind::trending) == feed_exclusion::age_restricted));
}

BOOST_AUTO_TEST_CASE(damaged_records_are_refused_by_name) {
  feed_index index;
  BOOST_CHECK_THROW(restore_record(index, "v/00000000", "garbage\xff"), damaged_feed_state);
  BOOST_CHECK_THROW(restore_record(index, "x/1", ""), damaged_feed_state);
  BOOST_CHECK_EXCEPTION(restore_record(index, "u/0000000000000001", "\x08\x63"),  // format 99
                        damaged_feed_state, [](const damaged_feed_state& e) {
                          return std::string(e.what()).find("u/0000000000000001") !=
                                 std::string::npos;
                        });
}

BOOST_AUTO_TEST_SUITE_END()
