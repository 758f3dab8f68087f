// Every moderation case, folded from the cases' events with the entity's own fold
// (domain/moderation/moderation_case.h, apply), as the moderators' queue and its
// statistics read them. Keys: "<case id>" -> the case (reel.snapshots.CaseSnapshot);
// "handled" -> the recent handling times. The entity stays the authority on a case: the
// queue shows what its events said, a moment behind.
//
// Queries (asked on the projection host, through actors/moderation/):
//   page(filter, cursor, now)  the queue (domain/moderation/queue.h)
//   stats(now)                 open cases by state and severity, handling times, breaches
//   overdue(now, max)          waiting cases past their deadline not yet escalated
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/moderation/queue.h"
#include "projections/projection.h"

namespace reel::projections {

// One row of the queue, copied out of the projection.
struct queue_row {
  std::string case_id, subject_id, video_id, state, claimed_by;
  events::CaseSubjectKind kind = events::CASE_SUBJECT_KIND_UNSPECIFIED;
  std::vector<events::ReportReason> reasons;
  uint32_t report_count = 0;
  uint64_t score_milli = 0;
  int priority = 0, severity = 3;
  int64_t due_at_ms = 0;
  bool automated = false;
};

struct queue_answer {
  bool ok = true;  // false: the cursor is not one the queue gave out
  std::vector<queue_row> items;
  std::string cursor;  // of the next page; empty at the end
};

struct moderation_stats {
  std::map<std::string, uint64_t> waiting_by_state;  // open, claimed, escalated, appealed
  uint64_t waiting_by_severity[4] = {0, 0, 0, 0};
  uint64_t decided = 0;  // decisions folded so far
  // Of the last `handling_sample` decisions: from the wait's start to the decision.
  int64_t median_handling_ms = 0, p90_handling_ms = 0;
  uint64_t deadline_breaches = 0;  // escalations folded so far
};

class moderation_cases_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "moderation_cases";
  static constexpr size_t handling_sample = 1000;

  // `views_24h(video id, at)` is a video's reach for the priority, read on the projection host
  // (the feed projection's, which the host folds on the same thread). Each waiting case
  // keeps the reach last read: when the case starts waiting, and again on the queue's
  // pages once it is older than `reach_max_age_ms`, at most `reach_reads_per_page` a page
  // (so after a restart the reach of 100k cases is all read within 25 pages).
  moderation_cases_projection(domain::moderation_rules rules,
                              std::function<uint64_t(std::string_view, int64_t now_ms)> views_24h);

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  static constexpr int64_t reach_max_age_ms = 60000;
  static constexpr size_t reach_reads_per_page = 4096;

  // Not const: it reads the reach of cases whose reach is stale first.
  queue_answer page(const domain::queue_filter& filter, const std::string& cursor, int64_t now_ms);
  moderation_stats stats(int64_t now_ms) const;
  // The cases about what `owner_id` owns (their videos, comments, account), the newest
  // subject first (case ids share their subject's, which are minted in time order), at
  // most `max`.
  std::vector<domain::case_state> owned_by(const std::string& owner_id, size_t max) const;
  // The waiting cases whose deadline has passed by `now_ms` and that have not escalated
  // yet, the longest overdue first, at most `max` (the deadline watch escalates them).
  std::vector<std::string> overdue(int64_t now_ms, size_t max) const;
  size_t waiting() const { return waiting_.size(); }

 private:
  domain::moderation_rules rules_;
  std::function<uint64_t(std::string_view, int64_t now_ms)> views_24h_;
  std::unordered_map<std::string, domain::case_state> cases_;
  domain::waiting_cases waiting_;  // into cases_ (whose nodes do not move)
  std::unordered_map<std::string, std::set<std::string>> by_owner_;
  std::deque<int64_t> handled_ms_;  // most recent last
  uint64_t decided_ = 0, breaches_ = 0;
  std::set<std::string> dirty_;
  bool handled_dirty_ = false;
};

}  // namespace reel::projections
