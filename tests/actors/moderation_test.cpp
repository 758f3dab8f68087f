// The moderation module over a real node: reports weighted by their reporters become
// cases, automatic rules hide pending review, moderators claim and decide, and the
// effects (visibility, strikes) follow through the reactor, appeals included.
#include <boost/test/unit_test.hpp>

#include <mutex>
#include <thread>

#include "actor_fixture.h"
#include "actors/moderation/case_entity.h"
#include "domain/moderation/strikes.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace reel::domain {
std::ostream& operator<<(std::ostream& os, visibility v) {
  return os << static_cast<int>(v);
}
}  // namespace reel::domain

namespace {

constexpr int64_t day_us = 24LL * 3600 * 1000000;

// A node on a clock that starts on 2026-06-01 and moves when a test says.
struct moderation_fixture {
  domain::manual_clock clock{1780315200LL * 1000000};
  actor_fixture f;

  explicit moderation_fixture(int64_t deadline_sweep_ms = 3600000) : f(setup(deadline_sweep_ms)) {}
  node_setup setup(int64_t deadline_sweep_ms) {
    node_setup s;
    s.node.clock = &clock;
    s.modules.moderation.deadline_sweep_ms = deadline_sweep_ms;
    return s;
  }
  std::vector<std::string> people;  // followed by veterans, for their activity

  std::string moderator(const std::string& handle) {
    auto id = f.register_user(handle);
    auto granted = await<actors::done>(
        [&](auto reply) { f.accounts().grant_role_by_system(id, events::ROLE_MODERATOR, reply); });
    BOOST_REQUIRE(granted.ok());
    return id;
  }

  // Accounts registered now that will be established once the clock moves past 30 days:
  // each follows three people (activity), so their reports weigh 1000 then.
  std::vector<std::string> accounts(const std::string& prefix, int n, bool active) {
    while (people.size() < 3)
      people.push_back(f.register_user("person" + std::to_string(people.size())));
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
      auto id = f.register_user(prefix + std::to_string(i));
      if (active) {
        for (const auto& p : people) {
          auto r = await<actors::done>([&](auto reply) { f.social().follow(f.as(id), p, reply); });
          BOOST_REQUIRE(r.ok());
        }
      }
      out.push_back(id);
    }
    return out;
  }

  actors::outcome<actors::report_filed> report(const std::string& who, actors::report_subject s,
                                               events::ReportReason reason) {
    return await<actors::report_filed>(
        [&](auto reply) { f.moderation().report(f.as(who), s, reason, "", reply); });
  }
  actors::outcome<actors::report_filed> report_video(const std::string& who,
                                                     const std::string& video,
                                                     events::ReportReason reason) {
    return report(who, {video, "", ""}, reason);
  }

  actors::outcome<projections::queue_answer> queue(const std::string& who,
                                                   domain::queue_filter filter = {},
                                                   std::string cursor = "") {
    return await<projections::queue_answer>(
        [&](auto reply) { f.moderation().queue(f.as(who), filter, cursor, reply); });
  }

  actors::outcome<actors::done> decide(const std::string& who, const std::string& case_id,
                                       events::CaseDecision action, events::ReportReason policy) {
    actors::case_verdict v;
    v.action = action;
    v.policy = policy;
    v.note = "checked against the guidelines";
    return await<actors::done>(
        [&](auto reply) { f.moderation().decide(f.as(who), case_id, v, reply); });
  }

  actors::outcome<actors::case_claimed> claim(const std::string& who, const std::string& case_id) {
    return await<actors::case_claimed>(
        [&](auto reply) { f.moderation().claim(f.as(who), case_id, reply); });
  }

