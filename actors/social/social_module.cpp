#include "actors/social/social_module.h"

#include <memory>

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "actors/accounts/user_follow_ups.h"
#include "domain/social/follow_requests.h"
#include "domain/social/follow_ups.h"

namespace reel::actors {

social_module::social_module(node& n, const accounts_module& accounts)
    : node_(n), users_(accounts.users()) {
  n.add_reaction(user_follow_ups("block_ends_follow", users_, domain::follow_up_of_block));
  n.add_reaction(user_follow_ups("approval_commits_follow", users_, domain::follow_up_of_approval));
  n.add_reaction(user_follow_ups("removal_ends_follow", users_, domain::follow_up_of_removal));
}

// The flow of every social command: the caller's permission, then how the two users stand
// (with_relation: blocks, follows both ways, the other's facts), then `next(self, end, me,
// other, between&)`.
template <class T, class Next>
void social_module::on_other_user(const caller& who, const std::string& other,
                                  domain::permission what, reply<T> answer, Next next) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(other);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(),
             [this, who, target, me, what, other, next, answer = std::move(answer)](flow* self) {
               ending<T> end{self, answer, node_.timeout()};
               with_permission(self, users_, who, what, end, [=, this](user_facts&) {
                 with_relation(self, users_, who.user_id, other, end,
                               [=](between& b) { next(self, end, me, *target, b); });
               });
             });
}

void social_module::follow(const caller& who, std::string followee, reply<follow_outcome> answer) {
  on_other_user(who, followee, domain::permission::follow, std::move(answer),
                [this, who, followee](flow* self, const ending<follow_outcome>& end, uint64_t me,
                                      uint64_t target, const between& b) {
                  if (domain::follow_is_request(b.b.privacy, b.b.registered, b.relation.is_owner)) {
                    domain::request_follow ask{who.user_id, "", b.relation.follows_owner, b.blocked,
                                               b.a_following_full};
                    return command(self, users_, target, meta_for(who, followee), ask, end,
                                   [end](command_reply& r) {
                                     end(follow_outcome{r.replayed, true});
                                   });
                  }
                  domain::follow_user cmd{followee, b.b.registered, b.blocked, ""};
                  command(self, users_, me, meta_for(who, who.user_id), cmd, end,
                          [end](command_reply& r) {
                            end(follow_outcome{r.replayed, false});
                          });
                });
}

void social_module::follow(const caller& who, std::string followee, reply<done> answer) {
  follow(who, std::move(followee), [answer](outcome<follow_outcome> r) {
    if (!r.ok()) return answer(r.error());
    answer(done{r.value().replayed});
  });
}

void social_module::unfollow(const caller& who, std::string followee, reply<done> answer) {
  on_other_user(who, followee, domain::permission::follow, std::move(answer),
                [this, who, followee](flow* self, const ending<done>& end, uint64_t me,
                                      uint64_t target, const between& b) {
                  if (b.relation.follows_owner)
                    return command_done(self, users_, me, meta_for(who, who.user_id),
                                        domain::unfollow_user{followee}, end);
                  // Not following: perhaps asking to; the request is on their stream.
                  command_done(self, users_, target, meta_for(who, followee),
                               domain::withdraw_follow_request{who.user_id}, end);
                });
}

void social_module::block(const caller& who, std::string blocked, reply<done> answer) {
  on_other_user(who, blocked, domain::permission::block, std::move(answer),
                [this, who, blocked](flow* self, const ending<done>& end, uint64_t me, uint64_t,
                                     const between& b) {
                  command_done(self, users_, me, meta_for(who, who.user_id),
                               domain::block_user{blocked, b.b.registered}, end);
                });
}

void social_module::unblock(const caller& who, std::string blocked, reply<done> answer) {
  on_other_user(who, blocked, domain::permission::block, std::move(answer),
                [this, who, blocked](flow* self, const ending<done>& end, uint64_t me, uint64_t,
                                     const between&) {
                  command_done(self, users_, me, meta_for(who, who.user_id),
                               domain::unblock_user{blocked}, end);
                });
}

void social_module::approve_follower(const caller& who, std::string follower, reply<done> answer) {
  on_other_user(who, follower, domain::permission::follow, std::move(answer),
                [this, who, follower](flow* self, const ending<done>& end, uint64_t me, uint64_t,
                                      const between& b) {
                  domain::answer_follow_request cmd{follower, true, b.blocked};
                  command_done(self, users_, me, meta_for(who, who.user_id), cmd, end);
                });
}

void social_module::decline_follower(const caller& who, std::string follower, reply<done> answer) {
  on_other_user(who, follower, domain::permission::follow, std::move(answer),
                [this, who, follower](flow* self, const ending<done>& end, uint64_t me, uint64_t,
                                      const between&) {
                  domain::answer_follow_request cmd{follower, false};
                  command_done(self, users_, me, meta_for(who, who.user_id), cmd, end);
                });
}

void social_module::remove_follower(const caller& who, std::string follower, reply<done> answer) {
  on_other_user(who, follower, domain::permission::follow, std::move(answer),
                [this, who, follower](flow* self, const ending<done>& end, uint64_t me, uint64_t,
                                      const between& b) {
                  domain::remove_follower cmd{follower, b.relation.followed_by_owner};
                  command_done(self, users_, me, meta_for(who, who.user_id), cmd, end);
                });
}

void social_module::follow_requests(const caller& who, size_t limit, std::string cursor,
                                    reply<follow_request_page> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (limit < 1 || limit > 100) return answer(command_error{errc::bad_args, "limit is 1 to 100"});
  if (!cursor.empty() && !parse_user(cursor))
    return answer(command_error{errc::bad_args, "cursor is not one this op gave"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, me, limit, cursor,
                              answer = std::move(answer)](flow* self) {
    ending<follow_request_page> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::follow, end, [=, this](user_facts&) {
      auto prefix = domain::follow_request_edge(who.user_id, "");
      // One more than a page: whether a next page exists.
      auto job = edge_members_job(node_.journal().store(), prefix, cursor, limit + 1);
      on_store_worker<std::vector<std::string>>(
          self, node_.workers(), me, std::move(job), end, [=, this](std::vector<std::string>& ids) {
            auto page = std::make_shared<follow_request_page>();
            bool more = ids.size() > limit;
            if (more) ids.resize(limit);
            if (more) page->cursor = ids.back();
            page->items.resize(ids.size());
            if (ids.empty()) return end(*page);
            auto left = std::make_shared<size_t>(ids.size());
            for (size_t i = 0; i < ids.size(); ++i) {
              page->items[i].user_id = ids[i];
              auto id = parse_user(ids[i]);
              auto filled = [=](const std::string& handle) {
                page->items[i].handle = handle;
                if (--*left == 0) end(*page);
              };
              if (!id) {
                filled("");
                continue;
              }
              ask<user_card>(self, users_, *id, caf::make_message(profile_atom::value), end,
                             [filled](user_card& c) { filled(c.handle); });
            }
          });
    });
  });
}

}  // namespace reel::actors
