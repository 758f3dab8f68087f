// The caller's facts, read live from their own user entity: registration, today's age
// band, roles as they are now. Every module's flows start here when a rule or the access
// policy (domain/access_policy.h) needs them; nothing is taken from the session.
#pragma once

#include <memory>

#include "actors/accounts/user_entity.h"
#include "actors/core/flow.h"
#include "domain/access_policy.h"
#include "domain/privacy/audiences.h"

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

// How user `a` stands toward user `b` (printed ids), each asked at once about the other
// (each user's stream is the authority on the follows and blocks it made, so they count
// from their commit), then `next(between&)`. The same user, or an id that is no user's:
// no question, and `b`'s facts are those of nobody.
struct between {
  bool blocked = false;             // either blocked the other
  bool a_following_full = false;    // `a` follows as many accounts as reel allows
  domain::owner_relation relation;  // of `a` toward `b` (domain/privacy/audiences.h)
  user_facts b;                     // `b`'s facts, its settings in force among them
};
template <class T, class Next>
void with_relation(flow* self, const entity_directory& users, const std::string& a,
                   const std::string& b, const ending<T>& end, Next next) {
  auto ida = parse_user(a), idb = parse_user(b);
  auto seen = std::make_shared<between>();
  seen->relation.is_owner = a == b;
  if (!ida || !idb || a == b) return next(*seen);
  auto answers = std::make_shared<int>(0);
  auto on_answer = [seen, answers, next](bool from_a, user_facts& f) mutable {
    seen->blocked = seen->blocked || f.blocks_other;
    if (from_a) {
      seen->relation.follows_owner = f.follows_other;
      seen->a_following_full = f.following_full;
    } else {
      seen->relation.followed_by_owner = f.follows_other;
      seen->b = f;
    }
    if (++*answers == 2) next(*seen);
  };
  ask<user_facts>(self, users, *ida, caf::make_message(facts_atom::value, b), end,
                  [on_answer](user_facts& f) mutable { on_answer(true, f); });
  ask<user_facts>(self, users, *idb, caf::make_message(facts_atom::value, a), end,
                  [on_answer](user_facts& f) mutable { on_answer(false, f); });
}

// `next(between&)` when user `a` may see the videos of user `b`: no block between them
// (check_across_block) and, for a private account, `a` the owner, an approved follower or
// staff with `roles` (domain::check_private_account); otherwise `video_not_found`.
template <class T, class Next>
void unless_hidden_between(flow* self, const entity_directory& users, const std::string& a,
                           domain::role_set roles, const std::string& b, const ending<T>& end,
                           Next next) {
  with_relation(self, users, a, b, end, [end, roles, next](between& w) mutable {
    if (auto no = domain::check_across_block(w.blocked)) return end.fail(no->code, no->message);
    if (auto no = domain::check_private_account(w.b.privacy, w.relation, roles))
      return end.fail(no->code, no->message);
    next(w);
  });
}

}  // namespace reel::actors
