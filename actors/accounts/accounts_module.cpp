#include "actors/accounts/accounts_module.h"

#include "actors/accounts/caller_facts.h"
#include "domain/accounts/access_token.h"
#include "domain/accounts/handle_claim.h"
#include "projections/accounts/role_holders_projection.h"
#include "projections/social/profile_counts_projection.h"

namespace reel::actors {
namespace {

using counts_atom = caf::atom_constant<caf::atom("counts")>;    // profile counts of a user
using holders_atom = caf::atom_constant<caf::atom("holders")>;  // accounts holding a role
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;    // to the revocation queue

// A user's profile: the entity's state, then the counts projection; age band and roles
// only `with_details`.
void fetch_profile(flow* self, const entity_directory& users, const projection_handle& counts,
                   uint64_t id, const ending<user_profile>& end, bool with_details = true) {
  ask<domain::user_state>(self, users, id, caf::make_message(state_atom::value), end,
                          [self, host = *counts.host, end, with_details](domain::user_state& s) {
                            if (!s.registered)
                              return end.fail(errc::user_not_found, "no such user");
                            user_profile p;
                            p.user_id = s.user_id;
                            p.handle = s.handle;
                            p.details = with_details;
                            if (with_details) {
                              p.age_band = s.age_band;
                              for (int r : s.roles) p.roles.push_back(static_cast<events::Role>(r));
                            }
                            self->request(host, end.remaining(), counts_atom::value, p.user_id)
                                .then(
                                    [end, p](domain::profile_counts& c) mutable {
                                      p.counts = c;
                                      end(std::move(p));
                                    },
                                    [end](caf::error& e) { end(from_caf(e)); });
                          });
}

struct revocation {
  caller who;
  std::string user;
  uint64_t target = 0;
  events::Role role = events::ROLE_UNSPECIFIED;
  reply<done> answer;
};

}  // namespace
}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<reel::actors::revocation>)

namespace reel::actors {
namespace {

// One revocation, step by step. Every step awaits its answer, so the queue runs one
// revocation at a time and the count of operators each reads includes the ones before it.
struct revocation_run : std::enable_shared_from_this<revocation_run> {
  revocation_run(caf::event_based_actor* self, entity_directory users, projection_handle holders,
                 std::chrono::milliseconds timeout, std::shared_ptr<revocation> r)
      : self(self),
        users(std::move(users)),
        holders(std::move(holders)),
        timeout(timeout),
        r(std::move(r)) {}

  caf::event_based_actor* self;
  entity_directory users;
  projection_handle holders;
  std::chrono::milliseconds timeout;
  std::shared_ptr<revocation> r;

  void fail(errc code, std::string message) const {
    r->answer(command_error{code, std::move(message)});
  }
  auto on_error() const {
    return [me = shared_from_this()](caf::error& e) {
      auto c = from_caf(e);
      me->fail(c.code, c.message);
    };
  }
  template <class Answer, class Next>
  void ask_user(uint64_t id, Next next) {
    self->request(users.host_for(id), timeout, route_atom::value, id,
                  caf::make_message(facts_atom::value, std::string()))
        .await([next](Answer& a) mutable { next(a); }, on_error());
  }

