// Internal to the RocksDB event store: the state behind rocksdb_event_store, shared by
// rocksdb_event_store.cpp (opening, reads, snapshots, projections) and
// rocksdb_write_path.cpp (the committer, the indexer and the answer thread).
//
// The write path, in three threads:
//   committer  takes queued appends, checks idempotency keys and expected versions,
//              assigns sequences and versions, and writes only the event records, as one
//              WriteBatch with one WAL sync (group commit);
//   answerer   runs the appenders' callbacks once their batch is durable;
//   indexer    writes the derived `streams` and `idempotency` entries of committed
//              batches, unsynced, with the `indexed_through` checkpoint. After a crash,
//              open() indexes the events past the checkpoint again from the log.
// Appenders look their idempotency key up in the index themselves before queuing; the
// committer then only checks the keys committed since (kept in memory).
// The committer caches the head of every stream it writes; it waits for the indexer only
// to read an uncached head after the cache was cleared (when full), or when more than
// max_unindexed_events are unindexed. Readers of the index wait until it covers what was
// committed.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/idempotency_window.h"
#include "storage/record_format.h"
#include "storage/rocksdb_event_store.h"

namespace reel::storage {

// How an append or a read that failed for want of space or descriptors begins its message.
inline const std::string store_unavailable_prefix = "store unavailable (retry later): ";

[[noreturn]] void throw_rocksdb_failure(const rocksdb::Status& status, std::string_view what);

// Every write reel makes to RocksDB goes through here. Under TSan the writes take turns
// through a mutex TSan sees: Debian's RocksDB is not built with TSan, so the hand-off
// between the leaders of its write groups (a leader reuses buffers the one before wrote) is
// invisible to it, and the report shows only reel's frames (RocksDB's are uninstrumented),
// which the `rocksdb::` suppression cannot match. Other builds call DB::Write directly and
// RocksDB groups concurrent writers as it likes.
rocksdb::Status rocksdb_write(rocksdb::DB& db, const rocksdb::WriteOptions& options,
                              rocksdb::WriteBatch* batch);

// The value of an `idempotency` entry: the first result of the append under that key.
std::string encode_append_result(const append_result& result);
append_result decode_append_result(std::string_view bytes);  // failed when damaged
inline std::string_view view_of(const rocksdb::Slice& s) {
  return {s.data(), s.size()};
}

struct pending_append {
  std::string stream_id;
  uint64_t expected_version = 0;
  std::string idempotency_key;
  std::vector<encoded_event> events;
  event_store::append_callback done;
  // What the appender's own lookup of its idempotency key found in the index, before it
  // queued the append (lookups run on the appenders' threads, in parallel, not on the
  // committer's): the first result, or that no append up to `key_absent_through` used it.
  std::optional<append_result> indexed_result;
  std::optional<uint64_t> key_absent_through;
};

// What the indexer writes for one committed append.
struct index_work {
  std::string stream_id;
  std::string idempotency_key;
  append_result result;  // sequences and versions

  // Calls visit(version, sequence) for each event of the append, in order.
  template <class Visit>
  void for_each_event(Visit visit) const {
    for (uint64_t i = 0; i <= result.last_sequence - result.first_sequence; ++i)
      visit(result.first_version + i, result.first_sequence + i);
  }
};

// One group commit while the committer assembles it.
struct batch_in_progress {
  std::vector<pending_append> appends;
  std::vector<append_result> results;
  std::vector<bool> written;
  std::vector<std::pair<size_t, size_t>> same_key;  // (append, earlier append in this batch)
  std::unordered_map<std::string, uint64_t> heads;  // stream heads after this batch
  std::unordered_map<std::string, size_t> keys;     // idempotency keys written by this batch
  rocksdb::WriteBatch records;
  uint64_t next_sequence = 0;
  std::string stopped_by;       // the store's write error when the batch began, if any
  uint64_t taken_events = 0;    // events of the appends taken from the queue
  uint64_t written_events = 0;  // events this batch writes
};

// What a read-only instance indexes for itself: the log's events past the index it can
// see. A running node writes its index without the WAL, so a read-only instance (a RocksDB
// secondary) sees only what the node last flushed, while it sees the log to its head.
struct tail_index {
  std::unordered_map<std::string, std::vector<std::pair<uint64_t, uint64_t>>>
      streams;                                          // stream -> (version, sequence), ascending
  std::unordered_map<std::string, append_result> keys;  // idempotency key -> first result
};

struct rocksdb_event_store::impl {
  rocksdb_store_options options;
  std::unique_ptr<rocksdb::Env> env;  // over options.file_system; outlives db
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* snapshots = nullptr;
  rocksdb::ColumnFamilyHandle* projections = nullptr;
  rocksdb::ColumnFamilyHandle* idempotency = nullptr;
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* edges = nullptr;  // null: read-only over a database without
  std::string secondary_path;  // scratch folder of a read-only (secondary) instance

