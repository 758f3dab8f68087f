// Entity actors end to end through the command API: rules, durability before the reply,
// activation and passivation, serialization, idempotency, failure injection.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <future>
#include <set>
#include <thread>

#include "actor_fixture.h"
#include "domain/snapshot_codec.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace {

node_setup quick_passivation(uint32_t snapshot_every) {
  node_setup o;
  o.node.entities.idle_timeout = std::chrono::milliseconds(50);
  o.node.entities.snapshot_every = snapshot_every;
  return o;
}

uint64_t user_value(const std::string& id) {
  return user_id::parse(id)->value();
}
uint64_t video_value(const std::string& id) {
  return video_id::parse(id)->value();
}

void wait_until_no_entity_is_resident(actor_fixture& f) {
  for (int i = 0; i < 400 && f.node().resident_entities() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_REQUIRE_EQUAL(f.node().resident_entities(), 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(entities)

BOOST_AUTO_TEST_CASE(register_follow_and_read_the_profile_with_exact_counts) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  auto bo = f.register_user("bo_1");
  for (const auto& fan : {lin, bo}) {
    auto r = await<actors::done>([&](auto reply) { f.social().follow(f.as(fan), ada, reply); });
    BOOST_TEST(code_of(r) == "ok");
  }
  f.publish(ada);
  f.settle_follow_ups();  // the creator role follows the publish
  f.settle();
  auto profile = await<actors::user_profile>(
      [&](auto reply) { f.accounts().get_user(f.as(ada), ada, reply); });
  BOOST_REQUIRE(profile.ok());
  BOOST_TEST(profile.value().handle == "ada");
  BOOST_TEST(profile.value().counts.followers == 2u);
  BOOST_TEST(profile.value().counts.following == 0u);
  BOOST_TEST(profile.value().counts.videos == 1u);
  std::set<int> roles(profile.value().roles.begin(), profile.value().roles.end());
  BOOST_TEST(roles.count(events::ROLE_CREATOR) == 1u);  // publishing made ada a creator

  auto again = await<actors::done>([&](auto reply) { f.social().follow(f.as(lin), ada, reply); });
  BOOST_TEST(code_of(again) == "already_following");
  auto self = await<actors::done>([&](auto reply) { f.social().follow(f.as(ada), ada, reply); });
  BOOST_TEST(code_of(self) == "cannot_follow_self");
  auto ghost = await<actors::done>(
      [&](auto reply) { f.social().follow(f.as(ada), user_id::from_value(12345).str(), reply); });
  BOOST_TEST(code_of(ghost) == "user_not_found");
}

BOOST_AUTO_TEST_CASE(the_reply_comes_after_the_events_are_durable) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto video = f.publish(ada);
  auto r = await<actors::done>([&](auto reply) {
    f.videos().view(f.as(ada), video, 9000, events::FEED_SOURCE_FOR_YOU, reply);
  });
  BOOST_REQUIRE(r.ok());
  // Reopen the store without the runtime: what was acknowledged is on disk.
  f.restart();
  auto stream = f.store->read_stream(video, 1, 10);
  BOOST_REQUIRE_EQUAL(stream.size(), 2u);
  BOOST_TEST(stream[1].event().video_viewed().watch_ms() == 9000u);
  BOOST_TEST(stream[1].envelope().caused_by() == ada);
}

BOOST_AUTO_TEST_CASE(registration_rules_and_unique_handles_under_a_race) {
  actor_fixture f;
  auto young = await<actors::registered>(
      [&](auto reply) { f.accounts().register_user(f.as(""), "kid", "2020-01-01", reply); });
  BOOST_TEST(code_of(young) == "age_restricted");
  auto bad = await<actors::registered>(
      [&](auto reply) { f.accounts().register_user(f.as(""), "No Spaces", "1990-01-01", reply); });
  BOOST_TEST(code_of(bad) == "invalid_handle");
  f.register_user("kid");  // the refused registration did not take the handle

  // 16 sessions race for one handle: exactly one wins.
  std::vector<std::future<actors::outcome<actors::registered>>> racers;
  for (int i = 0; i < 16; ++i) {
    racers.push_back(std::async(std::launch::async, [&f, i] {
      return await<actors::registered>([&](auto reply) {
        f.accounts().register_user(actors::caller{"", "r1", "session-" + std::to_string(i)}, "zed",
                                   "1990-01-01", reply);
      });
    }));
  }
  int won = 0, taken = 0;
  for (auto& r : racers) {
    auto result = r.get();
    if (result.ok()) ++won;
    if (code_of(result) == "handle_taken") ++taken;
  }
  BOOST_TEST(won == 1);
  BOOST_TEST(taken == 15);
}

BOOST_AUTO_TEST_CASE(the_same_request_id_twice_commits_once) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  auto head = f.store->global_head();
  auto first =
      await<actors::done>([&](auto reply) { f.social().follow(f.as(lin, "x1"), ada, reply); });
  auto retry =
      await<actors::done>([&](auto reply) { f.social().follow(f.as(lin, "x1"), ada, reply); });
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(retry.ok());
  BOOST_TEST(!first.value().replayed);
  BOOST_TEST(retry.value().replayed);
  BOOST_TEST(f.store->global_head() == head + 1);

  // Views are not refused when repeated, so the store's key check is what stops the retry.
  auto video = f.publish(ada);
  f.settle_follow_ups();  // the creator role, granted after the publish
  head = f.store->global_head();
  for (int i = 0; i < 3; ++i) {
    auto v = await<actors::done>([&](auto reply) {
      f.videos().view(f.as(lin, "v1"), video, 3000, events::FEED_SOURCE_FOR_YOU, reply);
    });
    BOOST_REQUIRE(v.ok());
  }
  BOOST_TEST(f.store->global_head() == head + 1);

  // A registration retried from the same session gets the same user back.
  auto reg = await<actors::registered>([&](auto reply) {
    f.accounts().register_user(actors::caller{"", "r9", "s9"}, "mia", "1995-05-05", reply);
  });
  auto reg_retry = await<actors::registered>([&](auto reply) {
    f.accounts().register_user(actors::caller{"", "r9", "s9"}, "mia", "1995-05-05", reply);
  });
  BOOST_REQUIRE(reg.ok());
  BOOST_REQUIRE(reg_retry.ok());
  BOOST_TEST(reg.value().user_id == reg_retry.value().user_id);
}

