// The production event store: RocksDB 7.8, column families and keys as in key_layout.h.
//
// Appends from any number of threads go through one bounded queue to one committer
// thread, which writes everything queued as one WriteBatch of event records with one WAL
// sync (group commit); only then does a second thread run the callbacks. The stream index
// and the idempotency index are derived from the log and written just after, by a third
// thread; open() re-derives whatever a crash left unindexed. Reads wait for the index to
// cover what was committed (see rocksdb_store_state.h).
//
// A write error stops the store from accepting further appends (fail-stop): after such an
// error RocksDB cannot say which of the batch's events reached the disk, and only
// reopening finds out. Running out of file descriptors or disk space is the exception
// (recoverable_file_system.h): appends fail ("store unavailable (retry later): ...") until
// RocksDB has resumed, which discards the failed batch (never applied, its WAL retired by the
// flush that resumes), and stats() says why in the meantime.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>

#include "storage/event_store.h"

namespace rocksdb {
class FileSystem;
}

namespace reel::storage {

struct rocksdb_store_options {
  std::filesystem::path path;
  bool read_only = false;                // a consistent view of a (possibly live) database
  bool sync = true;                      // sync the WAL before acknowledging an append
  size_t max_batch_events = 4096;        // events in one group commit
  size_t queue_capacity_events = 16384;  // appenders wait while this many are queued
  size_t head_cache_entries = 1 << 20;   // stream heads the committer remembers
  // When fewer events are queued than the last batch held, the committer waits up to this
  // long for the rest before writing (PostgreSQL's commit_delay): one sync then covers the
  // writers that are still on their way, instead of each half paying its own. 0: never wait.
  uint32_t commit_delay_us = 200;
  // Idempotency keys of this many recent appends are answered from memory; older ones
  // from the `idempotency` column family, which is written just after each commit. Keys
  // not yet written there stay in memory whatever this says.
  size_t idempotency_window_appends = 1 << 16;
  // Table files RocksDB keeps open at most (read-only instances: no limit). A process that
  // caps its own descriptors keeps this many, plus a few for the WAL and logs, for the store.
  int max_open_files = 1024;
  // Memory for all column families' memtables together: past it RocksDB flushes, so a
  // write-heavy load (hostile or not) holds at most this much unflushed. 0: RocksDB's
  // default, 64 MiB per family and two each.
  size_t memtable_budget_bytes = size_t{64} << 20;
  // What the files live on; null: the OS's. Either way it is wrapped so that running out
  // of descriptors or space can be recovered from. Tests inject faults here.
  std::shared_ptr<rocksdb::FileSystem> file_system;
};

class rocksdb_event_store final : public event_store {
 public:
  // Opens or creates the database, re-indexing what a crash left unindexed. Throws
  // store_error: storage_failure, incompatible, or corrupt_record when a record that
  // needs re-indexing is damaged (the error names it).
  static std::unique_ptr<rocksdb_event_store> open(const rocksdb_store_options& options);
  ~rocksdb_event_store() override;  // commits what is queued, then closes

  rocksdb_event_store(const rocksdb_event_store&) = delete;
  rocksdb_event_store& operator=(const rocksdb_event_store&) = delete;

  void append_async(append_request request, append_callback done) override;
  std::vector<events::EventRecord> read_stream(std::string_view stream_id, uint64_t from_version,
                                               size_t max_count) override;
  uint64_t stream_head(std::string_view stream_id) override;
  uint64_t global_head() override;
  std::optional<append_result> find_append(std::string_view idempotency_key) override;
  std::optional<events::EventRecord> read_event(uint64_t sequence) override;
  std::unique_ptr<log_cursor> read_log(uint64_t from_sequence) override;

  void save_snapshot(std::string_view stream_id, const snapshot& snap) override;
  std::optional<snapshot> load_snapshot(std::string_view stream_id) override;

  using event_store::commit_projection;
  void commit_projection(std::string_view projection, uint64_t checkpoint,
                         const std::vector<projection_change>& changes,
                         std::string_view digest) override;
  std::string projection_digest(std::string_view projection) override;
  uint64_t projection_checkpoint(std::string_view projection) override;
  std::optional<std::string> projection_get(std::string_view projection,
                                            std::string_view key) override;
  void projection_scan(
      std::string_view projection, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) override;
  void reset_projection(std::string_view projection) override;

  void write_edges(const domain::edge_changes& changes) override;
  bool has_edge(std::string_view key) override;
  void scan_edges(std::string_view prefix, std::string_view after,
                  const std::function<bool(std::string_view key)>& visit) override;

  store_stats stats() override;

  // A RocksDB checkpoint: files are hard-linked where `directory` is on the same file
  // system (cheap, but then not a copy against the disk failing: move it off the machine).
  void backup_to(const std::filesystem::path& directory) override;

 private:
  struct impl;
  explicit rocksdb_event_store(std::unique_ptr<impl> state);
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::storage
