#include "actors/command_api.h"

#include <pthread.h>

#include <algorithm>
#include <ctime>

#include "actors/messages.h"
#include "domain/access_token.h"
#include "domain/calendar.h"
#include "domain/feed_impressions.h"
#include "domain/handle_claim.h"

namespace reel::actors {
namespace {

using flow = caf::event_based_actor;

inline constexpr size_t max_request_id_bytes = 128;
inline constexpr size_t max_session_bytes = 64;
// Pages of one viewer asked at the same time are recorded one after the other; each
// loser ranks again, so this many pages asked at once all succeed.
inline constexpr int max_feed_tries = 8;

// Runs `body(self)` in a new flow actor. The body travels as a spawn argument: CAF 0.17
// dereferences a null argument tuple when a functor is spawned without arguments (UBSan
// reports it), so never spawn with none.
template <class Body>
void start_flow(caf::actor_system& system, Body body) {
  system.spawn([](flow* self, Body run) { run(self); }, std::move(body));
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

domain::civil_date today() {
  return domain::date_of_unix_ms(now_ms());
}

command_error from_caf(const caf::error& e) {
  if (e.category() == caf::atom("system")) {
    auto code = static_cast<caf::sec>(e.code());
    if (code == caf::sec::request_timeout)
      return {"timeout", "no answer in time; retrying with the same request id is safe"};
    if (code == caf::sec::request_receiver_down)
      return {"unavailable", "the entity could not be loaded; try again"};
  }
  return {"internal", "unexpected failure (" + std::to_string(e.code()) + ")"};
}

// Printable ASCII only: these strings reach the log's envelopes.
bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::optional<command_error> check_request(const caller& who) {
  if (who.request_id.size() > max_request_id_bytes || !printable(who.request_id))
    return command_error{"invalid_request_id",
                         "a request id is at most 128 printable ASCII characters"};
  if (who.session.size() > max_session_bytes || !printable(who.session))
    return command_error{"internal", "a session name is at most 64 printable ASCII characters"};
  return std::nullopt;
}

// Without a request id, or for an anonymous caller without a session, there is no key:
// two strangers must never share one.
std::string idempotency_key(const caller& who, std::string_view stream) {
  if (who.request_id.empty() || (who.user_id.empty() && who.session.empty())) return {};
  std::string key = who.user_id.empty() ? "anon:" + who.session : who.user_id;
  key += '|';
  key += who.request_id;
  key += '|';
  key += stream;
  return key;
}

command_meta meta_for(const caller& who, std::string_view stream, std::string caused_by = {}) {
  return {caused_by.empty() ? who.user_id : std::move(caused_by), who.request_id,
          idempotency_key(who, stream)};
}

// Ends a flow once: the answer goes to the caller and the flow actor stops. The whole flow
// shares one deadline, however many steps it takes.
template <class T>
struct ending {
  ending(flow* self, command_api::reply<T> done, std::chrono::milliseconds budget)
      : self(self), done(std::move(done)), deadline(std::chrono::steady_clock::now() + budget) {}

  flow* self;
  command_api::reply<T> done;
  std::chrono::steady_clock::time_point deadline;

  std::chrono::milliseconds remaining() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds(1));
  }
  void operator()(outcome<T> result) const {
    done(std::move(result));
    self->quit();
  }
  void fail(std::string code, std::string message) const {
    (*this)(command_error{std::move(code), std::move(message)});
  }
};

// Asks entity `id` of `dir` and continues with its answer of type Answer.
template <class Answer, class T, class Next>
void ask(flow* self, const entity_directory& dir, uint64_t id, caf::message question,
         const ending<T>& end, Next next) {
  self->request(dir.host_for(id), end.remaining(), route_atom::value, id, std::move(question))
      .then([next = std::move(next)](Answer& answer) mutable { next(answer); },
            [end](caf::error& e) { end(from_caf(e)); });
}

// Sends a command to entity `id` and continues once it has committed.
template <class Command, class T, class Next>
void command(flow* self, const entity_directory& dir, uint64_t id, command_meta meta, Command cmd,
             const ending<T>& end, Next next) {
  ask<command_reply>(self, dir, id, caf::make_message(std::move(meta), std::move(cmd)), end,
                     [end, next = std::move(next)](command_reply& r) mutable {
                       if (!r.ok) return end.fail(r.code, r.message);
                       next(r);
                     });
}

// Appends straight to a stream through the journal (claims of handles and tokens, which
// no entity owns) and continues with the durable outcome.
template <class T, class Next>
void append_claim(flow* self, actors::journal& journal, storage::append_request request,
                  const ending<T>& end, std::chrono::milliseconds timeout, Next next) {
  journal.append(caf::actor_cast<caf::actor>(self), std::move(request));
  self->become(
      [next = std::move(next)](appended_atom, storage::append_result& r) mutable { next(r); },
      caf::after(timeout) >>
          [end] {
            end.fail("timeout", "no answer in time; retrying with the same request id is safe");
          });
}

std::optional<uint64_t> parse_user(const std::string& text) {
  auto id = user_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

std::optional<uint64_t> parse_video(const std::string& text) {
  auto id = video_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

// The checks every caller-made command starts with; an error message, or nothing.
std::optional<command_error> check_caller(const caller& who) {
  if (who.user_id.empty() || !user_id::parse(who.user_id))
    return command_error{"unauthenticated", "log in first"};
  return check_request(who);
}

// The event a replayed command committed the first time: a retried publish or comment
// answers with the ids minted then, not the ones minted for the retry.
std::optional<events::Event> first_event(storage::event_store& store, uint64_t sequence) {
  try {
    events::EventRecord record;
    if (sequence != 0 && store.read_log(sequence)->next(record)) return record.event();
  } catch (const std::exception&) {
    // fall through: the caller answers with what it has
  }
  return std::nullopt;
}

std::string creator_of(uint64_t user) {
  return creator_id::from_value(user).str();
}

const char* visibility_name(domain::visibility v) {
  switch (v) {
    case domain::visibility::visible:
      return "visible";
    case domain::visibility::hidden:
      return "hidden";
    case domain::visibility::removed:
      return "removed";
  }
  return "visible";
}

}  // namespace

command_api::command_api(command_api_parts parts)
    : parts_(std::move(parts)), ids_(parts_.node_id) {}

command_api::~command_api() {
  std::thread running;  // joined without the lock, which the backup thread takes at its end
  {
    std::lock_guard lock(backup_mu_);
    running = std::move(backup_thread_);
  }
  if (running.joinable()) running.join();
}

uint64_t command_api::mint(int64_t now) {
  std::lock_guard lock(ids_mu_);
  return ids_.next_value(now);
}

// Every flow below runs in a short-lived actor of its own: it gathers the facts a rule
// needs from other entities, sends the command to the owning entity, and answers once.

void command_api::register_user(const caller& who, std::string handle, std::string birthdate,
                                reply<registered> answer) {
  if (auto problem = check_request(who)) return answer(*problem);
  auto user = user_id::from_value(mint(now_ms())).str();
  // The rules first, so a refused registration never takes a handle.
  auto checked =
      domain::decide(domain::user_state{}, domain::register_user{user, handle, birthdate, today()});
  if (!checked.ok()) return answer(command_error{checked.error().code, checked.error().message});
  auto claim = domain::claim_handle(handle, user);
  storage::append_request request;
  request.stream_id = domain::handle_stream(handle);
  request.expected_version = storage::no_stream;
  request.idempotency_key = idempotency_key(who, request.stream_id);
  for (auto& e : std::move(claim).events()) {
    request.events.push_back({std::move(e), 0, who.request_id, user});
  }
  start_flow(*parts_.system, [this, who, user, handle, birthdate, request = std::move(request),
                              answer = std::move(answer)](flow* self) mutable {
    ending<registered> end{self, answer, parts_.timeout};
    append_claim(self, *parts_.journal, std::move(request), end, parts_.timeout,
                 [this, self, end, who, user, handle, birthdate](storage::append_result& r) {
                   if (r.status == storage::append_status::version_conflict)
                     return end.fail("handle_taken", "this handle belongs to someone else");
                   if (!r.ok()) return end.fail("storage_failure", r.message);
                   auto owner = user;
                   if (r.replayed) {  // a retry: the first request minted the user id
                     try {
                       auto first =
                           parts_.journal->store().read_stream(domain::handle_stream(handle), 1, 1);
                       if (first.empty())
                         return end.fail("internal", "the handle claim is missing");
                       owner = first.front().event().handle_claimed().user_id();
                     } catch (const std::exception& e) {
                       return end.fail("storage_failure", e.what());
                     }
                   }
                   auto id = parse_user(owner);
                   if (!id) return end.fail("internal", "the handle claim names no user");
                   command(self, parts_.users, *id, meta_for(who, owner, owner),
                           domain::register_user{owner, handle, birthdate, today()}, end,
                           [end, owner](command_reply&) { end(registered{owner}); });
                 });
  });
}

void command_api::follow(const caller& who, std::string followee, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(followee);
  if (!target) return answer(command_error{"invalid_id", "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(
      *parts_.system, [this, who, followee, target, me, answer = std::move(answer)](flow* self) {
        ending<done> end{self, answer, parts_.timeout};
        ask<user_facts>(
            self, parts_.users, *target, caf::make_message(facts_atom::value, who.user_id), end,
            [=, this](user_facts& facts) {
              command(self, parts_.users, me, meta_for(who, who.user_id),
                      domain::follow_user{followee, facts.registered, facts.blocks_other, ""}, end,
                      [end](command_reply& r) { end(done{r.replayed}); });
            });
      });
}

void command_api::unfollow(const caller& who, std::string followee, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (!parse_user(followee)) return answer(command_error{"invalid_id", "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(*parts_.system, [this, who, followee, me, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, parts_.timeout};
    command(self, parts_.users, me, meta_for(who, who.user_id), domain::unfollow_user{followee},
            end, [end](command_reply& r) { end(done{r.replayed}); });
  });
}

void command_api::block(const caller& who, std::string blocked, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(blocked);
  if (!target) return answer(command_error{"invalid_id", "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(*parts_.system, [this, who, blocked, target, me,
                              answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, parts_.timeout};
    ask<user_facts>(
        self, parts_.users, *target, caf::make_message(facts_atom::value, who.user_id), end,
        [=, this](user_facts& facts) {
          command(self, parts_.users, me, meta_for(who, who.user_id),
                  domain::block_user{blocked, facts.registered}, end, [=, this](command_reply& r) {
                    // Their follow of the blocker lives in their stream: end it there.
                    // Not following is fine; the block stands either way.
                    self->request(parts_.users.host_for(*target), end.remaining(),
                                  route_atom::value, *target,
                                  caf::make_message(meta_for(who, blocked, "system:block"),
                                                    domain::unfollow_user{who.user_id}))
                        .then([end, r](command_reply&) { end(done{r.replayed}); },
                              [end, r](caf::error&) { end(done{r.replayed}); });
                  });
        });
  });
}

void command_api::unblock(const caller& who, std::string blocked, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (!parse_user(blocked)) return answer(command_error{"invalid_id", "user_id is not a user id"});
  auto me = *parse_user(who.user_id);
  start_flow(*parts_.system, [this, who, blocked, me, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, parts_.timeout};
    command(self, parts_.users, me, meta_for(who, who.user_id), domain::unblock_user{blocked}, end,
            [end](command_reply& r) { end(done{r.replayed}); });
  });
}

namespace {

// The caller's facts (registration, today's band, roles), then `next`.
template <class T, class Next>
void with_caller_facts(flow* self, const command_api_parts& parts, const caller& who,
                       const ending<T>& end, Next next) {
  ask<user_facts>(self, parts.users, *parse_user(who.user_id),
                  caf::make_message(facts_atom::value, std::string()), end, std::move(next));
}

// The settings in force for the creator side of user `user`: asks the user for their band,
// then the creator entity.
template <class T, class Next>
void with_creator_settings(flow* self, const command_api_parts& parts, uint64_t user,
                           const ending<T>& end, Next next) {
  ask<user_facts>(self, parts.users, user, caf::make_message(facts_atom::value, std::string()), end,
                  [self, &parts, user, end, next = std::move(next)](user_facts& owner) mutable {
                    ask<domain::creator_settings>(
                        self, parts.creators, user,
                        caf::make_message(facts_atom::value, owner.band), end,
                        [owner, next = std::move(next)](domain::creator_settings& s) mutable {
                          next(owner, s);
                        });
                  });
}

}  // namespace

void command_api::grant_role_by_system(std::string user, events::Role role, reply<done> answer) {
  auto target = parse_user(user);
  if (!target) return answer(command_error{"invalid_id", "user_id is not a user id"});
  start_flow(*parts_.system, [this, user, target, role, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, parts_.timeout};
    command(self, parts_.users, *target, command_meta{"system:reeld", "", ""},
            domain::grant_role{role, "system:reeld"}, end,
            [end](command_reply& r) { end(done{r.replayed}); });
  });
}

