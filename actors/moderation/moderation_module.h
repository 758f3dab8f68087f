// The moderation module (docs/moderation.md): reports become cases, moderators work the
// queue, every decision carries a statement of reasons and can be appealed. It installs
// the case entity kind (case_entity.h), two projections (the cases, as the queue reads
// them; the reporters' records, which weigh reports) and one reaction: what automatic
// actions and decisions oblige the video and its owner (case_follow_ups.h).
//
// Who may do what is the access policy's (domain/access_policy.h): anyone registered
// reports and appeals; moderators (the `moderate` permission) do the rest. The rules are
// domain/moderation/; this layer gathers their facts (the reporter's record and weight,
// the subject's owner, the time) and sends the command to the case.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/moderation/moderation_case.h"
#include "domain/moderation/queue.h"
#include "domain/moderation/strikes.h"
#include "projections/moderation/moderation_cases_projection.h"
#include "projections/moderation/reporter_records_projection.h"

namespace reel::actors {

class accounts_module;
class videos_module;
class feeds_module;

// What a report names: exactly one of them.
struct report_subject {
  std::string video_id, comment_id, user_id;
};

struct report_filed {
  std::string case_id;
  bool replayed = false;
};

struct case_claimed {
  std::string case_id;
  int64_t lease_until_ms = 0;
};

struct case_verdict {
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  events::ReportReason policy = events::REPORT_REASON_UNSPECIFIED;
  std::string note;
  std::string label;         // for a label; default "unverified"
  uint32_t minimum_age = 0;  // for age_restrict; default 18
};

// A case as moderation.case shows it: the folded state and every event of its stream.
struct case_history {
  domain::case_state state;
  std::vector<events::EventRecord> events;  // oldest first
};

// What an account sees of moderation about it (account.status).
struct account_standing {
  std::vector<domain::strike> strikes;     // active now
  int64_t publish_suspended_until_ms = 0;  // 0: it may publish
  bool suspended = false;                  // the account itself, by a decision on it
  std::vector<domain::case_state> cases;   // about its content, the newest subject first
};

// A reporter's own view: their standing and weight now.
struct reporter_view {
  domain::reporter_record record;
  uint32_t weight_milli = 0;
};

class moderation_module {
 public:
  moderation_module(node& n, const accounts_module& accounts, const videos_module& videos,
                    const feeds_module& feeds, domain::moderation_rules rules = {});

  // Files the caller's report into the subject's case (opening it, or reopening it as the
  // rules say), weighted by the caller's record. A report twice by one person is one.
  // Errors: report_suspended, video_not_found, comment_not_found, user_not_found, ...
  void report(const caller& who, report_subject subject, events::ReportReason reason,
              std::string note, reply<report_filed> answer);

  // Moderators. The queue reads the cases projection once it has folded everything
  // committed before the call; claims and decisions go to the case, so they see its
  // latest state.
  void queue(const caller& who, domain::queue_filter filter, std::string cursor,
             reply<projections::queue_answer> answer);
  void claim(const caller& who, std::string case_id, reply<case_claimed> answer);
  void release(const caller& who, std::string case_id, reply<done> answer);
  void decide(const caller& who, std::string case_id, case_verdict verdict, reply<done> answer);
  void get_case(const caller& who, std::string case_id, reply<case_history> answer);
  void stats(const caller& who, reply<projections::moderation_stats> answer);

  // The subject's owner appeals a restriction; a reporter appeals a dismissal.
  void appeal(const caller& who, std::string case_id, std::string note, reply<done> answer);
  // The caller's strikes, and the cases about their content with their statements.
  void account_status(const caller& who, reply<account_standing> answer);
  // The caller's record as a reporter.
  void reporter(const caller& who, reply<reporter_view> answer);

  // Whether the caller may watch the `moderation` push topic (the `moderate` permission).
  void may_watch(const caller& who, reply<done> answer);
  // Escalates the waiting cases past their deadline by the node's clock, at most
  // `max_escalations_per_sweep` of them, the longest overdue first, and answers how many
  // it escalated. The deadline watch (deadline_watch.h) calls it on a timer; tests call
  // it after moving their clock.
  static constexpr uint64_t max_escalations_per_sweep = 1000;
  void escalate_overdue(reply<size_t> answer);
  // Tells the reporters whose standing changed (warned, suspended from reporting) and who
  // were not told yet, at most `max_announcements_per_sweep`: a ReporterStandingChanged
  // on each one's stream, once per change (its idempotency key names the change), which
  // the notifier pushes. Answers how many it told. The deadline watch calls it too.
  static constexpr uint64_t max_announcements_per_sweep = 1000;
  void announce_standings(reply<size_t> answer);

  const entity_directory& cases() const { return cases_; }
  const domain::moderation_rules& rules() const { return rules_; }
  int64_t now_ms() const;  // the node's clock, which every rule here reads

 private:
  node& node_;
  domain::moderation_rules rules_;
  entity_directory users_, videos_, cases_;
  projection_handle queue_, reporters_;
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::projections::queue_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::projections::moderation_stats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::queue_filter)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::reporter_record)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::domain::case_state>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::optional<reel::projections::comment_origin>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::projections::standing_change>)
