#include "actors/entity_kinds.h"

#include <chrono>

#include "domain/calendar.h"

namespace reel::actors {
namespace {

domain::civil_date today() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return domain::date_of_unix_ms(ms);
}

}  // namespace

std::optional<caf::message> answer_query(entity_actor<user_kind>* self,
                                         const caf::type_erased_tuple& xs) {
  if (!xs.match_elements<facts_atom, std::string>()) return std::nullopt;
  const auto& s = self->state.state;
  user_facts f;
  f.registered = s.registered;
  f.band = domain::current_band(s, today());
  f.blocks_other = s.blocked.count(xs.get_as<std::string>(1)) > 0;
  f.is_operator = s.roles.count(events::ROLE_OPERATOR) > 0;
  f.is_creator = s.roles.count(events::ROLE_CREATOR) > 0;
  return caf::make_message(std::move(f));
}

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

std::optional<caf::message> answer_query(entity_actor<creator_kind>* self,
                                         const caf::type_erased_tuple& xs) {
  if (!xs.match_elements<facts_atom, events::AgeBand>()) return std::nullopt;
  return caf::make_message(
      domain::effective_settings(self->state.state, xs.get_as<events::AgeBand>(1)));
}

caf::behavior user_entity(entity_actor<user_kind>* self, const entity_services* services,
                          caf::actor host, uint64_t id) {
  return activate(self, services, std::move(host), id);
}

caf::behavior video_entity(entity_actor<video_kind>* self, const entity_services* services,
                           caf::actor host, uint64_t id) {
  return activate(self, services, std::move(host), id);
}

caf::behavior creator_entity(entity_actor<creator_kind>* self, const entity_services* services,
                             caf::actor host, uint64_t id) {
  return activate(self, services, std::move(host), id);
}

}  // namespace reel::actors