namespace {

// Grants and revocations: operators only, checked on the caller's own entity.
template <class Command>
void change_role(flow* self, const command_api_parts& parts, const caller& who,
                 const std::string& user, uint64_t target, Command cmd, const ending<done>& end) {
  with_caller_facts(self, parts, who, end, [=, &parts](user_facts& me) {
    if (!me.is_operator) return end.fail("forbidden", "only operators change roles");
    command(self, parts.users, target, meta_for(who, user), cmd, end,
            [end](command_reply& r) { end(done{r.replayed}); });
  });
}

}  // namespace

void command_api::grant_role(const caller& who, std::string user, events::Role role,
                             reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(user);
  if (!target) return answer(command_error{"invalid_id", "user_id is not a user id"});
  start_flow(*parts_.system,
             [this, who, user, target, role, answer = std::move(answer)](flow* self) {
               change_role(self, parts_, who, user, *target, domain::grant_role{role, who.user_id},
                           ending<done>{self, answer, parts_.timeout});
             });
}

void command_api::revoke_role(const caller& who, std::string user, events::Role role,
                              reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto target = parse_user(user);
  if (!target) return answer(command_error{"invalid_id", "user_id is not a user id"});
  start_flow(*parts_.system,
             [this, who, user, target, role, answer = std::move(answer)](flow* self) {
               change_role(self, parts_, who, user, *target, domain::revoke_role{role, who.user_id},
                           ending<done>{self, answer, parts_.timeout});
             });
}

