// The feeds through the command API: pages recorded as impressions, "not interested" on the
// next page, retries, errors, a restart, and a rebuild of the feeds projection from 0.
#include <boost/test/unit_test.hpp>

#include <future>
#include <map>
#include <set>

#include "actor_fixture.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace {

// Creators with videos on a few topics, and a viewer who watched some of them.
struct platform {
  std::vector<std::string> creators, videos;
  std::string viewer;
};

platform make_platform(actor_fixture& f) {
  platform p;
  for (int c = 0; c < 6; ++c) p.creators.push_back(f.register_user("creator" + std::to_string(c)));
  for (int k = 0; k < 36; ++k) {
    actors::video_draft d;
    d.title = "video " + std::to_string(k);
    d.topics = {"topic" + std::to_string(k % 4)};
    d.stem = k % 6 == 0;
    p.videos.push_back(f.publish(p.creators[k % 6], d));
  }
  p.viewer = f.register_user("viewer");
  for (int k = 0; k < 6; ++k) {
    BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                    f.videos().view(f.as(p.viewer), p.videos[k * 4], 15000,
                                    events::FEED_SOURCE_PROFILE, reply);
                  }).ok());
  }
  return p;
}

actors::outcome<actors::feed_answer> page(actor_fixture& f, const actors::caller& who,
                                          events::FeedSource feed = events::FEED_SOURCE_FOR_YOU,
                                          size_t limit = 10, std::string cursor = {}) {
  return await<actors::feed_answer>(
      [&](auto reply) { f.feeds().feed(who, feed, limit, cursor, reply); });
}

std::set<std::string> ids_of(const actors::feed_answer& a) {
  std::set<std::string> out;
  for (const auto& item : a.items) out.insert(item.video_id);
  return out;
}

std::map<std::string, std::string> feeds_state(storage::event_store& store) {
  std::map<std::string, std::string> out;
  store.projection_scan("feeds", "", [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feeds_served)

BOOST_AUTO_TEST_CASE(a_page_is_recorded_and_never_served_again) {
  actor_fixture f;
  auto p = make_platform(f);
  auto first = page(f, f.as(p.viewer));
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(first.value().items.size() == 10u);
  for (const auto& item : first.value().items) {
    BOOST_TEST(!item.reason.empty());
    BOOST_TEST(!item.title.empty());
    BOOST_TEST(item.creator_id.rfind("crt_", 0) == 0u);
  }
  // The impressions are in the log, in the viewer's feed stream.
  auto served = f.store->read_stream("feed:" + p.viewer, 1, 10);
  BOOST_REQUIRE(served.size() == 1u);
  BOOST_TEST(served[0].event().feed_served().video_ids_size() == 10);
  auto second = page(f, f.as(p.viewer));
  BOOST_REQUIRE(second.ok());
  for (const auto& id : ids_of(second.value())) BOOST_TEST(!ids_of(first.value()).count(id));
}

BOOST_AUTO_TEST_CASE(not_interested_counts_on_the_next_page) {
  actor_fixture f;
  auto p = make_platform(f);
  auto first = page(f, f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 5);
  BOOST_REQUIRE(first.ok() && !first.value().items.empty());
  auto disliked = first.value().items.front();
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.videos().not_interested(f.as(p.viewer), disliked.video_id, reply);
                }).ok());
  for (auto feed :
       {events::FEED_SOURCE_FOR_YOU, events::FEED_SOURCE_TRENDING, events::FEED_SOURCE_STEM}) {
    auto next = page(f, f.as(p.viewer), feed, 50);
    BOOST_REQUIRE(next.ok());
    for (const auto& item : next.value().items) BOOST_TEST(item.creator_id != disliked.creator_id);
  }
}

BOOST_AUTO_TEST_CASE(a_retried_request_gets_the_page_it_was_first_given) {
  actor_fixture f;
  auto p = make_platform(f);
  auto who = f.as(p.viewer, "page-once");
  auto first = page(f, who);
  auto again = page(f, who);
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(again.ok());
  std::vector<std::string> a, b;
  for (const auto& i : first.value().items) a.push_back(i.video_id + " " + i.reason);
  for (const auto& i : again.value().items) b.push_back(i.video_id + " " + i.reason);
  BOOST_TEST(a == b);
  BOOST_TEST(first.value().cursor == again.value().cursor);
  BOOST_TEST(f.store->read_stream("feed:" + p.viewer, 1, 10).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_retry_gets_its_page_even_when_nothing_is_left_to_serve) {
  actor_fixture f;
  auto a = f.register_user("creator_a");
  auto b = f.register_user("creator_b");
  auto viewer = f.register_user("viewer");
  f.publish(a);
  f.publish(b);
  auto who = f.as(viewer, "the-only-page");
  auto first = page(f, who, events::FEED_SOURCE_FOR_YOU, 10);
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(first.value().items.size() == 2u);  // everything there is
  auto again = page(f, who, events::FEED_SOURCE_FOR_YOU, 10);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(ids_of(again.value()) == ids_of(first.value()));
  BOOST_TEST(page(f, f.as(viewer), events::FEED_SOURCE_FOR_YOU, 10).value().items.empty());
}

BOOST_AUTO_TEST_CASE(following_trending_and_stem_pages) {
  actor_fixture f;
  auto p = make_platform(f);
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.social().follow(f.as(p.viewer), p.creators[1], reply);
                }).ok());
  auto following = page(f, f.as(p.viewer), events::FEED_SOURCE_FOLLOWING, 4);
  BOOST_REQUIRE(following.ok());
  BOOST_TEST(following.value().items.size() == 4u);
  for (const auto& item : following.value().items) BOOST_TEST(item.reason == "following");
  auto rest = page(f, f.as(p.viewer), events::FEED_SOURCE_FOLLOWING, 10, following.value().cursor);
  BOOST_REQUIRE(rest.ok());
  BOOST_TEST(rest.value().items.size() == 2u);  // creator 1 published 6 videos
  BOOST_TEST(rest.value().cursor.empty());
  auto stem = page(f, f.as(p.viewer), events::FEED_SOURCE_STEM, 50);
  BOOST_REQUIRE(stem.ok());
  BOOST_TEST(stem.value().items.size() == 6u);
  auto trending = page(f, f.as(p.viewer), events::FEED_SOURCE_TRENDING, 50);
  BOOST_REQUIRE(trending.ok());
  BOOST_TEST(!trending.value().items.empty());  // the viewed videos
}

