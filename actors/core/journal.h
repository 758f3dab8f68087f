// The journal: how actors persist events. It hands appends to the event store, whose own
// committer thread gathers the appends of many entities into one WriteBatch and one WAL
// sync (group commit), so no RocksDB write ever runs on a CAF scheduler thread. Once an
// append's outcome is durable, the journal tells the appending actor and the event bus.
#pragma once

#include <caf/all.hpp>

#include <atomic>
#include <cstdint>
#include <memory>

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

  // Appends; the outcome arrives at `reply_to` as (appended_atom, append_result) once it is
  // durable. The call returns at once, unless the store's commit queue is full: then it
  // waits for room (backpressure), which slows producers instead of growing memory.
  void append(const caf::actor& reply_to, storage::append_request request);

  storage::event_store& store() { return store_; }
  journal_stats stats() const;

 private:
  // Shared with callbacks still pending in the store, which may outlive the journal.
  struct shared {
    caf::actor bus;
    std::atomic<uint64_t> appends{0}, failures{0};
  };
  storage::event_store& store_;
  std::shared_ptr<shared> shared_;
};

}  // namespace reel::actors
