// What a case's events oblige other entities to do, run by the reactor
// (actors/core/reactor.h) once each, after the case's own append:
//  - an automatic action or a decision on a video sets the video's visibility, label or
//    age restriction (moderate_video; `dismiss` and `restore` lift what moderation set);
//  - a decision with a strike gives the owner one (give_strike); an upheld appeal of the
//    owner lifts the case's strike (lift_strike) as it restores the video, in one step of
//    the reactor.
// Comments and accounts get no effect yet: their cases are decided and explained, and
// hiding a comment or suspending an account comes with their own entities' support.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/accounts/user.h"
#include "domain/videos/video.h"

namespace reel::domain {

struct case_follow_ups {
  std::optional<std::pair<std::string, moderate_video>> video;  // video id, command
  // Owner's user id, command.
  std::optional<std::pair<std::string, std::variant<give_strike, lift_strike>>> owner;
};

case_follow_ups follow_ups_of_case(const events::Event& event);

}  // namespace reel::domain
