// The counts on a profile: followers, following and videos published. Kept by a projection
// (actors/profile_counts_projection.h) from follow, unfollow and publish events; these
// rules say what each event changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reel/events.pb.h"

namespace reel::domain {

struct profile_counts {
  uint64_t followers = 0;
  uint64_t following = 0;
  uint64_t videos = 0;  // published (moderation does not take them off the count)
};

struct count_change {
  std::string user_id;
  int followers = 0, following = 0, videos = 0;
};

// What an event changes, per user; empty for events that change no count.
std::vector<count_change> count_changes(const events::Event& event);

// Applies a change; counts never go below zero.
void apply(profile_counts& counts, const count_change& change);

}  // namespace reel::domain
