// The journal: how actors persist events. Actors hand it appends and go on; its own threads
// (lanes, one per core by default; a stream always takes the same lane, so its appends keep
// their order) pass them to the event store, where the encoding, the idempotency lookup and,
// when the commit queue is full, the wait for room (backpressure) run; the store's
// committer gathers the
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
#include <vector>

#include "actors/core/messages.h"
#include "domain/clock.h"
#include "storage/event_store.h"

namespace reel::actors {

struct journal_stats {
  uint64_t appends = 0;   // appends handed to the store
  uint64_t failures = 0;  // appends that did not commit (conflicts and write errors)
};

class journal {
 public:
  // `bus` receives (committed_atom, last_sequence) after each commit; it may be unset.
  // `lanes`: threads handing appends to the store (0: one per hardware thread).
  // `clock`: when set (an injected one), it stamps every event that has no time of its own,
  // so the log's times and the rules' "now" agree; unset, the store stamps the wall clock.
  journal(storage::event_store& store, caf::actor bus, size_t lanes = 0,
          const domain::clock* clock = nullptr);
  ~journal();  // hands what is queued to the store, then stops its threads

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
  struct lane {
    std::mutex mu;
    std::condition_variable ready;
    std::deque<queued> queue;
    bool closing = false;
    std::thread thread;
  };
  void run(lane& l);

  storage::event_store& store_;
  std::shared_ptr<shared> shared_;
  const domain::clock* clock_;
  std::vector<std::unique_ptr<lane>> lanes_;
};

}  // namespace reel::actors
