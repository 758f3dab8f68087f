// A command on one video by the caller, built from the caller's live facts (today's age
// band) once the access policy permits it: the flow behind engagement and reports.
#pragma once

#include <string>

#include "actors/accounts/caller_facts.h"
#include "actors/core/node.h"
#include "actors/videos/video_entities.h"

namespace reel::actors {

// `make(const user_facts&)` returns the domain command for the video entity.
template <class MakeCommand>
void video_command(node& n, const entity_directory& users, const entity_directory& videos,
                   const caller& who, const std::string& video, domain::permission what,
                   reply<done> answer, MakeCommand make) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{errc::invalid_id, "video_id is not a video id"});
  start_flow(n.system(), [&n, users, videos, who, video, id, what, make,
                          answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, n.timeout()};
    with_permission(self, users, who, what, end, [=](user_facts& facts) {
      command_done(self, videos, *id, meta_for(who, video), make(facts), end);
    });
  });
}

}  // namespace reel::actors
