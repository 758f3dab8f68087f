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
// (`forbidden` otherwise, `account_suspended` for a suspended account and what it may
// not do, `not_registered` for an account that never registered).
template <class T, class Next>
void with_permission(flow* self, const entity_directory& users, const caller& who,
                     domain::permission what, const ending<T>& end, Next next) {
  with_caller_facts(self, users, who, end,
                    [end, what, next = std::move(next)](user_facts& facts) mutable {
                      if (!facts.registered)
                        return end.fail(errc::not_registered, "register first");
                      if (auto no = domain::check_permission(what, facts.roles, facts.suspended))
                        return end.fail(no->code, no->message);
                      next(facts);
                    });
}

// `next()` unless a block stands between users `a` and `b` (printed ids); then the flow
// ends as domain::check_across_block says (`video_not_found`). Each is asked at once
// whether it blocked the other (each user's stream is the authority on the blocks it
// made, so a block or an unblock counts from its commit). The same user: no question.
template <class T, class Next>
void unless_blocked_between(flow* self, const entity_directory& users, const std::string& a,
                            const std::string& b, const ending<T>& end, Next next) {
  auto ida = parse_user(a), idb = parse_user(b);
  if (!ida || !idb || a == b) return next();
  struct join {
    int answers = 0;
    bool blocked = false;
  };
  auto seen = std::make_shared<join>();
  auto on_answer = [seen, end, next](user_facts& f) mutable {
    seen->blocked = seen->blocked || f.blocks_other;
    if (++seen->answers < 2) return;
    if (auto no = domain::check_across_block(seen->blocked)) return end.fail(no->code, no->message);
    next();
  };
  ask<user_facts>(self, users, *ida, caf::make_message(facts_atom::value, b), end, on_answer);
  ask<user_facts>(self, users, *idb, caf::make_message(facts_atom::value, a), end, on_answer);
}

}  // namespace reel::actors
