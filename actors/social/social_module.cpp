#include "actors/social/social_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "domain/social/follow_ups.h"

namespace reel::actors {
namespace {

class block_ends_follow final : public reaction {
 public:
  explicit block_ends_follow(entity_directory users) : users_(std::move(users)) {}
  std::string_view name() const override { return "block_ends_follow"; }
  std::vector<follow_up> react(const events::EventRecord& record) const override {
    auto up = domain::follow_up_of_block(record.event());
    if (!up) return {};
    auto id = parse_user(up->user_id);
    if (!id) return {};
    return {follow_up{users_, *id, caf::make_message(up->command)}};
  }

 private:
  entity_directory users_;
};

// The other user's facts (do they exist, have they blocked the caller), then `next`.
template <class Next>
void with_other(flow* self, const entity_directory& users, uint64_t other, const caller& who,
                const ending<done>& end, Next next) {
  ask<user_facts>(self, users, other, caf::make_message(facts_atom::value, who.user_id), end,
                  std::move(next));
}

}  // namespace

social_module::social_module(node& n, const accounts_module& accounts)
    : node_(n), users_(accounts.users()) {
  n.add_reaction(std::make_shared<block_ends_follow>(users_));
}

void social_module::follow(const caller& who, std::string followee, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(followee);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, followee, target, me,
                              answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::follow, end, [=, this](user_facts&) {
      with_other(self, users_, *target, who, end, [=, this](user_facts& facts) {
        command_done(self, users_, me, meta_for(who, who.user_id),
                     domain::follow_user{followee, facts.registered, facts.blocks_other, ""}, end);
      });
    });
  });
}

void social_module::unfollow(const caller& who, std::string followee, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (!parse_user(followee))
    return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, followee, me, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::follow, end, [=, this](user_facts&) {
      command_done(self, users_, me, meta_for(who, who.user_id), domain::unfollow_user{followee},
                   end);
    });
  });
}

void social_module::block(const caller& who, std::string blocked, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(blocked);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(
      node_.system(), [this, who, blocked, target, me, answer = std::move(answer)](flow* self) {
        ending<done> end{self, answer, node_.timeout()};
        with_permission(self, users_, who, domain::permission::block, end, [=, this](user_facts&) {
          with_other(self, users_, *target, who, end, [=, this](user_facts& facts) {
            command_done(self, users_, me, meta_for(who, who.user_id),
                         domain::block_user{blocked, facts.registered}, end);
          });
        });
      });
}

void social_module::unblock(const caller& who, std::string blocked, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (!parse_user(blocked))
    return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, blocked, me, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::block, end, [=, this](user_facts&) {
      command_done(self, users_, me, meta_for(who, who.user_id), domain::unblock_user{blocked},
                   end);
    });
  });
}

}  // namespace reel::actors
