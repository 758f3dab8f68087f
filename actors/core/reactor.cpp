#include "actors/core/reactor.h"

#include <algorithm>

#include "actors/core/journal.h"
#include "actors/core/status_board.h"

namespace reel::actors {
namespace {

using reactor_actor = caf::stateful_actor<reactor_state>;

constexpr size_t max_events_per_step = 4096;
constexpr std::chrono::milliseconds first_backoff{100};
constexpr std::chrono::milliseconds longest_backoff{30000};

bool infrastructure(errc code) {
  switch (code) {
    case errc::timeout:
    case errc::unavailable:
    case errc::overloaded:
    case errc::storage_failure:
    case errc::conflict:
    case errc::internal:
      return true;
    default:
      return false;
  }
}

void schedule(reactor_actor* self) {
  auto& st = self->state;
  if (st.scheduled || !st.outstanding.empty()) return;
  st.scheduled = true;
  self->send(self, catch_up_atom::value);
}

void answer_waiting(reactor_actor* self) {
  auto& st = self->state;
  auto reached = [&](auto& w) {
    if (w.first > st.checkpoint) return false;
    w.second.deliver(true);
    return true;
  };
  st.waiting.erase(std::remove_if(st.waiting.begin(), st.waiting.end(), reached), st.waiting.end());
}

// Moves the checkpoint to `sequence`, with the refusals recorded on the way.
reactor_status status_now(const reactor_state& st) {
  auto s = st.counters;
  s.checkpoint = st.checkpoint;
  s.head = std::max(st.head, st.position);
  s.lag = s.head - std::min(s.head, s.checkpoint);
  return s;
}

void publish(reactor_actor* self) {
  if (self->state.board) self->state.board->publish(status_now(self->state));
}

bool commit(reactor_actor* self, uint64_t sequence) {
  auto& st = self->state;
  if (sequence <= st.checkpoint && st.refusals.empty()) return true;
  try {
    st.store->commit_projection(reactor_checkpoint_name, sequence, st.refusals);
  } catch (const std::exception& e) {
    st.counters.last_problem = std::string("saving the checkpoint: ") + e.what();
    return false;
  }
  st.refusals.clear();
  st.checkpoint = sequence;
  answer_waiting(self);
  publish(self);
  return true;
}

void send_outstanding(reactor_actor* self);

// A follow-up that committed or was refused is done; one that failed stays for the retry.
void settle(reactor_actor* self, size_t slot, bool retry) {
  if (!retry) self->state.outstanding[slot].settled = true;
}

// Appends a follow-up's new stream and answers as an entity would: ok when it committed or
// the stream exists already (another writer's, or this one's whose answer was lost).
caf::behavior stream_creator(caf::event_based_actor* self, actors::journal* journal,
                             storage::append_request request) {
  return {[self, journal, request](run_atom) mutable {
    auto promise = self->make_response_promise();
    journal->append(caf::actor_cast<caf::actor>(self), std::move(request));
    self->become([self, promise](appended_atom, storage::append_result& r) mutable {
      auto reply = command_reply::failure(errc::storage_failure, r.message);
      reply.ok = r.ok() || r.status == storage::append_status::version_conflict;
      promise.deliver(std::move(reply));
      self->quit();
    });
    return promise;
  }};
}

void on_all_answered(reactor_actor* self, bool any_retry) {
  auto& st = self->state;
  if (any_retry) {
    ++st.counters.retries;
    auto wait = st.backoff;
    st.backoff = std::min(st.backoff * 2, longest_backoff);
    self->delayed_send(self, wait, retry_atom::value);
    return;
  }
  st.backoff = first_backoff;
  st.outstanding.clear();
  if (!commit(self, st.current)) {
    self->delayed_send(self, std::chrono::seconds(1), catch_up_atom::value);
    st.scheduled = true;
    return;
  }
  st.position = st.current;
  schedule(self);
}

// Sends every follow-up of the current event not yet settled; when all have answered,
// either retries later (an infrastructure failure) or moves on.
void send_outstanding(reactor_actor* self) {
  auto& st = self->state;
  auto pending = std::make_shared<size_t>(0);
  auto any_retry = std::make_shared<bool>(false);
  for (size_t slot = 0; slot < st.outstanding.size(); ++slot) {
    if (!st.outstanding[slot].settled) ++*pending;
  }
  if (*pending == 0) return on_all_answered(self, false);
  for (size_t slot = 0; slot < st.outstanding.size(); ++slot) {
    auto& f = st.outstanding[slot];
    if (f.settled) continue;
    auto n = slot;
    caf::actor target;
    caf::message message;
    if (f.creates) {
      target = self->spawn(stream_creator, st.journal, *f.creates);
      message = caf::make_message(run_atom::value);
    } else {
      command_meta meta{"system:reactor", "seq:" + std::to_string(st.current),
                        "reactor:" + std::to_string(st.current) + ":" + std::to_string(n)};
      target = f.entities.host_for(f.entity);
      message = caf::make_message(route_atom::value, f.entity,
                                  caf::make_message(std::move(meta)) + f.command);
    }
    auto done = [self, slot, pending, any_retry](bool retry) {
      settle(self, slot, retry);
      publish(self);
      *any_retry |= retry;
      if (--*pending == 0) on_all_answered(self, *any_retry);
    };
    self->request(target, self->state.command_timeout, std::move(message))
        .then(
            [self, done, n](command_reply& r) {
              auto& st = self->state;
              if (r.ok) {
                ++st.counters.follow_ups;
                return done(false);
              }
              if (infrastructure(r.code)) {
                st.counters.last_problem = std::string(code_name(r.code)) + ": " + r.message;
                return done(true);
              }
              ++st.counters.refused;
              auto why = std::string(code_name(r.code)) + ": " + r.message;
              st.counters.last_problem = "refused at " + std::to_string(st.current) + ": " + why;
              st.refusals.push_back(
                  {"refused/" + std::to_string(st.current) + "/" + std::to_string(n), why});
              done(false);
            },
            [self, done](caf::error& e) {
              self->state.counters.last_problem = "follow-up: " + to_string(e);
              done(true);
            });
  }
}

void catch_up(reactor_actor* self) {
  auto& st = self->state;
  st.scheduled = false;
  if (!st.outstanding.empty()) return;
  try {
    auto cursor = st.store->read_log(st.position + 1);
    events::EventRecord record;
    size_t n = 0;
    while (n < max_events_per_step && cursor->next(record)) {
      ++n;
      uint64_t sequence = record.envelope().sequence();
      std::vector<follow_up> ups;
      for (const auto& r : st.reactions) {
        for (auto& f : r->react(record)) ups.push_back(std::move(f));
      }
      st.position = sequence;
      if (ups.empty()) continue;
      st.current = sequence;
      st.outstanding = std::move(ups);
      // Events before this one had nothing to do: the checkpoint may pass them.
      commit(self, sequence - 1);
      return send_outstanding(self);
    }
    commit(self, st.position);
    if (n == max_events_per_step || st.position < st.head) schedule(self);
  } catch (const std::exception& e) {
    // A damaged record or a failing store: the reactor never skips an event; it waits.
    st.counters.last_problem = std::string("reading the log: ") + e.what();
    st.position = st.checkpoint;
    publish(self);
    st.scheduled = true;
    self->delayed_send(self, std::chrono::seconds(1), catch_up_atom::value);
  }
}

}  // namespace

void mark_reactor_start(storage::event_store& store) {
  if (store.projection_checkpoint(reactor_checkpoint_name) != 0 ||
      store.projection_get(reactor_checkpoint_name, "started"))
    return;
  // First start on this database: what came before was followed up by older builds.
  store.commit_projection(reactor_checkpoint_name, store.global_head(), {{"started", "1"}});
}

caf::behavior reactor(reactor_actor* self, actors::journal* journal,
                      std::vector<std::shared_ptr<reaction>> reactions, caf::actor bus,
                      std::chrono::milliseconds command_timeout, status_board* board) {
  auto& st = self->state;
  auto* store = &journal->store();
  st.store = store;
  st.journal = journal;
  st.board = board;
  st.reactions = std::move(reactions);
  st.command_timeout = command_timeout;
  try {
    st.head = store->global_head();
    st.checkpoint = store->projection_checkpoint(reactor_checkpoint_name);
  } catch (const std::exception& e) {
    // It starts from sequence 1 then; follow-ups are idempotent, so that costs time only.
    st.counters.last_problem = std::string("starting: ") + e.what();
  }
  st.position = st.checkpoint;
  publish(self);
  if (bus) self->send(bus, listen_atom::value, caf::actor_cast<caf::actor>(self));
  schedule(self);
  return {
      [self](head_atom, uint64_t head) {
        auto& st = self->state;
        st.head = std::max(st.head, head);
        if (st.head > st.position) schedule(self);
        publish(self);
      },
      [self](catch_up_atom) { catch_up(self); },
      [self](retry_atom) { send_outstanding(self); },
      [self](status_atom) { return status_now(self->state); },
      [self](reached_atom, uint64_t sequence) {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        if (st.checkpoint >= sequence) {
          promise.deliver(true);
        } else {
          st.waiting.emplace_back(sequence, promise);
        }
        return promise;
      },
  };
}

}  // namespace reel::actors