  // 1. The caller's roles now permit it.
  void start() {
    ask_user<user_facts>(*parse_user(r->who.user_id), [me = shared_from_this()](user_facts& f) {
      if (!f.registered) return me->fail(errc::not_registered, "register first");
      if (auto no = domain::check_permission(domain::permission::revoke_roles, f.roles))
        return me->fail(no->code, no->message);
      me->ask_user<user_facts>(me->r->target, [me](user_facts& theirs) { me->check(theirs); });
    });
  }
  // 2. Taking the operator role from one who holds it: never from the last.
  void check(const user_facts& theirs) {
    if (r->role != events::ROLE_OPERATOR || !theirs.holds(r->role)) return revoke();
    self->request(*holders.host, timeout, holders_atom::value, events::ROLE_OPERATOR)
        .await(
            [me = shared_from_this()](uint64_t operators) {
              if (auto no = domain::check_revocation(me->r->role, operators))
                return me->fail(no->code, no->message);
              me->revoke();
            },
            on_error());
  }
  // 3. The command, then the holders projection past it, for the next revocation's count.
  void revoke() {
    self->request(users.host_for(r->target), timeout, route_atom::value, r->target,
                  caf::make_message(meta_for(r->who, r->user),
                                    domain::revoke_role{r->role, r->who.user_id}))
        .await(
            [me = shared_from_this()](command_reply& c) {
              if (!c.ok) return me->fail(c.code, c.message);
              auto answer = [me, replayed = c.replayed] { me->r->answer(done{replayed}); };
              me->self
                  ->request(*me->holders.host, me->timeout, reached_atom::value, me->holders.index,
                            c.last_sequence)
                  .await([answer](bool) { answer(); }, [answer](caf::error&) { answer(); });
            },
            on_error());
  }
};

caf::behavior revocation_queue(caf::event_based_actor* self, entity_directory users,
                               projection_handle holders, std::chrono::milliseconds timeout) {
  return {[=](revoke_atom, std::shared_ptr<revocation> r) {
    std::make_shared<revocation_run>(self, users, holders, timeout, r)->start();
  }};
}

}  // namespace

accounts_module::accounts_module(node& n) : node_(n) {
  users_ = n.add_entity_kind<user_kind>();
  auto counts = std::make_shared<projections::profile_counts_projection>();
  profile_counts_ =
      n.add_projection(counts, caf::message_handler{[counts](counts_atom, const std::string& user) {
                         return counts->counts_of(user);
                       }});
  auto holders = std::make_shared<projections::role_holders_projection>();
  role_holders_ =
      n.add_projection(holders, caf::message_handler{[holders](holders_atom, events::Role role) {
                         return holders->holders(role);
                       }});
  revocations_ = n.system().spawn(revocation_queue, users_, role_holders_, n.timeout());
  n.adopt(revocations_);
}

accounts_module::~accounts_module() = default;

void accounts_module::register_user(const caller& who, std::string handle, std::string birthdate,
                                    reply<registered> answer) {
  register_handle(who, std::move(handle), std::move(birthdate), false, std::move(answer));
}

void accounts_module::register_user_by_system(const caller& who, std::string handle,
                                              std::string birthdate, reply<registered> answer) {
  register_handle(who, std::move(handle), std::move(birthdate), true, std::move(answer));
}

void accounts_module::register_handle(const caller& who, std::string handle, std::string birthdate,
                                      bool may_take_reserved, reply<registered> answer) {
  if (auto problem = check_request(who)) return answer(*problem);
  auto user = user_id::from_value(node_.mint()).str();
  auto today = node_.clock().today();
  // The rules first, so a refused registration never takes a handle.
  auto checked =
      domain::decide(domain::user_state{},
                     domain::register_user{user, handle, birthdate, today, may_take_reserved});
  if (!checked.ok()) return answer(command_error{checked.error().code, checked.error().message});
  auto claim = domain::claim_handle(handle, user);
  storage::append_request request;
  request.stream_id = domain::handle_stream(handle);
  request.expected_version = storage::no_stream;
  request.idempotency_key = idempotency_key(who, request.stream_id);
  for (auto& e : std::move(claim).events()) {
    request.events.push_back({std::move(e), 0, who.request_id, user});
  }
  start_flow(node_.system(), [this, who, user, handle, birthdate, today, may_take_reserved,
                              request = std::move(request),
                              answer = std::move(answer)](flow* self) mutable {
    ending<registered> end{self, answer, node_.timeout()};
    append_claim(self, node_.journal(), std::move(request), end,
                 [this, self, end, who, user, handle, birthdate, today,
                  may_take_reserved](storage::append_result& r) {
                   if (r.status == storage::append_status::version_conflict)
                     return end.fail(errc::handle_taken, "this handle belongs to someone else");
                   if (!r.ok()) return end.fail(errc::storage_failure, r.message);
                   auto register_owner = [=, this](const std::string& owner) {
                     auto id = parse_user(owner);
                     if (!id) return end.fail(errc::internal, "the handle claim names no user");
                     command(
                         self, users_, *id, meta_for(who, owner, owner),
                         domain::register_user{owner, handle, birthdate, today, may_take_reserved},
                         end, [end, owner](command_reply&) { end(registered{owner}); });
                   };
                   if (!r.replayed) return register_owner(user);
                   // A retry: the first request minted the user id; the claim names it.
                   on_store_worker<events::Event>(
                       self, node_.workers(), r.first_sequence,
                       stream_start_job(node_.journal().store(), domain::handle_stream(handle)),
                       end, [end, register_owner](events::Event& first) {
                         if (!first.has_handle_claimed())
                           return end.fail(errc::internal, "the handle claim is missing");
                         register_owner(first.handle_claimed().user_id());
                       });
                 });
  });
}

void accounts_module::issue_token(const caller& who, std::string user, std::string token_sha256,
                                  reply<done> answer) {
  if (auto problem = check_request(who)) return answer(*problem);
  if (!parse_user(user)) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto issued = domain::issue_token(user, token_sha256);
  if (!issued.ok()) return answer(command_error{issued.error().code, issued.error().message});
  storage::append_request request;
  request.stream_id = domain::token_stream(token_sha256);
  request.expected_version = storage::no_stream;
  request.idempotency_key = idempotency_key(who, request.stream_id);
  for (auto& e : std::move(issued).events()) {
    request.events.push_back(
        {std::move(e), 0, who.request_id, who.user_id.empty() ? user : who.user_id});
  }
  start_flow(node_.system(), [this, request = std::move(request),
                              answer = std::move(answer)](flow* self) mutable {
    ending<done> end{self, answer, node_.timeout()};
    append_claim(self, node_.journal(), std::move(request), end, [end](storage::append_result& r) {
      if (r.status == storage::append_status::version_conflict)
        return end.fail(errc::invalid_token, "this token is taken; mint another");
      if (!r.ok()) return end.fail(errc::storage_failure, r.message);
      end(done{r.replayed});
    });
  });
}

void accounts_module::login(std::string token_sha256, reply<user_profile> answer) {
  if (!domain::is_token_hash(token_sha256))
    return answer(command_error{errc::invalid_token, "no such token"});
  start_flow(node_.system(), [this, token_sha256, answer = std::move(answer)](flow* self) {
    ending<user_profile> end{self, answer, node_.timeout()};
    on_store_worker<events::Event>(
        self, node_.workers(), std::hash<std::string>{}(token_sha256),
        stream_start_job(node_.journal().store(), domain::token_stream(token_sha256)), end,
        [this, self, end](events::Event& first) {
          auto id = parse_user(first.access_token_issued().user_id());
          if (!id) return end.fail(errc::invalid_token, "no such token");
          fetch_profile(self, users_, profile_counts_, *id, end);
        });
  });
}

void accounts_module::get_user(const caller& who, std::string user, reply<user_profile> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_user(user);
  if (!id) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  start_flow(node_.system(), [this, who, user, id, answer = std::move(answer)](flow* self) {
    ending<user_profile> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::read_profiles, end,
                    [this, self, who, user, id, end](user_facts& viewer) {
                      bool details =
                          domain::may_see_account_details(who.user_id, viewer.roles, user);
                      fetch_profile(self, users_, profile_counts_, *id, end, details);
                    });
  });
}

void accounts_module::grant_role(const caller& who, std::string user, events::Role role,
                                 reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(user);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  start_flow(node_.system(),
             [this, who, user, target, role, answer = std::move(answer)](flow* self) {
               ending<done> end{self, answer, node_.timeout()};
               with_permission(self, users_, who, domain::permission::grant_roles, end,
                               [this, self, who, user, target, role, end](user_facts&) {
                                 command_done(self, users_, *target, meta_for(who, user),
                                              domain::grant_role{role, who.user_id}, end);
                               });
             });
}

void accounts_module::revoke_role(const caller& who, std::string user, events::Role role,
                                  reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(user);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  auto r = std::make_shared<revocation>(revocation{who, user, *target, role, std::move(answer)});
  caf::anon_send(revocations_, revoke_atom::value, std::move(r));
}

void accounts_module::grant_role_by_system(std::string user, events::Role role,
                                           reply<done> answer) {
  auto target = parse_user(user);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  start_flow(node_.system(), [this, target, role, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    command_done(self, users_, *target, command_meta{"system:reeld", "", ""},
                 domain::grant_role{role, "system:reeld"}, end);
  });
}

}  // namespace reel::actors
