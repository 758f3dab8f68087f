// The modules' shared machinery: follow-ups through the reactor, the access policy on
// live roles, digests of every projection, and the injectable clock.
#include <boost/test/unit_test.hpp>

#include "actor_fixture.h"
#include "actors/accounts/user_entity.h"
#include "projections/state_digest.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace {

std::vector<actors::projection_status> statuses(actor_fixture& f) {
  auto all = await<std::vector<actors::projection_status>>(
      [&](auto reply) { f.admin().projections(reply); });
  BOOST_REQUIRE(all.ok());
  return all.value();
}

std::string rebuild(actor_fixture& f, const actors::caller& who, const std::string& name) {
  return code_of(
      await<actors::done>([&](auto reply) { f.admin().rebuild_projection(who, name, reply); }));
}

// The digest of what the store holds for a projection, computed from scratch.
std::string scanned_digest(storage::event_store& store, const std::string& name) {
  projections::state_digest d;
  store.projection_scan(name, "", [&](std::string_view k, std::string_view v) {
    d.add(k, v);
    return true;
  });
  return d.hex();
}

// Follow-ups first: they append events (a decision's strike, say) the projections must
// fold too. Repeats until a round ends with the head where it began.
void settle_all(actor_fixture& f) {
  for (auto head = f.store->global_head();;) {
    f.settle_follow_ups();
    for (const auto& p : f.node().projections()) f.settle(p.name);
    auto now = f.store->global_head();
    if (now == head) return;
    head = now;
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(modules)

BOOST_AUTO_TEST_CASE(a_block_ends_the_follow_both_ways_through_the_reactor) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  auto lin = f.register_user("lin");
  for (auto [a, b] : {std::pair{ada, lin}, std::pair{lin, ada}}) {
    BOOST_REQUIRE(
        await<actors::done>([&](auto reply) { f.social().follow(f.as(a), b, reply); }).ok());
  }
  BOOST_REQUIRE(
      await<actors::done>([&](auto reply) { f.social().block(f.as(ada), lin, reply); }).ok());
  f.settle_follow_ups();
  auto a = f.state_of<domain::user_state>(f.accounts().users(), user_id::parse(ada)->value());
  auto l = f.state_of<domain::user_state>(f.accounts().users(), user_id::parse(lin)->value());
  BOOST_TEST(a.following.empty());  // in the block's own append
  BOOST_TEST(l.following.empty());  // the follow-up, in lin's stream
  auto s = f.reactor_now();
  BOOST_TEST(s.refused == 0u);
  BOOST_TEST(s.lag == 0u);
  BOOST_TEST(s.follow_ups >= 1u);
  // A second start runs no follow-up again: the reactor's checkpoint stands.
  auto version = l.version;
  f.restart();
  f.settle_follow_ups();
  BOOST_TEST(
      f.state_of<domain::user_state>(f.accounts().users(), user_id::parse(lin)->value()).version ==
      version);
}

BOOST_AUTO_TEST_CASE(a_first_publish_grants_the_creator_role_once) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  f.publish(ada);
  f.publish(ada);
  f.settle_follow_ups();
  auto state = f.state_of<domain::user_state>(f.accounts().users(), user_id::parse(ada)->value());
  BOOST_TEST(state.roles.count(events::ROLE_CREATOR) == 1u);
  BOOST_TEST(state.version == 2u);  // registered, then one grant for two publishes
  BOOST_TEST(f.reactor_now().refused == 0u);
}

BOOST_AUTO_TEST_CASE(roles_take_effect_at_the_next_request) {
  actor_fixture f;
  auto ada = f.register_user("ada");
  BOOST_TEST(rebuild(f, f.as(ada), "profile_counts") == "forbidden");
  auto grant = [&](auto call, const std::string& user) {
    return code_of(await<actors::done>([&](auto reply) {
      (f.accounts().*call)(f.as_operator(), user, events::ROLE_OPERATOR, reply);
    }));
  };
  BOOST_TEST(grant(&actors::accounts_module::grant_role, ada) == "ok");
  BOOST_TEST(rebuild(f, f.as(ada), "profile_counts") == "ok");
  BOOST_TEST(grant(&actors::accounts_module::revoke_role, ada) == "ok");
  BOOST_TEST(rebuild(f, f.as(ada), "profile_counts") == "forbidden");
  auto backup = await<actors::backup_made>([&](auto reply) { f.admin().backup(f.as(ada), reply); });
  BOOST_TEST(code_of(backup) == "forbidden");
}

BOOST_AUTO_TEST_CASE(the_last_operator_cannot_lose_the_role) {
  actor_fixture f;
  auto op = f.as_operator();
  auto revoke = [&](const actors::caller& who, const std::string& user) {
    return code_of(await<actors::done>(
        [&](auto reply) { f.accounts().revoke_role(who, user, events::ROLE_OPERATOR, reply); }));
  };
  BOOST_TEST(revoke(op, op.user_id) == "last_operator");
  auto ada = f.register_user("ada");
  BOOST_TEST(revoke(op, ada) == "role_not_held");
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.accounts().grant_role(op, ada, events::ROLE_OPERATOR, reply);
                }).ok());
  f.settle("role_holders");
  BOOST_TEST(revoke(f.as(ada), op.user_id) == "ok");
  BOOST_TEST(revoke(f.as(ada), ada) == "last_operator");
  BOOST_TEST(revoke(op, ada) == "forbidden");  // no longer an operator
}

