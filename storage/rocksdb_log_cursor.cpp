#include "storage/rocksdb_log_cursor.h"

#include <pthread.h>

#include "storage/key_layout.h"
#include "storage/record_format.h"
#include "storage/rocksdb_store_state.h"

namespace reel::storage {
namespace {

constexpr size_t records_per_chunk = 1024;
constexpr size_t chunks_ahead = 4;

}  // namespace

rocksdb_log_cursor::rocksdb_log_cursor(std::unique_ptr<rocksdb::Iterator> it,
                                       uint64_t from_sequence)
    : it_(std::move(it)), expected_(from_sequence), current_(std::make_shared<chunk>()) {
  it_->Seek(layout::event_key(from_sequence));
  fill(*current_);
  if (!current_->last) {
    reader_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "reel-scan");  // as named in top, perf and gdb
      read_ahead();
    });
  }
}

rocksdb_log_cursor::~rocksdb_log_cursor() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  changed_.notify_all();
  if (reader_.joinable()) reader_.join();
}

void rocksdb_log_cursor::fill(chunk& c) {
  for (; it_->Valid() && c.key_spans.size() < records_per_chunk; it_->Next()) {
    c.key_spans.emplace_back(c.keys.size(), it_->key().size());
    c.keys.append(it_->key().data(), it_->key().size());
    c.value_spans.emplace_back(c.values.size(), it_->value().size());
    c.values.append(it_->value().data(), it_->value().size());
  }
  if (!it_->Valid()) {
    c.last = true;
    c.status = it_->status();
  }
}

void rocksdb_log_cursor::verify(chunk& c) {
  size_t n = c.value_spans.size();
  if (c.states_capacity < n) {
    c.states = std::make_unique<std::atomic<uint8_t>[]>(n);
    c.states_capacity = n;
  }
  if (c.decoded.size() < n) c.decoded.resize(n);
  for (size_t i = 0; i < n; ++i) {
    c.states[i].store(frame_checksum_matches(c.value(i)) ? unclaimed : damaged,
                      std::memory_order_relaxed);
  }
  c.reader_next = 0;
}

template <class Enough>
bool rocksdb_log_cursor::decode_ahead(Enough enough) {
  chunk_ptr c;
  {
    std::lock_guard lock(mu_);
    for (auto it = ready_.rbegin(); it != ready_.rend() && !c; ++it) {
      if ((*it)->reader_next < (*it)->value_spans.size()) c = *it;
    }
  }
  if (!c) return false;
  for (; c->reader_next < c->value_spans.size() && !enough(); ++c->reader_next) {
    size_t i = c->reader_next;
    uint8_t expected = unclaimed;
    if (!c->states[i].compare_exchange_strong(expected, claimed, std::memory_order_acquire))
      continue;  // the caller got there first, or the checksum failed
    // The key is the record's sequence; the caller checks it is the one expected. Anything
    // wrong is left for the caller to find again and report with its name.
    uint8_t outcome = damaged;
    if (c->key_spans[i].second == 8) {
      try {
        auto sequence =
            layout::get_u64(std::string_view(c->keys.data() + c->key_spans[i].first, 8));
        unframe_record(sequence, c->value(i), c->decoded[i], record_checks::all,
                       /*checksum_verified=*/true);
        outcome = decoded;
      } catch (const store_error&) {
      }
    }
    c->states[i].store(outcome, std::memory_order_release);
  }
  return true;
}

void rocksdb_log_cursor::read_ahead() {
  auto no_room = [this] { return ready_count_.load(std::memory_order_acquire) >= chunks_ahead; };
  for (;;) {
    chunk_ptr c;
    {
      std::lock_guard lock(mu_);
      if (!spare_.empty()) {
        c = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    if (!c) c = std::make_shared<chunk>();
    c->keys.clear();
    c->values.clear();
    c->key_spans.clear();
    c->value_spans.clear();
    c->last = false;
    c->status = rocksdb::Status();
    fill(*c);
    verify(*c);
    // As far ahead as allowed: decode for the caller until it takes a chunk.
    while (!stop_ && no_room()) {
      if (!decode_ahead([&] { return stop_ || !no_room(); })) {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return stop_ || ready_.size() < chunks_ahead; });
      }
    }
    bool last = c->last;
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      ready_.push_back(std::move(c));
      ready_count_.store(ready_.size(), std::memory_order_release);
    }
    changed_.notify_all();
    if (last) break;
  }
  // Nothing left to read: decode what still waits, then stop.
  while (!stop_ && decode_ahead([this] { return stop_.load(); })) {
  }
}

bool rocksdb_log_cursor::next(events::EventRecord& out) {
  while (position_ >= current_->key_spans.size()) {
    if (current_->last) {
      if (!current_->status.ok()) throw_rocksdb_failure(current_->status, "reading the event log");
      return false;
    }
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    if (spare_.size() < chunks_ahead && current_->states) spare_.push_back(std::move(current_));
    current_ = std::move(ready_.front());
    ready_.pop_front();
    ready_count_.store(ready_.size(), std::memory_order_release);
    lock.unlock();
    changed_.notify_all();
    position_ = 0;
  }
  auto [key_at, key_size] = current_->key_spans[position_];
  std::string_view key(current_->keys.data() + key_at, key_size);
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
  auto framed = current_->value(position_);
  if (!current_->states) {
    unframe_record(sequence, framed, out);  // the chunk this thread read itself
  } else {
    auto& state = current_->states[position_];
    uint8_t seen = state.load(std::memory_order_acquire);
    if (seen == decoded) {
      out.Swap(&current_->decoded[position_]);
    } else if (seen == damaged) {
      unframe_record(sequence, framed, out);  // throws, naming the damage
    } else {
      // Unclaimed, or the reader is decoding it right now: decode it here rather than wait
      // for a thread that may have lost its core. The reader's copy is then never read.
      state.store(claimed, std::memory_order_relaxed);
      unframe_record(sequence, framed, out, record_checks::all, /*checksum_verified=*/true);
    }
  }
  ++expected_;
  ++position_;
  return true;
}

}  // namespace reel::storage
