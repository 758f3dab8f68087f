// How much a reporter's report counts, and when a reporter loses the right to report.
//
// Weight, in thousandths (an established reporter with no record weighs 1000):
//  - The account's age: under a day 20, under a week 50, under 30 days 500, then 1000.
//    An account with fewer than `min_activity` actions other than reports weighs at most
//    50. So twenty fresh accounts together stay under the lowest hide threshold (3000).
//  - Times the accuracy of its decided reports, each decayed by age (half-life 90 days):
//    2 x (upheld + 1) / (upheld + dismissed + 2), between 0.1 and 1.5. No record: 1.
//  - Between 0 and 2000.
//
// Standing (DSA Art. 23), over the reports decided in the last 30 days and since the last
// suspension ended:
//  - 10 or more decided and 80% or more dismissed: warned.
//  - Warned, then 20 or more decided and 80% or more dismissed: suspended from reporting
//    for 7 days (`report_suspended`); the warning and the count start again after it.
// Pure: `now_ms` is always an argument.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/decision.h"

namespace reel::domain {

inline constexpr uint64_t min_activity = 3;
inline constexpr uint32_t standing_rule_version = 1;  // of the thresholds above
inline constexpr size_t max_outcomes_kept = 200;      // the most recent decided reports

struct report_outcome {
  int64_t decided_at_ms = 0;
  bool upheld = false;
};

struct reporter_record {
  int64_t registered_at_ms = 0;
  uint64_t activity = 0;                 // actions other than reports
  std::vector<report_outcome> outcomes;  // oldest first, at most max_outcomes_kept
  // The standing folded from the outcomes, and what the last change saw.
  bool warned = false;
  int64_t suspended_until_ms = 0;
  uint32_t standing_decided = 0, standing_dismissed = 0;
  // The standing the reporter was last told of (ReporterStandingChanged on their stream).
  bool announced_warned = false;
  int64_t announced_suspended_until_ms = 0;
};

uint32_t reporter_weight_milli(const reporter_record& r, int64_t now_ms);

// Adds a decided report's outcome, keeping the most recent.
void add_outcome(reporter_record& r, report_outcome outcome);

struct standing {
  bool warned = false;
  int64_t suspended_until_ms = 0;
  uint32_t decided = 0;  // what it saw
  uint32_t dismissed = 0;
};
// The standing the record calls for now, or none when it is the one it has.
std::optional<standing> standing_due(const reporter_record& r, int64_t now_ms);

// Folds a standing standing_due gave into the record.
void take_standing(reporter_record& r, const standing& s);

// The standing the reporter has not been told of yet, if any: a warning or a suspension
// is an event on the reporter's stream (ReporterStandingChanged), which the notifier
// pushes to them, as DSA Art. 23 asks (a warning before a suspension).
std::optional<standing> standing_to_announce(const reporter_record& r);

// `report_suspended` (with the time it ends) while suspended.
std::optional<domain_error> check_may_report(const reporter_record& r, int64_t now_ms);

}  // namespace reel::domain
