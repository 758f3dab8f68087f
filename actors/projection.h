// Projections fold the global log into read models (profile counts, feeds, ledgers, queues).
// A projection is plain code behind this interface; its runner (projection_runner.h) feeds
// it committed events in global order, commits its changes together with its checkpoint in
// one batch, catches it up from that checkpoint at start, and rebuilds it from sequence 0 on
// demand. Because state and checkpoint commit together, each event takes effect once.
#pragma once

#include <caf/all.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "reel/events.pb.h"
#include "storage/event_store.h"

namespace reel::actors {

// Thrown by projection::load when the stored state cannot be read. The runner stops there
// with the message (a rebuild from the log repairs it); it never folds the log onto a
// state it could not load.
struct projection_state_damaged : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class projection {
 public:
  virtual ~projection() = default;

  // Unique per node; also the namespace of its keys in the store.
  virtual std::string_view name() const = 0;
  // The event types it reads (Event.payload field names, e.g. "user_followed").
  virtual std::vector<std::string_view> consumes() const = 0;

  // Loads the in-memory state from the store: what the last commit left. On failure the
  // state is as it was before the call. Throws projection_state_damaged for damage.
  virtual void load(storage::event_store& store) = 0;
  // Forgets all state, before a rebuild from sequence 0.
  virtual void clear() = 0;
  // Folds one consumed event in.
  virtual void apply(const events::EventRecord& record) = 0;
  // The keys changed since the last call, for the runner to commit with its checkpoint.
  virtual std::vector<storage::projection_change> take_changes() = 0;

  // Queries the projection answers; they run on its runner, between batches.
  virtual caf::message_handler queries() { return {}; }
};

struct projection_status {
  std::string name;
  uint64_t checkpoint = 0;  // the last global sequence applied and committed
  uint64_t head = 0;        // the committed head the runner knows of
  uint64_t lag = 0;         // head - checkpoint
  bool rebuilding = false;  // since a rebuild, not yet caught up
  std::string error;        // why it stopped (a damaged record), if it did
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::projection_status)
