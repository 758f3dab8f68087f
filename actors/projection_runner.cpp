#include "actors/projection_runner.h"

#include <algorithm>

#include "domain/event_schema.h"
#include "storage/store_error.h"

namespace reel::actors {
namespace {

using runner = caf::stateful_actor<projection_runner_state>;

void schedule_step(runner* self) {
  auto& st = self->state;
  if (st.step_scheduled || st.stopped) return;
  st.step_scheduled = true;
  self->send(self, catch_up_atom::value);
}

void answer_waiting(runner* self) {
  auto& st = self->state;
  auto reached = [&](const auto& w) { return w.first <= st.checkpoint; };
  for (auto& w : st.waiting) {
    if (reached(w)) w.second.deliver(true);
  }
  st.waiting.erase(std::remove_if(st.waiting.begin(), st.waiting.end(), reached), st.waiting.end());
}

// A damaged or future-schema record: the runner stops there and says so; it never skips.
void stop_at(runner* self, const std::string& why) {
  auto& st = self->state;
  st.cursor.reset();
  st.stopped = true;
  st.error = why;
  for (auto& w : st.waiting) w.second.deliver(caf::make_error(caf::sec::runtime_error, why));
  st.waiting.clear();
}

// A failed read or write of the store: start again from the last commit, a little later.
void retry_later(runner* self, const std::string& why) {
  auto& st = self->state;
  st.cursor.reset();
  st.error = "retrying: " + why;
  try {
    st.model->load(*st.store);
    st.checkpoint = st.applied = st.store->projection_checkpoint(st.model->name());
  } catch (const projection_state_damaged& e) {
    return stop_at(self, std::string("stored state: ") + e.what());
  } catch (const std::exception&) {
    // The store is still failing; the next attempt loads again.
  }
  st.step_scheduled = true;
  self->delayed_send(self, std::chrono::seconds(1), catch_up_atom::value);
}

void commit(runner* self) {
  auto& st = self->state;
  if (st.applied == st.checkpoint) return;
  st.store->commit_projection(st.model->name(), st.applied, st.model->take_changes());
  st.checkpoint = st.applied;
}

// Applies up to one batch of committed events; commits when caught up or when enough
// has piled up.
void step(runner* self) {
  auto& st = self->state;
  try {
    if (!st.cursor) st.cursor = st.store->read_log(st.applied + 1);
    events::EventRecord record;
    size_t n = 0;
    while (n < st.options.batch_events && st.cursor->next(record)) {
      ++n;
      st.applied = record.envelope().sequence();
      auto type = static_cast<size_t>(record.event().payload_case());
      if (type < st.consumed.size() && st.consumed[type]) st.model->apply(record);
    }
    bool at_end = n < st.options.batch_events;
    if (at_end) st.cursor.reset();  // the next step opens one that sees newer commits
    st.head = std::max(st.head, st.applied);
    if (at_end || st.applied - st.checkpoint >= st.options.commit_every_events) commit(self);
    if (st.error.rfind("retrying", 0) == 0) st.error.clear();
    if (st.rebuild_target != 0 && st.checkpoint >= st.rebuild_target) st.rebuild_target = 0;
    answer_waiting(self);
    // Go on while there is more; when a step finds nothing new, wait for the bus.
    if (!at_end || (n > 0 && st.applied < st.head)) schedule_step(self);
  } catch (const storage::store_error& e) {
    if (e.code() == storage::store_errc::corrupt_record ||
        e.code() == storage::store_errc::future_schema) {
      stop_at(self, e.what());
    } else {
      retry_later(self, e.what());
    }
  } catch (const std::exception& e) {
    retry_later(self, e.what());
  }
}

void start_from_store(runner* self) {
  auto& st = self->state;
  st.model->load(*st.store);
  st.checkpoint = st.applied = st.store->projection_checkpoint(st.model->name());
  st.head = std::max(st.head, st.store->global_head());
}

}  // namespace

caf::behavior projection_runner(runner* self, storage::event_store* store,
                                std::shared_ptr<projection> model, caf::actor bus,
                                projection_runner_options options) {
  auto& st = self->state;
  st.store = store;
  st.model = std::move(model);
  st.options = options;
  if (st.options.batch_events == 0) st.options.batch_events = 1;
  const auto* oneof = events::Event::descriptor()->FindOneofByName("payload");
  for (auto type : st.model->consumes()) {
    for (int i = 0; i < oneof->field_count(); ++i) {
      if (oneof->field(i)->name() != type) continue;
      auto number = static_cast<size_t>(oneof->field(i)->number());
      if (st.consumed.size() <= number) st.consumed.resize(number + 1);
      st.consumed[number] = true;
    }
  }
  try {
    start_from_store(self);
  } catch (const projection_state_damaged& e) {
    stop_at(self, std::string("stored state: ") + e.what());
  } catch (const std::exception& e) {
    retry_later(self, std::string("loading: ") + e.what());
  }
  if (bus) self->send(bus, listen_atom::value, caf::actor_cast<caf::actor>(self));
  schedule_step(self);

  caf::message_handler own{
      [self](head_atom, uint64_t head) {
        auto& st = self->state;
        st.head = std::max(st.head, head);
        if (st.head > st.applied) schedule_step(self);
      },
      [self](catch_up_atom) {
        self->state.step_scheduled = false;
        if (!self->state.stopped) step(self);
      },
      [self](status_atom) {
        const auto& st = self->state;
        projection_status s;
        s.name = std::string(st.model->name());
        s.checkpoint = st.checkpoint;
        s.head = st.head;
        try {
          s.head = std::max(s.head, st.store->global_head());
        } catch (const std::exception&) {
          // the head the runner knows will do
        }
        s.lag = s.head - std::min(s.head, st.checkpoint);
        s.rebuilding = st.rebuild_target != 0;
        s.error = st.error;
        return s;
      },
      [self](rebuild_atom) -> caf::result<bool> {
        auto& st = self->state;
        try {
          st.cursor.reset();
          st.store->reset_projection(st.model->name());
          st.model->clear();
          st.checkpoint = st.applied = 0;
          st.stopped = false;
          st.error.clear();
          st.head = std::max(st.head, st.store->global_head());
        } catch (const std::exception& e) {
          return caf::make_error(caf::sec::runtime_error, std::string("rebuild: ") + e.what());
        }
        st.rebuild_target = st.head;
        schedule_step(self);
        return true;
      },
      [self](reached_atom, uint64_t sequence) {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        if (st.checkpoint >= sequence) {
          promise.deliver(true);
        } else if (st.stopped) {
          promise.deliver(caf::make_error(caf::sec::runtime_error, st.error));
        } else {
          // It waits; the log reaching `sequence` (if it ever does) answers it.
          st.waiting.emplace_back(sequence, promise);
          schedule_step(self);
        }
        return promise;
      },
  };
  return own.or_else(self->state.model->queries());
}

}  // namespace reel::actors