  domain::video_state video(const std::string& id) {
    return f.state_of<domain::video_state>(f.videos().videos(), video_id::parse(id)->value());
  }
  domain::user_state user(const std::string& id) {
    return f.state_of<domain::user_state>(f.accounts().users(), user_id::parse(id)->value());
  }
  domain::case_state the_case(const std::string& id) {
    return f.state_of<domain::case_state>(f.moderation().cases(), case_id::parse(id)->value());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(moderation_module)

BOOST_AUTO_TEST_CASE(a_report_storm_hides_a_video_until_a_moderator_decides) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto reporters = m.accounts("veteran", 5, true);
  m.f.settle("moderation_reporters");
  m.clock.advance_us(31 * day_us);
  auto video = m.f.publish(creator);
  // Harassment is severity 1: hidden at a score of 5 established reporters.
  for (int i = 0; i < 4; ++i) {
    auto r = m.report_video(reporters[i], video, events::REPORT_REASON_HARASSMENT);
    BOOST_REQUIRE_MESSAGE(r.ok(), code_of(r));
  }
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::visible);
  auto last = m.report_video(reporters[4], video, events::REPORT_REASON_HARASSMENT);
  BOOST_REQUIRE(last.ok());
  BOOST_TEST(last.value().case_id.substr(0, 4) == "cas_");
  // The same report again is one report.
  auto again = m.report_video(reporters[4], video, events::REPORT_REASON_HARASSMENT);
  BOOST_REQUIRE(again.ok());
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::hidden);
  auto c = m.the_case(last.value().case_id);
  BOOST_TEST(c.report_count == 5u);
  BOOST_TEST(c.score_milli == 5000u);
  BOOST_TEST(c.auto_hidden);

  auto mod = m.moderator("mod");
  auto q = m.queue(mod);
  BOOST_REQUIRE_MESSAGE(q.ok(), code_of(q));
  BOOST_REQUIRE(q.value().items.size() == 1u);
  const auto& row = q.value().items[0];
  BOOST_TEST(row.case_id == last.value().case_id);
  BOOST_TEST(row.state == "open");
  BOOST_TEST(row.automated);
  BOOST_TEST(row.report_count == 5u);
  BOOST_TEST(row.priority >= 40);  // severity 1
  // A dismissal puts the video back.
  BOOST_REQUIRE(m.claim(mod, row.case_id).ok());
  auto d = m.decide(mod, row.case_id, events::CASE_DECISION_NO_VIOLATION,
                    events::REPORT_REASON_HARASSMENT);
  BOOST_REQUIRE_MESSAGE(d.ok(), code_of(d));
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::visible);
  BOOST_TEST(m.queue(mod).value().items.empty());
}

BOOST_AUTO_TEST_CASE(twenty_fresh_accounts_alone_hide_nothing) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto video = m.f.publish(creator);
  auto fresh = m.accounts("fresh", 20, false);
  std::string case_id;
  for (const auto& who : fresh) {
    auto r = m.report_video(who, video, events::REPORT_REASON_CHILD_SAFETY);
    BOOST_REQUIRE(r.ok());
    case_id = r.value().case_id;
  }
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::visible);
  auto c = m.the_case(case_id);
  BOOST_TEST(c.report_count == 20u);
  BOOST_TEST(c.score_milli == 400u);  // 20 each: under a day old, no activity
  BOOST_TEST(!c.auto_hidden);
  // Still a case for a person, at the top: severity 0.
  auto q = m.queue(m.moderator("mod"));
  BOOST_REQUIRE(q.ok());
  BOOST_REQUIRE(q.value().items.size() == 1u);
  BOOST_TEST(q.value().items[0].priority >= 60);
}

