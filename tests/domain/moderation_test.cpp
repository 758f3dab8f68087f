// The moderation rules (domain/moderation/): policies, reporter weight and standing, and
// the case: reports, automatic actions, claims, decisions with statements, appeals.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <unordered_map>

#include "domain/access_policy.h"
#include "domain/accounts/user.h"
#include "domain/ids.h"
#include "domain/moderation/follow_ups.h"
#include "domain/moderation/moderation_case.h"
#include "domain/moderation/queue.h"
#include "domain/moderation/reporter_standing.h"
#include "domain/moderation/strikes.h"
#include "domain/snapshot_codec.h"
#include "domain/videos/video.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

constexpr int64_t minute = 60000, hour = 60 * minute, day = 24 * hour;
constexpr int64_t t0 = 1780315200000LL;  // 2026-06-01T12:00:00Z

// A reporter registered `age` before t0 with some activity and no record.
reporter_record reporter(int64_t age, uint64_t activity = 20) {
  reporter_record r;
  r.registered_at_ms = t0 - age;
  r.activity = activity;
  return r;
}

struct case_fixture {
  case_state state;
  moderation_rules rules;
  int64_t now = t0;
  int next_reporter = 0;

  file_report report(events::ReportReason reason, uint32_t weight, std::string who = "") {
    file_report r;
    r.case_id = "cas_V";
    r.subject_id = "vid_V";
    r.kind = events::CASE_SUBJECT_KIND_VIDEO;
    r.video_id = "vid_V";
    r.owner_id = "usr_OWNER";
    r.reporter_id = who.empty() ? "usr_R" + std::to_string(next_reporter++) : who;
    r.reason = reason;
    r.weight_milli = weight;
    r.now_ms = now;
    r.rules = rules;
    return r;
  }
  decision file(events::ReportReason reason, uint32_t weight) {
    return run(state, report(reason, weight));
  }
  decision claim(const std::string& moderator) {
    return run(state, claim_case{moderator, now, rules});
  }
  decision decide_as(const std::string& moderator, events::CaseDecision action,
                     events::ReportReason policy = events::REPORT_REASON_VIOLENCE) {
    return run(state, decide_case{moderator, action, policy, "seen: a fight", "", 0, now, rules});
  }
  size_t automatic_actions() const {
    size_t n = 0;
    for (const auto& d : state.decisions) n += d.automated;
    return n;
  }
};

bool has_event(const decision& d, events::Event::PayloadCase kind) {
  for (const auto& e : d.events())
    if (e.payload_case() == kind) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(moderation_policies)

BOOST_AUTO_TEST_CASE(every_reason_is_a_policy_with_the_issue_s_severity) {
  const auto* e = events::ReportReason_descriptor();
  for (int i = 0; i < e->value_count(); ++i) {
    auto reason = static_cast<events::ReportReason>(e->value(i)->number());
    if (reason == events::REPORT_REASON_UNSPECIFIED) {
      BOOST_TEST((policy_of(reason) == nullptr));
      continue;
    }
    BOOST_TEST_CONTEXT(e->value(i)->name()) {
      BOOST_REQUIRE(policy_of(reason) != nullptr);
      BOOST_TEST((policy_named(policy_of(reason)->name) == policy_of(reason)));
      BOOST_TEST(policy_of(reason)->dsa_category.starts_with("STATEMENT_CATEGORY_"));
    }
  }
  auto sev = [](std::string_view name) { return policy_named(name)->severity; };
  for (auto n : {"child_safety", "violent_extremism"}) BOOST_TEST(sev(n) == 0);
  for (auto n : {"self_harm", "dangerous_acts", "violence", "hate", "harassment", "minor_safety"})
    BOOST_TEST(sev(n) == 1);
  for (auto n : {"nudity", "misinformation", "scam", "political_ad", "intellectual_property"})
    BOOST_TEST(sev(n) == 2);
  for (auto n : {"spam", "other"}) BOOST_TEST(sev(n) == 3);
  // Today's reasons keep their names and numbers (old events use them).
  BOOST_TEST(policy_named("spam")->reason == events::REPORT_REASON_SPAM);
  BOOST_TEST(static_cast<int>(events::REPORT_REASON_OTHER) == 11);
  BOOST_TEST((policy_named("nonsense") == nullptr));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reporter_standing)

BOOST_AUTO_TEST_CASE(young_or_idle_accounts_weigh_little_and_accuracy_counts) {
  BOOST_TEST(reporter_weight_milli(reporter(hour), t0) == 20u);
  BOOST_TEST(reporter_weight_milli(reporter(2 * day), t0) == 50u);
  BOOST_TEST(reporter_weight_milli(reporter(10 * day), t0) == 500u);
  BOOST_TEST(reporter_weight_milli(reporter(60 * day), t0) == 1000u);
  BOOST_TEST(reporter_weight_milli(reporter(60 * day, 0), t0) == 50u);  // no activity
  // Twenty day-old accounts together stay under the lowest hide threshold.
  moderation_rules rules;
  BOOST_TEST(20 * reporter_weight_milli(reporter(day + hour), t0) < rules.hide_threshold_milli[0]);

  auto accurate = reporter(60 * day);
  for (int i = 0; i < 10; ++i) add_outcome(accurate, {t0 - day, true});
  BOOST_TEST(reporter_weight_milli(accurate, t0) == 1500u);  // capped at 1.5
  auto noisy = reporter(60 * day);
  for (int i = 0; i < 10; ++i) add_outcome(noisy, {t0 - day, false});
  auto noisy_now = reporter_weight_milli(noisy, t0);
  BOOST_TEST(noisy_now < 200u);
  // Dismissals fade (half-life 90 days): the same record a year on weighs more.
  BOOST_TEST(reporter_weight_milli(noisy, t0 + 365 * day) > 4 * noisy_now);
}

BOOST_AUTO_TEST_CASE(mostly_dismissed_reporters_are_warned_then_suspended) {
  auto r = reporter(60 * day);
  for (int i = 0; i < 9; ++i) add_outcome(r, {t0 - hour, false});
  BOOST_TEST(!standing_due(r, t0).has_value());  // 9 decided: not yet
  auto fair = r;
  for (int i = 0; i < 3; ++i) add_outcome(fair, {t0 - hour, true});
  BOOST_TEST(!standing_due(fair, t0).has_value());  // 12 decided, 75% dismissed
  add_outcome(r, {t0 - hour, true});
  auto warned = standing_due(r, t0);  // 10 decided, 90% dismissed
  BOOST_REQUIRE(warned.has_value());
  BOOST_TEST(warned->decided == 10u);
  BOOST_TEST(warned->dismissed == 9u);
  BOOST_TEST(warned->warned);
  BOOST_TEST(warned->suspended_until_ms == 0);
  r.warned = true;
  BOOST_TEST(!standing_due(r, t0).has_value());  // warned already
  for (int i = 0; i < 9; ++i) add_outcome(r, {t0, false});
  BOOST_TEST(!standing_due(r, t0).has_value());  // 19 decided
  add_outcome(r, {t0, false});
  auto suspended = standing_due(r, t0);  // 20 decided, 95% dismissed
  BOOST_REQUIRE(suspended.has_value());
  BOOST_TEST(suspended->suspended_until_ms == t0 + 7 * day);
  BOOST_TEST(!suspended->warned);
  r.warned = false;
  r.suspended_until_ms = suspended->suspended_until_ms;
  auto refused = check_may_report(r, t0 + day);
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->code == "report_suspended");
  BOOST_TEST(refused->message.find("2026-06-08T12:00:00.000Z") != std::string::npos);
  // Afterwards the count starts again: what came before the suspension's end is spent.
  BOOST_TEST(!check_may_report(r, t0 + 7 * day + 1).has_value());
  BOOST_TEST(!standing_due(r, t0 + 7 * day + 1).has_value());
}

