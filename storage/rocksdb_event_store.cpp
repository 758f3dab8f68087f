#include "storage/rocksdb_event_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>

#include <unistd.h>

#include "storage/key_layout.h"
#include "storage/record_format.h"
#include "storage/recoverable_file_system.h"
#include "storage/rocksdb_log_cursor.h"
#include "storage/rocksdb_store_state.h"

namespace reel::storage {

void throw_rocksdb_failure(const rocksdb::Status& status, std::string_view what) {
  throw store_error(store_errc::storage_failure, std::string(what) + ": " + status.ToString());
}

rocksdb::Status rocksdb_write(rocksdb::DB& db, const rocksdb::WriteOptions& options,
                              rocksdb::WriteBatch* batch) {
#if defined(__SANITIZE_THREAD__)
  static std::mutex in_turn;
  std::lock_guard lock(in_turn);
#endif
  return db.Write(options, batch);
}

rocksdb_event_store::impl::~impl() {
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  if (db) db->Close();
  if (!secondary_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(secondary_path, ignored);
  }
}

namespace {

using rocksdb::ColumnFamilyHandle;
using rocksdb::Slice;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The stream id of a `streams` key (the bytes before the 0x00 or 0x01 separator). Given
// to the memtable as an insert hint: a stream's keys are inserted next to its previous
// ones, so the skiplist insert does not search from the top for every event.
class stream_id_prefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "reel.stream_id_prefix"; }
  Slice Transform(const Slice& key) const override { return Slice(key.data(), separator(key)); }
  bool InDomain(const Slice& key) const override { return separator(key) < key.size(); }

 private:
  static size_t separator(const Slice& key) {
    for (size_t i = 0; i < key.size(); ++i) {
      if (static_cast<uint8_t>(key[i]) <= 0x01) return i;
    }
    return key.size();
  }
};

}  // namespace

