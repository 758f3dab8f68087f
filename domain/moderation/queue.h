// The moderators' queue: the cases waiting for a person, highest priority first.
//
// A page is ranked at one instant, `as_of_ms`, which its cursor carries: the next page
// ranks at the same instant, so priorities that grow with waiting time do not reorder
// the pages under a moderator who is paging. Only a case whose reach or state changed
// between two pages can move across the page boundary (or leave the queue).
// Pure: the cases and their reach are arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/moderation/moderation_case.h"

namespace reel::domain {

inline constexpr size_t default_queue_page = 50;
inline constexpr size_t max_queue_page = 200;

struct queue_filter {
  std::string state;  // open, claimed, escalated or appealed; empty: every waiting case
  events::ReportReason reason = events::REPORT_REASON_UNSPECIFIED;  // unspecified: any
  int min_priority = 0;
  size_t limit = default_queue_page;  // at most max_queue_page
};

// Where a page ended: the instant it was ranked at and the last case it showed.
struct queue_position {
  int64_t as_of_ms = 0;
  int priority = 0;
  int64_t due_at_ms = 0;
  std::string case_id;
};
std::string print_queue_cursor(const queue_position& p);
std::optional<queue_position> parse_queue_cursor(std::string_view text);  // nullopt: not ours

// What ranking reads of one waiting case, kept flat (the projection's waiting_cases) so
// that ranking a long queue walks one array instead of every case's state. The reach is
// kept here too, in points (reach_points), as it was last read from the feeds: ranking
// then reads no other projection, and every page costs one pass, however deep.
struct queue_entry {
  const case_state* item = nullptr;  // owned by the caller, stable while the entry is
  int64_t waiting_since_ms = 0, lease_until_ms = 0;
  uint64_t reasons = 0;  // bit r: ReportReason r was reported (values below 64)
  int severity = 3;
  int reach = 0;               // reach_points of the subject's video; 0 for an account
  int64_t reach_read_ms = -1;  // when it was read; -1: never
  bool claimed = false, in_appeal = false, escalated = false;
};
queue_entry entry_of(const case_state& s);

// The waiting cases, by case id: put when a case changes and still waits, drop when it
// no longer does. O(1) each; the entries in no particular order.
class waiting_cases {
 public:
  // Keeps the reach the case had; a new case has none read yet (see set_reach). True when
  // the case was not waiting before.
  bool put(const case_state& s);
  void drop(const std::string& case_id);
  void clear();
  // The case's reach from the views of its video in the last 24 h, read at `now_ms`.
  void set_reach(const std::string& case_id, uint64_t views_24h, int64_t now_ms);
  // Reads the reach again (`views_24h(video id)`, at `now_ms`) of at most `budget` entries
  // read before `now_ms - max_age_ms` (or never), going round the entries from where the
  // last call stopped, so successive calls reach every entry. Returns how many it read.
  size_t refresh_reach(const std::function<uint64_t(std::string_view video_id)>& views_24h,
                       int64_t now_ms, int64_t max_age_ms, size_t budget);
  std::span<const queue_entry> entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  std::vector<queue_entry> entries_;
  std::unordered_map<std::string, size_t> index_;
  size_t next_refresh_ = 0;
};

struct queue_item {
  const case_state* item = nullptr;
  std::string state;  // status_at(as_of)
  int priority = 0;
  int64_t due_at_ms = 0;
  bool automated = false;  // an automatic rule acted on it this round
};

struct queue_page {
  int64_t as_of_ms = 0;
  std::vector<queue_item> items;
  std::optional<queue_position> next;  // none: this was the last page
};

// A page of `waiting` (every case waiting for a person, in any order), each ranked by
// its severity, its wait at the page's instant and the reach its entry holds; `after` is
// the parsed cursor, if any (its instant replaces `now_ms`). Ties in priority go to the
// case due first, then to the lower case id. One pass over `waiting`, whatever the depth.
queue_page rank_queue(std::span<const queue_entry> waiting, const queue_filter& filter,
                      const std::optional<queue_position>& after, int64_t now_ms,
                      const moderation_rules& rules);

}  // namespace reel::domain
