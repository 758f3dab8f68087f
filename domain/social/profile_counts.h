// The counts on a profile: followers, following and videos published. Kept by a projection
// (actors/profile_counts_projection.h) from follow, unfollow and publish events; these
// rules say what each event changes.
#pragma once

#include <array>
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
  uint64_t user = 0;  // the user id's value (domain/ids.h)
  int followers = 0, following = 0, videos = 0;
};

// What one event changes: at most two users' counts. Runs for every replayed event, so it
// allocates nothing.
struct count_changes_of {
  std::array<count_change, 2> changes;
  size_t size = 0;
  const count_change* begin() const { return changes.data(); }
  const count_change* end() const { return changes.data() + size; }
  bool empty() const { return size == 0; }
};

// What an event changes, per user; empty for events that change no count (and for ids
// that do not parse, which the aggregates never write).
count_changes_of count_changes(const events::Event& event);

// Applies a change; counts never go below zero.
void apply(profile_counts& counts, const count_change& change);

}  // namespace reel::domain