// A change of standing waits to be announced until the announcement is folded back.
BOOST_AUTO_TEST_CASE(a_changed_standing_is_announced_once) {
  auto r = reporter(60 * day);
  BOOST_TEST(!standing_to_announce(r).has_value());
  for (int i = 0; i < 10; ++i) add_outcome(r, {t0, false});
  auto warned = standing_due(r, t0);
  BOOST_REQUIRE(warned.has_value());
  take_standing(r, *warned);
  auto due = standing_to_announce(r);
  BOOST_REQUIRE(due.has_value());
  BOOST_TEST(due->warned);
  BOOST_TEST(due->decided == 10u);
  BOOST_TEST(due->dismissed == 10u);
  r.announced_warned = true;  // its reporter_standing_changed, folded
  BOOST_TEST(!standing_to_announce(r).has_value());
  r.suspended_until_ms = t0 + 7 * day;
  r.warned = false;
  BOOST_REQUIRE(standing_to_announce(r).has_value());
  BOOST_TEST(standing_to_announce(r)->suspended_until_ms == t0 + 7 * day);
}

BOOST_AUTO_TEST_CASE(the_record_keeps_the_most_recent_outcomes) {
  auto r = reporter(60 * day);
  for (size_t i = 0; i < max_outcomes_kept + 50; ++i)
    add_outcome(r, {t0 + static_cast<int64_t>(i), i % 2 == 0});
  BOOST_TEST(r.outcomes.size() == max_outcomes_kept);
  BOOST_TEST(r.outcomes.front().decided_at_ms == t0 + 50);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(moderation_cases)

BOOST_AUTO_TEST_CASE(a_report_storm_hides_pending_review_once) {
  case_fixture f;
  auto first = f.file(events::REPORT_REASON_VIOLENCE, 1000);
  BOOST_REQUIRE(first.ok());
  BOOST_TEST(has_event(first, events::Event::kModerationCaseOpened));
  BOOST_TEST(f.state.awaiting);
  BOOST_TEST(status_at(f.state, f.now) == "open");
  for (int i = 0; i < 3; ++i) BOOST_REQUIRE(f.file(events::REPORT_REASON_VIOLENCE, 1000).ok());
  BOOST_TEST(!f.state.auto_hidden);  // 4000 < 5000 for severity 1
  auto fifth = f.file(events::REPORT_REASON_VIOLENCE, 1000);
  BOOST_TEST(has_event(fifth, events::Event::kModerationAutoActed));
  BOOST_TEST(f.state.auto_hidden);
  for (const auto& e : fifth.events()) {
    if (!e.has_moderation_auto_acted()) continue;
    BOOST_TEST(e.moderation_auto_acted().rule() == "report_score_hide");
    BOOST_TEST(e.moderation_auto_acted().rule_version() == moderation_rules_version);
    BOOST_TEST(e.moderation_auto_acted().score_milli() == 5000u);
    BOOST_TEST(e.moderation_auto_acted().threshold_milli() == 5000u);
    BOOST_TEST(e.moderation_auto_acted().report_count() == 5u);
  }
  BOOST_REQUIRE(f.file(events::REPORT_REASON_VIOLENCE, 1000).ok());
  BOOST_TEST(f.automatic_actions() == 1u);  // once a round
  BOOST_TEST(f.state.report_count == 6u);
  // The automatic action carries a statement too.
  auto st = statement_of(f.state, f.state.decisions.back());
  BOOST_TEST(st.automated_detection);
  BOOST_TEST(st.automated_decision == "AUTOMATED_DECISION_FULLY");
  BOOST_TEST(st.decision_visibility == "DECISION_VISIBILITY_CONTENT_DISABLED");
  BOOST_TEST(st.policy == "violence");
}

BOOST_AUTO_TEST_CASE(twenty_day_old_accounts_alone_hide_nothing) {
  case_fixture f;
  auto weight = reporter_weight_milli(reporter(day + hour), t0);
  for (int i = 0; i < 20; ++i)
    BOOST_REQUIRE(f.file(events::REPORT_REASON_CHILD_SAFETY, weight).ok());
  BOOST_TEST(!f.state.auto_hidden);
  BOOST_TEST(f.state.report_count == 20u);
  BOOST_TEST(f.state.severity == 0);
  // The most severe reasons need fewer established reporters (3000 for severity 0).
  for (int i = 0; i < 2; ++i) BOOST_REQUIRE(f.file(events::REPORT_REASON_CHILD_SAFETY, 1000).ok());
  BOOST_TEST(f.state.auto_hidden);
}

BOOST_AUTO_TEST_CASE(a_reporter_counts_once_per_case) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_SPAM, 1000).ok());
  auto again = f.report(events::REPORT_REASON_SPAM, 1000, "usr_R0");
  BOOST_TEST(edge_asked(f.state, again) == case_reporter_edge("cas_V", "usr_R0"));
  again.already_reported = true;
  auto d = run(f.state, again);
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(d.events().empty());
  BOOST_TEST(f.state.report_count == 1u);
  // The edge is written from the report's event.
  auto e = decide(case_state{}, f.report(events::REPORT_REASON_SPAM, 1000, "usr_X")).events();
  auto edges = edges_of(f.state, e.back());
  BOOST_REQUIRE(edges.size() == 1u);
  BOOST_TEST(edges[0].key == case_reporter_edge("cas_V", "usr_X"));
}

