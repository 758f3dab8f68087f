// The fold step, shared by the live node (actors/core/projection_host.h) and the offline
// tools: read the log once from the lowest checkpoint, apply each event to every projection
// that is behind it and consumes it, and commit each projection's changes with its
// checkpoint and its digest (state_digest.h) in one batch. One scan feeds every projection
// that needs it: a cold start, a replay or a rebuild never reads the log once per projection.
//
//   projections::fold f(store);
//   f.add(std::make_shared<profile_counts_projection>());
//   f.load();
//   while (f.step() > 0) {}        // or fold_to_head(f)
//
// Guarantees:
//  - A projection's state, checkpoint and digest move together: after a commit the store
//    holds the state of applying exactly the events up to the checkpoint.
//  - A record that cannot be read (damaged, or of a newer schema) stops every projection
//    that had to read it, with the reason; the fold never skips a record. Projections past
//    it, or stopped for their own damaged state, do not hold the others back.
//  - A store failure throws storage::store_error out of step(); the fold's in-memory state
//    is then ahead of the store, so call reload() before stepping again.
// Not thread-safe: one thread (or one actor) drives a fold.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "projections/projection.h"
#include "projections/state_digest.h"
#include "storage/event_store.h"

namespace reel::projections {

struct fold_options {
  size_t batch_events = 16384;  // events read per step
  // While catching up, a projection commits every this many events. Fewer commits in a
  // replay mean a key changed many times is written once.
  size_t commit_every_events = size_t{1} << 20;
  // At the end of the log: commit after every step (true), or leave it to the caller's
  // commit_pending() (false; the node commits on a timer and before answering a waiter, so
  // a busy log is not one commit per group commit). A projection that was rebuilding
  // commits when it reaches the end either way.
  bool commit_at_end = true;
};

class fold {
 public:
  explicit fold(storage::event_store& store, fold_options options = {});
  ~fold();
  fold(const fold&) = delete;
  fold& operator=(const fold&) = delete;

  // Adds a projection before load(); returns its index. Names must be unique.
  size_t add(std::shared_ptr<projection> p);

  // Loads every projection's state, checkpoint and digest. A projection whose stored
  // state is damaged is stopped (error() says why). A database from before digests gets
  // each digest computed once from the stored state. Throws store_error when the store
  // fails.
  void load();
  // After a store failure: every running projection loads its last commit again.
  void reload();

  // Reads up to batch_events events past the lowest applied sequence of the running
  // projections, applies them and commits what is due. Returns the events read; 0 when
  // there was nothing new (or nothing runs).
  size_t step();

  // Commits every running projection that has applied past its checkpoint. Throws
  // store_error when the store fails (then reload() before stepping again).
  void commit_pending();
  // Whether some running projection has applied events it has not committed.
  bool uncommitted() const;

  // Drops a projection's state, checkpoint and digest; the next steps rebuild it from
  // sequence 1 (and restart a projection that was stopped).
  void reset(size_t index);

  size_t size() const { return members_.size(); }
  projection& at(size_t index) { return *members_[index].model; }
  const projection& at(size_t index) const { return *members_[index].model; }
  // The last sequence committed with the state, and the last applied in memory (>=).
  uint64_t checkpoint(size_t index) const { return members_[index].checkpoint; }
  uint64_t applied(size_t index) const { return members_[index].applied; }
  // The digest of the committed state (at checkpoint()).
  const state_digest& digest(size_t index) const { return members_[index].digest; }
  bool stopped(size_t index) const { return members_[index].stopped; }
  const std::string& error(size_t index) const { return members_[index].error; }

 private:
  struct member {
    std::shared_ptr<projection> model;
    std::vector<bool> consumed;  // by Event::PayloadCase
    uint64_t checkpoint = 0, applied = 0;
    state_digest digest;
    bool stopped = false;
    std::string error;
    // From an empty stored state (a rebuild, a first start) until the projection is at the
    // end of the log, the shares of the pairs it stored, so a commit subtracts them without
    // reading each changed key back; `tracking` is false once the fold reads instead.
    bool tracking = false;
    std::unordered_map<std::string, state_digest::pair_share> stored;
  };

  void load_member(member& m);
  void commit(member& m);
  void stop_tracking(member& m);
  void stop_behind(uint64_t sequence, const std::string& why);

  storage::event_store& store_;
  fold_options options_;
  std::vector<member> members_;
  std::unique_ptr<storage::log_cursor> cursor_;
  uint64_t cursor_next_ = 0;  // the sequence the open cursor returns next
};

// Steps `f` until it has read everything committed when called, and commits.
void fold_to_head(fold& f);

}  // namespace reel::projections
