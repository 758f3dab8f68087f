#include "storage/rocksdb_event_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/checkpoint.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <unistd.h>

#include "domain/event_schema.h"
#include "storage/key_layout.h"
#include "storage/record_format.h"

namespace reel::storage {
namespace {

using rocksdb::ColumnFamilyHandle;
using rocksdb::Slice;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

uint64_t micros_between(std::chrono::steady_clock::time_point a,
                        std::chrono::steady_clock::time_point b) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(b - a).count());
}

std::string_view view(const Slice& s) {
  return {s.data(), s.size()};
}

[[noreturn]] void fail(const rocksdb::Status& status, std::string_view what) {
  throw store_error(store_errc::storage_failure, std::string(what) + ": " + status.ToString());
}

// Idempotency records keep the first result: sequences and versions, 4 x u64.
std::string encode_result(const append_result& r) {
  std::string out;
  layout::put_u64(out, r.first_sequence);
  layout::put_u64(out, r.last_sequence);
  layout::put_u64(out, r.first_version);
  layout::put_u64(out, r.last_version);
  return out;
}

append_result decode_result(std::string_view bytes) {
  append_result r;
  if (bytes.size() != 32) {
    r.status = append_status::failed;
    r.message = "idempotency record is damaged";
    return r;
  }
  r.status = append_status::committed;
  r.replayed = true;
  r.first_sequence = layout::get_u64(bytes.substr(0));
  r.last_sequence = layout::get_u64(bytes.substr(8));
  r.first_version = layout::get_u64(bytes.substr(16));
  r.last_version = layout::get_u64(bytes.substr(24));
  return r;
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

struct pending_append {
  std::string stream_id;
  uint64_t expected_version;
  std::string idempotency_key;
  std::vector<encoded_event> events;
  event_store::append_callback done;
};

// Reads the events column family in sequence order, checking density as it goes.
class rocksdb_log_cursor final : public log_cursor {
 public:
  rocksdb_log_cursor(std::unique_ptr<rocksdb::Iterator> it, uint64_t from_sequence)
      : it_(std::move(it)), expected_(from_sequence) {
    it_->Seek(layout::event_key(from_sequence));
  }

  bool next(events::EventRecord& out) override {
    if (!it_->Valid()) {
      if (!it_->status().ok()) fail(it_->status(), "reading the event log");
      return false;
    }
    auto key = view(it_->key());
    if (key.size() != 8) {
      throw store_error(store_errc::corrupt_record,
                        "event log holds a key of " + std::to_string(key.size()) +
                            " bytes after event " + std::to_string(expected_ - 1),
                        expected_);
    }
    uint64_t sequence = layout::get_u64(key);
    if (sequence != expected_) {
      throw store_error(store_errc::corrupt_record,
                        "event " + std::to_string(expected_) +
                            ": missing from the log (next present is " + std::to_string(sequence) +
                            ")",
                        expected_);
    }
    unframe_record(sequence, view(it_->value()), out);
    ++expected_;
    it_->Next();
    return true;
  }

 private:
  std::unique_ptr<rocksdb::Iterator> it_;
  uint64_t expected_;
};

}  // namespace

struct rocksdb_event_store::impl {
  rocksdb_store_options options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<ColumnFamilyHandle*> handles;
  ColumnFamilyHandle* events = nullptr;
  ColumnFamilyHandle* streams = nullptr;
  ColumnFamilyHandle* snapshots = nullptr;
  ColumnFamilyHandle* projections = nullptr;
  ColumnFamilyHandle* idempotency = nullptr;
  ColumnFamilyHandle* meta = nullptr;
  std::string secondary_path;  // scratch folder of a read-only (secondary) instance

  // The commit queue, guarded by mu.
  std::mutex mu;
  std::condition_variable not_empty;
  std::condition_variable not_full;
  std::deque<pending_append> queue;
  size_t queued_events = 0;
  size_t last_batch_events = 0;
  bool closing = false;
  std::string write_error;  // set once a write failed: the store is then fail-stopped

  // Answers leave through their own thread, so the committer can start the next batch's
  // write and sync while this batch's appenders are woken (they overlap on two cores).
  std::mutex answers_mu;
  std::condition_variable answers_ready;
  std::deque<std::pair<event_store::append_callback, append_result>> answers;
  bool answers_closing = false;
  std::thread answerer;