rocksdb_event_store::rocksdb_event_store(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

std::unique_ptr<rocksdb_event_store> rocksdb_event_store::open(
    const rocksdb_store_options& options) {
  auto state = std::make_unique<impl>();
  state->options = options;
  if (state->options.max_batch_events == 0) state->options.max_batch_events = 1;
  if (state->options.queue_capacity_events < max_events_per_append) {
    state->options.queue_capacity_events = max_events_per_append;
  }

  rocksdb::Options db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = !options.read_only;
  db_options.max_background_jobs = 2;
  // The hash memtable of `idempotency` cannot take concurrent memtable writes.
  db_options.allow_concurrent_memtable_write = false;
  // The indexer writes without the WAL; flushing all families together keeps the index
  // and its `indexed_through` checkpoint consistent on disk.
  db_options.atomic_flush = true;
  db_options.max_open_files = options.read_only ? -1 : options.max_open_files;
  db_options.db_write_buffer_size = options.memtable_budget_bytes;
  state->env = rocksdb::NewCompositeEnv(make_recoverable_file_system(options.file_system));
  db_options.env = state->env.get();

  rocksdb::ColumnFamilyOptions point_lookups;  // Get-heavy families get bloom filters
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  point_lookups.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::ColumnFamilyOptions plain;
  auto events_options = plain;
  // The log is read in full by every rebuild: LZ4 decompresses faster than the default Snappy.
  events_options.compression = rocksdb::kLZ4Compression;
  auto streams_options = point_lookups;
  streams_options.memtable_insert_with_hint_prefix_extractor = std::make_shared<stream_id_prefix>();
  auto idempotency_options = point_lookups;  // random keys, point lookups only: a hash memtable
  idempotency_options.prefix_extractor.reset(
      rocksdb::NewFixedPrefixTransform(layout::idempotency_prefix_bytes));
  idempotency_options.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory());

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {std::string(layout::cf_events), events_options},
      {std::string(layout::cf_streams), streams_options},
      {std::string(layout::cf_snapshots), point_lookups},
      {std::string(layout::cf_projections), plain},
      {std::string(layout::cf_idempotency), idempotency_options},
      {std::string(layout::cf_meta), point_lookups},
      {std::string(layout::cf_edges), point_lookups},  // last: absent in older databases
  };
  if (options.read_only) {
    // A database written before the edge index has no `edges` family, and a secondary
    // cannot create it: open what is there (has_edge then answers false).
    std::vector<std::string> present;
    auto listed = rocksdb::DB::ListColumnFamilies(db_options, options.path.string(), &present);
    if (listed.ok() && std::find(present.begin(), present.end(), layout::cf_edges) == present.end())
      families.pop_back();  // `edges`, the last; any other missing family fails the open
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.read_only) {
    // A secondary instance can follow a database another process has open.
    state->secondary_path =
        (std::filesystem::temp_directory_path() /
         ("reel-secondary-" + std::to_string(::getpid()) + "-" + std::to_string(now_us())))
            .string();
    s = rocksdb::DB::OpenAsSecondary(db_options, options.path.string(), state->secondary_path,
                                     families, &state->handles, &raw);
  } else {
    s = rocksdb::DB::Open(db_options, options.path.string(), families, &state->handles, &raw);
  }
  if (!s.ok()) throw_rocksdb_failure(s, "opening " + options.path.string());
  state->db.reset(raw);
  state->events = state->handles[1];
  state->streams = state->handles[2];
  state->snapshots = state->handles[3];
  state->projections = state->handles[4];
  state->idempotency = state->handles[5];
  state->meta = state->handles[6];
  if (state->handles.size() > 7) state->edges = state->handles[7];
  if (options.read_only) {
    s = state->db->TryCatchUpWithPrimary();
    if (!s.ok()) throw_rocksdb_failure(s, "catching up with " + options.path.string());
  }

  std::string format;
  s = state->db->Get(rocksdb::ReadOptions(), state->meta, layout::meta_store_format, &format);
  if (!s.ok() && !s.IsNotFound()) throw_rocksdb_failure(s, "reading store format");
  uint64_t found = 0;  // none: a new database
  if (s.ok()) {
    if (format.size() != 8) {
      throw store_error(store_errc::corrupt_record, "store format record is damaged");
    }
    found = layout::get_u64(format);
    if (found > layout::store_format) {
      throw store_error(store_errc::incompatible,
                        "database has store format " + std::to_string(found) +
                            "; this build reads up to " + std::to_string(layout::store_format));
    }
  }
  // New, or older than this build: record the format this build writes, before it writes
  // anything in it, so that older builds refuse the database instead of misreading it.
  if (found < layout::store_format && !options.read_only) {
    std::string value;
    layout::put_u64(value, layout::store_format);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    rocksdb::WriteBatch wb;
    wb.Put(state->meta, layout::meta_store_format, value);
    s = rocksdb_write(*state->db, wo, &wb);
    if (!s.ok()) throw_rocksdb_failure(s, "writing store format");
  }

  {  // the iterator must be gone before the database closes, also on an error below
    std::unique_ptr<rocksdb::Iterator> last(
        state->db->NewIterator(rocksdb::ReadOptions(), state->events));
    last->SeekToLast();
    if (last->Valid()) {
      if (last->key().size() != 8)
        throw store_error(store_errc::corrupt_record, "event log holds a malformed key");
      state->next_sequence = layout::get_u64(view_of(last->key())) + 1;
    } else if (!last->status().ok()) {
      throw_rocksdb_failure(last->status(), "finding the end of the event log");
    }
  }
  state->committed_head.store(state->next_sequence - 1);

  state->recent_keys = idempotency_window(state->options.idempotency_window_appends);
  auto* open_state = state.get();
  std::unique_ptr<rocksdb_event_store> store(new rocksdb_event_store(std::move(state)));
  if (options.read_only) {
    open_state->indexed_through.store(open_state->committed_head.load());
  } else {
    open_state->reindex_from_log();  // after a crash, the index may lag the log
    open_state->start_threads();     // last: the store object now stops them when it goes
  }
  return store;
}

rocksdb_event_store::~rocksdb_event_store() {
  impl_->stop_threads();
}

void rocksdb_event_store::append_async(append_request request, append_callback done) {
  if (auto problem = check_append(request); !problem.empty()) {
    done(unsuccessful(append_status::invalid, std::move(problem)));
    return;
  }
  if (impl_->options.read_only) {
    done(unsuccessful(append_status::invalid, "the store is open read-only"));
    return;
  }
  pending_append p;
  p.stream_id = std::move(request.stream_id);
  p.expected_version = request.expected_version;
  p.idempotency_key = std::move(request.idempotency_key);
  p.done = std::move(done);
  p.events = encode_events(request.events);
  impl_->look_up_key(p);
  size_t n = p.events.size();
  std::unique_lock lock(impl_->mu);
  impl_->not_full.wait(lock, [&] {
    return impl_->closing || impl_->queue.empty() ||
           impl_->queued_events + n <= impl_->options.queue_capacity_events;
  });
  if (impl_->closing) {
    lock.unlock();
    p.done(unsuccessful(append_status::closed, "the store is closing"));
    return;
  }
  impl_->queued_events += n;
  impl_->queue.push_back(std::move(p));
  bool wake = impl_->queued_events >= impl_->wake_at_queued;
  lock.unlock();
  if (wake) impl_->not_empty.notify_one();
}