BOOST_AUTO_TEST_CASE(bad_requests_are_named) {
  actor_fixture f;
  auto p = make_platform(f);
  BOOST_TEST(code_of(page(f, f.as(""))) == "unauthenticated");
  BOOST_TEST(code_of(page(f, f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 0)) == "invalid_limit");
  BOOST_TEST(code_of(page(f, f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 51)) == "invalid_limit");
  BOOST_TEST(code_of(page(f, f.as(p.viewer), events::FEED_SOURCE_TRENDING, 5, "abc")) ==
             "invalid_cursor");
  BOOST_TEST(code_of(page(f, f.as(p.viewer), events::FEED_SOURCE_PROFILE, 5)) == "unknown_feed");
}

BOOST_AUTO_TEST_CASE(what_was_served_survives_a_restart) {
  actor_fixture f;
  auto p = make_platform(f);
  auto first = page(f, f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 20);
  BOOST_REQUIRE(first.ok());
  f.settle("feeds");
  f.restart();
  auto second = page(f, f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 20);
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(!second.value().items.empty());
  for (const auto& id : ids_of(second.value())) BOOST_TEST(!ids_of(first.value()).count(id));
}

BOOST_AUTO_TEST_CASE(pages_asked_at_once_never_overlap) {
  actor_fixture f;
  auto p = make_platform(f);
  std::vector<std::promise<actors::outcome<actors::feed_answer>>> promises(4);
  for (auto& promise : promises) {
    f.feeds().feed(
        f.as(p.viewer), events::FEED_SOURCE_FOR_YOU, 5, "",
        [&promise](actors::outcome<actors::feed_answer> r) { promise.set_value(std::move(r)); });
  }
  std::multiset<std::string> served;
  for (auto& promise : promises) {
    auto r = promise.get_future().get();
    BOOST_REQUIRE_MESSAGE(r.ok(), code_of(r));
    for (const auto& item : r.value().items) served.insert(item.video_id);
  }
  for (const auto& id : served) BOOST_TEST(served.count(id) == 1u, id << " served twice");
}

BOOST_AUTO_TEST_CASE(damaged_stored_state_stops_the_feeds_until_a_rebuild) {
  actor_fixture f;
  auto p = make_platform(f);
  f.settle("feeds");
  auto checkpoint = f.store->projection_checkpoint("feeds");
  f.rt.reset();
  f.store->commit_projection("feeds", checkpoint, {{"v/00000000", "not a record"}});
  f.start({});
  auto status = await<std::vector<actors::projection_status>>(
      [&](auto reply) { f.admin().projections(reply); });
  BOOST_REQUIRE(status.ok());
  std::string error;
  for (const auto& s : status.value())
    if (s.name == "feeds") error = s.error;
  BOOST_TEST(error.find("v/00000000") != std::string::npos, error);
  BOOST_TEST(!page(f, f.as(p.viewer)).ok());
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.admin().rebuild_projection(f.as_operator(), "feeds", reply);
                }).ok());
  f.settle("feeds");
  BOOST_TEST(page(f, f.as(p.viewer)).ok());
}

BOOST_AUTO_TEST_CASE(the_feeds_rebuilt_from_0_end_in_the_same_state) {
  actor_fixture f;
  auto p = make_platform(f);
  for (int k = 0; k < 3; ++k) BOOST_REQUIRE(page(f, f.as(p.viewer)).ok());
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.videos().like(f.as(p.viewer), p.videos[5], reply);
                }).ok());
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.social().block(f.as(p.viewer), p.creators[2], reply);
                }).ok());
  f.as_operator();        // made before the live state is read: it commits events too
  f.settle_follow_ups();  // the block's reverse unfollow, the creator roles
  f.settle("feeds");
  auto live = feeds_state(*f.store);
  auto checkpoint = f.store->projection_checkpoint("feeds");
  BOOST_TEST(live.size() > 36u);
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.admin().rebuild_projection(f.as_operator(), "feeds", reply);
                }).ok());
  f.settle("feeds");
  BOOST_TEST(f.store->projection_checkpoint("feeds") == checkpoint);
  BOOST_TEST((feeds_state(*f.store) == live));
}

BOOST_AUTO_TEST_SUITE_END()