BOOST_AUTO_TEST_CASE(of_two_moderators_claiming_at_once_one_wins) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto reporter = m.f.register_user("reporter");
  auto video = m.f.publish(creator);
  auto r = m.report_video(reporter, video, events::REPORT_REASON_SPAM);
  BOOST_REQUIRE(r.ok());
  auto a = m.moderator("moda"), b = m.moderator("modb");
  auto case_id = r.value().case_id;
  for (int round = 0; round < 5; ++round) {
    actors::outcome<actors::case_claimed> first = actors::command_error{errc::internal, ""};
    auto second = first;
    std::thread ta([&] { first = m.claim(a, case_id); });
    std::thread tb([&] { second = m.claim(b, case_id); });
    ta.join();
    tb.join();
    BOOST_TEST((first.ok() != second.ok()), code_of(first) << " " << code_of(second));
    const auto& loser = first.ok() ? second : first;
    BOOST_TEST(code_of(loser) == "already_claimed");
    auto holder = first.ok() ? a : b;
    auto released = await<actors::done>(
        [&](auto reply) { m.f.moderation().release(m.f.as(holder), case_id, reply); });
    BOOST_REQUIRE(released.ok());
  }
  // Deciding needs the claim, and a lapsed claim is refused.
  BOOST_TEST(code_of(m.decide(a, case_id, events::CASE_DECISION_REMOVE,
                              events::REPORT_REASON_SPAM)) == "not_claimed");
  BOOST_REQUIRE(m.claim(a, case_id).ok());
  m.clock.advance_us(11LL * 60 * 1000000);  // past the 10-minute lease
  BOOST_TEST(code_of(m.decide(a, case_id, events::CASE_DECISION_REMOVE,
                              events::REPORT_REASON_SPAM)) == "claim_expired");
  // Users who are not moderators see no queue.
  BOOST_TEST(code_of(m.queue(reporter)) == "forbidden");
  BOOST_TEST(code_of(m.claim(reporter, case_id)) == "forbidden");
}

BOOST_AUTO_TEST_CASE(a_removal_strikes_and_an_appeal_to_another_moderator_restores) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto reporter = m.f.register_user("reporter");
  auto video = m.f.publish(creator);
  auto r = m.report_video(reporter, video, events::REPORT_REASON_HATE);
  BOOST_REQUIRE(r.ok());
  auto case_id = r.value().case_id;
  auto a = m.moderator("moda"), b = m.moderator("modb");
  BOOST_REQUIRE(m.claim(a, case_id).ok());
  BOOST_REQUIRE(
      m.decide(a, case_id, events::CASE_DECISION_REMOVE, events::REPORT_REASON_HATE).ok());
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::removed);
  auto now_ms = m.clock.now_ms();
  BOOST_TEST(domain::active_strikes(m.user(creator).strikes, now_ms) == 1u);
  // The reporter cannot appeal an upheld report; the creator can, once.
  auto appeal = [&](const std::string& who) {
    return await<actors::done>(
        [&](auto reply) { m.f.moderation().appeal(m.f.as(who), case_id, "it is satire", reply); });
  };
  BOOST_TEST(code_of(appeal(reporter)) == "appeal_not_allowed");
  auto appealed = appeal(creator);
  BOOST_REQUIRE_MESSAGE(appealed.ok(), code_of(appealed));
  BOOST_TEST(code_of(appeal(creator)) == "already_appealed");
  // The moderator who decided does not decide the appeal.
  BOOST_TEST(code_of(m.claim(a, case_id)) == "same_moderator");
  BOOST_REQUIRE(m.claim(b, case_id).ok());
  auto restored = m.decide(b, case_id, events::CASE_DECISION_RESTORE, events::REPORT_REASON_HATE);
  BOOST_REQUIRE_MESSAGE(restored.ok(), code_of(restored));
  m.f.settle_follow_ups();
  BOOST_TEST(m.video(video).status == domain::visibility::visible);
  BOOST_TEST(domain::active_strikes(m.user(creator).strikes, m.clock.now_ms()) == 0u);
  // The whole history, and a statement of reasons per decision.
  auto h = await<actors::case_history>(
      [&](auto reply) { m.f.moderation().get_case(m.f.as(b), case_id, reply); });
  BOOST_REQUIRE(h.ok());
  BOOST_TEST(h.value().state.decisions.size() == 2u);
  std::vector<std::string> types;
  for (const auto& e : h.value().events) types.push_back(e.envelope().type());
  std::vector<std::string> expected{"moderation_case_opened",   "moderation_report_filed",
                                    "moderation_case_claimed",  "moderation_case_decided",
                                    "moderation_case_appealed", "moderation_case_claimed",
                                    "moderation_case_decided"};
  BOOST_TEST(types == expected, boost::test_tools::per_element());
  auto statement = domain::statement_of(h.value().state, h.value().state.decisions[0]);
  BOOST_TEST(statement.decision_visibility == "DECISION_VISIBILITY_CONTENT_REMOVED");
  BOOST_TEST(statement.automated_decision == "AUTOMATED_DECISION_NOT_AUTOMATED");
}