BOOST_AUTO_TEST_CASE(misinformation_labels_a_video_unverified) {
  case_fixture f;
  for (int i = 0; i < 3; ++i)
    BOOST_REQUIRE(f.file(events::REPORT_REASON_MISINFORMATION, 1000).ok());
  BOOST_TEST(!f.state.auto_labelled);
  auto fourth = f.file(events::REPORT_REASON_MISINFORMATION, 1000);
  BOOST_TEST(f.state.auto_labelled);
  BOOST_TEST(!f.state.auto_hidden);  // 4000 is below severity 2's hide threshold
  BOOST_TEST(f.state.decisions.back().label == "unverified");
  BOOST_TEST(f.state.decisions.back().policy == events::REPORT_REASON_MISINFORMATION);
  // Other reasons do not count toward the label.
  case_fixture g;
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE(g.file(events::REPORT_REASON_SPAM, 1000).ok());
  BOOST_TEST(!g.state.auto_labelled);
}

BOOST_AUTO_TEST_CASE(of_two_claims_one_wins_and_a_lapsed_claim_cannot_decide) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_HATE, 1000).ok());
  BOOST_TEST(code_of(f.decide_as("usr_M1", events::CASE_DECISION_REMOVE)) == "not_claimed");
  BOOST_TEST(code_of(f.claim("usr_M1")) == "ok");
  BOOST_TEST(code_of(f.claim("usr_M2")) == "already_claimed");
  BOOST_TEST(status_at(f.state, f.now) == "claimed");
  f.now += 5 * minute;
  BOOST_TEST(code_of(f.claim("usr_M1")) == "ok");  // renewed: 10 minutes from now
  BOOST_TEST(f.state.lease_until_ms == f.now + 10 * minute);
  f.now += 11 * minute;
  BOOST_TEST(status_at(f.state, f.now) == "open");
  BOOST_TEST(code_of(f.decide_as("usr_M1", events::CASE_DECISION_REMOVE)) == "claim_expired");
  BOOST_TEST(code_of(f.claim("usr_M2")) == "ok");  // lapsed: anyone may claim
  BOOST_TEST(code_of(run(f.state, release_case{"usr_M1", f.now})) == "not_claimed");
  BOOST_TEST(code_of(run(f.state, release_case{"usr_M2", f.now})) == "ok");
  BOOST_TEST(f.state.claimed_by.empty());
}