  // Owned by the committer thread.
  std::thread committer;
  uint64_t next_sequence = 1;
  std::unordered_map<std::string, uint64_t> head_cache;

  std::atomic<uint64_t> committed_head{0};
  std::atomic<uint64_t> stat_appends{0}, stat_events{0}, stat_batches{0}, stat_largest{0};
  std::atomic<uint64_t> stat_write_us{0}, stat_build_us{0};

  ~impl() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    if (db) db->Close();
    if (!secondary_path.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(secondary_path, ignored);
    }
  }

  void run_committer() {
    std::vector<pending_append> batch;
    for (;;) {
      batch.clear();
      {
        std::unique_lock lock(mu);
        not_empty.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;  // closing and drained
        if (options.commit_delay_us > 0 && queued_events < last_batch_events) {
          not_empty.wait_for(lock, std::chrono::microseconds(options.commit_delay_us),
                             [&] { return closing || queued_events >= last_batch_events; });
        }
        size_t events_in_batch = 0;
        while (!queue.empty() && (batch.empty() || events_in_batch + queue.front().events.size() <=
                                                       options.max_batch_events)) {
          events_in_batch += queue.front().events.size();
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
        queued_events -= events_in_batch;
        last_batch_events = events_in_batch;
      }
      not_full.notify_all();
      commit(batch);
    }
  }

  void run_answerer() {
    std::deque<std::pair<event_store::append_callback, append_result>> ready;
    for (;;) {
      {
        std::unique_lock lock(answers_mu);
        answers_ready.wait(lock, [&] { return answers_closing || !answers.empty(); });
        if (answers.empty()) return;  // closing and drained
        ready.swap(answers);
      }
      for (auto& [done, result] : ready) done(std::move(result));
      ready.clear();
    }
  }

  // Reads a stream's head as the committer sees it: this batch, then the cache, then disk.
  bool head_of(const std::string& stream, const std::unordered_map<std::string, uint64_t>& in_batch,
               uint64_t& head, std::string& error) {
    if (auto it = in_batch.find(stream); it != in_batch.end()) {
      head = it->second;
      return true;
    }
    if (auto it = head_cache.find(stream); it != head_cache.end()) {
      head = it->second;
      return true;
    }
    try {
      head = read_head(stream);
    } catch (const store_error& e) {
      error = e.what();
      return false;
    }
    return true;
  }

  // The version of a stream's last event on disk (0 for none): its last index key.
  uint64_t read_head(std::string_view stream) {
    auto lower = layout::stream_events_prefix(stream);
    Slice lower_slice(lower);
    rocksdb::ReadOptions ro;
    ro.iterate_lower_bound = &lower_slice;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, streams));
    it->SeekForPrev(layout::stream_event_key(stream, ~uint64_t{0}));
    if (!it->Valid()) {
      if (!it->status().ok()) fail(it->status(), "reading the head of " + std::string(stream));
      return 0;
    }
    auto key = view(it->key());
    if (key.size() != lower.size() + 8 || !key.starts_with(lower)) {
      throw store_error(store_errc::corrupt_record,
                        "stream index of " + std::string(stream) + " is damaged");
    }
    return layout::get_u64(key.substr(lower.size()));
  }

  void commit(std::vector<pending_append>& batch) {
    auto build_start = std::chrono::steady_clock::now();
    std::vector<append_result> results(batch.size());
    std::vector<bool> written(batch.size(), false);
    std::vector<std::pair<size_t, size_t>> same_key;  // (request, earlier request in batch)
    std::unordered_map<std::string, uint64_t> batch_heads;
    std::unordered_map<std::string, size_t> batch_keys;
    rocksdb::WriteBatch wb;
    uint64_t sequence = next_sequence;
    uint64_t batch_events = 0;

    for (size_t i = 0; i < batch.size(); ++i) {
      auto& p = batch[i];
      if (!write_error.empty()) {
        results[i] = unsuccessful(append_status::failed,
                                  "store stopped after a write error: " + write_error);
        continue;
      }
      if (!p.idempotency_key.empty()) {
        if (auto it = batch_keys.find(p.idempotency_key); it != batch_keys.end()) {
          same_key.emplace_back(i, it->second);
          continue;
        }
        std::string stored;
        auto s = db->Get(rocksdb::ReadOptions(), idempotency,
                         layout::idempotency_key(p.idempotency_key), &stored);
        if (s.ok()) {
          results[i] = decode_result(stored);
          continue;
        }
        if (!s.IsNotFound()) {
          results[i] =
              unsuccessful(append_status::failed, "reading idempotency key: " + s.ToString());
          continue;
        }
      }
      uint64_t head = 0;
      std::string error;
      if (!head_of(p.stream_id, batch_heads, head, error)) {
        results[i] = unsuccessful(append_status::failed, "reading stream head: " + error);
        continue;
      }
      if (p.expected_version != any_version && p.expected_version != head) {
        results[i] =
            unsuccessful(append_status::version_conflict,
                         "stream " + p.stream_id + " is at version " + std::to_string(head) +
                             ", not the expected " + std::to_string(p.expected_version));
        continue;
      }

      auto& r = results[i];
      r.status = append_status::committed;
      r.first_sequence = sequence;
      r.first_version = head + 1;
      events::Envelope envelope;
      envelope.set_stream_id(p.stream_id);
      envelope.set_schema_version(current_schema_version);
      for (auto& ev : p.events) {
        ++head;
        envelope.set_sequence(sequence);
        envelope.set_stream_version(head);
        envelope.set_type(ev.type);
        envelope.set_recorded_at_us(ev.recorded_at_us);
        envelope.set_correlation_id(ev.correlation_id);
        envelope.set_caused_by(ev.caused_by);
        auto key = layout::event_key(sequence);
        wb.Put(events, key, frame_record(envelope, ev.payload));
        wb.Put(streams, layout::stream_event_key(p.stream_id, head), key);
        ++sequence;
      }
      r.last_sequence = sequence - 1;
      r.last_version = head;
      if (!p.idempotency_key.empty()) {
        wb.Put(idempotency, layout::idempotency_key(p.idempotency_key), encode_result(r));
        batch_keys.emplace(p.idempotency_key, i);
      }
      batch_heads[p.stream_id] = head;
      written[i] = true;
      batch_events += p.events.size();
    }

    if (batch_events > 0) {
      rocksdb::WriteOptions wo;
      wo.sync = options.sync;
      auto write_start = std::chrono::steady_clock::now();
      stat_build_us.fetch_add(micros_between(build_start, write_start), std::memory_order_relaxed);
      auto s = db->Write(wo, &wb);
      stat_write_us.fetch_add(micros_between(write_start, std::chrono::steady_clock::now()),
                              std::memory_order_relaxed);
      if (s.ok()) {
        next_sequence = sequence;
        committed_head.store(sequence - 1, std::memory_order_release);
        if (head_cache.size() + batch_heads.size() > options.head_cache_entries) head_cache.clear();
        for (auto& [stream, head] : batch_heads) head_cache[stream] = head;
        stat_batches.fetch_add(1, std::memory_order_relaxed);
        stat_events.fetch_add(batch_events, std::memory_order_relaxed);
        uint64_t largest = stat_largest.load(std::memory_order_relaxed);
        while (batch_events > largest &&
               !stat_largest.compare_exchange_weak(largest, batch_events)) {
        }
      } else {
        {
          std::lock_guard lock(mu);
          write_error = s.ToString();
        }
        for (size_t i = 0; i < batch.size(); ++i) {
          if (!written[i]) continue;
          results[i] =
              unsuccessful(append_status::failed,
                           "write failed, the store stopped accepting appends: " + s.ToString());
        }
      }
    }
    for (auto [i, earlier] : same_key) {
      results[i] = results[earlier];
      if (results[i].ok()) results[i].replayed = true;
    }
    {
      std::lock_guard lock(answers_mu);
      for (size_t i = 0; i < batch.size(); ++i) {
        if (written[i] && results[i].ok()) stat_appends.fetch_add(1, std::memory_order_relaxed);
        answers.emplace_back(std::move(batch[i].done), std::move(results[i]));
      }
    }
    answers_ready.notify_one();
  }
};

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
  // One committer writes; the hash memtable of `idempotency` cannot take concurrent writes.
  db_options.allow_concurrent_memtable_write = false;
  // Reuse WAL files: their blocks are allocated and their size already set, so each synced
  // append is one data flush, without an inode update.
  db_options.recycle_log_file_num = 4;
  db_options.max_open_files = options.read_only ? -1 : 1024;

  rocksdb::ColumnFamilyOptions point_lookups;  // Get-heavy families get bloom filters
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  point_lookups.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::ColumnFamilyOptions plain;
  auto streams_options = point_lookups;
  streams_options.memtable_insert_with_hint_prefix_extractor = std::make_shared<stream_id_prefix>();
  auto idempotency_options = point_lookups;  // random keys, point lookups only: a hash memtable
  idempotency_options.prefix_extractor.reset(
      rocksdb::NewFixedPrefixTransform(layout::idempotency_prefix_bytes));
  idempotency_options.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory());

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, plain},
      {std::string(layout::cf_events), plain},
      {std::string(layout::cf_streams), streams_options},
      {std::string(layout::cf_snapshots), point_lookups},
      {std::string(layout::cf_projections), plain},
      {std::string(layout::cf_idempotency), idempotency_options},
      {std::string(layout::cf_meta), point_lookups},
  };

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
  if (!s.ok()) fail(s, "opening " + options.path.string());
  state->db.reset(raw);
  state->events = state->handles[1];
  state->streams = state->handles[2];
  state->snapshots = state->handles[3];
  state->projections = state->handles[4];
  state->idempotency = state->handles[5];
  state->meta = state->handles[6];
  if (options.read_only) {
    s = state->db->TryCatchUpWithPrimary();
    if (!s.ok()) fail(s, "catching up with " + options.path.string());
  }

  std::string format;
  s = state->db->Get(rocksdb::ReadOptions(), state->meta, layout::meta_store_format, &format);
  if (s.ok()) {
    if (format.size() != 8) {
      throw store_error(store_errc::corrupt_record, "store format record is damaged");
    }
    auto found = layout::get_u64(format);
    if (found > layout::store_format) {
      throw store_error(store_errc::incompatible,
                        "database has store format " + std::to_string(found) +
                            "; this build reads up to " + std::to_string(layout::store_format));
    }
  } else if (s.IsNotFound()) {
    if (!options.read_only) {
      std::string value;
      layout::put_u64(value, layout::store_format);
      rocksdb::WriteOptions wo;
      wo.sync = true;
      s = state->db->Put(wo, state->meta, layout::meta_store_format, value);
      if (!s.ok()) fail(s, "writing store format");
    }
  } else {
    fail(s, "reading store format");
  }

  std::unique_ptr<rocksdb::Iterator> last(
      state->db->NewIterator(rocksdb::ReadOptions(), state->events));
  last->SeekToLast();
  if (last->Valid()) {
    if (last->key().size() != 8)
      throw store_error(store_errc::corrupt_record, "event log holds a malformed key");
    state->next_sequence = layout::get_u64(view(last->key())) + 1;
  } else if (!last->status().ok()) {
    fail(last->status(), "finding the end of the event log");
  }
  state->committed_head.store(state->next_sequence - 1);

  auto* state_ptr = state.get();
  if (!options.read_only) {
    state->answerer = std::thread([state_ptr] { state_ptr->run_answerer(); });
    state->committer = std::thread([state_ptr] { state_ptr->run_committer(); });
  }
  return std::unique_ptr<rocksdb_event_store>(new rocksdb_event_store(std::move(state)));
}