  // The commit queue, guarded by mu.
  std::mutex mu;
  std::condition_variable not_empty;
  std::condition_variable not_full;
  std::deque<pending_append> queue;
  size_t queued_events = 0;
  size_t last_batch_events = 0;
  // While the committer waits for stragglers, it wants waking only once this many events
  // are queued (one wake-up per batch, not one per append); 0 when it waits for any.
  size_t wake_at_queued = 0;
  bool closing = false;
  std::string write_error;  // set once a write failed: the store is then fail-stopped
  // Set while writes fail for want of disk space or descriptors (RocksDB resumes by
  // itself); cleared by the next write that succeeds, or by a probe while idle.
  std::string unavailable;
  std::atomic<bool> is_unavailable{false};  // the same, for the committer's fast path
  std::atomic<bool> stopping{false};        // stop_threads() began: the indexer stops retrying

  // Answers leave through their own thread, so the committer can start the next batch's
  // sync while this batch's appenders are woken.
  std::mutex answers_mu;
  std::condition_variable answers_ready;
  std::deque<std::pair<event_store::append_callback, append_result>> answers;
  bool answers_closing = false;

  // The indexer's queue and progress, guarded by index_mu.
  std::mutex index_mu;
  std::condition_variable index_ready;     // work arrived, or closing
  std::condition_variable index_advanced;  // indexed_through moved, or the indexer failed
  std::deque<index_work> index_queue;
  uint64_t index_queue_last_sequence = 0;
  bool index_closing = false;
  std::string index_error;
  std::string index_unavailable;  // the indexer is retrying a write that failed for want of
                                  // space or descriptors; readers then fail rather than wait
  std::atomic<uint64_t> indexed_through{0};

  static constexpr uint64_t max_unindexed_events = 1 << 16;
  static constexpr auto probe_interval = std::chrono::milliseconds(250);

  // Owned by the committer thread.
  uint64_t next_sequence = 1;
  std::unordered_map<std::string, uint64_t> head_cache;
  uint64_t head_cache_complete_after = 0;  // the cache holds every stream written after this
  idempotency_window recent_keys{1};

  std::atomic<uint64_t> committed_head{0};
  std::atomic<uint64_t> stat_appends{0}, stat_events{0}, stat_batches{0}, stat_largest{0};
  std::atomic<uint64_t> stat_write_us{0}, stat_build_us{0}, stat_answer_us{0};

  std::thread committer;
  std::thread indexer;
  std::thread answerer;

  ~impl();

  // Write path (rocksdb_write_path.cpp).
  void start_threads();
  void stop_threads();
  void run_committer();
  void add_to_batch(batch_in_progress& batch, pending_append append);
  void commit(batch_in_progress& batch, pending_append append, size_t index);
  void write_batch(batch_in_progress& batch);
  void run_indexer();
  void set_unavailable(std::string why);  // committer: writes fail until RocksDB resumes
  void probe_while_unavailable();         // committer, idle: has RocksDB resumed?
  void run_answerer();
  void look_up_key(pending_append& append);  // on the appender's thread
  uint64_t read_indexed_through();           // the index checkpoint as this instance sees it
  void reindex_from_log();                   // at open: index what the checkpoint does not cover
  // Groups the log's events from `from` on back into the appends that wrote them
  // (contiguous events of one stream sharing an idempotency key; without a key, each event
  // on its own), reading only envelopes. Throws store_error naming a missing or damaged
  // event, prefixed with `doing`.
  void for_each_logged_append(uint64_t from, std::string_view doing,
                              const std::function<void(const index_work&)>& visit);

  // A read-only instance's tail_index, built on first use (null when writable).
  std::mutex tail_mu;
  std::unique_ptr<tail_index> tail;
  const tail_index* read_only_tail();

  // Reads shared by both files.
  uint64_t read_head(std::string_view stream);  // from the index
  void wait_until_indexed(uint64_t sequence);   // throws if the indexer failed
  uint64_t committed_and_indexed_head(std::string_view stream);
};

}  // namespace reel::storage