BOOST_AUTO_TEST_CASE(comments_and_accounts_are_reported_too) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto troll = m.f.register_user("troll");
  auto reporter = m.f.register_user("reporter");
  auto video = m.f.publish(creator);
  auto comment = await<actors::commented>(
      [&](auto reply) { m.f.videos().comment(m.f.as(troll), video, "go away", reply); });
  BOOST_REQUIRE(comment.ok());
  auto on_comment =
      m.report(reporter, {"", comment.value().comment_id, ""}, events::REPORT_REASON_HARASSMENT);
  BOOST_REQUIRE_MESSAGE(on_comment.ok(), code_of(on_comment));
  auto on_account = m.report(reporter, {"", "", troll}, events::REPORT_REASON_SPAM);
  BOOST_REQUIRE(on_account.ok());
  auto c = m.the_case(on_comment.value().case_id);
  BOOST_TEST(c.kind == events::CASE_SUBJECT_KIND_COMMENT);
  BOOST_TEST(c.owner_id == troll);
  BOOST_TEST(c.video_id == video);
  auto a = m.the_case(on_account.value().case_id);
  BOOST_TEST(a.kind == events::CASE_SUBJECT_KIND_ACCOUNT);
  BOOST_TEST(a.owner_id == troll);
  auto mod = m.moderator("mod");
  auto q = m.queue(mod);
  BOOST_REQUIRE(q.ok());
  BOOST_TEST(q.value().items.size() == 2u);
  // What is not there cannot be reported; one subject at a time.
  BOOST_TEST(code_of(m.report(reporter, {"", "cmt_0000000000001", ""},
                              events::REPORT_REASON_SPAM)) != "ok");
  BOOST_TEST(code_of(m.report(reporter, {video, "", troll}, events::REPORT_REASON_SPAM)) ==
             "bad_args");
  BOOST_TEST(code_of(m.report(reporter, {"", "", "usr_0000000000001"},
                              events::REPORT_REASON_SPAM)) == "user_not_found");
  // Removing the comment hides it on its video; an upheld appeal shows it again.
  auto comment_events = [&] {
    std::vector<std::string> out;
    for (const auto& r : m.f.store->read_stream(video, 1, 10000))
      if (r.event().has_comment_hidden() || r.event().has_comment_restored())
        out.push_back(r.envelope().type());
    return out;
  };
  auto case_id = on_comment.value().case_id;
  BOOST_REQUIRE(m.claim(mod, case_id).ok());
  BOOST_REQUIRE(
      m.decide(mod, case_id, events::CASE_DECISION_REMOVE, events::REPORT_REASON_HARASSMENT).ok());
  m.f.settle_follow_ups();
  BOOST_TEST(comment_events() == std::vector<std::string>{"comment_hidden"},
             boost::test_tools::per_element());
  auto appealed = await<actors::done>(
      [&](auto reply) { m.f.moderation().appeal(m.f.as(troll), case_id, "banter", reply); });
  BOOST_REQUIRE_MESSAGE(appealed.ok(), code_of(appealed));
  auto other = m.moderator("mod2");
  BOOST_REQUIRE(m.claim(other, case_id).ok());
  BOOST_REQUIRE(
      m.decide(other, case_id, events::CASE_DECISION_RESTORE, events::REPORT_REASON_HARASSMENT)
          .ok());
  m.f.settle_follow_ups();
  BOOST_TEST(comment_events() == (std::vector<std::string>{"comment_hidden", "comment_restored"}),
             boost::test_tools::per_element());
  // Removing the account suspends it: it may read and appeal, nothing else, until an
  // upheld appeal reinstates it.
  auto account_case = on_account.value().case_id;
  BOOST_REQUIRE(m.claim(mod, account_case).ok());
  BOOST_REQUIRE(
      m.decide(mod, account_case, events::CASE_DECISION_REMOVE, events::REPORT_REASON_SPAM).ok());
  m.f.settle_follow_ups();
  auto status = [&] {
    auto s = await<actors::account_standing>(
        [&](auto reply) { m.f.moderation().account_status(m.f.as(troll), reply); });
    BOOST_REQUIRE(s.ok());
    return s.value();
  };
  BOOST_TEST(status().suspended);
  BOOST_TEST(code_of(m.report(troll, {video, "", ""}, events::REPORT_REASON_SPAM)) ==
             "account_suspended");
  auto commented_again = await<actors::commented>(
      [&](auto reply) { m.f.videos().comment(m.f.as(troll), video, "again", reply); });
  BOOST_TEST(code_of(commented_again) == "account_suspended");
  auto account_appeal = await<actors::done>(
      [&](auto reply) { m.f.moderation().appeal(m.f.as(troll), account_case, "not spam", reply); });
  BOOST_REQUIRE_MESSAGE(account_appeal.ok(), code_of(account_appeal));
  BOOST_REQUIRE(m.claim(other, account_case).ok());
  BOOST_REQUIRE(
      m.decide(other, account_case, events::CASE_DECISION_RESTORE, events::REPORT_REASON_SPAM)
          .ok());
  m.f.settle_follow_ups();
  BOOST_TEST(!status().suspended);
  BOOST_TEST(m.report(troll, {video, "", ""}, events::REPORT_REASON_SPAM).ok());
}

