// A command on one video by the caller, built from the caller's live facts (today's age
// band) once the access policy permits it: the flow behind engagement and reports.
#pragma once

#include <string>

#include "actors/accounts/caller_facts.h"
#include "actors/core/node.h"
#include "actors/videos/video_entities.h"

namespace reel::actors {

// The user behind a video's creator id; empty for none.
inline std::string owner_of(const video_facts& v) {
  auto creator = creator_id::parse(v.creator_id);
  return creator ? user_of(*creator).str() : std::string();
}

// Then `next()`, unless the video's creator is hidden from the caller: a block between
// them, or a private account the caller may not see (unless_hidden_between:
// `video_not_found`).
template <class T, class Next>
void unless_hidden(flow* self, const entity_directory& users, const entity_directory& videos,
                   const caller& who, domain::role_set roles, uint64_t video, const ending<T>& end,
                   Next next) {
  ask<video_facts>(self, videos, video, caf::make_message(facts_atom::value), end,
                   [self, users, who, roles, end, next](video_facts& v) mutable {
                     unless_hidden_between(self, users, who.user_id, roles, owner_of(v), end,
                                           [next](between&) mutable { next(); });
                   });
}

// What a command that only takes back (unlike, "not interested") or a view may do: go
// through across a block and past a private account (domain/privacy/audiences.h).
enum class across_block { refused, allowed };

// `make(const user_facts&)` returns the domain command for the video entity.
template <class MakeCommand>
void video_command(node& n, const entity_directory& users, const entity_directory& videos,
                   const caller& who, const std::string& video, domain::permission what,
                   across_block blocks, reply<done> answer, MakeCommand make) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{errc::invalid_id, "video_id is not a video id"});
  start_flow(n.system(), [&n, users, videos, who, video, id, what, blocks, make,
                          answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, n.timeout()};
    with_permission(self, users, who, what, end, [=](user_facts& facts) {
      auto send = [=] { command_done(self, videos, *id, meta_for(who, video), make(facts), end); };
      if (blocks == across_block::allowed) return send();
      unless_hidden(self, users, videos, who, facts.roles, *id, end, send);
    });
  });
}

}  // namespace reel::actors