BOOST_AUTO_TEST_CASE(a_retried_publish_or_comment_answers_with_the_first_ids) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  actors::video_draft draft;
  draft.title = "once";
  draft.duration_ms = 5000;
  auto first = await<actors::published>(
      [&](auto reply) { f.videos().publish(f.as(ada, "p1"), draft, reply); });
  f.settle_follow_ups();  // the creator role, granted after the publish
  auto head = f.store->global_head();
  auto retry = await<actors::published>(
      [&](auto reply) { f.videos().publish(f.as(ada, "p1"), draft, reply); });
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(retry.ok());
  BOOST_TEST(retry.value().video_id == first.value().video_id);
  BOOST_TEST(f.store->global_head() == head);

  auto c1 = await<actors::commented>([&](auto reply) {
    f.videos().comment(f.as(ada, "c1"), first.value().video_id, "hi", reply);
  });
  auto c2 = await<actors::commented>([&](auto reply) {
    f.videos().comment(f.as(ada, "c1"), first.value().video_id, "hi", reply);
  });
  BOOST_REQUIRE(c1.ok());
  BOOST_REQUIRE(c2.ok());
  BOOST_TEST(c2.value().comment_id == c1.value().comment_id);
  BOOST_TEST(f.store->stream_head(first.value().video_id) == 2u);
}

BOOST_AUTO_TEST_CASE(request_ids_that_could_not_be_stored_are_refused) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.social().follow(f.as(ada, "bad\xff"), lin, reply);
             })) == "invalid_request_id");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.social().follow(f.as(ada, "line\nbreak"), lin, reply);
             })) == "invalid_request_id");
  // Anonymous callers without a session share no key: the second is not a "retry".
  auto one = await<actors::registered>([&](auto reply) {
    f.accounts().register_user({"", "r1", ""}, "same", "1990-01-01", reply);
  });
  auto two = await<actors::registered>([&](auto reply) {
    f.accounts().register_user({"", "r1", ""}, "same", "1990-01-01", reply);
  });
  BOOST_TEST(one.ok());
  BOOST_TEST(code_of(two) == "handle_taken");
}

