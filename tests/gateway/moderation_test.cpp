// Moderation over real sockets, on an injected clock: report storms and what they hide
// from feeds, the claim race, a removal with its strike and statement, the appeal a
// different moderator decides, misinformation labels and the share prompt, comment and
// account reports, and the pushes to moderators, owners and reporters.
#include <boost/test/unit_test.hpp>

#include <thread>

#include "domain/clock.h"
#include "gateway_fixture.h"
#include "socket_checks.h"

using namespace reel;
using namespace reel::testing;
namespace json = boost::json;

namespace {

constexpr int64_t day_us = 24LL * 3600 * 1000000;

std::string str(const json::value& v) {
  return std::string(v.as_string());
}

// A gateway on a clock that starts on 2026-06-01 and moves when a test says.
struct moderation_gateway {
  domain::manual_clock clock{1780315200LL * 1000000};
  gateway_fixture f{{}, [this] {
                      tools::node_setup s;
                      s.node.clock = &clock;
                      s.modules.moderation.deadline_sweep_ms = 3600000;  // tests sweep
                      // Sessions outlive the month the clock moves.
                      s.modules.accounts.session_token_ttl = std::chrono::hours(24 * 365);
                      return s;
                    }()};
  std::vector<gateway_fixture::user> people;

  // Users who will be established reporters once the clock has moved 31 days: each
  // follows three people (activity).
  std::vector<gateway_fixture::user> veterans(const std::string& prefix, int n) {
    while (people.size() < 3)
      people.push_back(f.registered("person" + std::to_string(people.size())));
    std::vector<gateway_fixture::user> out;
    for (int i = 0; i < n; ++i) {
      auto u = f.registered(prefix + std::to_string(i));
      for (const auto& p : people)
        BOOST_REQUIRE(code_of(u.client->call("user.follow", {{"user_id", p.id}})) == "ok");
      out.push_back(std::move(u));
    }
    return out;
  }

  gateway_fixture::user moderator(const std::string& handle) {
    auto u = f.registered(handle);
    auto granted = actors::await<actors::done>([&](auto reply) {
      f.rt->modules().accounts.grant_role_by_system(u.id, events::ROLE_MODERATOR, reply);
    });
    BOOST_REQUIRE(granted.ok());
    return u;
  }

  std::string publish(gateway_fixture::user& u, const std::string& title) {
    auto r =
        u.client->call("video.publish",
                       {{"title", title}, {"duration_ms", 20000}, {"topics", json::array{"cats"}}});
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
    return str(r.at("result").at("video_id"));
  }

