// Entity actors: every user, video and creator is one actor, activated on its first message
// by its host (entity_host.h) and passivated after it has been idle, like Orleans' virtual
// actors. This header is the machinery all kinds share; each area's entity header (for
// instance actors/accounts/user_entity.h) lists its kind's commands and the facts it answers.
//
// Life of an entity:
//  1. Activation: its host has a store worker load the latest snapshot and apply the tail
//     of the stream after it (load_entity, off the scheduler); the entity starts with that
//     state. A snapshot that cannot be decoded is ignored (the whole stream is replayed).
//  2. Commands run one at a time: decide (domain) -> append (journal) -> on the durable
//     outcome, apply and reply. A command whose rule asks about an edge (domain/edges.h)
//     first has it looked up by a store worker; the edges of committed events are written
//     by one before the reply. Commands that arrive meanwhile wait in order, up to
//     `max_waiting` (then `overloaded`). Queries (facts, state) are answered at once from
//     the state, except during a flight: then they wait behind it too, so that an event
//     anyone can read in the log (the notifier, a projection) is in every answer of its
//     entity. That cannot deadlock: a flight waits only for the journal or a store worker,
//     never for an actor that could be waiting for this one.
//  3. A failed append fails its command and stops the entity (commands waiting behind it
//     get `unavailable`; retrying them is safe): it cannot know what was written, so the
//     next message activates it again from what is stored.
//  4. A snapshot is written every `snapshot_every` events and when the entity passivates,
//     by a store worker; idempotency lookups go to one too. No RocksDB call runs here.
//  5. Passivation: idle for `idle_timeout` with nothing in flight (an entity with no events,
//     `empty_idle_timeout`), the entity offers to retire; the host agrees only if it has
//     forwarded nothing the entity has not handled.
#pragma once

#include <caf/all.hpp>

#include <chrono>
#include <concepts>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/journal.h"
#include "actors/core/messages.h"
#include "actors/core/store_worker.h"
#include "domain/clock.h"
#include "domain/edges.h"
#include "domain/ids.h"
#include "domain/snapshot_codec.h"

namespace reel::actors {

struct entity_options {
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(5);  // 0: never passivate
  // An entity with no events (an id nobody created, or not yet) passivates after this
  // much idleness instead, so asking for ids that do not exist leaves nothing resident.
  std::chrono::milliseconds empty_idle_timeout = std::chrono::seconds(1);
  uint32_t snapshot_every = 100;  // events between snapshots; 0: only when passivating
  uint32_t max_waiting = 1024;    // commands queued behind the one in flight
};

// What every entity of a node shares; it outlives them all.
struct entity_services {
  actors::journal* journal = nullptr;
  store_workers workers;                 // where entities' blocking store calls run
  const domain::clock* clock = nullptr;  // for rules that need the date (ages on the day)
  entity_options options;
};

// The state of an entity actor: the aggregate plus the bookkeeping of the runtime. Kept lean
// (a million of them may be resident): the stream id is printed from `id` when needed.
template <class Kind>
struct entity_data {
  typename Kind::state state;
  const entity_services* services = nullptr;
  caf::actor host;
  uint64_t id = 0;
  uint64_t snapshot_version = 0;  // the version of the last snapshot written or loaded
  uint64_t handled = 0;           // messages from the host handled so far
  std::chrono::steady_clock::time_point last_active;
  bool idle_timer = false;

