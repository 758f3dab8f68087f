#include "domain/videos/creator.h"

#include "domain/accounts/age_policy.h"

namespace reel::domain {

creator_settings default_settings(events::AgeBand owner_band) {
  creator_settings s;
  s.allow_duet = s.allow_stitch = may_be_dueted_or_stitched(owner_band);
  return s;
}

creator_settings effective_settings(const creator_state& state, events::AgeBand owner_band) {
  auto s = state.has_settings ? state.settings : default_settings(owner_band);
  if (!may_be_dueted_or_stitched(owner_band)) s.allow_duet = s.allow_stitch = false;
  return s;
}

decision decide(const creator_state& state, const change_creator_settings& command) {
  if (!is_known_band(command.owner_band)) {
    return decision::reject(errc::not_registered, "register first");
  }
  if (!command.allow_duet && !command.allow_stitch && !command.allow_comments) {
    return decision::reject(errc::nothing_to_change, "name at least one setting");
  }
  bool wants_remix = command.allow_duet.value_or(false) || command.allow_stitch.value_or(false);
  if (wants_remix && !may_be_dueted_or_stitched(command.owner_band)) {
    return decision::reject(errc::age_restricted, "duets and stitches of your videos open at 16");
  }
  auto next = effective_settings(state, command.owner_band);
  if (command.allow_duet) next.allow_duet = *command.allow_duet;
  if (command.allow_stitch) next.allow_stitch = *command.allow_stitch;
  if (command.allow_comments) next.allow_comments = *command.allow_comments;
  events::Event e;
  auto* c = e.mutable_creator_settings_changed();
  c->set_creator_id(command.creator_id);
  c->set_allow_duet(next.allow_duet);
  c->set_allow_stitch(next.allow_stitch);
  c->set_allow_comments(next.allow_comments);
  return decision::accept(std::move(e));
}

void apply(creator_state& state, const events::Event& event) {
  ++state.version;
  if (!event.has_creator_settings_changed()) return;
  const auto& c = event.creator_settings_changed();
  state.has_settings = true;
  state.settings = {c.allow_duet(), c.allow_stitch(), c.allow_comments()};
}

}  // namespace reel::domain
