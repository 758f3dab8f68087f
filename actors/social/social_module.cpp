#include "actors/social/social_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "actors/accounts/user_follow_ups.h"
#include "domain/social/follow_ups.h"

namespace reel::actors {

social_module::social_module(node& n, const accounts_module& accounts)
    : node_(n), users_(accounts.users()) {
  n.add_reaction(user_follow_ups("block_ends_follow", users_, domain::follow_up_of_block));
}

// The flow of every social command: the caller's permission, the other user's facts when
// the rule needs them (do they exist, have they blocked the caller), then the command to
// the caller's own entity.
template <class MakeCommand>
void social_module::on_other_user(const caller& who, const std::string& other,
                                  domain::permission what, bool needs_facts, reply<done> answer,
                                  MakeCommand make) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(other);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, target, me, what, needs_facts, make,
                              answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, what, end, [=, this](user_facts&) {
      auto send = [=, this](const user_facts& theirs) {
        command_done(self, users_, me, meta_for(who, who.user_id), make(theirs), end);
      };
      if (!needs_facts) return send(user_facts{});
      ask<user_facts>(self, users_, *target, caf::make_message(facts_atom::value, who.user_id), end,
                      [send](user_facts& theirs) { send(theirs); });
    });
  });
}

void social_module::follow(const caller& who, std::string followee, reply<done> answer) {
  on_other_user(who, followee, domain::permission::follow, true, std::move(answer),
                [followee](const user_facts& f) {
                  return domain::follow_user{followee, f.registered, f.blocks_other, ""};
                });
}

void social_module::unfollow(const caller& who, std::string followee, reply<done> answer) {
  on_other_user(who, followee, domain::permission::follow, false, std::move(answer),
                [followee](const user_facts&) { return domain::unfollow_user{followee}; });
}

void social_module::block(const caller& who, std::string blocked, reply<done> answer) {
  on_other_user(who, blocked, domain::permission::block, true, std::move(answer),
                [blocked](const user_facts& f) {
                  return domain::block_user{blocked, f.registered};
                });
}

void social_module::unblock(const caller& who, std::string blocked, reply<done> answer) {
  on_other_user(who, blocked, domain::permission::block, false, std::move(answer),
                [blocked](const user_facts&) { return domain::unblock_user{blocked}; });
}

}  // namespace reel::actors