rocksdb_event_store::~rocksdb_event_store() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->closing = true;
  }
  impl_->not_empty.notify_all();
  impl_->not_full.notify_all();
  if (impl_->committer.joinable()) impl_->committer.join();
  {
    std::lock_guard lock(impl_->answers_mu);
    impl_->answers_closing = true;
  }
  impl_->answers_ready.notify_all();
  if (impl_->answerer.joinable()) impl_->answerer.join();
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
  p.events.reserve(request.events.size());
  int64_t now = now_us();
  for (auto& ev : request.events) {
    encoded_event e;
    e.type = std::string(event_type_name(ev.event));
    e.payload = ev.event.SerializeAsString();
    e.recorded_at_us = ev.recorded_at_us != 0 ? ev.recorded_at_us : now;
    e.correlation_id = std::move(ev.correlation_id);
    e.caused_by = std::move(ev.caused_by);
    p.events.push_back(std::move(e));
  }
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
  lock.unlock();
  impl_->not_empty.notify_one();
}

std::vector<events::EventRecord> rocksdb_event_store::read_stream(std::string_view stream_id,
                                                                  uint64_t from_version,
                                                                  size_t max_count) {
  require_valid(check_stream_id(stream_id));
  std::vector<events::EventRecord> out;
  if (max_count == 0) return out;
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
  for (it->Seek(layout::stream_event_key(stream_id, std::max<uint64_t>(from_version, 1)));
       it->Valid() && keys.size() < max_count; it->Next()) {
    if (it->value().size() != 8) {
      throw store_error(store_errc::corrupt_record,
                        "stream index entry of " + std::string(stream_id) + " is damaged");
    }
    keys.emplace_back(it->value().data(), 8);
  }
  if (!it->status().ok()) fail(it->status(), "reading stream " + std::string(stream_id));

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
    if (!s.ok()) fail(s, "reading event " + std::to_string(sequence));
    unframe_record(sequence, value, out[i]);
  }
  return out;
}

