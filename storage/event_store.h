// The event store: the durable, ordered log of every event, plus the snapshots and the
// projection state derived from it. This is the interface every store implements and the
// conformance suite (tests/storage/journal_spec.cpp) checks; rocksdb_event_store.h is the
// production implementation, memory_event_store.h a volatile one for tests.
//
// Guarantees of every implementation:
//  - Global sequences are dense from 1 and increase in commit order.
//  - Stream versions are dense from 1 per stream.
//  - An append is atomic: all of its events are visible, or none.
//  - When an append reports success, its events are durable (for a durable store).
//  - An append with an idempotency key already committed commits nothing and returns the
//    first result again, with `replayed` set.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/edges.h"
#include "reel/events.pb.h"
#include "storage/store_error.h"

namespace reel::storage {

// expected_version values with a special meaning.
inline constexpr uint64_t any_version = std::numeric_limits<uint64_t>::max();  // no check
inline constexpr uint64_t no_stream = 0;  // the stream must not exist yet

// At most this many events in one append.
inline constexpr size_t max_events_per_append = 1024;

// One event to append; the store adds the envelope's sequence, stream and version.
struct new_event {
  events::Event event;
  int64_t recorded_at_us = 0;  // UTC microseconds; 0 means "now"
  std::string correlation_id;  // the client's request id, if any
  std::string caused_by;       // a user id or "system:<component>"
};

struct append_request {
  std::string stream_id;  // printable ASCII, 1 to 128 bytes
  uint64_t expected_version = any_version;
  std::vector<new_event> events;
  std::string idempotency_key;  // empty: none
};

enum class append_status {
  committed,         // durable (or, with `replayed`, committed earlier under the same key)
  version_conflict,  // the stream was not at expected_version; nothing written
  invalid,           // the request is malformed; nothing written
  failed,            // not committed: the request was not written, or a write error left
                     // its fate unknown until the store reopens (retry with the same
                     // idempotency key to be safe)
  closed,            // the store is shutting down; nothing written
};
std::string_view status_name(append_status status);  // "committed", "version_conflict", ...

struct append_result {
  append_status status = append_status::failed;
  bool replayed = false;        // an earlier append with the same idempotency key
  uint64_t first_sequence = 0;  // the committed global sequences, inclusive
  uint64_t last_sequence = 0;
  uint64_t first_version = 0;  // the stream versions they took, inclusive
  uint64_t last_version = 0;
  std::string message;  // why, when not committed

  bool ok() const { return status == append_status::committed; }
};

struct snapshot {
  uint64_t version = 0;  // the stream version the state includes
  std::string state;
};

// A projection's writes, applied together with its new checkpoint in one atomic batch.
struct projection_change {
  std::string key;
  std::optional<std::string> value;  // nullopt deletes the key
};

// Reads the global log in order with bounded memory. next() throws store_error on a
// corrupted or future-schema record, naming its sequence; it never skips one.
class log_cursor {
 public:
  virtual ~log_cursor() = default;
  // Fills `out` with the next record and returns true, or returns false at the end of
  // what was committed when the cursor was opened.
  virtual bool next(events::EventRecord& out) = 0;
};

struct store_stats {
  uint64_t appends = 0;        // committed appends (not counting replays)
  uint64_t events = 0;         // committed events
  uint64_t batches = 0;        // group commits (one write + sync each)
  uint64_t largest_batch = 0;  // events in the largest group commit
  uint64_t queued_events = 0;  // waiting for the next group commit now
  uint64_t write_micros = 0;   // time spent writing and syncing batches
  uint64_t build_micros = 0;   // time spent checking and encoding batches
  uint64_t answer_micros = 0;  // time spent running append callbacks
  // Why appends fail for now (out of disk space or file descriptors): they succeed again
  // once the cause is gone, without a restart. Empty: they do not.
  std::string unavailable;
  // Why the store stopped accepting appends for good (any other write error, a failed
  // sync): only reopening it, after the cause is fixed, serves again. Empty: it has not.
  std::string stopped;
};

class event_store {
 public:
  using append_callback = std::function<void(append_result)>;

  virtual ~event_store() = default;

  // Queues an append; `done` runs once, after the outcome is durable, on a store thread
  // (or at once on the caller's thread for an invalid request). `done` must be quick, must
  // not throw, and must not wait for another append. Blocks while the commit queue is
  // full (backpressure), never longer.
  virtual void append_async(append_request request, append_callback done) = 0;