namespace {

caf::actor profile_counter(const command_api_parts& parts) {
  auto it = parts.projections.find("profile_counts");
  return it == parts.projections.end() ? caf::actor() : it->second;
}

// A user's profile: the entity's state, then the counts projection.
void fetch_profile(flow* self, const command_api_parts& parts, uint64_t id,
                   const ending<user_profile>& end) {
  auto counter = profile_counter(parts);
  ask<domain::user_state>(self, parts.users, id, caf::make_message(state_atom::value), end,
                          [self, counter, end](domain::user_state& s) {
                            if (!s.registered) return end.fail("user_not_found", "no such user");
                            user_profile p;
                            p.user_id = s.user_id;
                            p.handle = s.handle;
                            p.age_band = s.age_band;
                            for (int r : s.roles) p.roles.push_back(static_cast<events::Role>(r));
                            if (!counter) return end(std::move(p));
                            self->request(counter, end.remaining(), counts_atom::value, p.user_id)
                                .then(
                                    [end, p](domain::profile_counts& c) mutable {
                                      p.counts = c;
                                      end(std::move(p));
                                    },
                                    [end](caf::error& e) { end(from_caf(e)); });
                          });
}

}  // namespace

void command_api::get_user(std::string user, reply<user_profile> answer) {
  auto id = parse_user(user);
  if (!id) return answer(command_error{"invalid_id", "user_id is not a user id"});
  start_flow(*parts_.system, [this, id, answer = std::move(answer)](flow* self) {
    ending<user_profile> end{self, answer, parts_.timeout};
    fetch_profile(self, parts_, *id, end);
  });
}

