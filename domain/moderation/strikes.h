// Strikes: a removal for breaking the guidelines gives the owner a strike, which counts
// for `strike_lifetime_ms` (90 days) or until an upheld appeal lifts it. With
// `strikes_to_suspend` (3) active, publishing is suspended until enough have expired.
// The strikes live in the owner's user state (StrikeGiven, StrikeLifted); pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/decision.h"
#include "domain/moderation/policies.h"

namespace reel::domain {

inline constexpr size_t max_strikes_kept = 64;  // more than enough to stay suspended

struct strike {
  std::string case_id;
  int64_t expires_at_ms = 0;
};

// The strikes that count at `now_ms` (not expired; lifted ones are gone from the state).
std::vector<strike> strikes_in_force(const std::vector<strike>& strikes, int64_t now_ms);
size_t active_strikes(const std::vector<strike>& strikes, int64_t now_ms);

// When publishing is allowed again (0: it is allowed now).
int64_t publish_suspended_until(const std::vector<strike>& strikes, int64_t now_ms,
                                const moderation_rules& rules = {});

// `publish_suspended`, naming when it ends, or nothing.
std::optional<domain_error> check_may_publish(int64_t suspended_until_ms, int64_t now_ms);

}  // namespace reel::domain
