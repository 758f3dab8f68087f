// The community guidelines that moderation applies. Every report reason is a policy: a
// severity (0 the worst), the ground a decision under it stands on (illegal content, or
// content against the guidelines), its category in the EU DSA transparency database, and
// a line of what it forbids, which statements of reasons quote. Old events keep the
// reasons' numbers; names are the protocol's (`report.create` {reason}).
//
// The tunable numbers (thresholds, deadlines, leases, windows) are `moderation_rules`;
// `rules_version` names the logic that reads them, and every automatic action and
// decision records it, so a replay can tell which rules made it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "reel/events.pb.h"

namespace reel::domain {

inline constexpr uint32_t moderation_rules_version = 1;

struct policy {
  events::ReportReason reason;
  std::string_view name;          // "child_safety"
  int severity;                   // 0 to 3
  bool illegal;                   // the ground: illegal content; else against the guidelines
  std::string_view dsa_category;  // "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
  std::string_view forbids;       // one line, for statements of reasons
};

// Every policy, the most severe first. Unspecified has none.
std::span<const policy> all_policies();
const policy* policy_of(events::ReportReason reason);
const policy* policy_named(std::string_view name);

// The numbers the rules read; the defaults are reel's (docs/moderation.md).
struct moderation_rules {
  // A weighted report score (the sum of distinct reporters' weights, in thousandths: an
  // established, accurate reporter weighs 1000) at which the subject is hidden pending
  // review, by the most severe reason reported.
  uint64_t hide_threshold_milli[4] = {3000, 5000, 10000, 10000};
  // Misinformation reports at which a video is labelled unverified and leaves For You.
  uint64_t unverified_threshold_milli = 4000;
  // How long a case may wait for a person, by severity; past it the case escalates.
  int64_t deadline_ms[4] = {3600000LL, 24 * 3600000LL, 72 * 3600000LL, 72 * 3600000LL};
  int64_t claim_lease_ms = 10 * 60000LL;
  int64_t appeal_window_ms = 180 * 24 * 3600000LL;
  int64_t strike_lifetime_ms = 90 * 24 * 3600000LL;
  int strikes_to_suspend = 3;
  // How often the node looks for waiting cases past their deadline (the deadline watch,
  // actors/moderation/deadline_watch.h). It decides nothing: a case breaches by
  // `deadline_ms`, and is escalated within this much of it.
  int64_t deadline_sweep_ms = 30000;
};

}  // namespace reel::domain