void command_api::issue_token(const caller& who, std::string user, std::string token_sha256,
                              reply<done> answer) {
  if (auto problem = check_request(who)) return answer(*problem);
  if (!parse_user(user)) return answer(command_error{"invalid_id", "user_id is not a user id"});
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
  start_flow(*parts_.system, [this, request = std::move(request),
                              answer = std::move(answer)](flow* self) mutable {
    ending<done> end{self, answer, parts_.timeout};
    append_claim(self, *parts_.journal, std::move(request), end, parts_.timeout,
                 [end](storage::append_result& r) {
                   if (r.status == storage::append_status::version_conflict)
                     return end.fail("invalid_token", "this token is taken; mint another");
                   if (!r.ok()) return end.fail("storage_failure", r.message);
                   end(done{r.replayed});
                 });
  });
}

void command_api::login(std::string token_sha256, reply<user_profile> answer) {
  if (!domain::is_token_hash(token_sha256))
    return answer(command_error{"invalid_token", "no such token"});
  start_flow(*parts_.system, [this, token_sha256, answer = std::move(answer)](flow* self) {
    ending<user_profile> end{self, answer, parts_.timeout};
    std::string owner;
    try {
      auto records = parts_.journal->store().read_stream(domain::token_stream(token_sha256), 1, 1);
      if (!records.empty()) owner = records.front().event().access_token_issued().user_id();
    } catch (const std::exception& e) {
      return end.fail("storage_failure", e.what());
    }
    auto id = parse_user(owner);
    if (!id) return end.fail("invalid_token", "no such token");
    fetch_profile(self, parts_, *id, end);
  });
}

