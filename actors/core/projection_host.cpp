#include "actors/core/projection_host.h"

#include <algorithm>

#include "actors/core/status_board.h"
#include "storage/store_error.h"

namespace reel::actors {
namespace {

using host = caf::stateful_actor<projection_host_state>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;  // the host -> itself

void schedule_step(host* self) {
  auto& st = self->state;
  if (st.step_scheduled) return;
  st.step_scheduled = true;
  self->send(self, catch_up_atom::value);
}

// Answers the waiters whose projection got there, and fails those whose projection stopped.
void answer_waiting(host* self) {
  auto& st = self->state;
  auto& f = *st.fold;
  auto settled = [&](projection_host_state::waiter& w) {
    if (f.checkpoint(w.index) >= w.sequence) {
      w.promise.deliver(true);
      return true;
    }
    if (f.stopped(w.index)) {
      w.promise.deliver(caf::make_error(caf::sec::runtime_error, f.error(w.index)));
      return true;
    }
    return false;
  };
  st.waiting.erase(std::remove_if(st.waiting.begin(), st.waiting.end(), settled), st.waiting.end());
}

// Every projection's status as the host knows it; `head` is the newest head it has heard of.
std::vector<projection_status> status_now(const projection_host_state& st, uint64_t head) {
  const auto& f = *st.fold;
  std::vector<projection_status> out;
  for (size_t i = 0; i < f.size(); ++i) {
    projection_status s;
    s.name = std::string(f.at(i).name());
    s.checkpoint = f.checkpoint(i);
    s.head = head;
    s.lag = head - std::min(head, s.checkpoint);
    s.rebuilding = st.rebuild_targets[i] != 0;
    s.digest = f.digest(i).hex();
    s.error = f.stopped(i) ? f.error(i) : st.failing;
    out.push_back(std::move(s));
  }
  return out;
}

void publish(host* self) {
  auto& st = self->state;
  if (st.board) st.board->publish(status_now(st, st.head));
}

// A failed read or write of the store: the next step, a little later, starts again from
// the last commits.
void retry_later(host* self, const std::string& why) {
  auto& st = self->state;
  st.failing = "retrying: " + why;
  publish(self);
  st.step_scheduled = true;
  self->delayed_send(self, std::chrono::seconds(1), catch_up_atom::value);
}

bool catching_up(const projection_host_state& st) {
  const auto& f = *st.fold;
  for (size_t i = 0; i < f.size(); ++i) {
    if (!f.stopped(i) && f.applied(i) < st.head) return true;
  }
  return false;
}

// Applied events are committed a little later, in one batch; a waiter whose sequence has
// been applied gets them at once.
void commit_soon(host* self) {
  auto& st = self->state;
  auto& f = *st.fold;
  bool answerable = std::any_of(st.waiting.begin(), st.waiting.end(), [&f](const auto& w) {
    return f.applied(w.index) >= w.sequence && f.checkpoint(w.index) < w.sequence;
  });
  if (answerable) f.commit_pending();
  // While catching up, commit_every_events paces the commits.
  if (st.commit_scheduled || !f.uncommitted() || catching_up(st)) return;
  st.commit_scheduled = true;
  self->delayed_send(self, st.commit_interval, commit_atom::value);
}

void step(host* self) {
  auto& st = self->state;
  auto& f = *st.fold;
  try {
    if (!st.failing.empty()) {
      f.reload();
      st.failing.clear();
    }
    size_t n = f.step();
    for (size_t i = 0; i < f.size(); ++i) st.head = std::max(st.head, f.applied(i));
    commit_soon(self);
    for (size_t i = 0; i < f.size(); ++i) {
      if (st.rebuild_targets[i] != 0 && f.checkpoint(i) >= st.rebuild_targets[i])
        st.rebuild_targets[i] = 0;
    }
    answer_waiting(self);
    publish(self);
    // Go on while someone is behind the head; when a step finds nothing new, wait for the bus.
    if (n > 0 && catching_up(st)) schedule_step(self);
  } catch (const std::exception& e) {
    retry_later(self, e.what());
  }
}

}  // namespace

caf::behavior projection_host(host* self, storage::event_store* store,
                              std::vector<hosted_projection> hosted, caf::actor bus,
                              projection_host_options options, status_board* board) {
  auto& st = self->state;
  st.store = store;
  st.board = board;
  options.fold.commit_at_end = false;  // commit_soon() decides
  st.fold = std::make_unique<projections::fold>(*store, options.fold);
  st.commit_interval = options.commit_interval;
  caf::message_handler queries;
  for (auto& h : hosted) {
    st.fold->add(h.model);
    queries = queries.or_else(h.queries);
  }
  st.rebuild_targets.assign(st.fold->size(), 0);
  try {
    st.fold->load();
    st.head = store->global_head();
  } catch (const std::exception& e) {
    retry_later(self, std::string("loading: ") + e.what());
  }
  publish(self);
  if (bus) self->send(bus, listen_atom::value, caf::actor_cast<caf::actor>(self));
  if (!st.step_scheduled) schedule_step(self);

  caf::message_handler own{
      [self](head_atom, uint64_t head) {
        auto& st = self->state;
        st.head = std::max(st.head, head);
        schedule_step(self);
      },
      [self](catch_up_atom) {
        self->state.step_scheduled = false;
        step(self);
      },
      [self](commit_atom) {
        auto& st = self->state;
        st.commit_scheduled = false;
        if (!st.failing.empty()) return;  // the retry reloads and steps again
        if (catching_up(st)) return;      // the step that reaches the head asks again
        try {
          st.fold->commit_pending();
          answer_waiting(self);
          publish(self);
        } catch (const std::exception& e) {
          retry_later(self, e.what());
        }
      },
      [self](status_atom) {
        const auto& st = self->state;
        uint64_t head = st.head;
        try {
          head = std::max(head, st.store->global_head());
        } catch (const std::exception&) {
          // the head the host knows will do
        }
        return status_now(st, head);
      },
      [self](rebuild_atom, uint32_t index) -> caf::result<bool> {
        auto& st = self->state;
        if (index >= st.fold->size())
          return caf::make_error(caf::sec::invalid_argument, "no such projection");
        try {
          st.fold->reset(index);
          st.head = std::max(st.head, st.store->global_head());
        } catch (const std::exception& e) {
          return caf::make_error(caf::sec::runtime_error, std::string("rebuild: ") + e.what());
        }
        st.rebuild_targets[index] = std::max<uint64_t>(st.head, 1);
        publish(self);
        schedule_step(self);
        return true;
      },
      [self](reached_atom, uint32_t index, uint64_t sequence) {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        if (index >= st.fold->size()) {
          promise.deliver(caf::make_error(caf::sec::invalid_argument, "no such projection"));
        } else if (st.fold->checkpoint(index) >= sequence) {
          promise.deliver(true);
        } else if (st.fold->stopped(index)) {
          promise.deliver(caf::make_error(caf::sec::runtime_error, st.fold->error(index)));
        } else {
          // It waits; the next step that has applied `sequence` commits and answers it
          // (commit_soon), if the log ever gets there.
          st.waiting.push_back({index, sequence, promise});
          schedule_step(self);
        }
        return promise;
      },
  };
  return own.or_else(queries);
}

}  // namespace reel::actors