BOOST_AUTO_TEST_CASE(decisions_check_action_policy_and_note) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_HATE, 1000).ok());
  BOOST_REQUIRE(f.claim("usr_M1").ok());
  auto bare = decide_case{
      "usr_M1", events::CASE_DECISION_REMOVE, events::REPORT_REASON_HATE, "   ", "", 0, f.now,
      f.rules};
  BOOST_TEST(code_of(decide(f.state, bare)) == "invalid_decision");
  bare.note = "slur at 0:04";
  bare.policy = events::REPORT_REASON_UNSPECIFIED;
  BOOST_TEST(code_of(decide(f.state, bare)) == "invalid_decision");
  bare.policy = events::REPORT_REASON_HATE;
  bare.action = events::CASE_DECISION_UNSPECIFIED;
  BOOST_TEST(code_of(decide(f.state, bare)) == "invalid_decision");
  // Comments and accounts are not labelled or age-restricted.
  case_state comment = f.state;
  comment.kind = events::CASE_SUBJECT_KIND_COMMENT;
  bare.action = events::CASE_DECISION_LABEL;
  BOOST_TEST(code_of(decide(comment, bare)) == "invalid_decision");
  BOOST_TEST(code_of(decide(f.state, bare)) == "ok");
  BOOST_TEST((decision_named("label_unverified") == events::CASE_DECISION_LABEL));
  BOOST_TEST((decision_named("dismiss") == events::CASE_DECISION_NO_VIOLATION));
  BOOST_TEST(!decision_named("ban").has_value());
}

BOOST_AUTO_TEST_CASE(a_removal_strikes_explains_and_is_reversed_on_appeal_by_another) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_DANGEROUS_ACTS, 1000).ok());
  BOOST_REQUIRE(f.claim("usr_M1").ok());
  auto removed =
      f.decide_as("usr_M1", events::CASE_DECISION_REMOVE, events::REPORT_REASON_DANGEROUS_ACTS);
  BOOST_REQUIRE(removed.ok());
  const auto& d = removed.events().at(0).moderation_case_decided();
  BOOST_TEST(d.strike());
  BOOST_TEST(d.appeal_until_ms() == f.now + 180 * day);
  BOOST_TEST(status_at(f.state, f.now) == "decided");
  auto st = statement_of(f.state, f.state.decisions.back());
  BOOST_TEST(st.decision == "remove");
  BOOST_TEST(st.decision_visibility == "DECISION_VISIBILITY_CONTENT_REMOVED");
  BOOST_TEST(st.decision_ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT");
  BOOST_TEST(st.category == "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY");
  BOOST_TEST(!st.automated_detection);
  BOOST_TEST(st.automated_decision == "AUTOMATED_DECISION_NOT_AUTOMATED");
  BOOST_TEST(st.facts.find("seen: a fight") != std::string::npos);
  BOOST_TEST(st.how_to_appeal.find("moderation.appeal") != std::string::npos);
  BOOST_TEST(st.appeal_until_ms == f.now + 180 * day);

  // Only the owner appeals a removal; the reporter cannot.
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_R0", "", f.now, true})) == "appeal_not_allowed");
  f.now += day;
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_OWNER", "it was staged", f.now})) == "ok");
  BOOST_TEST(status_at(f.state, f.now) == "appealed");
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_OWNER", "", f.now})) == "already_appealed");
  // The moderator who decided may not decide the appeal.
  BOOST_TEST(code_of(f.claim("usr_M1")) == "same_moderator");
  BOOST_REQUIRE(f.claim("usr_M2").ok());
  auto restored =
      f.decide_as("usr_M2", events::CASE_DECISION_RESTORE, events::REPORT_REASON_DANGEROUS_ACTS);
  BOOST_REQUIRE(restored.ok());
  const auto& r = restored.events().at(0).moderation_case_decided();
  BOOST_TEST(r.on_appeal());
  BOOST_TEST(r.upheld_appeal());
  BOOST_TEST(!r.strike());
  BOOST_TEST(r.appeal_until_ms() == 0);  // final
  BOOST_TEST(status_at(f.state, f.now) == "closed");
  BOOST_TEST(statement_of(f.state, f.state.decisions.back()).how_to_appeal.find("final") !=
             std::string::npos);
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_OWNER", "", f.now})) == "appeal_not_allowed");
}

BOOST_AUTO_TEST_CASE(a_reporter_appeals_a_dismissal_once_within_the_window) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_SCAM, 1000).ok());
  BOOST_REQUIRE(f.claim("usr_M1").ok());
  BOOST_REQUIRE(f.decide_as("usr_M1", events::CASE_DECISION_NO_VIOLATION).ok());
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_OWNER", "", f.now})) == "appeal_not_allowed");
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_STRANGER", "", f.now, false})) ==
             "appeal_not_allowed");
  auto late = appeal_case{"usr_R0", "", f.now + 181 * day, true};
  BOOST_TEST(code_of(decide(f.state, late)) == "appeal_not_allowed");
  BOOST_TEST(code_of(run(f.state, appeal_case{"usr_R0", "a scam link", f.now, true})) == "ok");
  BOOST_REQUIRE(f.claim("usr_M2").ok());
  auto upheld = f.decide_as("usr_M2", events::CASE_DECISION_REMOVE, events::REPORT_REASON_SCAM);
  BOOST_REQUIRE(upheld.ok());
  const auto& d = upheld.events().at(0).moderation_case_decided();
  BOOST_TEST(d.upheld_appeal());
  BOOST_TEST(d.strike());  // the removal stands now, with its strike
  BOOST_TEST(statement_of(f.state, f.state.decisions.back()).decision_ground ==
             "DECISION_GROUND_ILLEGAL_CONTENT");
}

