// The runner of one projection: a detached actor (its reads and writes of RocksDB stay off
// the scheduler threads) that keeps the projection up with the log.
//
// Messages:
//   (head_atom, sequence)          from the event bus: the log grew
//   (status_atom) -> projection_status
//   (rebuild_atom) -> bool         drop the state and checkpoint, rebuild from sequence 0
//                                  while the rest of the system keeps serving
//   (reached_atom, sequence) -> bool  answers once the checkpoint reaches `sequence`
//   the projection's own queries
#pragma once

#include <caf/all.hpp>

#include <memory>
#include <utility>
#include <vector>

#include "actors/messages.h"
#include "actors/projection.h"

namespace reel::actors {

struct projection_runner_options {
  size_t batch_events = 16384;  // events read per step; queries are answered between steps
  // While catching up, changes are committed every this many events; once the runner is
  // at the head of the log, after every step. Fewer commits during a replay mean a key
  // changed many times is written once.
  size_t commit_every_events = size_t{1} << 20;
};

struct projection_runner_state {
  std::shared_ptr<projection> model;
  storage::event_store* store = nullptr;
  projection_runner_options options;
  std::vector<bool> consumed;  // by Event::PayloadCase
  std::unique_ptr<storage::log_cursor> cursor;
  uint64_t checkpoint = 0;  // committed together with the state
  uint64_t applied = 0;     // applied to the in-memory state (>= checkpoint)
  uint64_t head = 0;
  uint64_t rebuild_target = 0;  // the head when a rebuild started; 0: not rebuilding
  bool step_scheduled = false;
  bool stopped = false;  // at a damaged record, until a rebuild
  std::string error;     // why it stopped, or "retrying: ..." while the store fails
  std::vector<std::pair<uint64_t, caf::response_promise>> waiting;  // (sequence, promise)
};

// `bus` may be unset (then only rebuild and explicit steps move it).
caf::behavior projection_runner(caf::stateful_actor<projection_runner_state>* self,
                                storage::event_store* store, std::shared_ptr<projection> model,
                                caf::actor bus, projection_runner_options options);

}  // namespace reel::actors
