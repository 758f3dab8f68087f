// The write path of the RocksDB event store: group commit, answers, the index.
// See rocksdb_store_state.h for how the three threads share the work.
#include <pthread.h>

#include <chrono>
#include <functional>

#include "domain/event_schema.h"
#include "storage/key_layout.h"
#include "storage/recoverable_file_system.h"
#include "storage/rocksdb_store_state.h"

namespace reel::storage {
namespace {

uint64_t micros_between(std::chrono::steady_clock::time_point a,
                        std::chrono::steady_clock::time_point b) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(b - a).count());
}

}  // namespace

// Idempotency entries keep the first result: sequences and versions, 4 x u64.
std::string encode_append_result(const append_result& r) {
  std::string out;
  layout::put_u64(out, r.first_sequence);
  layout::put_u64(out, r.last_sequence);
  layout::put_u64(out, r.first_version);
  layout::put_u64(out, r.last_version);
  return out;
}

append_result decode_append_result(std::string_view bytes) {
  if (bytes.size() != 32)
    return unsuccessful(append_status::failed, "idempotency entry is damaged");
  append_result r;
  r.status = append_status::committed;
  r.replayed = true;
  r.first_sequence = layout::get_u64(bytes.substr(0));
  r.last_sequence = layout::get_u64(bytes.substr(8));
  r.first_version = layout::get_u64(bytes.substr(16));
  r.last_version = layout::get_u64(bytes.substr(24));
  return r;
}

namespace {

// The index entries of one append.
void put_index(rocksdb::WriteBatch& wb, rocksdb::ColumnFamilyHandle* streams,
               rocksdb::ColumnFamilyHandle* idempotency, const index_work& work) {
  work.for_each_event([&](uint64_t version, uint64_t sequence) {
    wb.Put(streams, layout::stream_event_key(work.stream_id, version), layout::event_key(sequence));
  });
  if (!work.idempotency_key.empty()) {
    wb.Put(idempotency, layout::idempotency_key(work.idempotency_key),
           encode_append_result(work.result));
  }
}

void put_indexed_through(rocksdb::WriteBatch& wb, rocksdb::ColumnFamilyHandle* meta,
                         uint64_t sequence) {
  std::string value;
  layout::put_u64(value, sequence);
  wb.Put(meta, layout::meta_indexed_through, value);
}

}  // namespace

void rocksdb_event_store::impl::start_threads() {
  // Named, so that top, perf and gdb show which part of the write path is busy.
  answerer = std::thread([this] {
    pthread_setname_np(pthread_self(), "reel-answer");
    run_answerer();
  });
  indexer = std::thread([this] {
    pthread_setname_np(pthread_self(), "reel-index");
    run_indexer();
  });
  committer = std::thread([this] {
    pthread_setname_np(pthread_self(), "reel-commit");
    run_committer();
  });
}

// Commits what is queued, indexes it, answers it, then stops: a clean close leaves the
// index checkpoint at the head of the log.
void rocksdb_event_store::impl::stop_threads() {
  stopping.store(true);
  index_ready.notify_all();  // an indexer retrying gives up (open() re-indexes)
  {
    std::lock_guard lock(mu);
    closing = true;
  }
  not_empty.notify_all();
  not_full.notify_all();
  if (committer.joinable()) committer.join();
  {
    std::lock_guard lock(index_mu);
    index_closing = true;
  }
  index_ready.notify_all();
  if (indexer.joinable()) indexer.join();
  {
    std::lock_guard lock(answers_mu);
    answers_closing = true;
  }
  answers_ready.notify_all();
  if (answerer.joinable()) answerer.join();
}