BOOST_AUTO_TEST_CASE(concurrent_commands_to_one_entity_are_serialized) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto video = f.publish(ada);
  std::vector<std::string> viewers;
  for (int i = 0; i < 8; ++i) viewers.push_back(f.register_user("viewer" + std::to_string(i)));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto r = await<actors::done>([&](auto reply) {
          f.videos().view(actors::caller{viewers[t], "v" + std::to_string(i), ""}, video, 2000,
                          events::FEED_SOURCE_FOR_YOU, reply);
        });
        if (r.ok()) ++ok;
        auto l = await<actors::done>([&](auto reply) {
          f.videos().like(actors::caller{viewers[t], "l" + std::to_string(i), ""}, video, reply);
        });
        if (l.ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(ok.load() == 160);
  auto details = await<actors::video_details>(
      [&](auto reply) { f.videos().get_video(f.as_operator(), video, reply); });
  BOOST_REQUIRE(details.ok());
  BOOST_TEST(details.value().views == 80u);
  BOOST_TEST(details.value().likes == 8u);  // a like twice is one like
  auto stream = f.store->read_stream(video, 1, 1000);
  BOOST_TEST(stream.size() == 1u + 80u + 8u);
  for (size_t i = 0; i < stream.size(); ++i)
    BOOST_TEST(stream[i].envelope().stream_version() == i + 1);
}

// Ids nobody created cost a load each, not a resident actor for minutes.
BOOST_AUTO_TEST_CASE(asking_for_ids_that_do_not_exist_leaves_nothing_resident) {
  node_setup o;
  o.node.entities.empty_idle_timeout = std::chrono::milliseconds(50);
  actor_fixture f(o);
  auto ada = f.register_user("ada");
  f.restart();  // nothing resident
  for (uint64_t i = 0; i < 50; ++i) {
    auto nobody = user_id::from_value(1000000 + i).str();
    auto r = await<actors::user_profile>(
        [&](auto reply) { f.accounts().get_user(f.as(ada), nobody, reply); });
    BOOST_TEST(code_of(r) == "user_not_found");
    auto video = video_id::from_value(2000000 + i).str();
    auto v = await<actors::done>([&](auto reply) { f.videos().like(f.as(ada), video, reply); });
    BOOST_TEST(code_of(v) == "video_not_found");
  }
  // Ada herself (asked for her facts) stays, with the default idle timeout.
  for (int i = 0; i < 400 && f.node().resident_entities() > 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  BOOST_TEST(f.node().resident_entities() == 1u);
}

BOOST_AUTO_TEST_CASE(racing_first_messages_activate_one_actor) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  f.restart();  // nothing resident
  BOOST_TEST(f.node().resident_entities() == 0u);
  std::vector<std::future<bool>> racers;
  for (int i = 0; i < 32; ++i) {
    racers.push_back(std::async(std::launch::async, [&] {
      return await<actors::user_profile>(
                 [&](auto reply) { f.accounts().get_user(f.as(ada), ada, reply); })
          .ok();
    }));
  }
  for (auto& r : racers) BOOST_TEST(r.get());
  BOOST_TEST(f.node().resident_entities() == 1u);
}

void passivate_and_reactivate(uint32_t snapshot_every) {
  actor_fixture f(quick_passivation(snapshot_every));
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  auto bo = f.register_user("bo_1");
  for (const auto& other : {lin, bo}) {
    BOOST_REQUIRE(
        await<actors::done>([&](auto reply) { f.social().follow(f.as(ada), other, reply); }).ok());
  }
  BOOST_REQUIRE(
      await<actors::done>([&](auto reply) { f.social().block(f.as(ada), bo, reply); }).ok());
  auto video = f.publish(lin);
  for (const auto& who : {ada, bo}) {
    BOOST_REQUIRE(
        await<actors::done>([&](auto reply) { f.videos().like(f.as(who), video, reply); }).ok());
  }
  auto user_before = f.state_of<domain::user_state>(f.accounts().users(), user_value(ada));
  auto video_before = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));
  wait_until_no_entity_is_resident(f);
  auto user_after = f.state_of<domain::user_state>(f.accounts().users(), user_value(ada));
  auto video_after = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));
  BOOST_TEST(user_after.version == user_before.version);
  BOOST_TEST(domain::encode_snapshot(user_after) == domain::encode_snapshot(user_before));
  BOOST_TEST(video_after.version == video_before.version);
  BOOST_TEST(domain::encode_snapshot(video_after) == domain::encode_snapshot(video_before));
  BOOST_TEST(user_after.following.size() == 1u);  // lin; the block ended the follow of bo
  // Passivation left a snapshot at the entity's version.
  auto snap = f.store->load_snapshot(ada);
  BOOST_REQUIRE(snap.has_value());
  BOOST_TEST(snap->version == user_before.version);
}

