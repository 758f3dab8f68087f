// The projection host: one detached actor (its reads and writes of RocksDB stay off the
// scheduler threads) that runs every projection of the node through one fold
// (projections/fold.h), so a cold start or a rebuild reads the log once for all of them,
// and answers their queries between steps.
//
// Messages:
//   (head_atom, sequence)                  from the event bus: the log grew
//   (status_atom) -> std::vector<projection_status>
//   (rebuild_atom, index) -> bool          drop that projection's state and checkpoint and
//                                          rebuild it from sequence 1 while the node serves
//                                          (the others wait for the scan to reach them)
//   (reached_atom, index, sequence) -> bool  answers once that projection's checkpoint
//                                          reaches `sequence` (read your writes; the
//                                          host commits what it applied to answer)
//   every projection's queries (projection_handle.h)
#pragma once

#include <caf/all.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "actors/core/messages.h"
#include "projections/fold.h"

namespace reel::actors {

struct projection_status {
  std::string name;
  uint64_t checkpoint = 0;  // the last global sequence applied and committed
  uint64_t head = 0;        // the committed head the host knows of
  uint64_t lag = 0;         // head - checkpoint
  bool rebuilding = false;  // since a rebuild, not yet caught up
  std::string digest;       // of the state at the checkpoint, 64 hex digits
  std::string error;        // why it stopped (a damaged record), if it did
};

struct projection_host_options {
  // The host commits at the end of the log on its own schedule (commit_at_end is ignored).
  projections::fold_options fold;
  // At the end of the log, how long applied events may wait for their commit. Queries read
  // the applied state, and a `reached` waiter gets a commit at once, so this only bounds
  // what a restart replays; it spares a busy log one commit per group commit.
  std::chrono::milliseconds commit_interval{100};
};

// What a module gives the host for one of its projections.
struct hosted_projection {
  std::shared_ptr<projections::projection> model;
  caf::message_handler queries;  // answered on the host, between steps; may be empty
};

class status_board;

struct projection_host_state {
  std::unique_ptr<projections::fold> fold;
  storage::event_store* store = nullptr;
  status_board* board = nullptr;  // where the status is published (may be null)
  uint64_t head = 0;
  std::vector<uint64_t> rebuild_targets;  // per projection: the head when a rebuild began
  bool step_scheduled = false;
  bool commit_scheduled = false;
  std::chrono::milliseconds commit_interval{100};
  std::string failing;  // "retrying: ..." while the store fails
  struct waiter {
    uint32_t index;
    uint64_t sequence;
    caf::response_promise promise;
  };
  std::vector<waiter> waiting;
};

// `bus` may be unset (then only rebuilds and explicit steps move it). `board` (may be
// null) receives every projection's status after each step, commit and rebuild.
caf::behavior projection_host(caf::stateful_actor<projection_host_state>* self,
                              storage::event_store* store, std::vector<hosted_projection> hosted,
                              caf::actor bus, projection_host_options options, status_board* board);

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::projection_status)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<reel::actors::projection_status>)