void rocksdb_event_store::impl::run_committer() {
  const auto delay = std::chrono::microseconds(options.commit_delay_us);
  for (;;) {
    batch_in_progress batch;
    batch.next_sequence = next_sequence;
    std::unique_lock lock(mu);
    // While writes fail for want of space or descriptors, an idle committer looks every
    // probe_interval whether RocksDB has resumed, so that health recovers without traffic.
    while (!not_empty.wait_for(lock, probe_interval, [&] { return closing || !queue.empty(); })) {
      if (unavailable.empty()) continue;
      lock.unlock();
      probe_while_unavailable();
      lock.lock();
    }
    if (queue.empty()) return;       // closing and drained
    batch.stopped_by = write_error;  // read under mu: the indexer may set it
    auto deadline = std::chrono::steady_clock::now() + delay;
    for (;;) {
      std::vector<pending_append> taken;
      while (!queue.empty() &&
             (batch.taken_events == 0 ||
              batch.taken_events + queue.front().events.size() <= options.max_batch_events)) {
        batch.taken_events += queue.front().events.size();
        queued_events -= queue.front().events.size();
        taken.push_back(std::move(queue.front()));
        queue.pop_front();
      }
      lock.unlock();
      not_full.notify_all();
      // Checking and encoding happens while the stragglers are still on their way.
      auto build_start = std::chrono::steady_clock::now();
      for (auto& append : taken) add_to_batch(batch, std::move(append));
      stat_build_us.fetch_add(micros_between(build_start, std::chrono::steady_clock::now()),
                              std::memory_order_relaxed);
      lock.lock();
      // Wait for the rest only while fewer events came than the last batch held
      // (PostgreSQL's commit_delay): one sync then covers them all.
      // Stop gathering when the batch is as large as the last one, or full, or when what is
      // queued did not fit (waiting would not make it fit).
      if (closing || delay.count() == 0 || batch.taken_events >= last_batch_events ||
          batch.taken_events >= options.max_batch_events || !queue.empty()) {
        break;
      }
      wake_at_queued = last_batch_events - batch.taken_events;
      bool more = not_empty.wait_until(lock, deadline,
                                       [&] { return closing || queued_events >= wake_at_queued; });
      wake_at_queued = 0;
      if (!more && queue.empty()) break;
    }
    last_batch_events = batch.taken_events;
    lock.unlock();
    write_batch(batch);
  }
}

void rocksdb_event_store::impl::add_to_batch(batch_in_progress& batch, pending_append p) {
  size_t i = batch.appends.size();
  batch.results.emplace_back();
  batch.written.push_back(false);
  auto& r = batch.results.back();
  auto finish = [&] { batch.appends.push_back(std::move(p)); };

  if (!batch.stopped_by.empty()) {
    r = unsuccessful(append_status::failed,
                     "store stopped after a write error: " + batch.stopped_by);
    return finish();
  }
  if (!p.idempotency_key.empty()) {
    if (auto it = batch.keys.find(p.idempotency_key); it != batch.keys.end()) {
      batch.same_key.emplace_back(i, it->second);
      return finish();
    }
    if (auto recent = recent_keys.find(p.idempotency_key)) {
      r = *recent;
      r.replayed = true;
      return finish();
    }
    if (p.indexed_result) {
      r = *p.indexed_result;
      return finish();
    }
    // The appender found no such key in the index up to key_absent_through, and the
    // window still holds every key committed after that: the key is new.
    if (p.key_absent_through && recent_keys.forgotten_through() <= *p.key_absent_through) {
      return commit(batch, std::move(p), i);
    }
    // Otherwise the index holds every key the window has forgotten.
    std::string stored;
    auto s = db->Get(rocksdb::ReadOptions(), idempotency,
                     layout::idempotency_key(p.idempotency_key), &stored);
    if (s.ok()) {
      r = decode_append_result(stored);
      return finish();
    }
    if (!s.IsNotFound()) {
      r = unsuccessful(append_status::failed, "reading idempotency key: " + s.ToString());
      return finish();
    }
  }

  commit(batch, std::move(p), i);
}

// Checks the expected version and frames the events of an append whose key is new.
void rocksdb_event_store::impl::commit(batch_in_progress& batch, pending_append p, size_t i) {
  auto& r = batch.results.back();
  auto finish = [&] { batch.appends.push_back(std::move(p)); };
  uint64_t head = 0;
  if (auto it = batch.heads.find(p.stream_id); it != batch.heads.end()) {
    head = it->second;
  } else if (auto cached = head_cache.find(p.stream_id); cached != head_cache.end()) {
    head = cached->second;
  } else {
    try {
      // Every stream written since the cache was last cleared is in it: this one's head is
      // in the index once the index covers the clearing (at once, almost always).
      wait_until_indexed(head_cache_complete_after);
      head = read_head(p.stream_id);
    } catch (const store_error& e) {
      r = unsuccessful(append_status::failed, std::string("reading stream head: ") + e.what());
      return finish();
    }
  }
  if (p.expected_version != any_version && p.expected_version != head) {
    r = conflict_result(p.stream_id, head, p.expected_version);
    return finish();
  }

  r.status = append_status::committed;
  r.first_sequence = batch.next_sequence;
  r.first_version = head + 1;
  append_framer framer(p.stream_id, p.idempotency_key);
  for (const auto& ev : p.events) {
    batch.records.Put(events, layout::event_key(batch.next_sequence),
                      framer.frame(ev, batch.next_sequence, ++head));
    ++batch.next_sequence;
  }
  r.last_sequence = batch.next_sequence - 1;
  r.last_version = head;
  if (!p.idempotency_key.empty()) batch.keys.emplace(p.idempotency_key, i);
  batch.heads[p.stream_id] = head;
  batch.written.back() = true;
  batch.written_events += p.events.size();
  finish();
}

