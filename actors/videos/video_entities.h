// The video entity: one actor per video (its stream is the video id) over
// domain/videos/video.h.
//
// Facts for other entities' rules:
//   (facts_atom) -> video_facts
#pragma once

#include <optional>
#include <string>

#include "actors/core/entity.h"
#include "domain/videos/video.h"

namespace reel::actors {

struct video_kind {
  using state = domain::video_state;
  using commands = command_list<domain::publish_video, domain::view_video, domain::like_video,
                                domain::unlike_video, domain::share_video, domain::comment_on_video,
                                domain::mark_not_interested, domain::report_video,
                                domain::moderate_video, domain::moderate_comment>;
  static constexpr id_kind kind = id_kind::video;
};

// What a video entity tells others about itself.
struct video_facts {
  bool published = false;
  bool visible = false;
  uint32_t minimum_age = 0;
  std::string creator_id;
};

std::optional<caf::message> answer_query(entity_actor<video_kind>* self,
                                         const caf::type_erased_tuple& xs);

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::video_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::video_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::publish_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::view_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::like_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unlike_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::share_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::comment_on_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::mark_not_interested)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::report_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::moderate_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::moderate_comment)
