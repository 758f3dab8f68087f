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
#include <string_view>
#include <vector>

namespace reel::domain {

// One edge as an event sets it: present (added) or not (removed). Applied in order.
struct edge_change {
  std::string key;
  bool present = true;
};

using edge_changes = std::vector<edge_change>;

// The key layout every kind uses: `<owner id> 0x00 <tag> <member id>`. Ids are printable
// ASCII, so an owner's edges of one tag are the keys under edge_key(owner, tag, "").
inline std::string edge_key(std::string_view owner_id, char tag, std::string_view member_id) {
  std::string key;
  key.reserve(owner_id.size() + 2 + member_id.size());
  key.append(owner_id);
  key.push_back('\0');
  key.push_back(tag);
  key.append(member_id);
  return key;
}

}  // namespace reel::domain
