// Store workers: detached actors that run the blocking store calls actors need (entity
// loads, snapshot writes, stream reads, idempotency lookups), so that no RocksDB call runs
// on a CAF scheduler thread (tests/support/failing_event_store.h checks it). A job runs on
// the worker's own thread and its result is the reply to the request that carried it.
//
// Messages:
//   (run_atom, store_job) -> whatever the job returns (its error as an error response)
//   (run_atom, store_chore)  fire and forget (a snapshot write); failures are dropped
#pragma once

#include <caf/all.hpp>

#include <functional>
#include <string>
#include <vector>

#include "actors/core/messages.h"
#include "reel/events.pb.h"
#include "storage/event_store.h"

namespace reel::actors {

using run_atom = caf::atom_constant<caf::atom("run")>;

// A blocking job; its message is the answer. Exceptions become `storage_failure` errors.
using store_job = std::function<caf::message()>;
// A blocking job nobody waits for.
struct store_chore {
  std::function<void()> run;
};

// Spawn detached; `index` names its thread ("reel-store-<index>"). (An argument also keeps
// CAF 0.17 from spawning a functor without one, which dereferences a null tuple.)
caf::behavior store_worker(caf::event_based_actor* self, size_t index);

// A few workers; the same key always goes to the same worker (a stream's jobs stay in order).
class store_workers {
 public:
  store_workers() = default;
  explicit store_workers(std::vector<caf::actor> workers) : workers_(std::move(workers)) {}
  const caf::actor& for_key(uint64_t key) const {
    return workers_[(key * 0x9E3779B97F4A7C15ull >> 32) % workers_.size()];
  }
  const std::vector<caf::actor>& all() const { return workers_; }

 private:
  std::vector<caf::actor> workers_;
};

// The error a failed job answers with: `storage_failure` to the caller (flow.h, from_caf).
caf::error store_job_failed(const std::string& what);

// The jobs entities and flows run.
// The event at `sequence` (an empty Event if there is none), by one point read.
store_job first_event_job(storage::event_store& store, uint64_t sequence);
// The first event of a stream (an empty Event if there is none): who claimed a handle, to
// whom a token was issued.
store_job stream_start_job(storage::event_store& store, std::string stream);
// The first `max` events of a stream (std::vector<events::Event>): a credential's issue
// and its revocation.
store_job stream_events_job(storage::event_store& store, std::string stream, uint64_t max);
// The first `max` records of a stream, envelopes and all (std::vector<events::EventRecord>):
// a moderation case's history.
store_job stream_records_job(storage::event_store& store, std::string stream, uint64_t max);
// The record at `sequence`, envelope and all (std::vector<events::EventRecord>, empty if
// there is none): when a retried request first committed.
store_job record_job(storage::event_store& store, uint64_t sequence);
// Whether the edge index holds `key` (bool).
store_job has_edge_job(storage::event_store& store, std::string key);
// The members of an owner's edges of one tag after `after` (empty: from the first), in key
// order, at most `limit` (std::vector<std::string>).
store_job edge_members_job(storage::event_store& store, std::string prefix, std::string after,
                           size_t limit);
// Writes edges (true once written).
store_job write_edges_job(storage::event_store& store, domain::edge_changes edges);
// The first outcome committed under an idempotency key (std::optional<append_result>).
store_job find_append_job(storage::event_store& store, std::string key);

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::store_job)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::store_chore)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::optional<reel::storage::append_result>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::events::EventRecord>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::events::Event)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::events::Event>)
