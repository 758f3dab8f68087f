// The journal: how actors persist events. Actors hand it appends and go on; its own thread
// passes them to the event store (where the idempotency lookup runs and, when the commit
// queue is full, the wait for room: backpressure), and the store's committer gathers the
// appends of many entities into one WriteBatch and one WAL sync (group commit). So no
// RocksDB call and no wait runs on a CAF scheduler thread. Once an append's outcome is
// durable, the journal tells the appending actor and the event bus.
#pragma once

#include <caf/all.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "actors/core/messages.h"
#include "storage/event_store.h"

namespace reel::actors {

struct journal_stats {
  uint64_t appends = 0;   // appends handed to the store
  uint64_t failures = 0;  // appends that did not commit (conflicts and write errors)
};

class journal {
 public:
  // `bus` receives (committed_atom, last_sequence) after each commit; it may be unset.
  journal(storage::event_store& store, caf::actor bus);
  ~journal();  // hands what is queued to the store, then stops its thread

  // Appends; the outcome arrives at `reply_to` as (appended_atom, append_result) once it is
  // durable. Returns at once: the queue is bounded by its appenders (an entity has one
  // append in flight, a flow one), and the store's backpressure holds the journal's
  // thread, not the caller.
  void append(const caf::actor& reply_to, storage::append_request request);

  storage::event_store& store() { return store_; }
  journal_stats stats() const;

 private:
  // Shared with callbacks still pending in the store, which may outlive the journal.
  struct shared {
    caf::actor bus;
    std::atomic<uint64_t> appends{0}, failures{0};
  };
  struct queued {
    caf::actor reply_to;
    storage::append_request request;
  };
  void run();

  storage::event_store& store_;
  std::shared_ptr<shared> shared_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<queued> queue_;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace reel::actors