void command_api::change_creator_settings(const caller& who, settings_change change,
                                          reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto me = *parse_user(who.user_id);
  start_flow(*parts_.system, [this, who, me, change, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, parts_.timeout};
    with_caller_facts(self, parts_, who, end, [=, this](user_facts& facts) {
      auto creator = creator_of(me);
      domain::change_creator_settings cmd{creator, facts.band, change.allow_duet,
                                          change.allow_stitch, change.allow_comments};
      command(self, parts_.creators, me, meta_for(who, creator), cmd, end,
              [end](command_reply& r) { end(done{r.replayed}); });
    });
  });
}

void command_api::publish(const caller& who, video_draft draft, reply<published> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (!draft.duet_of.empty() && !draft.stitch_of.empty())
    return answer(command_error{"invalid_remix", "a video is a duet or a stitch, not both"});
  const auto& source_text = draft.duet_of.empty() ? draft.stitch_of : draft.duet_of;
  std::optional<uint64_t> source;
  if (!source_text.empty()) {
    source = parse_video(source_text);
    if (!source) return answer(command_error{"invalid_id", "the source is not a video id"});
  }
  auto me = *parse_user(who.user_id);
  auto video_value = mint(now_ms());
  auto video = video_id::from_value(video_value).str();
  start_flow(*parts_.system, [this, who, me, video, video_value, draft = std::move(draft), source,
                              answer = std::move(answer)](flow* self) {
    ending<published> end{self, answer, parts_.timeout};
    auto publish = std::make_shared<domain::publish_video>();
    publish->video_id = video;
    publish->creator_id = creator_of(me);
    publish->title = draft.title;
    publish->description = draft.description;
    publish->sound = draft.sound;
    publish->topics = draft.topics;
    publish->duration_ms = draft.duration_ms;
    publish->duet_of = draft.duet_of;
    publish->stitch_of = draft.stitch_of;
    publish->is_ad = draft.is_ad;
    publish->political_ad = draft.political;
    publish->stem = draft.stem;
    // Last step: publish, then make sure the publisher holds the creator role.
    auto commit = [=, this](user_facts& mine) {
      publish->publisher_band = mine.band;
      // The key names the request, not the freshly minted video: a retry finds the first.
      command(self, parts_.videos, video_value, meta_for(who, "publish"), *publish, end,
              [=, this](command_reply& r) {
                auto published_id = video;
                if (r.replayed) {
                  auto first = first_event(parts_.journal->store(), r.first_sequence);
                  if (!first || !first->has_video_published())
                    return end.fail("internal", "the first publication is missing");
                  published_id = first->video_published().video_id();
                }
                if (mine.is_creator) return end(published{published_id});
                self->request(parts_.users.host_for(me), end.remaining(), route_atom::value, me,
                              caf::make_message(
                                  meta_for(who, who.user_id, "system:publish"),
                                  domain::grant_role{events::ROLE_CREATOR, "system:publish"}))
                    .then([end, published_id](command_reply&) { end(published{published_id}); },
                          [end, published_id](caf::error&) { end(published{published_id}); });
              });
    };
    with_caller_facts(self, parts_, who, end, [=, this](user_facts& mine) mutable {
      if (!source) return commit(mine);
      // A duet or stitch: what the source video and its creator allow.
      ask<video_facts>(self, parts_.videos, *source, caf::make_message(facts_atom::value), end,
                       [=, this](video_facts& v) mutable {
                         publish->source.exists = v.published;
                         publish->source.visible = v.visible;
                         publish->source.minimum_age = v.minimum_age;
                         publish->source.creator_id = v.creator_id;
                         auto owner = creator_id::parse(v.creator_id);
                         if (!v.published || !owner) return commit(mine);
                         with_creator_settings(self, parts_, owner->value(), end,
                                               [=](user_facts& source_owner,
                                                   domain::creator_settings& settings) mutable {
                                                 publish->source.creator_band = source_owner.band;
                                                 publish->source.settings = settings;
                                                 commit(mine);
                                               });
                       });
    });
  });
}

