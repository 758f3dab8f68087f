// The follow-ups of the video rules: what a committed event obliges another entity to do.
// The reactor (actors/core/reactor.h) runs them durably, once per triggering event.
#pragma once

#include <optional>
#include <string>

#include "domain/accounts/user.h"

namespace reel::domain {

// Publishing makes the publisher a creator: the first publish grants the creator role to
// the user behind the video's creator id (holding it already is fine).
struct role_follow_up {
  std::string user_id;  // whose stream
  grant_role command;
};
std::optional<role_follow_up> follow_up_of_publish(const events::Event& event);

}  // namespace reel::domain
