#include "domain/videos/follow_ups.h"

#include "domain/ids.h"

namespace reel::domain {

std::optional<role_follow_up> follow_up_of_publish(const events::Event& event) {
  if (!event.has_video_published()) return std::nullopt;
  auto creator = creator_id::parse(event.video_published().creator_id());
  if (!creator) return std::nullopt;
  role_follow_up out;
  out.user_id = user_of(*creator).str();
  out.command.role = events::ROLE_CREATOR;
  out.command.granted_by = "system:publish";
  out.command.if_missing = true;
  return out;
}

}  // namespace reel::domain