BOOST_AUTO_TEST_CASE(a_dismissed_subject_reopens_only_for_a_new_reason_or_enough_new_reporters) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_SPAM, 1000).ok());
  BOOST_REQUIRE(f.claim("usr_M1").ok());
  BOOST_REQUIRE(f.decide_as("usr_M1", events::CASE_DECISION_NO_VIOLATION).ok());
  BOOST_TEST(f.state.round == 1u);
  for (int i = 0; i < 9; ++i) {
    auto d = f.file(events::REPORT_REASON_SPAM, 1000);
    BOOST_REQUIRE(d.ok());
    BOOST_TEST(!has_event(d, events::Event::kModerationCaseOpened));
  }
  BOOST_TEST(!f.state.awaiting);
  // The tenth new spam reporter passes severity 3's threshold (10000) again.
  auto tenth = f.file(events::REPORT_REASON_SPAM, 1000);
  BOOST_TEST(has_event(tenth, events::Event::kModerationCaseOpened));
  BOOST_TEST(f.state.round == 2u);
  BOOST_TEST(f.state.awaiting);

  case_fixture g;
  BOOST_REQUIRE(g.file(events::REPORT_REASON_SPAM, 1000).ok());
  BOOST_REQUIRE(g.claim("usr_M1").ok());
  BOOST_REQUIRE(g.decide_as("usr_M1", events::CASE_DECISION_NO_VIOLATION).ok());
  auto other = g.file(events::REPORT_REASON_HARASSMENT, 50);
  BOOST_TEST(has_event(other, events::Event::kModerationCaseOpened));  // a reason not dismissed
  BOOST_TEST(g.state.report_count == 1u);
  BOOST_TEST(g.state.severity == 1);
}

BOOST_AUTO_TEST_CASE(deadlines_escalate_and_priority_rises_with_severity_reach_and_wait) {
  case_fixture f;
  BOOST_REQUIRE(f.file(events::REPORT_REASON_VIOLENT_EXTREMISM, 1000).ok());
  BOOST_TEST(due_at_ms(f.state, f.rules) == t0 + hour);
  BOOST_TEST(run(f.state, escalate_case{t0 + hour, f.rules}).events().empty());
  auto late = run(f.state, escalate_case{t0 + hour + 1, f.rules});
  BOOST_TEST(has_event(late, events::Event::kModerationCaseEscalated));
  BOOST_TEST(status_at(f.state, t0 + hour + 1) == "escalated");
  BOOST_TEST(run(f.state, escalate_case{t0 + 2 * hour, f.rules}).events().empty());  // once

  case_fixture spam;
  BOOST_REQUIRE(spam.file(events::REPORT_REASON_SPAM, 1000).ok());
  BOOST_TEST(due_at_ms(spam.state, spam.rules) == t0 + 72 * hour);
  auto p = [&](const case_state& s, uint64_t views, int64_t at) {
    return priority_of(s, views, at, f.rules);
  };
  BOOST_TEST(p(f.state, 0, t0) == 60);
  BOOST_TEST(p(spam.state, 0, t0) == 10);
  BOOST_TEST(p(spam.state, 99999, t0) == 35);          // reach: 5 a decade, at most 25
  BOOST_TEST(p(spam.state, 0, t0 + 36 * hour) == 17);  // half the wait
  BOOST_TEST(p(f.state, 1000000, t0 + 2 * hour) == 100);
}

BOOST_AUTO_TEST_CASE(a_case_snapshot_holds_everything_its_rules_read) {
  case_fixture f;
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE(f.file(events::REPORT_REASON_HATE, 1000).ok());
  BOOST_REQUIRE(f.file(events::REPORT_REASON_MISINFORMATION, 700).ok());
  BOOST_REQUIRE(f.claim("usr_M1").ok());
  BOOST_REQUIRE(f.decide_as("usr_M1", events::CASE_DECISION_NO_VIOLATION).ok());
  BOOST_REQUIRE(f.file(events::REPORT_REASON_HATE, 300).ok());  // after the dismissal
  case_state back;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(f.state), f.state.version, back));
  BOOST_TEST(encode_snapshot(back) == encode_snapshot(f.state));
  BOOST_TEST(back.version == f.state.version);
  BOOST_TEST(back.score_by_reason[events::REPORT_REASON_MISINFORMATION] == 700u);
  BOOST_TEST(back.dismissed_reasons.count(events::REPORT_REASON_HATE) == 1u);
  BOOST_TEST(back.score_since_dismissal == 300u);
  BOOST_TEST(back.decisions.size() == f.state.decisions.size());
  BOOST_TEST(status_at(back, f.now) == status_at(f.state, f.now));
  // The same next decision from the copy as from the original.
  auto next = f.report(events::REPORT_REASON_SPAM, 1000);
  BOOST_TEST(decide(back, next).events().size() == decide(f.state, next).events().size());
  BOOST_TEST(!decode_snapshot("not a snapshot", 1, back));
}