  // Appends and waits until the outcome is durable.
  append_result append(append_request request);

  // Up to max_count events of a stream, from from_version (1 is the first) on.
  virtual std::vector<events::EventRecord> read_stream(std::string_view stream_id,
                                                       uint64_t from_version, size_t max_count) = 0;
  // The stream's version (its number of events); 0 for a stream with no events.
  virtual uint64_t stream_head(std::string_view stream_id) = 0;
  // The last committed global sequence; 0 for an empty log.
  virtual uint64_t global_head() = 0;
  // The result of the append committed under an idempotency key (with `replayed` set), or
  // nullopt when none committed. Lets a caller whose retry the rules now refuse (a second
  // "follow") answer with the first outcome instead.
  virtual std::optional<append_result> find_append(std::string_view idempotency_key) = 0;
  // The event at global `sequence` (1 is the first); nullopt past the committed head. One
  // point read, no cursor: what a retried request needs to answer as the first one did.
  // Throws store_error (corrupt_record, future_schema) when the record is damaged.
  virtual std::optional<events::EventRecord> read_event(uint64_t sequence) = 0;
  // The global log from from_sequence (1 is the first) up to what is committed now.
  // A cursor must not outlive its store.
  virtual std::unique_ptr<log_cursor> read_log(uint64_t from_sequence) = 0;

  virtual void save_snapshot(std::string_view stream_id, const snapshot& snap) = 0;
  virtual std::optional<snapshot> load_snapshot(std::string_view stream_id) = 0;

  // Projection state: keys are private to each projection name. A commit writes the
  // changes, the checkpoint and the digest of the state (projections/state_digest.h; empty:
  // none kept) in one atomic batch. Not synced: projections are rebuilt from the log.
  virtual void commit_projection(std::string_view projection, uint64_t checkpoint,
                                 const std::vector<projection_change>& changes,
                                 std::string_view digest) = 0;
  void commit_projection(std::string_view projection, uint64_t checkpoint,
                         const std::vector<projection_change>& changes) {
    commit_projection(projection, checkpoint, changes, {});
  }
  virtual uint64_t projection_checkpoint(std::string_view projection) = 0;
  // The digest committed with the checkpoint; empty when none was.
  virtual std::string projection_digest(std::string_view projection) = 0;
  virtual std::optional<std::string> projection_get(std::string_view projection,
                                                    std::string_view key) = 0;
  // Calls `visit` for each key with the prefix, in key order, until it returns false.
  virtual void projection_scan(
      std::string_view projection, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) = 0;
  // Drops the projection's state and checkpoint, e.g. to rebuild it from sequence 0.
  virtual void reset_projection(std::string_view projection) = 0;

  // The edge index (domain/edges.h): members of sets too large for an entity's state, keyed
  // as each kind derives them from its events. Derived data: an entity writes its edges
  // through its store worker once the events that imply them commit, unsynced, before any
  // later snapshot of it; its activation writes again those of the events after the
  // snapshot it starts from. So a crash loses no edge the log implies (docs/storage.md).
  // The changes apply in order, all or none.
  virtual void write_edges(const domain::edge_changes& changes) = 0;
  virtual bool has_edge(std::string_view key) = 0;
  // Calls `visit` for each edge key with the prefix, in key order, until it returns false.
  // Only keys after `prefix + after` (empty: from the first): a page goes on where the last
  // one stopped without walking what it already gave.
  virtual void scan_edges(std::string_view prefix, std::string_view after,
                          const std::function<bool(std::string_view key)>& visit) = 0;

  virtual store_stats stats() = 0;

  // Writes a consistent copy of the store to `directory` (which must not exist), also while
  // appends run: the copy holds at least every append acknowledged before the call. Throws
  // store_error: storage_failure, or invalid_argument for a store with nothing on disk.
  virtual void backup_to(const std::filesystem::path& directory);
};

// Shared by every implementation. The checks return an empty string when valid.
std::string check_stream_id(std::string_view stream_id);
std::string check_projection_name(std::string_view name);
std::string check_append(const append_request& request);
void require_valid(std::string problem);  // throws store_error(invalid_argument) unless empty
append_result unsuccessful(append_status status, std::string message);
append_result conflict_result(std::string_view stream_id, uint64_t head, uint64_t expected);

}  // namespace reel::storage