BOOST_AUTO_TEST_CASE(passivate_then_reactivate_gives_the_same_state_from_snapshots) {
  passivate_and_reactivate(2);
}

BOOST_AUTO_TEST_CASE(passivate_then_reactivate_gives_the_same_state_from_the_stream) {
  passivate_and_reactivate(0);
}

BOOST_AUTO_TEST_CASE(a_damaged_snapshot_is_ignored_and_the_stream_replayed) {
  actor_fixture f(quick_passivation(1));
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  BOOST_REQUIRE(
      await<actors::done>([&](auto reply) { f.social().follow(f.as(ada), lin, reply); }).ok());
  wait_until_no_entity_is_resident(f);
  f.store->save_snapshot(ada, storage::snapshot{2, "\xff\xff not a snapshot"});
  auto state = f.state_of<domain::user_state>(f.accounts().users(), user_value(ada));
  BOOST_TEST(state.version == 2u);
  BOOST_TEST(state.following.count(lin) == 1u);
}

// Who liked a video is an edge beside its stream, not state: the state keeps a count, and
// a like twice is one like across passivation. The edges of the last events may be lost in
// a crash (written after the events commit, unsynced): activation writes them again.
BOOST_AUTO_TEST_CASE(likes_are_edges_and_activation_writes_again_those_a_crash_lost) {
  actor_fixture f(quick_passivation(0));  // snapshots only when passivating
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  auto video = f.publish(ada);
  auto like = [&](const std::string& who) {
    return await<actors::done>([&](auto reply) { f.videos().like(f.as(who), video, reply); });
  };
  BOOST_REQUIRE(like(lin).ok());
  BOOST_TEST(f.store->has_edge(domain::like_edge(video, lin)));
  auto head = f.store->stream_head(video);
  wait_until_no_entity_is_resident(f);
  BOOST_REQUIRE(like(lin).ok());  // answered from the edge index: no second like
  BOOST_TEST(f.store->stream_head(video) == head);
  wait_until_no_entity_is_resident(f);

  // A like committed after the snapshot whose edge was never written, as when the process
  // dies between the commit and the edge write.
  storage::append_request lost;
  lost.stream_id = video;
  lost.expected_version = head;
  storage::new_event liked;
  liked.event.mutable_video_liked()->set_video_id(video);
  liked.event.mutable_video_liked()->set_user_id(ada);
  lost.events.push_back(liked);
  BOOST_REQUIRE(f.store->append(lost).ok());
  BOOST_REQUIRE(!f.store->has_edge(domain::like_edge(video, ada)));

  BOOST_REQUIRE(like(ada).ok());
  BOOST_TEST(f.store->has_edge(domain::like_edge(video, ada)));
  BOOST_TEST(f.store->stream_head(video) == head + 1);  // one like each
  auto state = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));
  BOOST_TEST(state.likes == 2u);

  BOOST_REQUIRE(
      await<actors::done>([&](auto reply) { f.videos().unlike(f.as(lin), video, reply); }).ok());
  BOOST_TEST(!f.store->has_edge(domain::like_edge(video, lin)));
  BOOST_TEST(f.state_of<domain::video_state>(f.videos().videos(), video_value(video)).likes == 1u);
  std::vector<std::string> likers;
  f.store->scan_edges(domain::like_edge(video, ""), "", [&](std::string_view key) {
    likers.emplace_back(key.substr(domain::like_edge(video, "").size()));
    return true;
  });
  BOOST_TEST(likers == std::vector<std::string>{ada});
}