  void settle(const std::string& projection) {
    auto head = f.store->global_head();
    auto r = actors::await<actors::done>(
        [&](auto reply) { f.rt->modules().admin.projection_reached(projection, head, reply); });
    BOOST_REQUIRE(r.ok());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_moderation)

BOOST_AUTO_TEST_CASE(a_report_storm_hides_a_video_from_the_next_page_of_every_feed) {
  moderation_gateway m;
  auto creator = m.f.registered("creator");
  auto fan = m.f.registered("fan");
  BOOST_REQUIRE(code_of(fan.client->call("user.follow", {{"user_id", creator.id}})) == "ok");
  auto storm = m.veterans("veteran", 5);
  m.settle("moderation_reporters");
  m.clock.advance_us(31 * day_us);
  // Twenty accounts made today, with no activity, hide nothing however hard they report.
  std::vector<gateway_fixture::user> newcomers;
  for (int i = 0; i < 20; ++i) newcomers.push_back(m.f.registered("newcomer" + std::to_string(i)));
  auto video = m.publish(creator, "a video");
  m.settle("feeds");
  BOOST_TEST(eventually([&] { return page_has(*fan.client, "feed.following", video); }));
  for (auto& n : newcomers) {
    auto r = n.client->call("report.create", {{"video_id", video}, {"reason", "harassment"}});
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
  }
  auto got = fan.client->call("video.get", {{"video_id", video}});
  BOOST_TEST(code_of(got) == "ok");
  // Five established reporters do: severity 1 hides at a score of 5.
  for (auto& v : storm) {
    auto r = v.client->call("report.create",
                            {{"video_id", video}, {"reason", "harassment"}, {"note", "mean"}});
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
  }
  BOOST_TEST(eventually([&] {
    return !page_has(*fan.client, "feed.following", video) &&
           !page_has(*fan.client, "feed.for_you", video) &&
           !page_has(*fan.client, "feed.trending", video);
  }));
  auto records = storm[0].client->call("report.records");
  BOOST_REQUIRE(records.at("ok").as_bool());
  BOOST_TEST(records.at("result").at("weight").as_double() == 1.0);
}

BOOST_AUTO_TEST_CASE(remove_strike_appeal_and_a_different_moderator_restores) {
  moderation_gateway m;
  auto creator = m.f.registered("creator");
  auto reporter = m.f.registered("reporter");
  auto mod_a = m.moderator("moda");
  auto mod_b = m.moderator("modb");
  // Only moderators watch the moderation topic.
  BOOST_TEST(code_of(reporter.client->call("subscribe", {{"topics", json::array{"moderation"}}})) ==
             "forbidden");
  BOOST_REQUIRE(code_of(mod_a.client->call("subscribe", {{"topics", json::array{"moderation"}}})) ==
                "ok");
  BOOST_REQUIRE(code_of(creator.client->call("subscribe",
                                             {{"topics", json::array{"notifications"}}})) == "ok");
  BOOST_REQUIRE(code_of(reporter.client->call("subscribe",
                                              {{"topics", json::array{"notifications"}}})) == "ok");
  auto video = m.publish(creator, "a stunt");
  auto r =
      reporter.client->call("report.create", {{"video_id", video}, {"reason", "dangerous_acts"}});
  BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
  auto case_id = str(r.at("result").at("case_id"));
  auto opened = push_of(*mod_a.client, "case_opened");
  BOOST_TEST(opened.at("push").as_string() == "moderation");
  BOOST_TEST(str(opened.at("data").at("case_id")) == case_id);
  BOOST_TEST(opened.at("data").at("severity").as_int64() == 1);

  // Two moderators claim at once: exactly one wins.
  mod_a.client->send(json::serialize(json::object{
      {"id", "claim-a"}, {"op", "moderation.claim"}, {"args", {{"case_id", case_id}}}}));
  mod_b.client->send(json::serialize(json::object{
      {"id", "claim-b"}, {"op", "moderation.claim"}, {"args", {{"case_id", case_id}}}}));
  auto a = mod_a.client->reply_to("claim-a");
  auto b = mod_b.client->reply_to("claim-b");
  BOOST_TEST((code_of(a) == "ok") != (code_of(b) == "ok"), json::serialize(a)
                                                               << json::serialize(b));
  auto& winner = code_of(a) == "ok" ? mod_a : mod_b;
  auto& other = code_of(a) == "ok" ? mod_b : mod_a;
  BOOST_TEST(code_of(code_of(a) == "ok" ? b : a) == "already_claimed");

  auto decided = winner.client->call("moderation.decide", {{"case_id", case_id},
                                                           {"action", "remove"},
                                                           {"policy", "dangerous_acts"},
                                                           {"note", "a stunt"}});
  BOOST_REQUIRE_MESSAGE(decided.at("ok").as_bool(), json::serialize(decided));
  auto told = push_of(*creator.client, "moderation_decision");
  BOOST_TEST(str(told.at("data").at("decision")) == "remove");
  BOOST_TEST(told.at("data").as_object().contains("appeal_until"));
  auto outcome = push_of(*reporter.client, "report_outcome");
  BOOST_TEST(str(outcome.at("data").at("case_id")) == case_id);
  BOOST_TEST(eventually([&] {
    return code_of(reporter.client->call("video.get", {{"video_id", video}})) != "ok";
  }));

  // The creator sees the strike and the statement of reasons, and appeals.
  json::object status;
  BOOST_TEST(eventually([&] {
    status = creator.client->call("account.status");
    return status.at("result").at("strikes").as_array().size() == 1;
  }));
  const auto& cases = status.at("result").at("cases").as_array();
  BOOST_REQUIRE(cases.size() == 1u);
  const auto& statement = cases[0].at("statements").as_array().at(0);
  BOOST_TEST(str(statement.at("decision_visibility")) == "DECISION_VISIBILITY_CONTENT_REMOVED");
  BOOST_TEST(statement.at("automated_detection").as_bool() == false);
  BOOST_TEST(!cases[0].at("appeal_until").is_null());
  BOOST_REQUIRE(code_of(creator.client->call("moderation.appeal",
                                             {{"case_id", case_id}, {"note", "it was staged"}})) ==
                "ok");
  // Not the moderator who decided.
  BOOST_TEST(code_of(winner.client->call("moderation.claim", {{"case_id", case_id}})) != "ok");
  BOOST_REQUIRE(code_of(other.client->call("moderation.claim", {{"case_id", case_id}})) == "ok");
  BOOST_REQUIRE(code_of(other.client->call("moderation.decide", {{"case_id", case_id},
                                                                 {"action", "restore"},
                                                                 {"policy", "dangerous_acts"},
                                                                 {"note", "staged, with care"}})) ==
                "ok");
  BOOST_TEST(eventually([&] {
    return code_of(reporter.client->call("video.get", {{"video_id", video}})) == "ok";
  }));
  BOOST_TEST(eventually([&] {
    return creator.client->call("account.status").at("result").at("strikes").as_array().empty();
  }));
  auto history = other.client->call("moderation.case", {{"case_id", case_id}});
  BOOST_REQUIRE(history.at("ok").as_bool());
  BOOST_TEST(history.at("result").at("statements").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(misinformation_labels_a_video_and_sharing_it_asks_first) {
  moderation_gateway m;
  auto creator = m.f.registered("creator");
  auto reporters = m.veterans("veteran", 4);
  m.settle("moderation_reporters");
  m.clock.advance_us(31 * day_us);
  auto video = m.publish(creator, "the moon is cheese");
  for (auto& v : reporters)
    BOOST_REQUIRE(code_of(v.client->call("report.create", {{"video_id", video},
                                                           {"reason", "misinformation"}})) == "ok");
  auto& viewer = m.people[0];
  BOOST_TEST(eventually([&] {
    return code_of(viewer.client->call("video.share", {{"video_id", video}})) ==
           "unverified_content";
  }));
  BOOST_TEST(code_of(viewer.client->call("video.share",
                                         {{"video_id", video}, {"confirm", true}})) == "ok");
  // Still reachable, with the label.
  auto got = viewer.client->call("video.get", {{"video_id", video}});
  BOOST_TEST(code_of(got) == "ok");
}

BOOST_AUTO_TEST_CASE(comments_and_accounts_can_be_reported_and_escalate_past_their_deadline) {
  moderation_gateway m;
  auto creator = m.f.registered("creator");
  auto troll = m.f.registered("troll");
  auto reporter = m.f.registered("reporter");
  auto mod = m.moderator("mod");
  BOOST_REQUIRE(code_of(mod.client->call("subscribe", {{"topics", json::array{"moderation"}}})) ==
                "ok");
  auto video = m.publish(creator, "a video");
  auto comment = troll.client->call("video.comment", {{"video_id", video}, {"text", "go away"}});
  BOOST_REQUIRE(comment.at("ok").as_bool());
  auto comment_id = str(comment.at("result").at("comment_id"));
  auto on_comment = reporter.client->call("report.create",
                                          {{"comment_id", comment_id}, {"reason", "harassment"}});
  BOOST_REQUIRE_MESSAGE(on_comment.at("ok").as_bool(), json::serialize(on_comment));
  auto on_account =
      reporter.client->call("report.create", {{"user_id", troll.id}, {"reason", "spam"}});
  BOOST_REQUIRE_MESSAGE(on_account.at("ok").as_bool(), json::serialize(on_account));
  BOOST_TEST(code_of(reporter.client->call("report.create", {{"comment_id", "cmt_nope"},
                                                             {"reason", "spam"}})) == "invalid_id");
  auto q = mod.client->call("moderation.queue");
  BOOST_REQUIRE(q.at("ok").as_bool());
  std::set<std::string> kinds;
  for (const auto& item : q.at("result").at("items").as_array())
    kinds.insert(str(item.at("subject_kind")));
  BOOST_TEST((kinds == std::set<std::string>{"comment", "account"}));

  // Past the severity-1 deadline (24 h) the comment's case escalates, and moderators hear.
  m.clock.advance_us(25LL * 3600 * 1000000);
  auto swept = actors::await<size_t>(
      [&](auto reply) { m.f.rt->modules().moderation.escalate_overdue(reply); });
  BOOST_REQUIRE(swept.ok());
  BOOST_TEST(swept.value() == 1u);
  auto breach = push_of(*mod.client, "case_escalated");
  BOOST_TEST(str(breach.at("data").at("case_id")) == str(on_comment.at("result").at("case_id")));
  BOOST_TEST(breach.at("data").as_object().contains("due_at"));
  auto stats = mod.client->call("moderation.stats");
  BOOST_REQUIRE(stats.at("ok").as_bool());
  BOOST_TEST(stats.at("result").at("deadline_breaches").as_int64() == 1);
  BOOST_TEST(stats.at("result").at("open_by_state").at("escalated").as_int64() == 1);

  // Removing the account suspends it: it reads and appeals, nothing else.
  auto account_case = str(on_account.at("result").at("case_id"));
  BOOST_REQUIRE(code_of(mod.client->call("moderation.claim", {{"case_id", account_case}})) == "ok");
  auto removed = mod.client->call(
      "moderation.decide",
      {{"case_id", account_case}, {"action", "remove"}, {"policy", "spam"}, {"note", "bots"}});
  BOOST_REQUIRE_MESSAGE(removed.at("ok").as_bool(), json::serialize(removed));
  BOOST_TEST(eventually([&] {
    auto status = troll.client->call("account.status");
    return status.at("ok").as_bool() && status.at("result").at("suspended").as_bool();
  }));
  BOOST_TEST(code_of(troll.client->call("video.comment", {{"video_id", video}, {"text", "hi"}})) ==
             "account_suspended");
  BOOST_TEST(code_of(troll.client->call("feed.for_you")) == "ok");
  BOOST_TEST(code_of(troll.client->call(
                 "moderation.appeal", {{"case_id", account_case}, {"note", "not a bot"}})) == "ok");
  // The comment's removal hides it from its video's comment count.
  auto comment_case = str(on_comment.at("result").at("case_id"));
  BOOST_REQUIRE(code_of(mod.client->call("moderation.claim", {{"case_id", comment_case}})) == "ok");
  BOOST_REQUIRE(code_of(mod.client->call("moderation.decide", {{"case_id", comment_case},
                                                               {"action", "remove"},
                                                               {"policy", "harassment"},
                                                               {"note", "abuse"}})) == "ok");
  BOOST_TEST(eventually([&] {
    auto got = creator.client->call("video.get", {{"video_id", video}});
    return got.at("ok").as_bool() && got.at("result").at("comments").as_int64() == 0;
  }));
}

// A reporter whose reports are mostly dismissed hears it: warned, then suspended from
// reporting, each once, on `notifications`.
BOOST_AUTO_TEST_CASE(a_reporter_mostly_dismissed_is_warned_then_suspended_by_push) {
  moderation_gateway m;
  auto creator = m.f.registered("creator");
  auto accusers = m.veterans("accuser", 1);
  auto& reporter = accusers[0];
  auto mod = m.moderator("mod");
  m.settle("moderation_reporters");
  m.clock.advance_us(31 * day_us);
  BOOST_REQUIRE(code_of(reporter.client->call("subscribe",
                                              {{"topics", json::array{"notifications"}}})) == "ok");
  auto dismissed = [&](int n) {
    for (int i = 0; i < n; ++i) {
      auto video = m.publish(creator, "fine " + std::to_string(i));
      auto r = reporter.client->call("report.create", {{"video_id", video}, {"reason", "spam"}});
      BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
      auto case_id = str(r.at("result").at("case_id"));
      BOOST_REQUIRE(code_of(mod.client->call("moderation.claim", {{"case_id", case_id}})) == "ok");
      BOOST_REQUIRE(code_of(mod.client->call("moderation.decide", {{"case_id", case_id},
                                                                   {"action", "dismiss"},
                                                                   {"policy", "spam"},
                                                                   {"note", "fine"}})) == "ok");
    }
    m.settle("moderation_reporters");
    auto told = actors::await<size_t>(
        [&](auto reply) { m.f.rt->modules().moderation.announce_standings(reply); });
    BOOST_REQUIRE(told.ok());
    BOOST_TEST(told.value() == 1u);
  };
  dismissed(10);
  auto warned = push_of(*reporter.client, "report_standing");
  BOOST_TEST(str(warned.at("data").at("decision")) == "warned");
  auto records = reporter.client->call("report.records");
  BOOST_REQUIRE(records.at("ok").as_bool());
  BOOST_TEST(records.at("result").at("warned").as_bool());
  dismissed(10);
  auto suspended = push_of(*reporter.client, "report_standing");
  BOOST_TEST(str(suspended.at("data").at("decision")) == "suspended");
  BOOST_TEST(suspended.at("data").as_object().contains("suspended_until"));
  auto video = m.publish(creator, "one more");
  BOOST_TEST(
      code_of(reporter.client->call("report.create", {{"video_id", video}, {"reason", "spam"}})) ==
      "report_suspended");
}

BOOST_AUTO_TEST_CASE(a_moderator_whose_role_is_revoked_stops_watching_the_queue) {
  moderation_gateway m;
  auto op = m.f.operator_user("ops_lead");
  auto kept = m.moderator("kept");
  auto gone = m.moderator("gone");
  auto creator = m.f.registered("creator");
  auto reporter = m.f.registered("reporter");
  for (auto* u : {&kept, &gone})
    BOOST_REQUIRE(code_of(u->client->call(
                      "subscribe", {{"topics", json::array{"moderation", "notifications"}}})) ==
                  "ok");
  auto revoked =
      op.client->call("admin.revoke_role", {{"user_id", gone.id}, {"role", "moderator"}});
  BOOST_REQUIRE_MESSAGE(revoked.at("ok").as_bool(), json::serialize(revoked));
  auto told = push_of(*gone.client, "unsubscribed");
  BOOST_TEST(str(told.at("push")) == "moderation");
  // Only the other topic is left, and the queue's pushes go to the moderator who kept it.
  auto now = gone.client->call("subscribe", {{"topics", json::array{"notifications"}}});
  BOOST_REQUIRE(now.at("ok").as_bool());
  BOOST_TEST(json::serialize(now.at("result").at("topics")) == R"(["notifications"])");
  BOOST_TEST(code_of(gone.client->call("subscribe", {{"topics", json::array{"moderation"}}})) ==
             "forbidden");
  auto video = m.publish(creator, "a video");
  BOOST_REQUIRE(code_of(reporter.client->call(
                    "report.create", {{"video_id", video}, {"reason", "child_safety"}})) == "ok");
  auto opened = push_of(*kept.client, "case_opened");
  BOOST_TEST(str(opened.at("data").at("video_id")) == video);
  BOOST_TEST(code_of(gone.client->call("ping")) == "ok");
  for (const auto& p : gone.client->pushes) BOOST_TEST(str(p.at("push")) != "moderation");
}

BOOST_AUTO_TEST_SUITE_END()
