#include "actors/accounts/accounts_module.h"

#include "actors/accounts/caller_facts.h"
#include "actors/accounts/registration_completion.h"
#include "domain/accounts/credentials.h"
#include "domain/accounts/handle_claim.h"
#include "projections/accounts/credential_revocations_projection.h"
#include "projections/accounts/role_holders_projection.h"
#include "projections/social/profile_counts_projection.h"

namespace reel::actors {
namespace {

using counts_atom = caf::atom_constant<caf::atom("counts")>;    // profile counts of a user
using holders_atom = caf::atom_constant<caf::atom("holders")>;  // accounts holding a role
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;    // to the revocation queue

// A user's profile: the entity's card, then the counts projection; age band and roles
// only `with_details`. Then `next(user_profile&)`.
template <class T, class Next>
void fetch_profile(flow* self, const entity_directory& users, const projection_handle& counts,
                   uint64_t id, const ending<T>& end, bool with_details, Next next) {
  ask<user_card>(self, users, id, caf::make_message(profile_atom::value), end,
                 [self, host = *counts.host, end, with_details, next](user_card& s) mutable {
                   if (!s.registered) return end.fail(errc::user_not_found, "no such user");
                   user_profile p;
                   p.user_id = s.user_id;
                   p.handle = s.handle;
                   p.details = with_details;
                   p.is_private = s.is_private;
                   if (with_details) {
                     p.age_band = s.age_band;
                     for (int r : s.roles) p.roles.push_back(static_cast<events::Role>(r));
                   }
                   self->request(host, end.remaining(), counts_atom::value, p.user_id)
                       .then(
                           [p, next](domain::profile_counts& c) mutable {
                             p.counts = c;
                             next(p);
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

accounts_module::accounts_module(node& n, accounts_options options) : node_(n), options_(options) {
  auto ttl = options_.session_token_ttl.count();
  if (ttl < domain::min_session_ttl_ms || ttl > domain::max_session_ttl_ms)
    throw std::invalid_argument("a session token lives from one minute to one year");
  users_ = n.add_entity_kind<user_kind>();
  n.add_reaction(registration_completion(users_));
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
  revoked_ = std::make_shared<projections::credential_revocations_projection>();
  revocations_seen_ = n.add_projection(revoked_);
  revocations_ = n.system().spawn(revocation_queue, users_, role_holders_, n.timeout());
  n.adopt(revocations_);
}

accounts_module::~accounts_module() = default;

void accounts_module::register_user(const caller& who, std::string handle, std::string birthdate,
                                    reply<registered> answer) {
  // Nobody can log in to such an account, so it cannot pass for staff: generated handles
  // ("user1337" folds to a look-alike of "reel") are not refused.
  register_handle(who, {std::move(handle), std::move(birthdate), "", "", ""}, true,
                  std::move(answer));
}

void accounts_module::register_user(const caller& who, registration_request request,
                                    reply<registered> answer) {
  register_handle(who, std::move(request), false, std::move(answer));
}

void accounts_module::register_user_by_system(const caller& who, registration_request request,
                                              reply<registered> answer) {
  register_handle(who, std::move(request), true, std::move(answer));
}

namespace {

// The steps of logins and registrations that write credentials: each append of a token's
// stream, and the wait until revocations are folded into what sessions are checked against.
struct credential_steps {
  flow* self;
  actors::journal* journal;
  projection_handle revocations;

  // `registering`: the registration's account key, whose stream the reactor may have
  // written first (the key is minted fresh, so an existing stream is this one).
  template <class T, class Next>
  void append_token(domain::decision issued, const std::string& caused_by, const caller& who,
                    const ending<T>& end, Next next, bool registering = false) const {
    if (!issued.ok()) return end.fail(issued.error().code, issued.error().message);
    auto events = std::move(issued).events();
    auto ref = domain::reference_to(events.front().access_token_issued());
    append_claim(
        self, *journal, token_stream_append(std::move(events), who.request_id, caused_by), end,
        [end, ref, registering, next = std::move(next)](storage::append_result& r) mutable {
          if (r.status == storage::append_status::version_conflict && registering) return next(ref);
          if (r.status == storage::append_status::version_conflict)
            return end.fail(errc::invalid_token, "this token is taken; mint another");
          if (!r.ok()) return end.fail(errc::storage_failure, r.message);
          next(ref);
        });
  }
  // Continues once the revocations projection has folded `sequence`; a slow fold is no
  // reason to fail a logout that committed, so an error continues too.
  template <class Next>
  void when_folded(uint64_t sequence, std::chrono::milliseconds timeout, Next next) const {
    self->request(*revocations.host, timeout, reached_atom::value, revocations.index, sequence)
        .then([next](bool) mutable { next(); }, [next](caf::error&) mutable { next(); });
  }
};

}  // namespace

void accounts_module::register_handle(const caller& who, registration_request req,
                                      bool may_take_reserved, reply<registered> answer) {
  if (auto problem = check_request(who)) return answer(*problem);
  auto hash_or_none = [](const std::string& h) { return h.empty() || domain::is_token_hash(h); };
  if (!hash_or_none(req.session_token_sha256) || !hash_or_none(req.account_key_sha256) ||
      !hash_or_none(req.client_key_sha256))
    return answer(command_error{errc::invalid_token, "credential hashes are 64 hex digits"});
  auto user = user_id::from_value(node_.mint()).str();
  domain::register_user command{user,
                                req.handle,
                                req.birthdate,
                                node_.clock().today(),
                                may_take_reserved,
                                req.account_key_sha256,
                                req.client_key_sha256};
  command.timezone = req.timezone;
  // The rules first, so a refused registration never takes a handle.
  auto checked = domain::decide(domain::user_state{}, command);
  if (!checked.ok()) return answer(command_error{checked.error().code, checked.error().message});
  auto claimed = domain::claim_handle(command);
  if (!claimed.ok()) return answer(command_error{claimed.error().code, claimed.error().message});
  storage::append_request claim;
  claim.stream_id = domain::handle_stream(req.handle);
  claim.expected_version = storage::no_stream;
  // A client_key names the registration wherever it comes from; otherwise the session does.
  claim.idempotency_key = req.client_key_sha256.empty() ? idempotency_key(who, claim.stream_id)
                                                        : "register|" + req.client_key_sha256;
  for (auto& e : std::move(claimed).events())
    claim.events.push_back({std::move(e), 0, who.request_id, user});
  start_flow(node_.system(), [this, who, command = std::move(command), claim = std::move(claim),
                              session_sha = req.session_token_sha256,
                              answer = std::move(answer)](flow* self) mutable {
    ending<registered> end{self, answer, node_.timeout()};
    credential_steps steps{self, &node_.journal(), revocations_seen_};
    // 3. The account key's stream; then, registered already with this key (the reactor
    // completed the claim, domain/accounts/handle_claim.h): done; registered with another
    // (an earlier attempt's reply was lost): its key is replaced; else registers. Then 4:
    // the session token, under the account's epoch.
    auto finish = [this, end, steps, who, session_sha](std::string owner, uint64_t epoch,
                                                       bool retried) {
      if (session_sha.empty()) return end(registered{owner, {}, retried});
      auto token = domain::issue_session_token(owner, session_sha, epoch, node_.clock().now_ms(),
                                               options_.session_token_ttl.count());
      steps.append_token(std::move(token), owner, who, end,
                         [end, owner, retried](domain::credential_ref& ref) {
                           end(registered{owner, ref, retried});
                         });
    };
    auto complete = [this, self, end, steps, who, command, finish](std::string owner,
                                                                   bool retry) mutable {
      auto id = parse_user(owner);
      if (!id) return end.fail(errc::internal, "the handle claim names no user");
      ask<domain::account_credentials>(
          self, users_, *id, caf::make_message(credentials_atom::value), end,
          [this, self, end, steps, who, command, finish, owner, id,
           retry](domain::account_credentials& account) mutable {
            auto then = [this, self, end, who, command, finish, owner, id, account,
                         retry](domain::credential_ref&) mutable {
              auto meta = meta_for(who, owner, owner);
              if (account.registered && account.account_key_sha256 == command.account_key_sha256)
                return finish(owner, account.epoch, retry);
              if (account.registered) {
                domain::set_account_key replace{command.account_key_sha256, account.epoch,
                                                "registration_retried"};
                // Keyed by the new key too: the same request's registration committed
                // under the plain key, and each retry replaces the key anew.
                auto again = who;
                again.request_id += "|key:" + command.account_key_sha256.substr(0, 16);
                return ::reel::actors::command(self, users_, *id, meta_for(again, owner, owner),
                                               replace, end,
                                               [finish, owner, account](command_reply&) mutable {
                                                 finish(owner, account.epoch, true);
                                               });
              }
              command.user_id = owner;
              ask<command_reply>(self, users_, *id, caf::make_message(meta, command), end,
                                 [end, finish, owner](command_reply& r) mutable {
                                   // A concurrent retry registered it first: this one's key is not
                                   // the account's, so it must not be handed out.
                                   if (!r.ok && r.code == errc::already_registered)
                                     return end.fail(
                                         errc::conflict,
                                         "another attempt of this registration is running; "
                                         "retry with the same client_key");
                                   if (!r.ok) return end.fail(r.code, r.message);
                                   finish(owner, 0, r.replayed);
                                 });
            };
            if (command.account_key_sha256.empty()) {
              // In-process tools register accounts nobody logs in to; a retry has no key
              // to replace.
              domain::credential_ref none;
              if (account.registered) return finish(owner, account.epoch, retry);
              return then(none);
            }
            steps.append_token(
                domain::issue_account_key(owner, command.account_key_sha256, account.epoch), owner,
                who, end, std::move(then), true);
          });
    };
    // 1. The handle. 2. On a retry, the user the first attempt minted.
    append_claim(
        self, node_.journal(), std::move(claim), end,
        [this, self, end, command, complete](storage::append_result& r) mutable {
          if (r.status == storage::append_status::version_conflict)
            return end.fail(errc::handle_taken, "this handle belongs to someone else");
          if (!r.ok()) return end.fail(errc::storage_failure, r.message);
          if (!r.replayed) return complete(command.user_id, false);
          on_store_worker<std::vector<events::EventRecord>>(
              self, node_.workers(), r.first_sequence,
              record_job(node_.journal().store(), r.first_sequence), end,
              [this, end, command, complete](std::vector<events::EventRecord>& first) mutable {
                if (first.empty() || !first.front().event().has_handle_claimed())
                  return end.fail(errc::internal, "the handle claim is missing");
                const auto& claimed = first.front().event().handle_claimed();
                auto age = node_.clock().now_us() - first.front().envelope().recorded_at_us();
                if (auto no = domain::check_registration_retry(
                        claimed.handle(), command.handle, !command.client_key_sha256.empty(), age))
                  return end.fail(no->code, no->message);
                complete(claimed.user_id(), true);
              });
        });
  });
}

void accounts_module::login(std::string credential_sha256, std::string new_session_sha256,
                            reply<login_grant> answer) {
  if (!domain::is_token_hash(credential_sha256))
    return answer(command_error{errc::invalid_token, "no such token"});
  start_flow(node_.system(), [this, credential_sha256, new_session_sha256,
                              answer = std::move(answer)](flow* self) {
    ending<login_grant> end{self, answer, node_.timeout()};
    credential_steps steps{self, &node_.journal(), revocations_seen_};
    on_store_worker<std::vector<events::Event>>(
        self, node_.workers(), std::hash<std::string>{}(credential_sha256),
        stream_events_job(node_.journal().store(), domain::token_stream(credential_sha256), 2), end,
        [=, this](std::vector<events::Event>& stream) {
          auto record = domain::read_credential(stream);
          auto id = parse_user(record.user_id);
          if (!id) return end.fail(errc::invalid_token, "no such token");
          ask<domain::account_credentials>(
              self, users_, *id, caf::make_message(credentials_atom::value), end,
              [=, this](domain::account_credentials& account) {
                if (auto no = domain::check_login(record, credential_sha256, account,
                                                  node_.clock().now_ms()))
                  return end.fail(no->code, no->message);
                auto grant = [=, this](domain::credential_ref ref, bool issued) {
                  fetch_profile(self, users_, profile_counts_, *id, end, true,
                                [end, ref, issued](user_profile& p) {
                                  end(login_grant{std::move(p), ref, issued});
                                });
                };
                if (!domain::is_account_key(record.kind))
                  return grant(domain::reference_to(record, credential_sha256), false);
                auto token = domain::issue_session_token(record.user_id, new_session_sha256,
                                                         account.epoch, node_.clock().now_ms(),
                                                         options_.session_token_ttl.count());
                caller system{record.user_id, "", ""};
                steps.append_token(std::move(token), record.user_id, system, end,
                                   [grant](domain::credential_ref& ref) { grant(ref, true); });
              });
        });
  });
}

void accounts_module::logout(const caller& who, domain::credential_ref session,
                             reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (session.user_id != who.user_id || !domain::is_token_hash(session.sha256))
    return answer(command_error{errc::invalid_token, "not this session's token"});
  start_flow(node_.system(), [this, who, session, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    credential_steps steps{self, &node_.journal(), revocations_seen_};
    on_store_worker<std::vector<events::Event>>(
        self, node_.workers(), std::hash<std::string>{}(session.sha256),
        stream_events_job(node_.journal().store(), domain::token_stream(session.sha256), 2), end,
        [=, this](std::vector<events::Event>& stream) {
          auto revoked = domain::revoke_session_token(domain::read_credential(stream),
                                                      session.sha256, "logout");
          if (!revoked.ok()) return end.fail(revoked.error().code, revoked.error().message);
          if (revoked.events().empty()) return end(done{true});
          storage::append_request request;
          request.stream_id = domain::token_stream(session.sha256);
          request.expected_version = 1;
          request.idempotency_key = idempotency_key(who, request.stream_id);
          for (auto& e : std::move(revoked).events())
            request.events.push_back({std::move(e), 0, who.request_id, who.user_id});
          append_claim(self, node_.journal(), std::move(request), end,
                       [=, this](storage::append_result& r) {
                         // Another logout of the same token came first: it is revoked.
                         if (r.status == storage::append_status::version_conflict)
                           return end(done{true});
                         if (!r.ok()) return end.fail(errc::storage_failure, r.message);
                         steps.when_folded(r.last_sequence, end.remaining(),
                                           [end, r] { end(done{r.replayed}); });
                       });
        });
  });
}

void accounts_module::rotate_key(const caller& who, std::string new_key_sha256,
                                 reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_user(who.user_id);
  start_flow(
      node_.system(), [this, who, id, new_key_sha256, answer = std::move(answer)](flow* self) {
        ending<done> end{self, answer, node_.timeout()};
        credential_steps steps{self, &node_.journal(), revocations_seen_};
        ask<domain::account_credentials>(
            self, users_, *id, caf::make_message(credentials_atom::value), end,
            [=, this](domain::account_credentials& account) {
              if (!account.registered) return end.fail(errc::not_registered, "register first");
              // The key's stream first: a key the account names always has one to log in by.
              steps.append_token(
                  domain::issue_account_key(who.user_id, new_key_sha256, account.epoch),
                  who.user_id, who, end, [=, this](domain::credential_ref&) {
                    command_done(self, users_, *id, meta_for(who, who.user_id),
                                 domain::set_account_key{new_key_sha256, account.epoch, "rotated"},
                                 end);
                  });
            });
      });
}

void accounts_module::revoke_credentials(const caller& who, std::string user,
                                         std::string new_key_sha256, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(user);
  if (!target) return answer(command_error{errc::invalid_id, "user_id is not a user id"});
  start_flow(node_.system(), [this, who, user, target, new_key_sha256,
                              answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    credential_steps steps{self, &node_.journal(), revocations_seen_};
    with_permission(
        self, users_, who, domain::permission::revoke_credentials, end, [=, this](user_facts&) {
          ask<domain::account_credentials>(
              self, users_, *target, caf::make_message(credentials_atom::value), end,
              [=, this](domain::account_credentials& account) {
                if (!account.registered) return end.fail(errc::user_not_found, "no such user");
                auto next_epoch = account.epoch + 1;
                steps.append_token(
                    domain::issue_account_key(user, new_key_sha256, next_epoch), who.user_id, who,
                    end, [=, this](domain::credential_ref&) {
                      ::reel::actors::command(
                          self, users_, *target, meta_for(who, user),
                          domain::revoke_credentials{who.user_id, account.epoch, new_key_sha256},
                          end, [=](command_reply& r) {
                            steps.when_folded(r.last_sequence, end.remaining(),
                                              [end, r] { end(done{r.replayed}); });
                          });
                    });
              });
        });
  });
}

bool accounts_module::session_live(const domain::credential_ref& session) const {
  if (session.expires_at_ms != 0 && node_.clock().now_ms() >= session.expires_at_ms) return false;
  return revoked_->still_valid(session);
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
                      fetch_profile(self, users_, profile_counts_, *id, end, details,
                                    [end](user_profile& p) { end(std::move(p)); });
                    });
  });
}

void accounts_module::settings(const caller& who, domain::privacy_change change,
                               reply<domain::privacy_settings> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, me, change = std::move(change),
                              answer = std::move(answer)](flow* self) {
    ending<domain::privacy_settings> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::change_settings, end,
                    [=, this](user_facts& facts) {
                      auto in_force = [=, this] {
                        ask<domain::privacy_settings>(
                            self, users_, me, caf::make_message(privacy_atom::value), end,
                            [end](domain::privacy_settings& s) { end(std::move(s)); });
                      };
                      // Always the caller's own settings: the request cannot name another.
                      command(self, users_, me, meta_for(who, who.user_id),
                              domain::change_privacy{change, facts.band}, end,
                              [in_force](command_reply&) { in_force(); });
                    });
  });
}

void accounts_module::count_watch_time(const caller& who, std::string video, uint32_t watch_ms,
                                       reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(),
             [this, who, me, video, watch_ms, answer = std::move(answer)](flow* self) {
               ending<done> end{self, answer, node_.timeout()};
               domain::count_watch_time cmd{video, watch_ms, node_.clock().now_ms()};
               command_done(self, users_, me, meta_for(who, "watch_time"), cmd, end);
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