std::vector<events::EventRecord> rocksdb_event_store::read_stream(std::string_view stream_id,
                                                                  uint64_t from_version,
                                                                  size_t max_count) {
  require_valid(check_stream_id(stream_id));
  std::vector<events::EventRecord> out;
  if (max_count == 0) return out;
  impl_->wait_until_indexed(impl_->committed_head.load(std::memory_order_acquire));
  auto upper = layout::stream_events_end(stream_id);
  Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  // One snapshot for the index and the events, so a concurrent commit cannot tear the read.
  // A read-only (secondary) instance changes only when it catches up, and has no snapshots.
  const rocksdb::Snapshot* snap = impl_->options.read_only ? nullptr : impl_->db->GetSnapshot();
  ro.snapshot = snap;
  struct release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~release() {
      if (s) db->ReleaseSnapshot(s);
    }
  } releaser{impl_->db.get(), snap};

  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->streams));
  std::vector<std::string> keys;
  uint64_t last_version_read = 0;
  const size_t key_size = layout::stream_events_prefix(stream_id).size() + 8;
  for (it->Seek(layout::stream_event_key(stream_id, std::max<uint64_t>(from_version, 1)));
       it->Valid() && keys.size() < max_count; it->Next()) {
    if (it->value().size() != 8 || it->key().size() != key_size) {
      throw store_error(store_errc::corrupt_record,
                        "stream index entry of " + std::string(stream_id) + " is damaged");
    }
    keys.emplace_back(it->value().data(), 8);
    last_version_read = layout::get_u64(view_of(it->key()).substr(key_size - 8));
  }
  if (!it->status().ok())
    throw_rocksdb_failure(it->status(), "reading stream " + std::string(stream_id));
  if (const auto* tail = impl_->read_only_tail()) {
    if (auto found = tail->streams.find(std::string(stream_id)); found != tail->streams.end()) {
      uint64_t after = keys.empty() ? 0 : last_version_read;
      for (auto [version, sequence] : found->second) {
        if (keys.size() >= max_count) break;
        if (version < from_version || version <= after) continue;
        keys.push_back(layout::event_key(sequence));
      }
    }
  }

  rocksdb::ReadOptions get_options;
  get_options.snapshot = snap;
  out.resize(keys.size());
  std::string value;
  for (size_t i = 0; i < keys.size(); ++i) {
    uint64_t sequence = layout::get_u64(keys[i]);
    auto s = impl_->db->Get(get_options, impl_->events, keys[i], &value);
    if (s.IsNotFound()) {
      throw store_error(store_errc::corrupt_record,
                        "event " + std::to_string(sequence) + ": indexed by stream " +
                            std::string(stream_id) + " but missing from the log",
                        sequence);
    }
    if (!s.ok()) throw_rocksdb_failure(s, "reading event " + std::to_string(sequence));
    unframe_record(sequence, value, out[i]);
  }
  return out;
}

uint64_t rocksdb_event_store::stream_head(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  if (const auto* tail = impl_->read_only_tail()) {
    if (auto found = tail->streams.find(std::string(stream_id)); found != tail->streams.end())
      return found->second.back().first;
  }
  return impl_->committed_and_indexed_head(stream_id);
}

std::optional<append_result> rocksdb_event_store::find_append(std::string_view key) {
  if (key.empty()) return std::nullopt;
  // The idempotency index is derived: once it covers every commit so far, it is exact.
  impl_->wait_until_indexed(impl_->committed_head.load(std::memory_order_acquire));
  if (const auto* tail = impl_->read_only_tail()) {
    if (auto found = tail->keys.find(std::string(key)); found != tail->keys.end())
      return found->second;
  }
  std::string stored;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->idempotency, layout::idempotency_key(key),
                          &stored);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) throw_rocksdb_failure(s, "reading an idempotency key");
  auto r = decode_append_result(stored);
  if (!r.ok()) throw store_error(store_errc::corrupt_record, "idempotency entry is damaged");
  return r;
}

