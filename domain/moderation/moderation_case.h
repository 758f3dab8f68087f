// A moderation case: everything moderation did about one subject (a video, a comment or
// an account), as an entity whose stream is the case's id (its value is the subject's).
//
// Invariants, each kept by decide() below and checked by tests/domain/moderation_test.cpp:
//  - One case per subject, so one open round gathers all reports on it. A reporter counts
//    once per case (the edge `case_reporter_edge`, asked as a fact).
//  - A case waits for a person (`awaiting`) from its opening or an appeal until a decision;
//    only the holder of a live claim decides, and of two claims at once one wins: the
//    entity decides one command at a time against its state.
//  - An automatic action (hide, or the unverified label) happens at most once a round,
//    only pending review, and records the rule, its version and the score it saw.
//  - After a dismissal, reports reopen the case only with a reason not dismissed before,
//    or new reporters whose weights pass the hide threshold again.
//  - An appeal is decided by another moderator than the one whose decision it appeals;
//    the owner appeals a restriction, a reporter a dismissal, each once, within the window;
//    a decision on appeal is final.
// Pure: times are arguments (`now_ms`, UTC ms since the Unix epoch).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/decision.h"
#include "domain/edges.h"
#include "domain/moderation/policies.h"

namespace reel::domain {

inline constexpr size_t max_decisions_kept = 20;  // the history beyond is in the stream

struct case_decision_record {
  uint32_t round = 0;
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  events::ReportReason policy = events::REPORT_REASON_UNSPECIFIED;
  std::string moderator_id;
  std::string note;
  std::string label;
  uint32_t minimum_age = 0;
  int64_t at_ms = 0;
  bool automated = false;
  bool on_appeal = false;
  bool upheld_appeal = false;
  bool strike = false;
  int64_t appeal_until_ms = 0;
};

struct case_state {
  uint64_t version = 0;
  bool exists = false;
  std::string case_id, subject_id, video_id, owner_id;
  events::CaseSubjectKind kind = events::CASE_SUBJECT_KIND_UNSPECIFIED;
  uint32_t round = 0;
  // Waiting for a decision: a round is open, or an appeal is (`appeal_by_owner` says whose).
  bool awaiting = false;
  bool in_appeal = false;
  bool appeal_by_owner = false;
  int64_t waiting_since_ms = 0;  // when the round opened or the appeal came
  bool escalated = false;        // this wait's deadline passed
  std::string claimed_by;
  int64_t lease_until_ms = 0;
  // This round's reports.
  uint32_t report_count = 0;
  uint64_t score_milli = 0;
  std::array<uint64_t, 16> score_by_reason{};  // by events::ReportReason
  int severity = 3;                            // the most severe reason reported
  std::set<int> reasons;                       // events::ReportReason values
  bool auto_hidden = false, auto_labelled = false;
  // Since the last dismissal: what could reopen the case.
  std::set<int> dismissed_reasons;
  uint64_t score_since_dismissal = 0;
  std::vector<case_decision_record> decisions;  // oldest first, at most max_decisions_kept
  bool owner_appealed = false, reporter_appealed = false;  // the standing decision's
};

// The edge that says a user reported this case (one report per reporter and case).
std::string case_reporter_edge(std::string_view case_id, std::string_view reporter_id);

// --- Commands --------------------------------------------------------------------------

// A report gathered into the subject's case (opening or reopening it as the rules say).
struct file_report {
  std::string case_id, subject_id;
  events::CaseSubjectKind kind = events::CASE_SUBJECT_KIND_UNSPECIFIED;
  std::string video_id;  // the video, for a video or a comment on it
  std::string owner_id;  // whose subject it is
  std::string reporter_id;
  events::ReportReason reason = events::REPORT_REASON_UNSPECIFIED;
  std::string note;
  uint32_t weight_milli = 0;  // domain/moderation/reporter_standing.h, when it reported
  int64_t now_ms = 0;
  moderation_rules rules{};
  bool already_reported = false;  // fact: case_reporter_edge
};

struct claim_case {
  std::string moderator_id;
  int64_t now_ms = 0;
  moderation_rules rules{};
};

struct release_case {
  std::string moderator_id;
  int64_t now_ms = 0;
};

struct decide_case {
  std::string moderator_id;
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  events::ReportReason policy = events::REPORT_REASON_UNSPECIFIED;
  std::string note;
  std::string label;         // LABEL: defaults to "unverified"
  uint32_t minimum_age = 0;  // AGE_RESTRICT: defaults to 18
  int64_t now_ms = 0;
  moderation_rules rules{};
};

struct appeal_case {
  std::string appellant_id;
  std::string note;
  int64_t now_ms = 0;
  bool reported = false;  // fact: the appellant reported this case
};

// Marks the wait escalated once its deadline has passed; nothing otherwise.
struct escalate_case {
  int64_t now_ms = 0;
  moderation_rules rules{};
};

decision decide(const case_state& state, const file_report& c);
decision decide(const case_state& state, const claim_case& c);
decision decide(const case_state& state, const release_case& c);
decision decide(const case_state& state, const decide_case& c);
decision decide(const case_state& state, const appeal_case& c);
decision decide(const case_state& state, const escalate_case& c);

// Folds one of the case's events.
void apply(case_state& state, const events::Event& event);

// Edge facts, for the entity (actors/core/entity.h).
std::string edge_asked(const case_state& state, const file_report& c);
std::string edge_asked(const case_state& state, const appeal_case& c);
edge_changes edges_of(const case_state& state, const events::Event& event);
inline void answer_edge(file_report& command, bool present) {
  command.already_reported = present;
}
inline void answer_edge(appeal_case& command, bool present) {
  command.reported = present;
}

// --- Reading a case --------------------------------------------------------------------

// The states of the protocol: open, claimed, escalated (waiting past the deadline),
// appealed, decided (a decision that can still be appealed), closed.
std::string_view status_at(const case_state& state, int64_t now_ms);
// The state of a case waiting for a person (what status_at gives for one).
std::string_view waiting_status(bool lease_live, bool in_appeal, bool escalated);

// Until when the subject's owner may still appeal the decision that stands (the rules of
// decide(appeal_case)); 0 when they may not.
int64_t owner_appeal_until_ms(const case_state& state, int64_t now_ms);

// When the wait must end, by its most severe reason.
int64_t due_at_ms(const case_state& state, const moderation_rules& rules);

// 0-100: severity (60, 40, 20, 10), reach (up to 25: 5 per decade of the subject's views
// in the last 24 h) and the wait (up to 15 as the deadline nears, all of it past it).
int priority_of(const case_state& state, uint64_t views_24h, int64_t now_ms,
                const moderation_rules& rules);
// The same from a case's severity and the start of its wait.
int priority_of(int severity, int64_t waiting_since_ms, uint64_t views_24h, int64_t now_ms,
                const moderation_rules& rules);
inline constexpr int max_priority = 100;
// The reach part of a priority: 5 per decade of the views, at most 25.
int reach_points(uint64_t views_24h);
// priority_of with the reach already in points (the queue keeps them per case).
int priority_with_reach(int severity, int64_t waiting_since_ms, int reach_points, int64_t now_ms,
                        const moderation_rules& rules);

// Whether a decision keeps the subject from people (remove, hide, age-restrict, label).
bool restricts(events::CaseDecision action);

// The protocol's names: dismiss, remove, hide, age_restrict, label_unverified, restore.
std::string_view decision_name(events::CaseDecision action, std::string_view label = "");
std::optional<events::CaseDecision> decision_named(std::string_view name);

// The statement of reasons every decision carries (DSA Art. 17), with the field values of
// the DSA transparency database.
struct statement_of_reasons {
  std::string decision;              // the protocol's name
  std::string decision_visibility;   // DECISION_VISIBILITY_CONTENT_REMOVED, ...
  std::string decision_ground;       // DECISION_GROUND_ILLEGAL_CONTENT / _INCOMPATIBLE_CONTENT
  std::string category;              // STATEMENT_CATEGORY_...
  std::string policy;                // the reason's name
  std::string facts;                 // what was decided about, and why, in words
  bool automated_detection = false;  // reports or a rule raised it (reports: no)
  std::string automated_decision;    // AUTOMATED_DECISION_FULLY / _NOT_AUTOMATED
  std::string source_type;           // SOURCE_ARTICLE_16 (a notice) or SOURCE_VOLUNTARY
  std::string content_type;          // CONTENT_TYPE_VIDEO, _TEXT, _OTHER (an account)
  int64_t decided_at_ms = 0;
  int64_t appeal_until_ms = 0;  // 0: final
  std::string how_to_appeal;
  uint32_t rule_version = 0;
};
statement_of_reasons statement_of(const case_state& state, const case_decision_record& d);

// The case an event of a case's stream is about; empty for other events.
const std::string& case_of(const events::Event& event);

}  // namespace reel::domain