  // The command whose append is in flight, if any.
  struct in_flight {
    std::vector<events::Event> events;
    caf::response_promise promise;
  };
  std::unique_ptr<in_flight> flight;
  // Commands and queries that arrived during a flight, in order.
  struct waiting_command {
    caf::response_promise promise;
    std::function<void(caf::response_promise&)> run;
  };
  std::vector<waiting_command> waiting;
  bool stopping = false;  // quit after a failure: take no more commands
};

template <class Kind>
using entity_actor = caf::stateful_actor<entity_data<Kind>>;

namespace entity_detail {

// A kind whose events imply edges (domain/edges.h): its domain declares edges_of.
template <class Kind>
concept keeps_edges = requires(const typename Kind::state& s, const events::Event& e) {
  { edges_of(s, e) } -> std::same_as<domain::edge_changes>;
};
// A command whose rule asks about an edge: its domain declares edge_asked and answer_edge.
template <class Kind, class Command>
concept asks_edge = requires(const typename Kind::state& s, Command& c) {
  { edge_asked(s, c) } -> std::same_as<std::string>;
  answer_edge(c, true);
};

// Adds the edges `event` implies, for kinds that keep edges, before it is applied.
template <class Kind>
void add_edges_of(const typename Kind::state& state, const events::Event& event,
                  domain::edge_changes& out) {
  if constexpr (keeps_edges<Kind>) {
    auto implied = edges_of(state, event);
    out.insert(out.end(), implied.begin(), implied.end());
  }
}

template <class Kind>
std::string stream_of(uint64_t id) {
  return id_codec::print(id_prefix(Kind::kind), id);
}

// What activation starts from: the state as stored now. Runs on a store worker (blocking
// reads); throws store_error when the stream cannot be read.
template <class Kind>
caf::message load_entity(storage::event_store& store, uint64_t id) {
  auto stream = stream_of<Kind>(id);
  typename Kind::state fresh;
  uint64_t snapshot_version = 0;
  if (auto snap = store.load_snapshot(stream)) {
    if (domain::decode_snapshot(snap->state, snap->version, fresh)) {
      snapshot_version = snap->version;
    } else {
      fresh = typename Kind::state{};
    }
  }
  constexpr size_t page = 1024;
  for (uint64_t from = fresh.version + 1;;) {
    auto records = store.read_stream(stream, from, page);
    // The edges of the events after the snapshot may not have been written before a crash
    // (event_store.h, write_edges): they are written again, page by page.
    domain::edge_changes edges;
    for (const auto& r : records) {
      add_edges_of<Kind>(fresh, r.event(), edges);
      domain::apply(fresh, r.event());
    }
    if (!edges.empty()) store.write_edges(edges);
    if (records.size() < page) break;
    from += records.size();
  }
  return caf::make_message(std::move(fresh), snapshot_version);
}

// Snapshots are a cache: a failure to write one is not the command's failure.
template <class Kind>
void snapshot(entity_actor<Kind>* self, bool passivating) {
  auto& st = self->state;
  auto every = st.services->options.snapshot_every;
  auto behind = st.state.version - st.snapshot_version;
  if (behind == 0 || (!passivating && (every == 0 || behind < every))) return;
  // Written by the stream's store worker; a lost write costs a longer load, nothing else.
  auto* store = &st.services->journal->store();
  store_chore write{
      [store, stream = stream_of<Kind>(st.id),
       snap = storage::snapshot{st.state.version, domain::encode_snapshot(st.state)}] {
        store->save_snapshot(stream, snap);
      }};
  caf::anon_send(st.services->workers.for_key(st.id), run_atom::value, std::move(write));
  st.snapshot_version = st.state.version;
}

template <class Kind>
void arm_idle_timer(entity_actor<Kind>* self, std::chrono::steady_clock::duration after) {
  self->state.idle_timer = true;
  self->delayed_send(self, std::chrono::duration_cast<std::chrono::microseconds>(after),
                     idle_atom::value);
}

// Every message from the host counts, so the host can tell whether the entity has seen all.
// How long this entity may stay idle before it offers to retire (0: forever).
template <class Kind>
std::chrono::milliseconds idle_timeout_of(const entity_data<Kind>& st) {
  const auto& o = st.services->options;
  if (o.idle_timeout.count() == 0 || st.state.version > 0) return o.idle_timeout;
  return std::min(o.idle_timeout, o.empty_idle_timeout);
}

template <class Kind>
void touch(entity_actor<Kind>* self) {
  auto& st = self->state;
  ++st.handled;
  st.last_active = std::chrono::steady_clock::now();
  auto timeout = idle_timeout_of(st);
  if (!st.idle_timer && timeout.count() > 0) arm_idle_timer(self, timeout);
}

template <class Kind>
void drain(entity_actor<Kind>* self) {
  auto& st = self->state;
  while (!st.flight && !st.stopping && !st.waiting.empty()) {
    auto next = std::move(st.waiting.front());
    st.waiting.erase(st.waiting.begin());
    next.run(next.promise);
  }
  if (st.waiting.empty()) st.waiting.shrink_to_fit();
}

inline command_reply rejected(const domain::domain_error& e) {
  return command_reply::failure(e.code, e.message);
}

// A refused command with an idempotency key may be the retry of one that committed: the
// store worker looks the key up, and a found key answers with the first outcome.
template <class Kind>
void answer_refused_retry(entity_actor<Kind>* self, const command_meta& meta,
                          const domain::decision& refusal, caf::response_promise& promise) {
  auto lookup = find_append_job(self->state.services->journal->store(), meta.idempotency_key);
  self->request(self->state.services->workers.for_key(self->state.id), caf::infinite,
                run_atom::value, std::move(lookup))
      .then(
          [self, promise,
           error = refusal.error()](std::optional<storage::append_result>& first) mutable {
            if (!first) return promise.deliver(rejected(error));
            command_reply reply;
            reply.ok = reply.replayed = true;
            reply.version = self->state.state.version;
            reply.first_sequence = first->first_sequence;
            reply.last_sequence = first->last_sequence;
            promise.deliver(std::move(reply));
          },
          [promise](caf::error& e) mutable {
            promise.deliver(command_reply::failure(errc::storage_failure, to_string(e)));
          });
}

template <class Kind, class Command>
void decide_and_append(entity_actor<Kind>* self, const command_meta& meta, const Command& command,
                       caf::response_promise& promise) {
  auto& st = self->state;
  auto decision = domain::decide(st.state, command);
  if (!decision.ok()) {
    // A retry of a command that committed may now break a rule ("already following"):
    // it gets the first outcome instead.
    if (!meta.idempotency_key.empty()) return answer_refused_retry(self, meta, decision, promise);
    promise.deliver(rejected(decision.error()));
    return;
  }
  if (decision.events().empty()) {  // nothing changes, e.g. a second like
    command_reply reply;
    reply.ok = true;
    reply.version = st.state.version;
    promise.deliver(std::move(reply));
    return;
  }
  storage::append_request request;
  request.stream_id = stream_of<Kind>(st.id);
  request.expected_version = st.state.version;
  request.idempotency_key = meta.idempotency_key;
  for (const auto& e : decision.events()) {
    storage::new_event event;
    event.event = e;
    event.caused_by = meta.caused_by;
    event.correlation_id = meta.correlation_id;
    request.events.push_back(std::move(event));
  }
  st.flight = std::make_unique<typename entity_data<Kind>::in_flight>();
  st.flight->events = std::move(decision).events();
  st.flight->promise = promise;
  st.services->journal->append(caf::actor_cast<caf::actor>(self), std::move(request));
}

// Busy with a store call that is not an append (an edge lookup, an edge write): commands
// that arrive meanwhile wait, as behind an append, and the entity does not passivate.
template <class Kind>
void hold(entity_actor<Kind>* self) {
  self->state.flight = std::make_unique<typename entity_data<Kind>::in_flight>();
}

// Runs a command: asks its edge first, if its rule needs one, while holding the entity, so
// that no write of this entity can make the answer stale before the decision.
template <class Kind, class Command>
void execute(entity_actor<Kind>* self, const command_meta& meta, const Command& command,
             caf::response_promise& promise) {
  if constexpr (asks_edge<Kind, Command>) {
    auto key = edge_asked(self->state.state, command);
    if (!key.empty()) {
      hold(self);
      auto& st = self->state;
      self->request(st.services->workers.for_key(st.id), caf::infinite, run_atom::value,
                    has_edge_job(st.services->journal->store(), std::move(key)))
          .then(
              [self, meta, command, promise](bool present) mutable {
                self->state.flight.reset();
                auto answered = command;
                answer_edge(answered, present);
                decide_and_append(self, meta, answered, promise);
                drain(self);
              },
              [self, promise](caf::error& e) mutable {
                self->state.flight.reset();
                promise.deliver(command_reply::failure(errc::storage_failure, to_string(e)));
                drain(self);
              });
      return;
    }
  }
  decide_and_append(self, meta, command, promise);
}

// Answers every command still waiting (and the one in flight) with an error: the entity is
// stopping and will not run them.
template <class Kind>
void fail_all(entity_actor<Kind>* self, errc code, const std::string& message) {
  auto& st = self->state;
  if (st.flight) {
    if (st.flight->promise.pending())
      st.flight->promise.deliver(command_reply::failure(code, message));
    st.flight.reset();
  }
  for (auto& w : st.waiting) w.promise.deliver(command_reply::failure(code, message));
  st.waiting.clear();
}

// The host forgets an entity that stops other than by retiring.
template <class Kind>
void tell_host_gone(entity_actor<Kind>* self) {
  self->send(self->state.host, gone_atom::value, self->state.id, self->address());
}

// After a failed or drifted append: the entity cannot know what its stream holds, so it
// stops. The host hears first (so the next message, even one sent in answer to `reply`,
// activates a fresh entity from the store), then the command gets `reply`, and commands
// waiting behind it get `unavailable`.
template <class Kind>
void stop_for_reload(entity_actor<Kind>* self, caf::response_promise& promise,
                     command_reply reply) {
  auto& st = self->state;
  st.stopping = true;
  tell_host_gone(self);
  promise.deliver(std::move(reply));
  fail_all(self, errc::unavailable, "the entity reloads after a failed write; retry");
  self->quit();
}

// Writes the edges of events that committed, holding the entity until they are written,
// and only then answers: an acknowledged command's edges are in the index, the next
// command's lookup sees them, and no snapshot covers the events before their edges are
// stored. A failed write still answers (the events are durable) and stops the entity:
// its next activation writes the edges again.
template <class Kind>
void write_edges_then_answer(entity_actor<Kind>* self, domain::edge_changes edges,
                             caf::response_promise promise, command_reply reply) {
  hold(self);
  auto& st = self->state;
  self->request(st.services->workers.for_key(st.id), caf::infinite, run_atom::value,
                write_edges_job(st.services->journal->store(), std::move(edges)))
      .then(
          [self, promise, reply](bool) mutable {
            self->state.flight.reset();
            promise.deliver(std::move(reply));
            snapshot(self, false);
            drain(self);
          },
          [self, promise, reply](caf::error&) mutable {
            self->state.flight.reset();
            stop_for_reload(self, promise, std::move(reply));
          });
}

template <class Kind>
void on_appended(entity_actor<Kind>* self, storage::append_result& result) {
  auto& st = self->state;
  if (!st.flight) return;  // not ours (cannot happen: one append in flight at a time)
  auto flight = std::move(st.flight);
  if (result.ok()) {
    domain::edge_changes edges;
    if (!result.replayed) {
      for (const auto& e : flight->events) {
        add_edges_of<Kind>(st.state, e, edges);
        domain::apply(st.state, e);
      }
    }
    command_reply reply;
    reply.ok = true;
    reply.replayed = result.replayed;
    reply.first_sequence = result.first_sequence;
    reply.last_sequence = result.last_sequence;
    // Our version must match the store's; a replay may also reveal a write we did not see
    // (one reported as failed that committed after all). Either way, trust the store.
    bool drifted = result.replayed ? result.last_version > st.state.version
                                   : st.state.version != result.last_version;
    reply.version = result.last_version;
    if (drifted) return stop_for_reload(self, flight->promise, std::move(reply));
    if (!edges.empty())
      return write_edges_then_answer(self, std::move(edges), flight->promise, std::move(reply));
    flight->promise.deliver(std::move(reply));
    snapshot(self, false);
  } else {
    auto code = errc::storage_failure;
    if (result.status == storage::append_status::version_conflict) code = errc::conflict;
    if (result.status == storage::append_status::closed) code = errc::unavailable;
    return stop_for_reload(self, flight->promise, command_reply::failure(code, result.message));
  }
  drain(self);
}

}  // namespace entity_detail

// The list of command types a kind of entity takes.
template <class... Commands>
struct command_list {};

namespace entity_detail {

// "Handled; no answer here" (a command answers through its promise, later).
inline caf::result<caf::message> handled() {
  return caf::delegated<caf::message>{};
}

template <class Kind, class Command>
void submit(entity_actor<Kind>* self, const command_meta& meta, const Command& command) {
  auto promise = self->make_response_promise();
  auto& st = self->state;
  if (st.stopping) {
    promise.deliver(command_reply::failure(errc::unavailable, "the entity is stopping"));
  } else if (!st.flight) {
    execute(self, meta, command, promise);
  } else if (st.waiting.size() >= st.services->options.max_waiting) {
    promise.deliver(command_reply::failure(errc::overloaded, "too many commands for this entity"));
  } else {
    st.waiting.push_back({promise, [self, meta, command](caf::response_promise& p) {
                            execute(self, meta, command, p);
                          }});
  }
}

template <class Kind, class... Commands>
bool try_commands(entity_actor<Kind>* self, const caf::type_erased_tuple& xs,
                  command_list<Commands...>) {
  return ((xs.match_elements<command_meta, Commands>() &&
           (submit(self, xs.get_as<command_meta>(0), xs.get_as<Commands>(1)), true)) ||
          ...);
}

template <class Kind>
void on_idle(entity_actor<Kind>* self) {
  auto& st = self->state;
  st.idle_timer = false;
  auto timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(idle_timeout_of(st));
  auto idle_for = std::chrono::steady_clock::now() - st.last_active;
  if (st.flight || !st.waiting.empty() || idle_for < timeout) {
    arm_idle_timer(self, st.flight ? timeout : timeout - idle_for);
    return;
  }
  self->send(st.host, passivate_atom::value, st.id, st.handled, caf::actor_cast<caf::actor>(self));
}

// A query's answer from the state as it is now.
template <class Kind>
std::optional<caf::message> answer_now(entity_actor<Kind>* self, const caf::type_erased_tuple& xs) {
  if (xs.match_elements<state_atom>()) return caf::make_message(self->state.state);
  return answer_query(self, xs);
}

// Every message of an entity goes through here. Entities have no behaviour object of their
// own: one with a handler per message type costs about 600 bytes per actor, more than the
// entity's state, and a node keeps a million entities resident. So a single shared
// behaviour keeps each actor alive and this function, its default handler, dispatches.
template <class Kind>
caf::result<caf::message> dispatch(caf::scheduled_actor* actor, caf::message_view& view) {
  auto* self = static_cast<entity_actor<Kind>*>(actor);
  const auto& xs = view.content();
  if (xs.match_elements<appended_atom, storage::append_result>()) {
    auto result = xs.get_as<storage::append_result>(1);
    on_appended(self, result);
    return handled();
  }
  if (xs.match_elements<idle_atom>()) {
    on_idle(self);
    return handled();
  }
  if (xs.match_elements<retire_atom>()) {
    snapshot(self, true);
    self->quit();
    return handled();
  }
  // Everything else comes through the host, which counts it.
  touch(self);
  if (try_commands(self, xs, typename Kind::commands{})) return handled();
  auto& st = self->state;
  if (st.flight && !st.stopping) {
    // A query waits behind the append in flight, as a command does: once anyone can have
    // read an event in the log (the notifier, a projection), every answer of its entity
    // includes it. A role revoked is revoked for the check that its notice triggers.
    // Past the bound the asker hears what a timeout tells it: try again later.
    if (st.waiting.size() >= st.services->options.max_waiting)
      return caf::make_error(caf::sec::request_timeout);
    st.waiting.push_back({self->make_response_promise(),
                          [self, query = view.copy_content_to_message()](caf::response_promise& p) {
                            if (auto answer = answer_now(self, query.content()))
                              return p.deliver(std::move(*answer));
                            p.deliver(caf::make_error(caf::sec::unexpected_message));
                          }});
    return handled();
  }
  if (auto answer = answer_now(self, xs)) return std::move(*answer);
  return caf::make_error(caf::sec::unexpected_message);
}

}  // namespace entity_detail

// Sets an entity up from what load_entity<Kind> read (state, snapshot version) and returns
// its behaviour.
template <class Kind>
caf::behavior activate(entity_actor<Kind>* self, const entity_services* services, caf::actor host,
                       uint64_t id, caf::message loaded) {
  auto& st = self->state;
  st.services = services;
  st.host = std::move(host);
  st.id = id;
  st.last_active = std::chrono::steady_clock::now();
  st.state = loaded.content().move_if_unshared<typename Kind::state>(0);
  st.snapshot_version = loaded.content().get_as<uint64_t>(1);
  self->set_default_handler(entity_detail::dispatch<Kind>);
  self->set_exception_handler([](caf::scheduled_actor* actor, std::exception_ptr&) {
    auto* entity = static_cast<entity_actor<Kind>*>(actor);
    entity->state.stopping = true;
    entity_detail::fail_all(entity, errc::unavailable, "the entity failed");
    entity_detail::tell_host_gone(entity);
    return caf::make_error(caf::sec::runtime_error, "an entity failed");
  });
  // Shared by every entity: it only keeps the actor alive (see dispatch()).
  static const caf::behavior keep_alive{[](retire_atom, retire_atom) {}};
  return keep_alive;
}

}  // namespace reel::actors
