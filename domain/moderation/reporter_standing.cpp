#include "domain/moderation/reporter_standing.h"

#include <algorithm>
#include <cmath>

#include "domain/calendar.h"

namespace reel::domain {
namespace {

constexpr int64_t day_ms = 24 * 3600000LL;
constexpr double half_life_ms = 90.0 * day_ms;
constexpr int64_t window_ms = 30 * day_ms;
constexpr int64_t suspension_ms = 7 * day_ms;

uint32_t age_weight(int64_t age_ms) {
  if (age_ms < day_ms) return 20;
  if (age_ms < 7 * day_ms) return 50;
  if (age_ms < 30 * day_ms) return 500;
  return 1000;
}

struct window_counts {
  uint32_t decided = 0, dismissed = 0;
};

// The decided reports that count for standing: the last 30 days, after the last
// suspension ended.
window_counts counted(const reporter_record& r, int64_t now_ms) {
  window_counts c;
  int64_t from = std::max(now_ms - window_ms, r.suspended_until_ms);
  for (const auto& o : r.outcomes) {
    if (o.decided_at_ms < from || o.decided_at_ms > now_ms) continue;
    ++c.decided;
    if (!o.upheld) ++c.dismissed;
  }
  return c;
}

bool mostly_dismissed(const window_counts& c, uint32_t at_least) {
  return c.decided >= at_least && c.dismissed * 5 >= c.decided * 4;  // 80%
}

}  // namespace

uint32_t reporter_weight_milli(const reporter_record& r, int64_t now_ms) {
  uint32_t base = age_weight(now_ms - r.registered_at_ms);
  if (r.activity < min_activity) base = std::min<uint32_t>(base, 50);
  double upheld = 0, dismissed = 0;
  for (const auto& o : r.outcomes) {
    double age = static_cast<double>(std::max<int64_t>(0, now_ms - o.decided_at_ms));
    double w = std::exp2(-age / half_life_ms);
    (o.upheld ? upheld : dismissed) += w;
  }
  double accuracy = std::clamp(2.0 * (upheld + 1.0) / (upheld + dismissed + 2.0), 0.1, 1.5);
  return static_cast<uint32_t>(std::clamp(std::lround(base * accuracy), 0L, 2000L));
}

void add_outcome(reporter_record& r, report_outcome outcome) {
  r.outcomes.push_back(outcome);
  if (r.outcomes.size() > max_outcomes_kept)
    r.outcomes.erase(r.outcomes.begin(),
                     r.outcomes.begin() + static_cast<long>(r.outcomes.size() - max_outcomes_kept));
}

std::optional<standing> standing_due(const reporter_record& r, int64_t now_ms) {
  if (r.suspended_until_ms > now_ms) return std::nullopt;  // serving a suspension
  auto c = counted(r, now_ms);
  standing s{r.warned, 0, c.decided, c.dismissed};
  if (r.warned && mostly_dismissed(c, 20)) {
    s.warned = false;
    s.suspended_until_ms = now_ms + suspension_ms;
    return s;
  }
  if (!r.warned && mostly_dismissed(c, 10)) {
    s.warned = true;
    return s;
  }
  return std::nullopt;
}

void take_standing(reporter_record& r, const standing& s) {
  r.warned = s.warned;
  r.suspended_until_ms = s.suspended_until_ms;
  r.standing_decided = s.decided;
  r.standing_dismissed = s.dismissed;
}

std::optional<standing> standing_to_announce(const reporter_record& r) {
  if (r.warned == r.announced_warned && r.suspended_until_ms == r.announced_suspended_until_ms)
    return std::nullopt;
  return standing{r.warned, r.suspended_until_ms, r.standing_decided, r.standing_dismissed};
}

std::optional<domain_error> check_may_report(const reporter_record& r, int64_t now_ms) {
  if (r.suspended_until_ms <= now_ms) return std::nullopt;
  return domain_error{errc::report_suspended,
                      "too many of your recent reports were dismissed; you may report again at " +
                          rfc3339_of_unix_ms(r.suspended_until_ms)};
}

}  // namespace reel::domain
