// The caller's facts, read live from their own user entity: registration, today's age
// band, roles as they are now. Every module's flows start here when a rule or the access
// policy (domain/access_policy.h) needs them; nothing is taken from the session.
#pragma once

#include "actors/accounts/user_entity.h"
#include "actors/core/flow.h"
#include "domain/access_policy.h"

namespace reel::actors {

// The caller's facts, then `next(user_facts&)`. The caller must have passed check_caller().
template <class T, class Next>
void with_caller_facts(flow* self, const entity_directory& users, const caller& who,
                       const ending<T>& end, Next next) {
  ask<user_facts>(self, users, *parse_user(who.user_id),
                  caf::make_message(facts_atom::value, std::string()), end, std::move(next));
}

// As with_caller_facts, after checking that the caller's roles now permit `what`
// (`forbidden` otherwise, `not_registered` for an account that never registered).
template <class T, class Next>
void with_permission(flow* self, const entity_directory& users, const caller& who,
                     domain::permission what, const ending<T>& end, Next next) {
  with_caller_facts(self, users, who, end,
                    [end, what, next = std::move(next)](user_facts& facts) mutable {
                      if (!facts.registered)
                        return end.fail(errc::not_registered, "register first");
                      if (auto no = domain::check_permission(what, facts.roles))
                        return end.fail(no->code, no->message);
                      next(facts);
                    });
}

}  // namespace reel::actors
