// The three kinds of entity actor: their commands (the domain's command structs, answered
// with command_reply once durable) and the facts each answers for other entities' rules.
// The lifecycle every entity shares is in entity.h.
#pragma once

#include <optional>

#include "actors/entity.h"

namespace reel::actors {

struct user_kind {
  using state = domain::user_state;
  using commands = command_list<domain::register_user, domain::follow_user, domain::unfollow_user,
                                domain::block_user, domain::unblock_user, domain::grant_role,
                                domain::revoke_role>;
  static constexpr id_kind kind = id_kind::user;
};
struct video_kind {
  using state = domain::video_state;
  using commands = command_list<domain::publish_video, domain::view_video, domain::like_video,
                                domain::unlike_video, domain::share_video, domain::comment_on_video,
                                domain::mark_not_interested, domain::report_video>;
  static constexpr id_kind kind = id_kind::video;
};
struct creator_kind {
  using state = domain::creator_state;
  using commands = command_list<domain::change_creator_settings>;
  static constexpr id_kind kind = id_kind::creator;
};

// Facts for other entities' rules; nullopt when the message is no such question.
//  users:    (facts_atom, other_user_id) -> user_facts
//  videos:   (facts_atom) -> video_facts
//  creators: (facts_atom, owner_band) -> the creator_settings in force
std::optional<caf::message> answer_query(entity_actor<user_kind>* self,
                                         const caf::type_erased_tuple& xs);
std::optional<caf::message> answer_query(entity_actor<video_kind>* self,
                                         const caf::type_erased_tuple& xs);
std::optional<caf::message> answer_query(entity_actor<creator_kind>* self,
                                         const caf::type_erased_tuple& xs);

caf::behavior user_entity(entity_actor<user_kind>* self, const entity_services* services,
                          caf::actor host, uint64_t id);
caf::behavior video_entity(entity_actor<video_kind>* self, const entity_services* services,
                           caf::actor host, uint64_t id);
caf::behavior creator_entity(entity_actor<creator_kind>* self, const entity_services* services,
                             caf::actor host, uint64_t id);

}  // namespace reel::actors