BOOST_AUTO_TEST_CASE(a_reporter_mostly_dismissed_is_warned_then_suspended) {
  moderation_fixture m;
  std::mutex mu;
  std::vector<domain::notice> heard;
  m.f.rt->modules().notifications.on_notice([&](const domain::notice& n) {
    std::lock_guard lock(mu);
    if (n.kind == "report_standing") heard.push_back(n);
  });
  auto standing_notices = [&](size_t n) {
    for (int i = 0; i < 500; ++i) {
      {
        std::lock_guard lock(mu);
        if (heard.size() >= n) return heard;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(mu);
    return heard;
  };
  auto creator = m.f.register_user("creator");
  auto reporter = m.accounts("accuser", 1, true)[0];
  m.f.settle("moderation_reporters");
  m.clock.advance_us(31 * day_us);
  auto mod = m.moderator("mod");
  auto dismissed = [&](int n) {
    for (int i = 0; i < n; ++i) {
      auto video = m.f.publish(creator);
      auto r = m.report_video(reporter, video, events::REPORT_REASON_SPAM);
      BOOST_REQUIRE_MESSAGE(r.ok(), code_of(r));
      BOOST_REQUIRE(m.claim(mod, r.value().case_id).ok());
      BOOST_REQUIRE(m.decide(mod, r.value().case_id, events::CASE_DECISION_NO_VIOLATION,
                             events::REPORT_REASON_SPAM)
                        .ok());
    }
    m.f.settle("moderation_reporters");
  };
  auto record = [&] {
    auto v = await<actors::reporter_view>(
        [&](auto reply) { m.f.moderation().reporter(m.f.as(reporter), reply); });
    BOOST_REQUIRE(v.ok());
    return v.value();
  };
  // The reporter is told of each change once: an event on their stream, which the
  // notifier pushes.
  auto announce = [&] {
    auto n = await<size_t>([&](auto reply) { m.f.moderation().announce_standings(reply); });
    BOOST_REQUIRE(n.ok());
    m.f.settle("moderation_reporters");
    return n.value();
  };
  auto standings = [&] {
    std::vector<events::ReporterStandingChanged> out;
    for (const auto& r : m.f.store->read_stream(reporter, 1, 10000))
      if (r.event().has_reporter_standing_changed())
        out.push_back(r.event().reporter_standing_changed());
    return out;
  };
  BOOST_TEST(record().weight_milli == 1000u);
  BOOST_TEST(announce() == 0u);
  dismissed(10);
  auto warned = record();
  BOOST_TEST(warned.record.warned);
  BOOST_TEST(warned.weight_milli < 500u);  // mostly wrong: it counts for less
  BOOST_TEST(announce() == 1u);
  BOOST_TEST(announce() == 0u);
  BOOST_REQUIRE(standings().size() == 1u);
  BOOST_TEST(standings()[0].warned());
  BOOST_TEST(standings()[0].decided() == 10u);
  BOOST_TEST(standings()[0].dismissed() == 10u);
  BOOST_TEST(standings()[0].suspended_until_ms() == 0);
  auto told = standing_notices(1);
  BOOST_REQUIRE(told.size() == 1u);
  BOOST_TEST(told[0].recipient == reporter);
  BOOST_TEST(told[0].decision == "warned");
  dismissed(10);
  auto suspended = record();
  BOOST_TEST(suspended.record.suspended_until_ms > m.clock.now_ms());
  BOOST_TEST(announce() == 1u);
  BOOST_REQUIRE(standings().size() == 2u);
  BOOST_TEST(!standings()[1].warned());
  BOOST_TEST(standings()[1].suspended_until_ms() == suspended.record.suspended_until_ms);
  told = standing_notices(2);
  BOOST_REQUIRE(told.size() == 2u);
  BOOST_TEST(told[1].decision == "suspended");
  BOOST_TEST(told[1].until_ms == suspended.record.suspended_until_ms);
  m.f.rt->modules().notifications.on_notice(nullptr);
  auto video = m.f.publish(creator);
  BOOST_TEST(code_of(m.report_video(reporter, video, events::REPORT_REASON_SPAM)) ==
             "report_suspended");
  m.clock.advance_us(8 * day_us);  // the suspension is 7 days
  BOOST_TEST(m.report_video(reporter, video, events::REPORT_REASON_SPAM).ok());
}

BOOST_AUTO_TEST_CASE(the_queue_pages_by_priority_over_one_ranking) {
  moderation_fixture m;
  auto creator = m.f.register_user("creator");
  auto reporter = m.f.register_user("reporter");
  auto mod = m.moderator("mod");
  std::set<std::string> all;
  for (int i = 0; i < 7; ++i) {
    auto video = m.f.publish(creator);
    auto reason = i % 2 ? events::REPORT_REASON_SPAM : events::REPORT_REASON_VIOLENCE;
    auto r = m.report_video(reporter, video, reason);
    BOOST_REQUIRE(r.ok());
    all.insert(r.value().case_id);
  }
  domain::queue_filter f;
  f.limit = 3;
  std::set<std::string> seen;
  std::string cursor;
  int last_priority = 100, pages = 0;
  do {
    auto q = m.queue(mod, f, cursor);
    BOOST_REQUIRE_MESSAGE(q.ok(), code_of(q));
    for (const auto& row : q.value().items) {
      BOOST_TEST(row.priority <= last_priority);
      last_priority = row.priority;
      BOOST_TEST(seen.insert(row.case_id).second);
    }
    cursor = q.value().cursor;
    ++pages;
    m.clock.advance_us(3600LL * 1000000);  // time passes between pages: the ranking holds
  } while (!cursor.empty());
  BOOST_TEST(pages == 3);
  BOOST_TEST(seen == all);
  f.reason = events::REPORT_REASON_SPAM;
  f.limit = 50;
  BOOST_TEST(m.queue(mod, f).value().items.size() == 3u);
  BOOST_TEST(code_of(m.queue(mod, {}, "q1.garbage")) == "invalid_cursor");
}

BOOST_AUTO_TEST_CASE(a_case_past_its_deadline_escalates_once_and_tells_the_moderators) {
  moderation_fixture m;
  std::mutex mu;
  std::vector<domain::notice> heard;
  m.f.rt->modules().notifications.on_notice([&](const domain::notice& n) {
    std::lock_guard lock(mu);
    heard.push_back(n);
  });
  auto creator = m.f.register_user("creator");
  auto reporter = m.f.register_user("reporter");
  auto video = m.f.publish(creator);
  auto r = m.report_video(reporter, video, events::REPORT_REASON_CHILD_SAFETY);
  BOOST_REQUIRE(r.ok());
  auto case_id = r.value().case_id;
  auto escalate = [&] {
    auto n = await<size_t>([&](auto reply) { m.f.moderation().escalate_overdue(reply); });
    BOOST_REQUIRE_MESSAGE(n.ok(), code_of(n));
    return n.value();
  };
  // Severity 0 has an hour: not yet.
  m.clock.advance_us(59LL * 60 * 1000000);
  BOOST_TEST(escalate() == 0u);
  BOOST_TEST(!m.the_case(case_id).escalated);
  m.clock.advance_us(2LL * 60 * 1000000);
  BOOST_TEST(escalate() == 1u);
  BOOST_TEST(m.the_case(case_id).escalated);
  BOOST_TEST(escalate() == 0u);  // once a wait
  auto mod = m.moderator("mod");
  auto q = m.queue(mod);
  BOOST_REQUIRE(q.ok());
  BOOST_REQUIRE(q.value().items.size() == 1u);
  BOOST_TEST(q.value().items[0].state == "escalated");
  auto stats = await<projections::moderation_stats>(
      [&](auto reply) { m.f.moderation().stats(m.f.as(mod), reply); });
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats.value().deadline_breaches == 1u);
  // The moderators heard of the severe case when it opened and when it breached.
  auto heard_of = [&](const std::string& kind) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mu);
        for (const auto& n : heard)
          if (n.kind == kind && n.case_id == case_id) return n;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return domain::notice{};
  };
  auto opened = heard_of("case_opened");
  BOOST_TEST(opened.topic == "moderation");
  BOOST_TEST(opened.recipient.empty());
  BOOST_TEST(opened.severity == 0);
  BOOST_TEST(opened.policy == "child_safety");
  auto breached = heard_of("case_escalated");
  BOOST_TEST(breached.topic == "moderation");
  BOOST_TEST(breached.until_ms == m.f.moderation().now_ms() - 61LL * 60 * 1000 + 60LL * 60 * 1000);
  // A decision tells the owner (with the appeal window) and the reporter.
  BOOST_REQUIRE(m.claim(mod, case_id).ok());
  BOOST_REQUIRE(
      m.decide(mod, case_id, events::CASE_DECISION_REMOVE, events::REPORT_REASON_CHILD_SAFETY)
          .ok());
  auto to_owner = heard_of("moderation_decision");
  BOOST_TEST(to_owner.recipient == creator);
  BOOST_TEST(to_owner.decision == "remove");
  BOOST_TEST(to_owner.until_ms > m.f.moderation().now_ms());
  auto to_reporter = heard_of("report_outcome");
  BOOST_TEST(to_reporter.recipient == reporter);
  BOOST_TEST(to_reporter.decision == "remove");
  m.f.rt->modules().notifications.on_notice(nullptr);
}

BOOST_AUTO_TEST_CASE(the_deadline_watch_escalates_on_its_own) {
  moderation_fixture m(20);  // sweeps every 20 ms
  auto creator = m.f.register_user("creator");
  auto reporter = m.f.register_user("reporter");
  auto video = m.f.publish(creator);
  auto r = m.report_video(reporter, video, events::REPORT_REASON_SPAM);
  BOOST_REQUIRE(r.ok());
  m.clock.advance_us(73LL * 3600 * 1000000);  // severity 3 has 72 hours
  bool escalated = false;
  for (int i = 0; i < 500 && !escalated; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    escalated = m.the_case(r.value().case_id).escalated;
  }
  BOOST_TEST(escalated);
}

BOOST_AUTO_TEST_SUITE_END()