uint64_t rocksdb_event_store::stream_head(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  return impl_->read_head(stream_id);
}

uint64_t rocksdb_event_store::global_head() {
  return impl_->committed_head.load(std::memory_order_acquire);
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
  auto s = impl_->db->Put(rocksdb::WriteOptions(), impl_->snapshots,
                          Slice(stream_id.data(), stream_id.size()), value);
  if (!s.ok()) fail(s, "saving the snapshot of " + std::string(stream_id));
}

std::optional<snapshot> rocksdb_event_store::load_snapshot(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->snapshots,
                          Slice(stream_id.data(), stream_id.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) fail(s, "loading the snapshot of " + std::string(stream_id));
  if (value.size() < 8) {
    throw store_error(store_errc::corrupt_record,
                      "snapshot of " + std::string(stream_id) + " is damaged");
  }
  return snapshot{layout::get_u64(value), value.substr(8)};
}

void rocksdb_event_store::commit_projection(std::string_view projection, uint64_t checkpoint,
                                            const std::vector<projection_change>& changes) {
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
  // Not synced: projections are rebuilt from the log; state and checkpoint stay together.
  auto s = impl_->db->Write(rocksdb::WriteOptions(), &wb);
  if (!s.ok()) fail(s, "committing projection " + std::string(projection));
}

