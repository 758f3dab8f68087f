#include "domain/moderation/strikes.h"

#include <algorithm>

#include "domain/calendar.h"

namespace reel::domain {

std::vector<strike> strikes_in_force(const std::vector<strike>& strikes, int64_t now_ms) {
  std::vector<strike> out;
  std::copy_if(strikes.begin(), strikes.end(), std::back_inserter(out),
               [&](const strike& s) { return s.expires_at_ms > now_ms; });
  return out;
}

size_t active_strikes(const std::vector<strike>& strikes, int64_t now_ms) {
  return strikes_in_force(strikes, now_ms).size();
}

int64_t publish_suspended_until(const std::vector<strike>& strikes, int64_t now_ms,
                                const moderation_rules& rules) {
  std::vector<int64_t> ends;
  for (const auto& s : strikes_in_force(strikes, now_ms)) ends.push_back(s.expires_at_ms);
  auto limit = static_cast<size_t>(std::max(1, rules.strikes_to_suspend));
  if (ends.size() < limit) return 0;
  // Allowed again once all but limit - 1 have expired.
  std::sort(ends.begin(), ends.end());
  return ends[ends.size() - limit];
}

std::optional<domain_error> check_may_publish(int64_t suspended_until_ms, int64_t now_ms) {
  if (suspended_until_ms <= now_ms) return std::nullopt;
  return domain_error{errc::publish_suspended, "three active strikes suspend publishing until " +
                                                   rfc3339_of_unix_ms(suspended_until_ms)};
}

}  // namespace reel::domain
