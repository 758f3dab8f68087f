#include "actors/core/event_bus.h"

#include <algorithm>

namespace reel::actors {

caf::behavior event_bus(caf::stateful_actor<event_bus_state>* self, uint64_t head) {
  self->state.head = head;
  self->set_down_handler([self](const caf::down_msg& down) {
    auto& subs = self->state.subscribers;
    subs.erase(std::remove_if(subs.begin(), subs.end(),
                              [&](const caf::actor& a) { return a.address() == down.source; }),
               subs.end());
  });
  return {
      [self](committed_atom, uint64_t sequence) {
        auto& st = self->state;
        if (sequence <= st.head) return;  // commits may be reported out of order
        st.head = sequence;
        for (const auto& s : st.subscribers) self->send(s, head_atom::value, sequence);
      },
      [self](listen_atom, const caf::actor& subscriber) {
        self->monitor(subscriber);
        self->state.subscribers.push_back(subscriber);
        self->send(subscriber, head_atom::value, self->state.head);
      },
      [self](head_atom) { return self->state.head; },
  };
}

}  // namespace reel::actors
