// Who hears of what: someone followed you, liked or commented on your video. Nobody is told
// of their own actions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reel/events.pb.h"

namespace reel::domain {

struct notice {
  std::string recipient;         // a user id
  std::string kind;              // "followed", "liked", "commented"
  std::string from_user;         // who did it
  std::string video_id;          // for likes and comments
  std::string comment_id, text;  // for comments
};

// The video a like or comment is about, if the event is one; the caller then looks up
// the video's owner (the user behind its creator id).
std::optional<std::string> video_of_interest(const events::Event& event);

// The notice an event gives, if any. `video_owner` is the user id behind the video's
// creator, for likes and comments; empty when unknown (then no notice).
std::optional<notice> notice_for(const events::Event& event, std::string_view video_owner);

}  // namespace reel::domain