const tail_index* rocksdb_event_store::impl::read_only_tail() {
  if (!options.read_only) return nullptr;
  std::lock_guard lock(tail_mu);
  if (!tail) {
    // Built on the first read that needs the index, so that reading the log itself
    // (`reelctl events`, `verify`) never depends on the tail being readable.
    auto built = std::make_unique<tail_index>();
    uint64_t through = read_indexed_through();
    if (through < committed_head.load()) {
      for_each_logged_append(through + 1, "indexing the log past the node's flushed index",
                             [&](const index_work& w) {
                               auto& versions = built->streams[w.stream_id];
                               w.for_each_event([&](uint64_t version, uint64_t sequence) {
                                 versions.emplace_back(version, sequence);
                               });
                               if (!w.idempotency_key.empty()) {
                                 auto result = w.result;
                                 result.replayed = true;
                                 built->keys.emplace(w.idempotency_key, result);
                               }
                             });
    }
    tail = std::move(built);
  }
  return tail.get();
}

uint64_t rocksdb_event_store::global_head() {
  return impl_->committed_head.load(std::memory_order_acquire);
}

std::optional<events::EventRecord> rocksdb_event_store::read_event(uint64_t sequence) {
  if (sequence == 0) return std::nullopt;
  std::string framed;
  auto s =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->events, layout::event_key(sequence), &framed);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) throw_rocksdb_failure(s, "reading event " + std::to_string(sequence));
  events::EventRecord out;
  unframe_record(sequence, framed, out);
  return out;
}

std::unique_ptr<log_cursor> rocksdb_event_store::read_log(uint64_t from_sequence) {
  rocksdb::ReadOptions ro;
  ro.readahead_size = 4 << 20;
  ro.fill_cache = false;  // a scan should not evict the working set
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->events));
  return std::make_unique<rocksdb_log_cursor>(std::move(it), std::max<uint64_t>(from_sequence, 1));
}

void rocksdb_event_store::save_snapshot(std::string_view stream_id, const snapshot& snap) {
  require_valid(check_stream_id(stream_id));
  std::string value;
  value.reserve(8 + snap.state.size());
  layout::put_u64(value, snap.version);
  value.append(snap.state);
  // Not synced: a snapshot is derived from synced events and may be lost in a crash.
  rocksdb::WriteBatch wb;
  wb.Put(impl_->snapshots, Slice(stream_id.data(), stream_id.size()), value);
  auto s = rocksdb_write(*impl_->db, rocksdb::WriteOptions(), &wb);
  if (!s.ok()) throw_rocksdb_failure(s, "saving the snapshot of " + std::string(stream_id));
}

std::optional<snapshot> rocksdb_event_store::load_snapshot(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->snapshots,
                          Slice(stream_id.data(), stream_id.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) throw_rocksdb_failure(s, "loading the snapshot of " + std::string(stream_id));
  if (value.size() < 8) {
    throw store_error(store_errc::corrupt_record,
                      "snapshot of " + std::string(stream_id) + " is damaged");
  }
  return snapshot{layout::get_u64(value), value.substr(8)};
}

void rocksdb_event_store::commit_projection(std::string_view projection, uint64_t checkpoint,
                                            const std::vector<projection_change>& changes,
                                            std::string_view digest) {
  require_valid(check_projection_name(projection));
  rocksdb::WriteBatch wb;
  for (const auto& change : changes) {
    auto key = layout::projection_state_key(projection, change.key);
    if (change.value) {
      wb.Put(impl_->projections, key, *change.value);
    } else {
      wb.Delete(impl_->projections, key);
    }
  }
  std::string value;
  layout::put_u64(value, checkpoint);
  wb.Put(impl_->projections, layout::projection_checkpoint_key(projection), value);
  if (digest.empty()) {
    wb.Delete(impl_->projections, layout::projection_digest_key(projection));
  } else {
    wb.Put(impl_->projections, layout::projection_digest_key(projection),
           Slice(digest.data(), digest.size()));
  }
  // Not synced: projections are rebuilt from the log; state and checkpoint stay together.
  auto s = rocksdb_write(*impl_->db, rocksdb::WriteOptions(), &wb);
  if (!s.ok()) throw_rocksdb_failure(s, "committing projection " + std::string(projection));
}

uint64_t rocksdb_event_store::projection_checkpoint(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->projections,
                          layout::projection_checkpoint_key(projection), &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) throw_rocksdb_failure(s, "reading the checkpoint of " + std::string(projection));
  if (value.size() != 8) {
    throw store_error(store_errc::corrupt_record,
                      "checkpoint of " + std::string(projection) + " is damaged");
  }
  return layout::get_u64(value);
}

std::string rocksdb_event_store::projection_digest(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->projections,
                          layout::projection_digest_key(projection), &value);
  if (s.IsNotFound()) return {};
  if (!s.ok()) throw_rocksdb_failure(s, "reading the digest of " + std::string(projection));
  return value;
}

