// Edges: members of sets too large for an entity's state, such as who liked a video. They
// live in the store's edge index (storage/event_store.h, write_edges and has_edge), beside
// the entity's stream, so that the state holds counts and a snapshot stays the same size
// however many likes a video has.
//
// Each kind derives its edges from its own events (edges_of, pure), and a rule that asks
// about one edge ("has this user liked it?") names it (edge_asked) and gets the answer in
// the command as a fact, like every other fact the actor layer gathers.
#pragma once

#include <string>
#include <vector>

namespace reel::domain {

// One edge as an event sets it: present (added) or not (removed). Applied in order.
struct edge_change {
  std::string key;
  bool present = true;
};

using edge_changes = std::vector<edge_change>;

}  // namespace reel::domain
