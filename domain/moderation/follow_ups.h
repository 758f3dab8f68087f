// What a case's events oblige other entities to do, run by the reactor
// (actors/core/reactor.h) once each, after the case's own append:
//  - an automatic action or a decision on a video sets the video's visibility, label or
//    age restriction (moderate_video; `dismiss` and `restore` lift what moderation set);
//  - one on a comment hides or shows the comment on its video (moderate_comment);
//  - a decision with a strike gives the owner one (give_strike); an upheld appeal of the
//    owner lifts the case's strike (lift_strike) as it restores the subject, in one step
//    of the reactor.
//  - a decision on an account suspends it (`remove`) or reinstates it (`restore`,
//    `dismiss`, by the case that suspended it) (moderate_account).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "domain/accounts/user.h"
#include "domain/videos/video.h"

namespace reel::domain {

struct case_follow_ups {
  std::optional<std::pair<std::string, moderate_video>> video;      // video id, command
  std::optional<std::pair<std::string, moderate_comment>> comment;  // the comment's video id
  std::optional<std::pair<std::string, moderate_account>> account;  // the account's user id
  // Owner's user id, command.
  std::optional<std::pair<std::string, std::variant<give_strike, lift_strike>>> owner;
};

case_follow_ups follow_ups_of_case(const events::Event& event);

}  // namespace reel::domain