BOOST_AUTO_TEST_CASE(a_failed_write_fails_the_command_and_leaves_nothing_half_applied) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  auto video = f.publish(ada);
  f.settle_follow_ups();  // the creator role's grant must not take the injected failure
  auto before = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));

  f.store->fail_next(1);  // refused, nothing written
  auto failed = await<actors::done>([&](auto reply) { f.videos().like(f.as(lin), video, reply); });
  BOOST_TEST(code_of(failed) == "storage_failure");
  auto after = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));
  BOOST_TEST(after.version == before.version);
  BOOST_TEST(after.likes == 0u);
  auto next = await<actors::done>([&](auto reply) { f.videos().like(f.as(lin), video, reply); });
  BOOST_TEST(code_of(next) == "ok");
  BOOST_TEST(f.state_of<domain::video_state>(f.videos().videos(), video_value(video)).likes == 1u);

  // Written, yet reported as failed: the entity reloads and holds exactly what is stored.
  f.store->fail_next(1, true);
  auto unknown =
      await<actors::done>([&](auto reply) { f.videos().share(f.as(lin), video, false, reply); });
  BOOST_TEST(code_of(unknown) == "storage_failure");
  auto reloaded = f.state_of<domain::video_state>(f.videos().videos(), video_value(video));
  BOOST_TEST(reloaded.version == f.store->stream_head(video));
  BOOST_TEST(reloaded.shares == 1u);
  auto more =
      await<actors::done>([&](auto reply) { f.videos().share(f.as(lin), video, false, reply); });
  BOOST_TEST(code_of(more) == "ok");
  BOOST_TEST(f.state_of<domain::video_state>(f.videos().videos(), video_value(video)).shares == 2u);
}

BOOST_AUTO_TEST_CASE(rules_that_need_other_entities_facts) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto teen = f.register_user("teen", "2011-06-01");  // 15 in 2026
  auto lin = f.register_user("lin");
  auto video = f.publish(ada);

  actors::video_draft political;
  political.title = "vote";
  political.duration_ms = 5000;
  political.is_ad = political.political = true;
  auto refused = await<actors::published>(
      [&](auto reply) { f.videos().publish(f.as(ada), political, reply); });
  BOOST_TEST(code_of(refused) == "political_ads_not_allowed");

  actors::video_draft duet;
  duet.title = "duet";
  duet.duration_ms = 5000;
  duet.duet_of = video;
  auto by_teen =
      await<actors::published>([&](auto reply) { f.videos().publish(f.as(teen), duet, reply); });
  BOOST_TEST(code_of(by_teen) == "age_restricted");
  BOOST_TEST(code_of(await<actors::published>(
                 [&](auto reply) { f.videos().publish(f.as(lin), duet, reply); })) == "ok");

  actors::settings_change no_duets;
  no_duets.allow_duet = false;
  no_duets.allow_comments = false;
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.videos().change_creator_settings(f.as(ada), no_duets, reply);
                }).ok());
  BOOST_TEST(code_of(await<actors::published>([&](auto reply) {
               f.videos().publish(f.as(lin), duet, reply);
             })) == "remix_not_allowed");
  auto comment = await<actors::commented>(
      [&](auto reply) { f.videos().comment(f.as(lin), video, "nice", reply); });
  BOOST_TEST(code_of(comment) == "comments_disabled");

  // A blocked user cannot follow the blocker.
  BOOST_REQUIRE(
      await<actors::done>([&](auto reply) { f.social().block(f.as(ada), lin, reply); }).ok());
  BOOST_TEST(code_of(await<actors::done>(
                 [&](auto reply) { f.social().follow(f.as(lin), ada, reply); })) == "blocked");
}

BOOST_AUTO_TEST_CASE(callers_and_ids_are_checked) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.social().follow(f.as(""), ada, reply);
             })) == "unauthenticated");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.social().follow(f.as(ada), "vid_x", reply);
             })) == "invalid_id");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.accounts().grant_role(f.as(ada), lin, events::ROLE_MODERATOR, reply);
             })) == "forbidden");
  BOOST_TEST(code_of(await<actors::video_details>([&](auto reply) {
               f.videos().get_video(f.as_operator(), video_id::from_value(77).str(), reply);
             })) == "video_not_found");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               f.social().follow(f.as(ada, std::string(200, 'r')), lin, reply);
             })) == "invalid_request_id");
}

BOOST_AUTO_TEST_SUITE_END()