void rocksdb_event_store::impl::write_batch(batch_in_progress& batch) {
  std::vector<index_work> work;
  if (batch.written_events > 0) {
    rocksdb::WriteOptions wo;
    wo.sync = options.sync;
    auto write_start = std::chrono::steady_clock::now();
    auto s = rocksdb_write(*db, wo, &batch.records);
    stat_write_us.fetch_add(micros_between(write_start, std::chrono::steady_clock::now()),
                            std::memory_order_relaxed);
    if (s.ok()) {
      if (is_unavailable.load(std::memory_order_relaxed)) set_unavailable({});
      if (head_cache.size() + batch.heads.size() > options.head_cache_entries) {
        head_cache.clear();
        head_cache_complete_after = next_sequence - 1;
      }
      next_sequence = batch.next_sequence;
      committed_head.store(next_sequence - 1, std::memory_order_release);
      for (auto& [stream, head] : batch.heads) head_cache[stream] = head;
      for (size_t i = 0; i < batch.appends.size(); ++i) {
        if (!batch.written[i]) continue;
        const auto& key = batch.appends[i].idempotency_key;
        if (!key.empty()) recent_keys.remember(key, batch.results[i]);
        work.push_back({batch.appends[i].stream_id, key, batch.results[i]});
      }
      stat_batches.fetch_add(1, std::memory_order_relaxed);
      stat_events.fetch_add(batch.written_events, std::memory_order_relaxed);
      uint64_t largest = stat_largest.load(std::memory_order_relaxed);
      while (batch.written_events > largest &&
             !stat_largest.compare_exchange_weak(largest, batch.written_events)) {
      }
    } else {
      // Out of space or descriptors: RocksDB never applied the batch and retires its WAL
      // when it resumes, so the next batch takes the same sequences. Anything else may have
      // left the batch half on disk: stop until a reopen finds out.
      bool recoverable = is_resource_exhaustion(s);
      std::string message =
          recoverable ? store_unavailable_prefix + s.ToString()
                      : "write failed, the store stopped accepting appends: " + s.ToString();
      if (recoverable) {
        set_unavailable(s.ToString());
      } else {
        std::lock_guard lock(mu);
        write_error = s.ToString();
      }
      for (size_t i = 0; i < batch.appends.size(); ++i) {
        if (!batch.written[i]) continue;
        batch.written[i] = false;
        batch.results[i] = unsuccessful(append_status::failed, message);
      }
    }
  }

  if (!work.empty()) {
    std::unique_lock lock(index_mu);
    for (auto& w : work) index_queue.push_back(std::move(w));
    index_queue_last_sequence = next_sequence - 1;
    index_ready.notify_one();
    // Bound what waits for the indexer (its memory and its next WriteBatch): past
    // max_unindexed_events, the committer waits for the index to catch up.
    index_advanced.wait(lock, [&] {
      return !index_error.empty() ||
             committed_head.load() - indexed_through.load() <= max_unindexed_events;
    });
    lock.unlock();
    recent_keys.trim(indexed_through.load(std::memory_order_acquire));
  }

  for (auto [i, earlier] : batch.same_key) {
    batch.results[i] = batch.results[earlier];
    if (batch.results[i].ok()) batch.results[i].replayed = true;
  }
  {
    std::lock_guard lock(answers_mu);
    for (size_t i = 0; i < batch.appends.size(); ++i) {
      if (batch.written[i]) stat_appends.fetch_add(1, std::memory_order_relaxed);
      answers.emplace_back(std::move(batch.appends[i].done), std::move(batch.results[i]));
    }
  }
  answers_ready.notify_one();
}

void rocksdb_event_store::impl::look_up_key(pending_append& p) {
  if (p.idempotency_key.empty()) return;
  // What the index covers is read first: the lookup then sees at least that much of it.
  uint64_t covered = indexed_through.load(std::memory_order_acquire);
  std::string stored;
  auto s = db->Get(rocksdb::ReadOptions(), idempotency, layout::idempotency_key(p.idempotency_key),
                   &stored);
  if (s.ok()) {
    auto r = decode_append_result(stored);
    if (r.ok()) p.indexed_result = r;  // a damaged entry: the committer reads it again
  } else if (s.IsNotFound()) {
    p.key_absent_through = covered;
  }
  // Any other error: the committer looks again, and answers with it if it persists.
}

