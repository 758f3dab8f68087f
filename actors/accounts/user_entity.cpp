#include "actors/accounts/user_entity.h"

namespace reel::actors {

std::optional<caf::message> answer_query(entity_actor<user_kind>* self,
                                         const caf::type_erased_tuple& xs) {
  const auto& s = self->state.state;
  if (xs.match_elements<credentials_atom>()) return caf::make_message(domain::credentials_of(s));
  if (xs.match_elements<strikes_atom>()) return caf::make_message(s.strikes);
  auto band_today = [&] {
    return domain::current_band(s, domain::local_today(s, self->state.services->clock->now_ms()));
  };
  if (xs.match_elements<privacy_atom>())
    return caf::make_message(domain::in_force(s.privacy, band_today()));
  if (xs.match_elements<profile_atom>()) {
    user_card card;
    card.is_private = domain::in_force(s.privacy, band_today()).is_private;
    card.registered = s.registered;
    card.user_id = s.user_id;
    card.handle = s.handle;
    card.age_band = s.age_band;
    card.roles.assign(s.roles.begin(), s.roles.end());
    return caf::make_message(std::move(card));
  }
  if (!xs.match_elements<facts_atom, std::string>()) return std::nullopt;
  user_facts f;
  const auto& other = xs.get_as<std::string>(1);
  f.registered = s.registered;
  f.band = band_today();
  f.blocks_other = s.blocked.count(other) > 0;
  f.follows_other = s.following.count(other) > 0;
  f.following_full = s.following.size() >= domain::max_following;
  f.roles = domain::roles_of(s.roles);
  f.publish_suspended_until_ms =
      domain::publish_suspended_until(s.strikes, self->state.services->clock->now_ms());
  f.suspended = !s.suspended_by.empty();
  f.privacy = domain::in_force(s.privacy, f.band);
  f.screen_time_exceeded = domain::screen_time_exceeded(s, self->state.services->clock->now_ms());
  return caf::make_message(std::move(f));
}

}  // namespace reel::actors