namespace {

// A command on a video by the caller, built once the caller's facts are known.
template <class MakeCommand>
void video_command(command_api_parts& parts, const caller& who, const std::string& video,
                   command_api::reply<done> answer, bool needs_facts, MakeCommand make) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{"invalid_id", "video_id is not a video id"});
  start_flow(*parts.system,
             [&parts, who, video, id, needs_facts, make, answer = std::move(answer)](flow* self) {
               ending<done> end{self, answer, parts.timeout};
               auto run = [=, &parts](const user_facts& facts) {
                 command(self, parts.videos, *id, meta_for(who, video), make(facts), end,
                         [end](command_reply& r) { end(done{r.replayed}); });
               };
               if (!needs_facts) return run(user_facts{});
               with_caller_facts(self, parts, who, end, [run](user_facts& facts) { run(facts); });
             });
}

}  // namespace

void command_api::view(const caller& who, std::string video, uint32_t watch_ms,
                       events::FeedSource source, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), true, [=](const user_facts& f) {
    return domain::view_video{who.user_id, watch_ms, source, f.band};
  });
}

void command_api::like(const caller& who, std::string video, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), true, [=](const user_facts& f) {
    return domain::like_video{who.user_id, f.band};
  });
}

void command_api::unlike(const caller& who, std::string video, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), false,
                [=](const user_facts&) { return domain::unlike_video{who.user_id}; });
}

void command_api::share(const caller& who, std::string video, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), true, [=](const user_facts& f) {
    return domain::share_video{who.user_id, f.band};
  });
}

void command_api::not_interested(const caller& who, std::string video, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), false,
                [=](const user_facts&) { return domain::mark_not_interested{who.user_id}; });
}

void command_api::report(const caller& who, std::string video, events::ReportReason reason,
                         std::string note, reply<done> answer) {
  video_command(parts_, who, video, std::move(answer), false, [=](const user_facts&) {
    return domain::report_video{who.user_id, reason, note};
  });
}

void command_api::comment(const caller& who, std::string video, std::string text,
                          reply<commented> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{"invalid_id", "video_id is not a video id"});
  auto comment = comment_id::from_value(mint(now_ms())).str();
  start_flow(*parts_.system, [this, who, video, id, text, comment,
                              answer = std::move(answer)](flow* self) {
    ending<commented> end{self, answer, parts_.timeout};
    with_caller_facts(self, parts_, who, end, [=, this](user_facts& mine) {
      ask<video_facts>(
          self, parts_.videos, *id, caf::make_message(facts_atom::value), end,
          [=, this](video_facts& v) {
            auto send = [=, this](const domain::creator_settings& settings) {
              command(self, parts_.videos, *id, meta_for(who, video),
                      domain::comment_on_video{who.user_id, comment, text, settings, mine.band},
                      end, [=, this](command_reply& r) {
                        if (!r.replayed) return end(commented{comment});
                        auto first = first_event(parts_.journal->store(), r.first_sequence);
                        if (!first || !first->has_video_commented())
                          return end.fail("internal", "the first comment is missing");
                        end(commented{first->video_commented().comment_id()});
                      });
            };
            auto owner = creator_id::parse(v.creator_id);
            if (!owner) return send(domain::creator_settings{});  // the rules refuse it
            with_creator_settings(self, parts_, owner->value(), end,
                                  [send](user_facts&, domain::creator_settings& s) { send(s); });
          });
    });
  });
}

void command_api::get_video(std::string video, reply<video_details> answer) {
  auto id = parse_video(video);
  if (!id) return answer(command_error{"invalid_id", "video_id is not a video id"});
  start_flow(*parts_.system, [this, id, answer = std::move(answer)](flow* self) {
    ending<video_details> end{self, answer, parts_.timeout};
    ask<domain::video_state>(self, parts_.videos, *id, caf::make_message(state_atom::value), end,
                             [end](domain::video_state& s) {
                               if (!s.published)
                                 return end.fail("video_not_found", "no such video");
                               video_details d;
                               d.video_id = s.video_id;
                               d.creator_id = s.creator_id;
                               d.title = s.title;
                               d.description = s.description;
                               d.topics = s.topics;
                               d.duration_ms = s.duration_ms;
                               d.stem = s.stem;
                               d.is_ad = s.is_ad;
                               d.visibility = visibility_name(s.status);
                               d.minimum_age = s.minimum_age;
                               d.labels.assign(s.labels.begin(), s.labels.end());
                               d.views = s.views;
                               d.likes = s.liked_by.size();
                               d.shares = s.shares;
                               d.comments = s.comments;
                               end(std::move(d));
                             });
  });
}

