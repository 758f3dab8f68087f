// The social module: follows and blocks between users. Its commands go to the user
// entities of the accounts module; it installs one follow-up: a block ends the blocked
// user's follow of the blocker (domain/social/follow_ups.h), through the reactor.
#pragma once

#include <string>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/access_policy.h"

namespace reel::actors {

class accounts_module;

class social_module {
 public:
  social_module(node& n, const accounts_module& accounts);

  void follow(const caller& who, std::string user_id, reply<done> answer);
  void unfollow(const caller& who, std::string user_id, reply<done> answer);
  // Blocking ends the blocker's follow in the same append and the blocked user's follow
  // of the blocker as a follow-up, shortly after the answer (docs/architecture.md).
  void block(const caller& who, std::string user_id, reply<done> answer);
  void unblock(const caller& who, std::string user_id, reply<done> answer);

 private:
  template <class MakeCommand>
  void on_other_user(const caller& who, const std::string& other, domain::permission what,
                     bool needs_facts, reply<done> answer, MakeCommand make);

  node& node_;
  entity_directory users_;
};

}  // namespace reel::actors