void rocksdb_event_store::impl::run_indexer() {
  std::deque<index_work> work;
  for (;;) {
    uint64_t through = 0;
    {
      std::unique_lock lock(index_mu);
      index_ready.wait(lock, [&] { return index_closing || !index_queue.empty(); });
      if (index_queue.empty()) return;  // closing and drained
      work.swap(index_queue);
      through = index_queue_last_sequence;
    }
    rocksdb::WriteBatch wb;
    for (const auto& w : work) put_index(wb, streams, idempotency, w);
    put_indexed_through(wb, meta, through);
    work.clear();
    // Without the WAL: the index is derived from the synced log, and open() rebuilds what a
    // crash lost from `indexed_through`, which atomic flushes keep in step with the index.
    rocksdb::WriteOptions wo;
    wo.disableWAL = true;
    auto s = rocksdb_write(*db, wo, &wb);
    // Out of space or descriptors: the same batch again once RocksDB resumes; readers that
    // need it fail meanwhile instead of waiting (wait_until_indexed).
    while (!s.ok() && is_resource_exhaustion(s) && !stopping.load()) {
      {
        std::unique_lock lock(index_mu);
        index_unavailable = "indexing: " + s.ToString();
        index_advanced.notify_all();
        index_ready.wait_for(lock, probe_interval, [&] { return stopping.load(); });
      }
      s = rocksdb_write(*db, wo, &wb);
    }
    {
      std::lock_guard lock(index_mu);
      index_unavailable.clear();
      if (s.ok()) {
        indexed_through.store(through, std::memory_order_release);
      } else {
        index_error = "indexing failed: " + s.ToString();
      }
    }
    index_advanced.notify_all();
    if (!s.ok()) {
      std::lock_guard lock(mu);
      if (write_error.empty()) write_error = "indexing failed: " + s.ToString();
      return;
    }
  }
}

void rocksdb_event_store::impl::run_answerer() {
  std::deque<std::pair<event_store::append_callback, append_result>> ready;
  for (;;) {
    {
      std::unique_lock lock(answers_mu);
      answers_ready.wait(lock, [&] { return answers_closing || !answers.empty(); });
      if (answers.empty()) return;  // closing and drained
      ready.swap(answers);
    }
    auto start = std::chrono::steady_clock::now();
    for (auto& [done, result] : ready) done(std::move(result));
    ready.clear();
    stat_answer_us.fetch_add(micros_between(start, std::chrono::steady_clock::now()),
                             std::memory_order_relaxed);
  }
}

uint64_t rocksdb_event_store::impl::read_indexed_through() {
  std::string value;
  auto s = db->Get(rocksdb::ReadOptions(), meta, layout::meta_indexed_through, &value);
  if (s.IsNotFound()) return 0;
  if (!s.ok()) throw_rocksdb_failure(s, "reading the index checkpoint");
  // A damaged checkpoint: index everything again, which rewrites every entry.
  return value.size() == 8 ? layout::get_u64(value) : 0;
}

void rocksdb_event_store::impl::for_each_logged_append(
    uint64_t from, std::string_view doing, const std::function<void(const index_work&)>& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), events));
  events::EventRecord record;
  index_work open_append;  // the append being gathered, when `gathering`
  bool gathering = false;
  auto finish_append = [&] {
    if (gathering) visit(open_append);
    gathering = false;
  };
  uint64_t expected = from;
  for (it->Seek(layout::event_key(expected)); it->Valid(); it->Next(), ++expected) {
    if (it->key().size() != 8 || layout::get_u64(view_of(it->key())) != expected) {
      throw store_error(
          store_errc::corrupt_record,
          std::string(doing) + ": event " + std::to_string(expected) + " is missing from the log",
          expected);
    }
    uint64_t sequence = expected;
    try {
      // The index needs only the envelope: a payload type newer than this build is fine.
      unframe_record(sequence, view_of(it->value()), record, record_checks::framing_only);
    } catch (const store_error& e) {
      throw store_error(e.code(),
                        std::string(doing) + ": " + e.what() +
                            "; run `reelctl verify` and restore a backup that verifies",
                        e.sequence());
    }
    const auto& env = record.envelope();
    bool continues = gathering && !env.idempotency_key().empty() &&
                     open_append.idempotency_key == env.idempotency_key() &&
                     open_append.stream_id == env.stream_id() &&
                     open_append.result.last_sequence + 1 == sequence;
    if (continues) {
      open_append.result.last_sequence = sequence;
      open_append.result.last_version = env.stream_version();
    } else {
      finish_append();
      open_append.stream_id = env.stream_id();
      open_append.idempotency_key = env.idempotency_key();
      open_append.result = append_result{};
      open_append.result.status = append_status::committed;
      open_append.result.first_sequence = open_append.result.last_sequence = sequence;
      open_append.result.first_version = open_append.result.last_version = env.stream_version();
      gathering = true;
    }
  }
  if (!it->status().ok()) throw_rocksdb_failure(it->status(), doing);
  finish_append();
}

