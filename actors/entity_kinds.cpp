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

caf::behavior user_entity(entity_actor<user_kind>* self, const entity_services* services,
                          caf::actor host, uint64_t id) {
  if (!activate(self, services, std::move(host), id)) return {};
  caf::message_handler commands{
      on_command<user_kind, domain::register_user>(self),
      on_command<user_kind, domain::follow_user>(self),
      on_command<user_kind, domain::unfollow_user>(self),
      on_command<user_kind, domain::block_user>(self),
      on_command<user_kind, domain::unblock_user>(self),
      on_command<user_kind, domain::grant_role>(self),
      on_command<user_kind, domain::revoke_role>(self),
      [self](facts_atom, const std::string& other) {
        entity_detail::touch(self);
        const auto& s = self->state.state;
        user_facts f;
        f.registered = s.registered;
        f.band = domain::current_band(s, today());
        f.blocks_other = s.blocked.count(other) > 0;
        f.is_operator = s.roles.count(events::ROLE_OPERATOR) > 0;
        f.is_creator = s.roles.count(events::ROLE_CREATOR) > 0;
        return f;
      },
  };
  return commands.or_else(lifecycle_handlers(self));
}

caf::behavior video_entity(entity_actor<video_kind>* self, const entity_services* services,
                           caf::actor host, uint64_t id) {
  if (!activate(self, services, std::move(host), id)) return {};
  caf::message_handler commands{
      on_command<video_kind, domain::publish_video>(self),
      on_command<video_kind, domain::view_video>(self),
      on_command<video_kind, domain::like_video>(self),
      on_command<video_kind, domain::unlike_video>(self),
      on_command<video_kind, domain::share_video>(self),
      on_command<video_kind, domain::comment_on_video>(self),
      on_command<video_kind, domain::mark_not_interested>(self),
      on_command<video_kind, domain::report_video>(self),
      [self](facts_atom) {
        entity_detail::touch(self);
        const auto& s = self->state.state;
        video_facts f;
        f.published = s.published;
        f.visible = s.published && s.status == domain::visibility::visible;
        f.minimum_age = s.minimum_age;
        f.creator_id = s.creator_id;
        return f;
      },
  };
  return commands.or_else(lifecycle_handlers(self));
}

caf::behavior creator_entity(entity_actor<creator_kind>* self, const entity_services* services,
                             caf::actor host, uint64_t id) {
  if (!activate(self, services, std::move(host), id)) return {};
  caf::message_handler commands{
      on_command<creator_kind, domain::change_creator_settings>(self),
      [self](facts_atom, events::AgeBand owner_band) {
        entity_detail::touch(self);
        return domain::effective_settings(self->state.state, owner_band);
      },
  };
  return commands.or_else(lifecycle_handlers(self));
}

}  // namespace reel::actors
