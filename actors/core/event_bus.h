// The event bus: tells subscribers how far the global log has been committed. It carries
// positions, not events: each subscriber (a projection, a push feed) reads the log itself
// from its own checkpoint, so it sees every committed event in global order, and a slow or
// restarting subscriber loses nothing.
//
// Messages:
//   (committed_atom, sequence)  from the journal after each commit
//   (listen_atom, actor)        subscribe; the actor gets (head_atom, head) now and on
//                               every advance
//   (head_atom) -> uint64_t     the head as far as the bus has heard
#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <vector>

#include "actors/core/messages.h"

namespace reel::actors {

struct event_bus_state {
  uint64_t head = 0;
  std::vector<caf::actor> subscribers;
};

caf::behavior event_bus(caf::stateful_actor<event_bus_state>* self, uint64_t head);

}  // namespace reel::actors
