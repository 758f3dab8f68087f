// Projections fold the global log into read models (profile counts, feeds, ledgers, queues).
// A projection is plain code behind this interface, free of CAF: the fold (fold.h) feeds it
// committed events in global order and commits its changes together with its checkpoint
// and its digest in one batch, so each event takes effect once. The live node runs the fold
// in an actor (actors/core/projection_host.h); offline tools run the very same fold.
//
// What a projection must guarantee:
//  - apply() is deterministic: the same events in the same order give the same state, so a
//    rebuild from sequence 0 ends in the state the live projection has at that sequence.
//  - take_changes() returns every key whose stored value differs from what the last call
//    returned, with its new value (or nullopt: deleted). Values are a pure function of the
//    state, so equal states store equal bytes, and digests (state_digest.h) compare them.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "reel/events.pb.h"
#include "storage/event_store.h"

namespace reel::projections {

// Thrown by projection::load when the stored state cannot be read. The fold stops that
// projection with the message (a rebuild from the log repairs it); it never folds the log
// onto a state it could not load.
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
  // The keys changed since the last call, for the fold to commit with its checkpoint.
  virtual std::vector<storage::projection_change> take_changes() = 0;
};

}  // namespace reel::projections
