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
    : it_(std::move(it)), expected_(from_sequence) {
  it_->Seek(layout::event_key(from_sequence));
  fill(current_);
  if (!current_.last) {
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

void rocksdb_log_cursor::read_ahead() {
  for (;;) {
    chunk c;
    {
      std::lock_guard lock(mu_);
      if (!spare_.empty()) {
        c = std::move(spare_.back());
        spare_.pop_back();
      }
    }
    c.keys.clear();
    c.values.clear();
    c.key_spans.clear();
    c.value_spans.clear();
    fill(c);
    // Checksums here, on the reader's core: the caller's thread only decodes.
    c.checksum_ok.clear();
    for (auto [at, size] : c.value_spans)
      c.checksum_ok.push_back(frame_checksum_matches(std::string_view(c.values.data() + at, size)));
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stop_ || ready_.size() < chunks_ahead; });
    if (stop_) return;
    bool last = c.last;
    ready_.push_back(std::move(c));
    lock.unlock();
    changed_.notify_all();
    if (last) return;
  }
}

bool rocksdb_log_cursor::next(events::EventRecord& out) {
  while (position_ >= current_.key_spans.size()) {
    if (current_.last) {
      if (!current_.status.ok()) throw_rocksdb_failure(current_.status, "reading the event log");
      return false;
    }
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return !ready_.empty(); });
    if (spare_.size() < chunks_ahead) spare_.push_back(std::move(current_));
    current_ = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    position_ = 0;
  }
  auto [key_at, key_size] = current_.key_spans[position_];
  auto [value_at, value_size] = current_.value_spans[position_];
  std::string_view key(current_.keys.data() + key_at, key_size);
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
  // A record whose checksum failed is decoded the slow way, which names the damage.
  bool verified = position_ < current_.checksum_ok.size() && current_.checksum_ok[position_];
  unframe_record(sequence, std::string_view(current_.values.data() + value_at, value_size), out,
                 record_checks::all, verified);
  ++expected_;
  ++position_;
  return true;
}

}  // namespace reel::storage