void rocksdb_event_store::write_edges(const domain::edge_changes& changes) {
  if (changes.empty()) return;
  if (!impl_->edges) throw store_error(store_errc::invalid_argument, "the store is read-only");
  rocksdb::WriteBatch wb;
  for (const auto& c : changes) {
    auto s = c.present ? wb.Put(impl_->edges, c.key, Slice()) : wb.Delete(impl_->edges, c.key);
    if (!s.ok()) throw_rocksdb_failure(s, "writing edges");
  }
  // Not synced: edges are derived from synced events (event_store.h says how they recover).
  auto s = rocksdb_write(*impl_->db, rocksdb::WriteOptions(), &wb);
  if (!s.ok()) throw_rocksdb_failure(s, "writing edges");
}

bool rocksdb_event_store::has_edge(std::string_view key) {
  if (!impl_->edges) return false;
  rocksdb::PinnableSlice value;
  auto s =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->edges, Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) throw_rocksdb_failure(s, "reading an edge");
  return true;
}

void rocksdb_event_store::scan_edges(std::string_view prefix, std::string_view after,
                                     const std::function<bool(std::string_view key)>& visit) {
  if (!impl_->edges) return;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->edges));
  std::string start(prefix);
  start.append(after);
  for (it->Seek(Slice(start)); it->Valid() && view_of(it->key()).starts_with(prefix); it->Next()) {
    if (!after.empty() && view_of(it->key()) == start) continue;
    if (!visit(view_of(it->key()))) return;
  }
  if (!it->status().ok()) throw_rocksdb_failure(it->status(), "scanning edges");
}

std::optional<std::string> rocksdb_event_store::projection_get(std::string_view projection,
                                                               std::string_view key) {
  require_valid(check_projection_name(projection));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->projections,
                          layout::projection_state_key(projection, key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) throw_rocksdb_failure(s, "reading projection " + std::string(projection));
  return value;
}

void rocksdb_event_store::projection_scan(
    std::string_view projection, std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) {
  require_valid(check_projection_name(projection));
  auto start = layout::projection_state_key(projection, prefix);
  auto state_prefix_size = layout::projection_state_key(projection, "").size();
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->projections));
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    auto key = view_of(it->key()).substr(state_prefix_size);
    if (!visit(key, view_of(it->value()))) return;
  }
  if (!it->status().ok())
    throw_rocksdb_failure(it->status(), "scanning projection " + std::string(projection));
}

void rocksdb_event_store::reset_projection(std::string_view projection) {
  require_valid(check_projection_name(projection));
  auto begin = layout::projection_prefix(projection);
  std::string end(projection);
  end.push_back('\x01');
  rocksdb::WriteBatch wb;
  wb.DeleteRange(impl_->projections, begin, end);
  rocksdb::WriteOptions wo;
  wo.sync = true;  // a reset must not come back after a crash with a stale checkpoint
  auto s = rocksdb_write(*impl_->db, wo, &wb);
  if (!s.ok()) throw_rocksdb_failure(s, "resetting projection " + std::string(projection));
}

store_stats rocksdb_event_store::stats() {
  store_stats out;
  out.appends = impl_->stat_appends.load(std::memory_order_relaxed);
  out.events = impl_->stat_events.load(std::memory_order_relaxed);
  out.batches = impl_->stat_batches.load(std::memory_order_relaxed);
  out.largest_batch = impl_->stat_largest.load(std::memory_order_relaxed);
  out.write_micros = impl_->stat_write_us.load(std::memory_order_relaxed);
  out.build_micros = impl_->stat_build_us.load(std::memory_order_relaxed);
  out.answer_micros = impl_->stat_answer_us.load(std::memory_order_relaxed);
  {
    std::lock_guard lock(impl_->mu);
    out.queued_events = impl_->queued_events;
    out.unavailable = impl_->unavailable;
    out.stopped = impl_->write_error;
  }
  if (out.unavailable.empty()) {
    std::lock_guard lock(impl_->index_mu);
    out.unavailable = impl_->index_unavailable;
  }
  return out;
}

void rocksdb_event_store::backup_to(const std::filesystem::path& directory) {
  rocksdb::Checkpoint* raw = nullptr;
  auto s = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  if (!s.ok()) throw_rocksdb_failure(s, "preparing a backup");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  s = checkpoint->CreateCheckpoint(directory.string());
  if (!s.ok()) throw_rocksdb_failure(s, "writing a backup to " + directory.string());
}

}  // namespace reel::storage
