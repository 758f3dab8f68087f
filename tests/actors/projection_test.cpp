// The projection runtime: live catch-up, checkpoints, lag, restart and rebuild from 0.
#include <boost/test/unit_test.hpp>

#include <map>
#include <thread>

#include "actor_fixture.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace {

std::map<std::string, std::string> projection_state(storage::event_store& store,
                                                    const std::string& name) {
  std::map<std::string, std::string> out;
  store.projection_scan(name, "", [&](std::string_view k, std::string_view v) {
    out.emplace(k, v);
    return true;
  });
  return out;
}

actors::projection_status status_of(actor_fixture& f, const std::string& name) {
  auto all = await<std::vector<actors::projection_status>>(
      [&](auto reply) { f.admin().projections(reply); });
  BOOST_REQUIRE(all.ok());
  for (const auto& s : all.value()) {
    if (s.name == name) return s;
  }
  BOOST_FAIL("no projection " << name);
  return {};
}

// A small social graph with follows, unfollows and videos.
void make_some_history(actor_fixture& f) {
  std::vector<std::string> users;
  for (int i = 0; i < 6; ++i) users.push_back(f.register_user("user" + std::to_string(i)));
  for (size_t a = 0; a < users.size(); ++a) {
    for (size_t b = 0; b < users.size(); ++b) {
      if (a == b || (a + b) % 3 == 0) continue;
      BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                      f.social().follow(f.as(users[a]), users[b], reply);
                    }).ok());
    }
  }
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.social().unfollow(f.as(users[1]), users[3], reply);
                }).ok());
  f.publish(users[0]);
  f.publish(users[0]);
  f.publish(users[3]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(projections)

BOOST_AUTO_TEST_CASE(a_rebuilt_projection_ends_in_the_same_state_and_checkpoint) {
  actor_fixture f;
  make_some_history(f);
  f.as_operator();        // made before the live state is read: it commits events too
  f.settle_follow_ups();  // the creator roles of the publishes
  f.settle();
  auto live = projection_state(*f.store, "profile_counts");
  auto live_checkpoint = f.store->projection_checkpoint("profile_counts");
  BOOST_TEST(live_checkpoint == f.store->global_head());
  BOOST_TEST(live.size() == 6u);

  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.admin().rebuild_projection(f.as_operator(), "profile_counts", reply);
                }).ok());
  f.settle();
  BOOST_TEST(f.store->projection_checkpoint("profile_counts") == live_checkpoint);
  BOOST_TEST((projection_state(*f.store, "profile_counts") == live));
  auto s = status_of(f, "profile_counts");
  BOOST_TEST(s.lag == 0u);
  BOOST_TEST(!s.rebuilding);
  BOOST_TEST(s.error.empty());
}

BOOST_AUTO_TEST_CASE(a_projection_catches_up_from_its_checkpoint_after_a_restart) {
  actor_fixture f;
  make_some_history(f);
  f.as_operator();        // made before the live state is read: it commits events too
  f.settle_follow_ups();  // the creator roles of the publishes
  f.settle();
  auto live = projection_state(*f.store, "profile_counts");
  // Throw the projection away entirely, then restart: it rebuilds from sequence 0 at start.
  f.store->reset_projection("profile_counts");
  f.restart();
  f.settle();
  BOOST_TEST((projection_state(*f.store, "profile_counts") == live));
  auto s = status_of(f, "profile_counts");
  BOOST_TEST(s.checkpoint == f.store->global_head());
}

BOOST_AUTO_TEST_CASE(the_projection_keeps_serving_queries_while_it_rebuilds) {
  actor_fixture f;
  make_some_history(f);
  f.as_operator();        // made before the live state is read: it commits events too
  f.settle_follow_ups();  // the creator roles of the publishes
  f.settle();
  auto user = f.register_user("late");
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.admin().rebuild_projection(f.as_operator(), "profile_counts", reply);
                }).ok());
  // Commands and reads go on during the rebuild.
  auto video = f.publish(user);
  auto profile = await<actors::user_profile>(
      [&](auto reply) { f.accounts().get_user(f.as(user), user, reply); });
  BOOST_TEST(profile.ok());
  f.settle();
  auto after = await<actors::user_profile>(
      [&](auto reply) { f.accounts().get_user(f.as(user), user, reply); });
  BOOST_REQUIRE(after.ok());
  BOOST_TEST(after.value().counts.videos == 1u);
  BOOST_TEST(!video.empty());
}

BOOST_AUTO_TEST_CASE(waiting_for_a_sequence_past_the_log_times_out_and_leaves_no_lag) {
  node_setup options;
  options.node.command_timeout = std::chrono::milliseconds(300);
  actor_fixture f(options);
  f.register_user("ada");
  f.settle();
  auto head = f.store->global_head();
  auto r = await<actors::done>(
      [&](auto reply) { f.admin().projection_reached("profile_counts", head + 1000, reply); });
  BOOST_TEST(code_of(r) == "timeout");
  auto s = status_of(f, "profile_counts");
  BOOST_TEST(s.head == head);
  BOOST_TEST(s.lag == 0u);
  // Later commits still reach it.
  f.register_user("lin");
  f.settle();
}

// At the end of the log the host commits on a timer, not after every group commit.
BOOST_AUTO_TEST_CASE(applied_events_are_committed_within_the_commit_interval) {
  node_setup options;
  options.node.projections.commit_interval = std::chrono::milliseconds(50);
  actor_fixture f(options);
  f.register_user("ada");
  auto head = f.store->global_head();
  // Nobody waits: the timer alone commits.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (f.store->projection_checkpoint("profile_counts") < head &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  BOOST_TEST(f.store->projection_checkpoint("profile_counts") >= head);
}

BOOST_AUTO_TEST_CASE(a_waiter_gets_a_commit_at_once_whatever_the_interval) {
  node_setup options;
  options.node.projections.commit_interval = std::chrono::hours(1);
  actor_fixture f(options);
  f.register_user("ada");
  f.register_user("lin");
  auto head = f.store->global_head();
  f.settle();  // would wait an hour (and time out) if the waiter did not commit
  BOOST_TEST(f.store->projection_checkpoint("profile_counts") >= head);
  auto s = status_of(f, "profile_counts");
  BOOST_TEST(s.lag == 0u);
  BOOST_TEST(s.checkpoint >= head);
}

BOOST_AUTO_TEST_CASE(unknown_projections_are_named_in_the_error) {
  actor_fixture f;
  auto r = await<actors::done>(
      [&](auto reply) { f.admin().rebuild_projection(f.as_operator(), "nope", reply); });
  BOOST_TEST(code_of(r) == "unknown_projection");
}

BOOST_AUTO_TEST_SUITE_END()