uint64_t rocksdb_event_store::projection_checkpoint(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->projections,
                          layout::projection_checkpoint_key(projection), &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) fail(s, "reading the checkpoint of " + std::string(projection));
  if (value.size() != 8) {
    throw store_error(store_errc::corrupt_record,
                      "checkpoint of " + std::string(projection) + " is damaged");
  }
  return layout::get_u64(value);
}

std::optional<std::string> rocksdb_event_store::projection_get(std::string_view projection,
                                                               std::string_view key) {
  require_valid(check_projection_name(projection));
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->projections,
                          layout::projection_state_key(projection, key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) fail(s, "reading projection " + std::string(projection));
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
    auto key = view(it->key()).substr(state_prefix_size);
    if (!visit(key, view(it->value()))) return;
  }
  if (!it->status().ok()) fail(it->status(), "scanning projection " + std::string(projection));
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
  auto s = impl_->db->Write(wo, &wb);
  if (!s.ok()) fail(s, "resetting projection " + std::string(projection));
}

store_stats rocksdb_event_store::stats() {
  store_stats out;
  out.appends = impl_->stat_appends.load(std::memory_order_relaxed);
  out.events = impl_->stat_events.load(std::memory_order_relaxed);
  out.batches = impl_->stat_batches.load(std::memory_order_relaxed);
  out.largest_batch = impl_->stat_largest.load(std::memory_order_relaxed);
  out.write_micros = impl_->stat_write_us.load(std::memory_order_relaxed);
  out.build_micros = impl_->stat_build_us.load(std::memory_order_relaxed);
  std::lock_guard lock(impl_->mu);
  out.queued_events = impl_->queued_events;
  return out;
}

void rocksdb_event_store::backup_to(const std::filesystem::path& directory) {
  rocksdb::Checkpoint* raw = nullptr;
  auto s = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  if (!s.ok()) fail(s, "preparing a backup");
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  s = checkpoint->CreateCheckpoint(directory.string());
  if (!s.ok()) fail(s, "writing a backup to " + directory.string());
}

}  // namespace reel::storage