BOOST_AUTO_TEST_CASE(accounts_are_queued_not_hidden_automatically) {
  case_fixture f;
  for (int i = 0; i < 12; ++i) {
    auto r = f.report(events::REPORT_REASON_HARASSMENT, 1000);
    r.kind = events::CASE_SUBJECT_KIND_ACCOUNT;
    r.subject_id = "usr_OWNER";
    r.video_id.clear();
    BOOST_REQUIRE(run(f.state, r).ok());
  }
  BOOST_TEST(!f.state.auto_hidden);
  BOOST_TEST(f.state.awaiting);
  auto wrong = f.report(events::REPORT_REASON_SPAM, 1000);  // vid_V: not this case's subject
  BOOST_TEST(code_of(decide(f.state, wrong)) == "invalid_id");
  wrong.reason = events::REPORT_REASON_UNSPECIFIED;
  BOOST_TEST(code_of(decide(case_state{}, wrong)) == "invalid_reason");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(moderation_queue)

// The queue ranks by the reach each entry keeps; paging through it must give exactly the
// full ranking by the rule itself, once each.
BOOST_AUTO_TEST_CASE(paging_gives_the_full_ranking_exactly_once) {
  std::mt19937_64 rng(5);
  moderation_rules rules;
  auto policies = all_policies();
  std::unordered_map<std::string, uint64_t> views;
  std::vector<std::unique_ptr<case_state>> states;
  waiting_cases waiting;
  for (int i = 1; i <= 3000; ++i) {
    auto state = std::make_unique<case_state>();
    file_report r;
    r.case_id = reel::case_id::from_value(1000 + i).str();
    r.subject_id = r.video_id = reel::video_id::from_value(1000 + i).str();
    r.kind = events::CASE_SUBJECT_KIND_VIDEO;
    r.owner_id = reel::user_id::from_value(5).str();
    r.reporter_id = reel::user_id::from_value(100 + i).str();
    r.reason = policies[rng() % policies.size()].reason;
    r.weight_milli = 100;
    r.now_ms = t0 - static_cast<int64_t>(rng() % (3 * day));
    r.rules = rules;
    BOOST_REQUIRE(run(*state, r).ok());
    if (i % 7 == 0) BOOST_REQUIRE(run(*state, claim_case{"usr_mod", t0 - minute, rules}).ok());
    views[r.video_id] = (rng() % 4 == 0) ? rng() % 1000000 : rng() % 30;
    BOOST_REQUIRE(waiting.put(*state));
    waiting.set_reach(state->case_id, views[r.video_id], t0);
    states.push_back(std::move(state));
  }
  for (int min_priority : {0, 55}) {
    for (std::string state : {"", "claimed"}) {
      queue_filter filter;
      filter.limit = 37;
      filter.min_priority = min_priority;
      filter.state = state;
      // The full ranking, by the rule itself.
      std::vector<std::tuple<int, int64_t, std::string>> expected;
      for (const auto& c : states) {
        int p = priority_of(*c, views.at(c->video_id), t0, rules);
        if (p < min_priority || (!state.empty() && status_at(*c, t0) != state)) continue;
        expected.emplace_back(-p, due_at_ms(*c, rules), c->case_id);
      }
      std::sort(expected.begin(), expected.end());
      std::vector<std::tuple<int, int64_t, std::string>> paged;
      std::optional<queue_position> after;
      for (int pages = 0; pages < 1000; ++pages) {
        auto page = rank_queue(waiting.entries(), filter, after, t0, rules);
        for (const auto& item : page.items)
          paged.emplace_back(-item.priority, item.due_at_ms, item.item->case_id);
        if (!page.next) break;
        BOOST_TEST(page.items.size() == 37u);
        after = page.next;
      }
      BOOST_TEST(paged.size() == expected.size());
      BOOST_TEST((paged == expected), "min_priority " << min_priority << " state " << state);
    }
  }
  // A case that changes keeps its reach.
  BOOST_TEST(!waiting.put(*states[1]));
  for (const auto& e : waiting.entries())
    if (e.item == states[1].get()) BOOST_TEST(e.reach == reach_points(views[states[1]->video_id]));
  // Dropping a case takes it out; the others stay.
  waiting.drop(states[0]->case_id);
  waiting.drop("cas_unknown");
  BOOST_TEST(waiting.size() == 2999u);
}

// The reach is read again once it is stale, at most `budget` a call, round the entries, so
// that successive calls read every stale one once and fresh ones not at all.
BOOST_AUTO_TEST_CASE(stale_reach_is_read_again_within_a_budget) {
  moderation_rules rules;
  std::vector<std::unique_ptr<case_state>> states;
  waiting_cases waiting;
  for (int i = 1; i <= 10; ++i) {
    auto state = std::make_unique<case_state>();
    file_report r;
    r.case_id = reel::case_id::from_value(1000 + i).str();
    r.subject_id = r.video_id = reel::video_id::from_value(1000 + i).str();
    r.kind = events::CASE_SUBJECT_KIND_VIDEO;
    r.owner_id = reel::user_id::from_value(5).str();
    r.reporter_id = reel::user_id::from_value(100 + i).str();
    r.reason = events::REPORT_REASON_SPAM;
    r.weight_milli = 100;
    r.now_ms = t0;
    r.rules = rules;
    BOOST_REQUIRE(run(*state, r).ok());
    waiting.put(*state);
    states.push_back(std::move(state));
  }
  std::map<std::string, int> reads;
  auto views = [&](std::string_view v) -> uint64_t {
    ++reads[std::string(v)];
    return 99999;
  };
  BOOST_TEST(waiting.refresh_reach(views, t0, minute, 4) == 4u);  // never read: all stale
  BOOST_TEST(waiting.refresh_reach(views, t0, minute, 4) == 4u);
  BOOST_TEST(waiting.refresh_reach(views, t0, minute, 4) == 2u);
  BOOST_TEST(waiting.refresh_reach(views, t0 + minute, minute, 4) == 0u);  // all fresh
  BOOST_TEST(reads.size() == 10u);
  for (const auto& [video, n] : reads) BOOST_TEST(n == 1);
  for (const auto& e : waiting.entries()) BOOST_TEST(e.reach == 25);
  // Ranked with that reach: spam (10) plus 25.
  auto page = rank_queue(waiting.entries(), queue_filter{}, std::nullopt, t0, rules);
  BOOST_REQUIRE(page.items.size() == 10u);
  BOOST_TEST(page.items.front().priority == 35);
  BOOST_TEST(waiting.refresh_reach(views, t0 + 2 * minute, minute, 100) == 10u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(strikes)

BOOST_AUTO_TEST_CASE(three_active_strikes_suspend_publishing_until_one_expires) {
  user_state u;
  BOOST_REQUIRE(run(u, register_user{"usr_A", "ada", "1990-01-01", civil_date{2026, 6, 1}}).ok());
  moderation_rules rules;
  auto give = [&](const std::string& c, int64_t at) {
    return run(u, give_strike{c, at, at + rules.strike_lifetime_ms});
  };
  BOOST_REQUIRE(give("cas_1", t0).ok());
  BOOST_REQUIRE(give("cas_2", t0 + day).ok());
  BOOST_TEST(run(u, give_strike{"cas_2", t0, t0 + day}).events().empty());  // one per case
  BOOST_TEST(publish_suspended_until(u.strikes, t0 + day) == 0);
  BOOST_REQUIRE(give("cas_3", t0 + 2 * day).ok());
  BOOST_TEST(active_strikes(u.strikes, t0 + 2 * day) == 3u);
  // Until the first expires: then two are left.
  auto until = publish_suspended_until(u.strikes, t0 + 2 * day);
  BOOST_TEST(until == t0 + 90 * day);
  auto no = check_may_publish(until, t0 + 2 * day);
  BOOST_REQUIRE(no.has_value());
  BOOST_TEST(no->code == "publish_suspended");
  BOOST_TEST(!check_may_publish(until, until).has_value());
  // An upheld appeal lifts its strike; lifting one not held changes nothing.
  BOOST_REQUIRE(run(u, lift_strike{"cas_3"}).ok());
  BOOST_TEST(publish_suspended_until(u.strikes, t0 + 2 * day) == 0);
  BOOST_TEST(run(u, lift_strike{"cas_3"}).events().empty());
  // Expired strikes are dropped when new ones come; a case whose strike expired (reopened
  // and removed again) gives a new one.
  BOOST_TEST(!give("cas_1", t0 + 200 * day).events().empty());
  BOOST_REQUIRE(give("cas_4", t0 + 200 * day).ok());
  BOOST_TEST(u.strikes.size() == 2u);
  // The snapshot keeps them.
  user_state back;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(u), u.version, back));
  BOOST_REQUIRE(back.strikes.size() == 2u);
  BOOST_TEST(back.strikes[1].case_id == "cas_4");
}

BOOST_AUTO_TEST_CASE(a_suspended_publisher_cannot_publish) {
  video_state v;
  publish_video p;
  p.video_id = "vid_V";
  p.creator_id = "crt_A";
  p.publisher_band = events::AGE_BAND_ADULT;
  p.title = "hello";
  p.duration_ms = 10000;
  p.now_ms = t0;
  p.publish_suspended_until_ms = t0 + day;
  BOOST_TEST(code_of(decide(v, p)) == "publish_suspended");
  p.now_ms = t0 + day;
  BOOST_TEST(code_of(decide(v, p)) == "ok");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(moderation_effects)

BOOST_AUTO_TEST_CASE(decisions_oblige_the_video_and_the_owner_and_an_upheld_appeal_reverses_both) {
  case_fixture f;
  for (int i = 0; i < 5; ++i) BOOST_REQUIRE(f.file(events::REPORT_REASON_HATE, 1000).ok());
  // The automatic hide: the video, nobody's strike.
  auto storm = decide(case_state{}, f.report(events::REPORT_REASON_HATE, 5000, "usr_BIG"));
  auto hide = follow_ups_of_case(storm.events().back());
  BOOST_REQUIRE(hide.video.has_value());
  BOOST_TEST(hide.video->first == "vid_V");
  BOOST_TEST(hide.video->second.action == events::CASE_DECISION_HIDE);
  BOOST_TEST(!hide.owner.has_value());

  BOOST_REQUIRE(f.claim("usr_M1").ok());
  auto removed = f.decide_as("usr_M1", events::CASE_DECISION_REMOVE, events::REPORT_REASON_HATE);
  auto up = follow_ups_of_case(removed.events().at(0));
  BOOST_REQUIRE(up.video.has_value());
  BOOST_TEST(up.video->second.action == events::CASE_DECISION_REMOVE);
  BOOST_TEST(up.video->second.reason == "hate");
  BOOST_REQUIRE(up.owner.has_value());
  BOOST_TEST(up.owner->first == "usr_OWNER");
  const auto& strike = std::get<give_strike>(up.owner->second);
  BOOST_TEST(strike.case_id == "cas_V");
  BOOST_TEST(strike.expires_at_ms == f.now + 90 * day);

  BOOST_REQUIRE(run(f.state, appeal_case{"usr_OWNER", "", f.now}).ok());
  BOOST_REQUIRE(f.claim("usr_M2").ok());
  auto restored = f.decide_as("usr_M2", events::CASE_DECISION_RESTORE, events::REPORT_REASON_HATE);
  auto back = follow_ups_of_case(restored.events().at(0));
  BOOST_REQUIRE(back.video.has_value());
  BOOST_TEST(back.video->second.action == events::CASE_DECISION_RESTORE);
  BOOST_REQUIRE(back.owner.has_value());
  BOOST_TEST(std::get<lift_strike>(back.owner->second).case_id == "cas_V");

  // On the video: removal, then a restore that lifts every restriction at once.
  video_state v;
  v.published = true;
  v.video_id = "vid_V";
  BOOST_REQUIRE(run(v, moderate_video{"cas_V", events::CASE_DECISION_LABEL, "unverified", 0,
                                      "misinformation"})
                    .ok());
  BOOST_REQUIRE(run(v, up.video->second).ok());
  BOOST_TEST((v.status == visibility::removed));
  BOOST_TEST(run(v, up.video->second).events().empty());  // already so
  BOOST_REQUIRE(run(v, back.video->second).ok());
  BOOST_TEST((v.status == visibility::visible));
  BOOST_TEST(v.labels.empty());
  BOOST_TEST(run(v, back.video->second).events().empty());
}

// A comment's case hides and shows the comment on its video; only the case that hid it
// shows it again.
BOOST_AUTO_TEST_CASE(a_comment_case_hides_and_restores_the_comment) {
  events::Event decided;
  auto* d = decided.mutable_moderation_case_decided();
  d->set_case_id(reel::case_id::from_value(77).str());
  d->set_decision(events::CASE_DECISION_REMOVE);
  d->set_policy(events::REPORT_REASON_HARASSMENT);
  d->set_video_id("vid_V");
  d->set_subject_kind(events::CASE_SUBJECT_KIND_COMMENT);
  auto up = follow_ups_of_case(decided);
  BOOST_REQUIRE(up.comment.has_value());
  BOOST_TEST(!up.video.has_value());
  BOOST_TEST(up.comment->first == "vid_V");
  const auto& hide = up.comment->second;
  BOOST_TEST(hide.comment_id == reel::comment_id::from_value(77).str());
  BOOST_TEST(hide.reason == "harassment");

  video_state v;
  v.published = true;
  v.video_id = "vid_V";
  v.comments = 2;
  BOOST_REQUIRE(run(v, hide).ok());
  BOOST_TEST(v.comments == 1u);
  BOOST_TEST(v.hidden_comments.at(hide.comment_id) == hide.case_id);
  BOOST_TEST(run(v, hide).events().empty());  // already hidden
  video_state copy;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(v), v.version, copy));
  BOOST_TEST(copy.hidden_comments == v.hidden_comments);
  auto restore = hide;
  restore.action = events::CASE_DECISION_RESTORE;
  restore.case_id = "cas_OTHER";
  BOOST_TEST(run(v, restore).events().empty());  // not the case that hid it
  restore.case_id = hide.case_id;
  auto label = restore;
  label.action = events::CASE_DECISION_LABEL;
  BOOST_TEST(run(v, label).events().empty());  // not an action on a comment
  BOOST_REQUIRE(run(v, restore).ok());
  BOOST_TEST(v.comments == 2u);
  BOOST_TEST(v.hidden_comments.empty());
}