namespace {

// A page of a feed, ranked and recorded. The append expects the viewer's feed stream at
// the number of pages the ranking knew of: if another page of this viewer was recorded in
// between, the two could overlap, so this one is ranked again (up to `tries` times).
struct feed_flow : std::enable_shared_from_this<feed_flow> {
  feed_flow(flow* self, actors::journal* journal, caller who, caf::actor runner, feed_query query,
            events::FeedSource source, ending<feed_answer> end)
      : self(self),
        journal(journal),
        who(std::move(who)),
        runner(std::move(runner)),
        query(std::move(query)),
        source(source),
        end(std::move(end)) {}

  flow* self;
  actors::journal* journal;
  caller who;
  caf::actor runner;
  feed_query query;
  events::FeedSource source;
  ending<feed_answer> end;

  void run(int tries) {
    auto me = shared_from_this();
    auto failed = [end = end](caf::error& e) { end(from_caf(e)); };
    // Everything committed before now, the caller's own writes included, is in the page.
    uint64_t head = journal->store().global_head();
    self->request(runner, end.remaining(), reached_atom::value, head)
        .then(
            [me, tries, failed](bool) {
              me->self->request(me->runner, me->end.remaining(), feed_atom::value, me->query)
                  .then([me, tries](feed_answer& page) { me->record(std::move(page), tries); },
                        failed);
            },
            failed);
  }

  void record(feed_answer page, int tries) {
    if (!page.ok) return end.fail(page.code, page.message);
    if (page.items.empty()) {
      // Nothing left to serve, but a retry must still get the page its first try recorded.
      auto key = idempotency_key(who, domain::feed_stream(who.user_id));
      std::optional<storage::append_result> first;
      try {
        if (!key.empty()) first = journal->store().find_append(key);
      } catch (const std::exception& e) {
        return end.fail("storage_failure", e.what());
      }
      if (first && first->ok()) return replay(first->first_sequence);
      return end(std::move(page));
    }
    std::vector<domain::impression> items;
    for (const auto& item : page.items) items.push_back({item.video_id, item.reason});
    storage::append_request request;
    request.stream_id = domain::feed_stream(who.user_id);
    request.expected_version = page.pages_served;
    request.idempotency_key = idempotency_key(who, request.stream_id);
    request.events.push_back(
        {domain::feed_served(who.user_id, source, items, query.page.cursor, page.cursor), 0,
         who.request_id, who.user_id});
    auto me = shared_from_this();
    append_claim(self, *journal, std::move(request), end, end.remaining(),
                 [me, tries, page = std::move(page)](storage::append_result& r) {
                   if (r.status == storage::append_status::version_conflict && tries > 1)
                     return me->run(tries - 1);
                   if (r.status == storage::append_status::version_conflict)
                     return me->end.fail("conflict", "other pages were being served; ask again");
                   if (!r.ok()) return me->end.fail("storage_failure", r.message);
                   if (!r.replayed) return me->end(page);
                   me->replay(r.first_sequence);
                 });
  }

  // A retry: answers with the page the first request served.
  void replay(uint64_t first_sequence) {
    auto first = first_event(journal->store(), first_sequence);
    if (!first || !first->has_feed_served())
      return end.fail("internal", "the first page is missing");
    const auto& served = first->feed_served();
    feed_query again;
    again.replay_ids.assign(served.video_ids().begin(), served.video_ids().end());
    again.replay_reasons.assign(served.reasons().begin(), served.reasons().end());
    self->request(runner, end.remaining(), feed_atom::value, again)
        .then(
            [end = end, next = served.next_cursor()](feed_answer& replayed) {
              replayed.cursor = next;
              end(std::move(replayed));
            },
            [end = end](caf::error& e) { end(from_caf(e)); });
  }
};

}  // namespace

void command_api::feed(const caller& who, events::FeedSource source, size_t limit,
                       std::string cursor, reply<feed_answer> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (limit == 0 || limit > domain::max_page_size)
    return answer(command_error{"invalid_limit", "limit is 1 to 50"});
  if (cursor.size() > 64 || !printable(cursor))
    return answer(command_error{"invalid_cursor", "the cursor is not one this feed gave out"});
  auto it = parts_.projections.find(feed_projection::projection_name);
  if (it == parts_.projections.end())
    return answer(command_error{"unavailable", "the feeds are not running on this node"});
  feed_query query;
  query.feed = source;
  query.page = {*parse_user(who.user_id), limit, now_ms() * 1000, today(), cursor};
  start_flow(*parts_.system, [this, who, runner = it->second, query, source,
                              answer = std::move(answer)](flow* self) {
    auto f = std::make_shared<feed_flow>(self, parts_.journal, who, runner, query, source,
                                         ending<feed_answer>{self, answer, parts_.timeout});
    f->run(max_feed_tries);
  });
}

