// The three kinds of entity actor. Each behaviour is the kind's commands (the domain's
// command structs, answered with command_reply once durable), its facts for other
// entities' rules, and the lifecycle every entity shares (entity.h).
#pragma once

#include "actors/entity.h"

namespace reel::actors {

struct user_kind {
  using state = domain::user_state;
  static constexpr id_kind kind = id_kind::user;
};
struct video_kind {
  using state = domain::video_state;
  static constexpr id_kind kind = id_kind::video;
};
struct creator_kind {
  using state = domain::creator_state;
  static constexpr id_kind kind = id_kind::creator;
};

// Users answer (facts_atom, other_user_id) with user_facts.
caf::behavior user_entity(entity_actor<user_kind>* self, const entity_services* services,
                          caf::actor host, uint64_t id);
// Videos answer (facts_atom) with video_facts.
caf::behavior video_entity(entity_actor<video_kind>* self, const entity_services* services,
                           caf::actor host, uint64_t id);
// Creators answer (facts_atom, owner_band) with the creator_settings in force.
caf::behavior creator_entity(entity_actor<creator_kind>* self, const entity_services* services,
                             caf::actor host, uint64_t id);

}  // namespace reel::actors