// An account's case suspends the account; only the case that suspended it reinstates it.
BOOST_AUTO_TEST_CASE(an_account_case_suspends_and_reinstates_the_account) {
  events::Event decided;
  auto* d = decided.mutable_moderation_case_decided();
  d->set_case_id("cas_A");
  d->set_decision(events::CASE_DECISION_REMOVE);
  d->set_policy(events::REPORT_REASON_SPAM);
  d->set_owner_id("usr_A");
  d->set_subject_kind(events::CASE_SUBJECT_KIND_ACCOUNT);
  auto up = follow_ups_of_case(decided);
  BOOST_REQUIRE(up.account.has_value());
  BOOST_TEST(up.account->first == "usr_A");
  BOOST_TEST(!up.video.has_value());
  BOOST_TEST(!up.comment.has_value());

  user_state u;
  BOOST_REQUIRE(run(u, register_user{"usr_A", "ada", "1990-01-01", civil_date{2026, 6, 1}}).ok());
  BOOST_REQUIRE(run(u, up.account->second).ok());
  BOOST_TEST(u.suspended_by == "cas_A");
  BOOST_TEST(run(u, up.account->second).events().empty());  // already suspended
  user_state copy;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(u), u.version, copy));
  BOOST_TEST(copy.suspended_by == "cas_A");
  auto restore = up.account->second;
  restore.action = events::CASE_DECISION_RESTORE;
  restore.case_id = "cas_B";
  BOOST_TEST(run(u, restore).events().empty());  // not the case that suspended it
  restore.case_id = "cas_A";
  BOOST_REQUIRE(run(u, restore).ok());
  BOOST_TEST(u.suspended_by.empty());

  // While suspended: reading and appealing only, whatever the roles.
  auto roles = role_bit(events::ROLE_USER) | role_bit(events::ROLE_MODERATOR);
  BOOST_TEST(!check_permission(permission::appeal, roles, true).has_value());
  BOOST_TEST(!check_permission(permission::read_feeds, roles, true).has_value());
  BOOST_TEST(check_permission(permission::report, roles, true)->code == "account_suspended");
  BOOST_TEST(check_permission(permission::moderate, roles, true)->code == "account_suspended");
  BOOST_TEST(!check_permission(permission::moderate, roles, false).has_value());
}

BOOST_AUTO_TEST_CASE(other_events_oblige_nothing) {
  auto none = follow_ups_of_case(events::Event{});
  BOOST_TEST(!none.video.has_value());
  BOOST_TEST(!none.owner.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
