// A reaction (actors/core/reactor.h) that is one domain rule whose follow-up is a command
// to a user entity: `rule(event)` returns an optional {user_id, command}, as
// domain/social/follow_ups.h and domain/videos/follow_ups.h do.
#pragma once

#include <memory>
#include <string>

#include "actors/accounts/user_entity.h"
#include "actors/core/flow.h"
#include "actors/core/reactor.h"

namespace reel::actors {

template <class Rule>
std::shared_ptr<reaction> user_follow_ups(std::string name, entity_directory users, Rule rule) {
  class rule_reaction final : public reaction {
   public:
    rule_reaction(std::string name, entity_directory users, Rule rule)
        : name_(std::move(name)), users_(std::move(users)), rule_(std::move(rule)) {}
    std::string_view name() const override { return name_; }
    std::vector<follow_up> react(const events::EventRecord& record) const override {
      auto up = rule_(record.event());
      if (!up) return {};
      auto id = parse_user(up->user_id);
      if (!id) return {};
      return {follow_up{users_, *id, caf::make_message(std::move(up->command))}};
    }

   private:
    std::string name_;
    entity_directory users_;
    Rule rule_;
  };
  return std::make_shared<rule_reaction>(std::move(name), std::move(users), std::move(rule));
}

}  // namespace reel::actors
