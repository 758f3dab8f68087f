#include "actors/videos/video_entities.h"

namespace reel::actors {

std::optional<caf::message> answer_query(entity_actor<video_kind>* self,
                                         const caf::type_erased_tuple& xs) {
  if (!xs.match_elements<facts_atom>()) return std::nullopt;
  const auto& s = self->state.state;
  video_facts f;
  f.published = s.published;
  f.visible = s.published && s.status == domain::visibility::visible;
  f.minimum_age = s.minimum_age;
  f.creator_id = s.creator_id;
  return caf::make_message(std::move(f));
}

}  // namespace reel::actors