void command_api::projections(reply<std::vector<projection_status>> answer) {
  std::vector<caf::actor> runners;
  for (const auto& [name, runner] : parts_.projections) runners.push_back(runner);
  start_flow(*parts_.system, [this, runners, answer = std::move(answer)](flow* self) {
    ending<std::vector<projection_status>> end{self, answer, parts_.timeout};
    auto gathered = std::make_shared<std::vector<projection_status>>();
    if (runners.empty()) return end(*gathered);
    for (const auto& runner : runners) {
      self->request(runner, end.remaining(), status_atom::value)
          .then(
              [end, gathered, total = runners.size()](projection_status& s) {
                gathered->push_back(std::move(s));
                if (gathered->size() == total) end(*gathered);
              },
              [end](caf::error& e) { end(from_caf(e)); });
    }
  });
}

namespace {

template <class Message>
void ask_projection(command_api_parts& parts, const std::string& name, Message message,
                    command_api::reply<done> answer) {
  auto it = parts.projections.find(name);
  if (it == parts.projections.end())
    return answer(command_error{"unknown_projection", "no projection is called " + name});
  start_flow(*parts.system, [runner = it->second, timeout = parts.timeout, message,
                             answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, timeout};
    self->request(runner, end.remaining(), message)
        .then([end](bool) { end(done{}); }, [end](caf::error& e) { end(from_caf(e)); });
  });
}

}  // namespace

journal_status command_api::journal() const {
  auto s = parts_.journal->store().stats();
  return {s.events, s.batches, s.largest_batch, s.queued_events};
}

void command_api::on_notice(notice_sink sink) {
  if (parts_.notices) parts_.notices->set(std::move(sink));
}

void command_api::rebuild_projection(std::string name, reply<done> answer) {
  ask_projection(parts_, name, caf::make_message(rebuild_atom::value), std::move(answer));
}

namespace {

// A folder name that sorts by time: reel-20261126T171800Z (then -2, -3, ... when taken).
std::filesystem::path new_backup_folder(const std::filesystem::path& parent) {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "reel-%Y%m%dT%H%M%SZ", &utc);
  auto path = parent / stamp;
  for (int n = 2; std::filesystem::exists(path); ++n) {
    path = parent / (std::string(stamp) + "-" + std::to_string(n));
  }
  return path;
}

outcome<backup_made> write_backup(storage::event_store& store,
                                  const std::filesystem::path& parent) {
  try {
    std::filesystem::create_directories(parent);
    backup_made made;
    made.path = new_backup_folder(parent).string();
    made.global_head = store.global_head();  // before: the copy holds at least this much
    store.backup_to(made.path);
    return made;
  } catch (const storage::store_error& e) {
    bool unsupported = e.code() == storage::store_errc::invalid_argument;
    return command_error{unsupported ? "unavailable" : "storage_failure", e.what()};
  } catch (const std::filesystem::filesystem_error& e) {
    return command_error{"storage_failure", e.what()};
  }
}

}  // namespace

void command_api::backup(reply<backup_made> answer) {
  if (parts_.backup_dir.empty()) {
    return answer(
        command_error{"unavailable", "this node takes no online backups (reeld --backup-dir)"});
  }
  std::lock_guard lock(backup_mu_);
  if (backup_running_) {
    return answer(
        command_error{"overloaded", "a backup is being written; ask again when it is done"});
  }
  if (backup_thread_.joinable()) backup_thread_.join();  // the previous one, finished
  backup_running_ = true;
  // A checkpoint flushes memtables and links or copies files: seconds, never on a CAF thread.
  backup_thread_ = std::thread([this, answer = std::move(answer)] {
    pthread_setname_np(pthread_self(), "reel-backup");
    auto made = write_backup(parts_.journal->store(), parts_.backup_dir);
    {
      std::lock_guard lock(backup_mu_);
      backup_running_ = false;
    }
    answer(std::move(made));
  });
}

void command_api::projection_reached(std::string name, uint64_t sequence, reply<done> answer) {
  ask_projection(parts_, name, caf::make_message(reached_atom::value, sequence), std::move(answer));
}

}  // namespace reel::actors
