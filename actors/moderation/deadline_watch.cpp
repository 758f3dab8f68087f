#include "actors/moderation/deadline_watch.h"

#include "actors/moderation/moderation_module.h"

namespace reel::actors {
namespace {

using sweep_atom = caf::atom_constant<caf::atom("dlsweep")>;
using swept_atom = caf::atom_constant<caf::atom("dlswept")>;

caf::behavior deadline_watch(caf::event_based_actor* self, moderation_module* m,
                             std::chrono::milliseconds every) {
  self->delayed_send(self, every, sweep_atom::value);
  return {
      [=](sweep_atom) {
        auto me = caf::actor_cast<caf::actor>(self);
        // A failed sweep (a store error, a timeout) is tried again at the next tick.
        m->escalate_overdue([m, me](outcome<size_t>) {
          m->announce_standings([me](outcome<size_t>) { caf::anon_send(me, swept_atom::value); });
        });
      },
      [=](swept_atom) { self->delayed_send(self, every, sweep_atom::value); },
  };
}

}  // namespace

caf::actor spawn_deadline_watch(caf::actor_system& system, moderation_module& m,
                                std::chrono::milliseconds every) {
  return system.spawn(deadline_watch, &m, every);
}

}  // namespace reel::actors