void rocksdb_event_store::impl::reindex_from_log() {
  uint64_t head = committed_head.load();
  uint64_t through = read_indexed_through();
  if (through >= head) {
    indexed_through.store(head);
    return;
  }
  rocksdb::WriteBatch wb;
  for_each_logged_append(through + 1, "re-indexing the log at open", [&](const index_work& w) {
    put_index(wb, streams, idempotency, w);
    if (wb.Count() >= 10000) {
      put_indexed_through(wb, meta, w.result.last_sequence);
      auto s = rocksdb_write(*db, rocksdb::WriteOptions(), &wb);
      if (!s.ok()) throw_rocksdb_failure(s, "re-indexing the log");
      wb.Clear();
    }
  });
  put_indexed_through(wb, meta, head);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = rocksdb_write(*db, wo, &wb);
  if (!s.ok()) throw_rocksdb_failure(s, "re-indexing the log");
  indexed_through.store(head);
}

uint64_t rocksdb_event_store::impl::read_head(std::string_view stream) {
  auto lower = layout::stream_events_prefix(stream);
  rocksdb::Slice lower_slice(lower);
  rocksdb::ReadOptions ro;
  ro.iterate_lower_bound = &lower_slice;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, streams));
  it->SeekForPrev(layout::stream_event_key(stream, ~uint64_t{0}));
  if (!it->Valid()) {
    if (!it->status().ok())
      throw_rocksdb_failure(it->status(), "reading the head of " + std::string(stream));
    return 0;
  }
  auto key = view_of(it->key());
  if (key.size() != lower.size() + 8 || !key.starts_with(lower)) {
    throw store_error(store_errc::corrupt_record,
                      "stream index of " + std::string(stream) + " is damaged");
  }
  return layout::get_u64(key.substr(lower.size()));
}

void rocksdb_event_store::impl::wait_until_indexed(uint64_t sequence) {
  if (options.read_only || indexed_through.load(std::memory_order_acquire) >= sequence) return;
  std::unique_lock lock(index_mu);
  index_advanced.wait(lock, [&] {
    return !index_error.empty() || !index_unavailable.empty() ||
           indexed_through.load(std::memory_order_acquire) >= sequence;
  });
  if (indexed_through.load(std::memory_order_acquire) >= sequence) return;
  if (!index_error.empty()) throw store_error(store_errc::storage_failure, index_error);
  throw store_error(store_errc::storage_failure, store_unavailable_prefix + index_unavailable);
}

void rocksdb_event_store::impl::set_unavailable(std::string why) {
  std::lock_guard lock(mu);
  is_unavailable.store(!why.empty(), std::memory_order_relaxed);
  unavailable = std::move(why);
}

void rocksdb_event_store::impl::probe_while_unavailable() {
  // A small synced write goes where the log's do (the WAL): it succeeds once they would.
  rocksdb::WriteOptions wo;
  wo.sync = options.sync;
  rocksdb::WriteBatch wb;
  wb.Put(meta, layout::meta_health_probe, "");
  auto s = rocksdb_write(*db, wo, &wb);
  if (s.ok()) {
    set_unavailable({});
  } else if (!is_resource_exhaustion(s)) {
    std::lock_guard lock(mu);
    if (write_error.empty()) write_error = s.ToString();
    unavailable.clear();
    is_unavailable.store(false, std::memory_order_relaxed);
  }
}

uint64_t rocksdb_event_store::impl::committed_and_indexed_head(std::string_view stream) {
  wait_until_indexed(committed_head.load(std::memory_order_acquire));
  return read_head(stream);
}

}  // namespace reel::storage