BOOST_AUTO_TEST_CASE(every_projection_rebuilt_from_zero_has_the_live_digest) {
  actor_fixture f;
  auto op = f.as_operator();
  std::vector<std::string> users;
  for (int i = 0; i < 5; ++i) users.push_back(f.register_user("user" + std::to_string(i)));
  for (size_t a = 0; a < users.size(); ++a) {
    for (size_t b = 0; b < users.size(); ++b) {
      if (a == b || (a * b) % 3 == 1) continue;
      BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                      f.social().follow(f.as(users[a]), users[b], reply);
                    }).ok());
    }
  }
  std::vector<std::string> videos;
  for (int i = 0; i < 4; ++i) videos.push_back(f.publish(users[i % 2]));
  for (const auto& u : users) {
    for (const auto& v : videos) {
      BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                      f.videos().view(f.as(u), v, 9000, events::FEED_SOURCE_FOR_YOU, reply);
                    }).ok());
    }
    BOOST_REQUIRE(
        await<actors::done>([&](auto reply) { f.videos().like(f.as(u), videos[0], reply); }).ok());
    auto page = await<actors::feed_answer>(
        [&](auto reply) { f.feeds().feed(f.as(u), events::FEED_SOURCE_FOR_YOU, 5, "", reply); });
    BOOST_REQUIRE(page.ok());
  }
  // Moderation state too: reports on a video and a comment, one case claimed and decided.
  actors::report_subject on_video;
  on_video.video_id = videos[1];
  std::string case_id;
  for (int i = 2; i < 5; ++i) {
    auto filed = await<actors::report_filed>([&](auto reply) {
      f.moderation().report(f.as(users[i]), on_video, events::REPORT_REASON_HATE, "", reply);
    });
    BOOST_REQUIRE(filed.ok());
    case_id = filed.value().case_id;
  }
  BOOST_REQUIRE(await<actors::case_claimed>([&](auto reply) {
                  f.moderation().claim(f.as(op.user_id), case_id, reply);
                }).ok());
  actors::case_verdict remove{events::CASE_DECISION_REMOVE, events::REPORT_REASON_HATE, "hateful",
                              "", 0};
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  f.moderation().decide(f.as(op.user_id), case_id, remove, reply);
                }).ok());
  settle_all(f);
  auto live = statuses(f);
  BOOST_REQUIRE(live.size() == f.node().projections().size());
  for (const auto& s : live) {
    BOOST_TEST_CONTEXT(s.name) {
      BOOST_TEST(s.error.empty());
      BOOST_TEST(s.checkpoint == f.store->global_head());
      // Kept incrementally, it equals a digest computed from the stored state.
      BOOST_TEST(s.digest == scanned_digest(*f.store, s.name));
      BOOST_TEST(rebuild(f, op, s.name) == "ok");
      f.settle(s.name);
    }
  }
  auto rebuilt = statuses(f);
  for (size_t i = 0; i < live.size(); ++i) {
    BOOST_TEST_CONTEXT(live[i].name) {
      BOOST_TEST(rebuilt[i].checkpoint == live[i].checkpoint);
      BOOST_TEST(rebuilt[i].digest == live[i].digest);
    }
  }
}

BOOST_AUTO_TEST_CASE(ages_move_with_the_injected_clock) {
  // 2026-06-01T12:00:00Z; the user turns 16 the next day.
  domain::manual_clock clock(1780315200LL * 1000000);
  node_setup setup;
  setup.node.clock = &clock;
  actor_fixture f(setup);
  auto teen = f.register_user("teen", "2010-06-02");
  auto band = [&] {
    caf::scoped_actor self{f.system};
    auto id = user_id::parse(teen)->value();
    events::AgeBand out = events::AGE_BAND_UNSPECIFIED;
    self->request(f.accounts().users().host_for(id), std::chrono::seconds(5),
                  actors::route_atom::value, id,
                  caf::make_message(actors::facts_atom::value, std::string()))
        .receive([&](actors::user_facts& facts) { out = facts.band; }, [](caf::error&) {});
    return out;
  };
  BOOST_TEST(band() == events::AGE_BAND_13_15);
  clock.advance_us(24LL * 3600 * 1000000);
  BOOST_TEST(band() == events::AGE_BAND_16_17);
}

BOOST_AUTO_TEST_CASE(the_scheduler_check_sees_a_blocking_call) {
  // The fixture's check that no store call blocks a scheduler thread is only worth
  // something if it sees one: a scheduled actor reading the store is counted.
  actor_fixture f;
  auto* store = f.store.get();
  // (An unused argument: CAF 0.17 trips over a functor spawned with none.)
  auto reader = f.system.spawn(
      [store](caf::event_based_actor*, int) -> caf::behavior {
        return {[store](int) { return static_cast<int>(store->stream_head("probe")); }};
      },
      0);
  caf::scoped_actor self{f.system};
  self->request(reader, std::chrono::seconds(5), 1).receive([](int) {}, [](caf::error&) {});
  BOOST_TEST(f.store->scheduler_calls() == 1u);
  BOOST_TEST(f.store->first_scheduler_call() == "stream_head");
  f.store->forget_scheduler_calls();
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
}

BOOST_AUTO_TEST_SUITE_END()
