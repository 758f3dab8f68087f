#include "actors/moderation/case_entity.h"

namespace reel::actors {

// A case answers only (state_atom), which every entity answers; nothing else is asked.
std::optional<caf::message> answer_query(entity_actor<case_kind>*, const caf::type_erased_tuple&) {
  return std::nullopt;
}

}  // namespace reel::actors
