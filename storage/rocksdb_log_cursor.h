// Internal to the RocksDB event store: the cursor behind read_log().
//
// A long scan (a projection rebuild, `reelctl verify`) is two kinds of work: stepping
// RocksDB's iterator, and checking and decoding each record. The cursor reads the first
// chunk of raw records itself; when the log goes on past it, a reader thread fetches the
// following chunks and verifies their checksums, a few chunks ahead at most (bounded
// memory). A short read never starts the thread.
//
// Decoding is shared: whenever the reader is as far ahead as it may go, it decodes
// records of the chunks waiting for the caller, newest first, and the caller takes them
// decoded (a swap). The caller never waits for the reader: a record not decoded yet when
// the caller reaches it (even one the reader is working on) it decodes itself. A caller
// that does little with each event decodes most records itself, both cores busy; a
// caller with work of its own (a projection folding events) finds them decoded.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/event_store.h"

namespace reel::storage {

class rocksdb_log_cursor final : public log_cursor {
 public:
  rocksdb_log_cursor(std::unique_ptr<rocksdb::Iterator> it, uint64_t from_sequence);
  ~rocksdb_log_cursor() override;  // stops the reader thread, if any

  bool next(events::EventRecord& out) override;

 private:
  // Where a record of a chunk the reader filled stands.
  enum record_state : uint8_t {
    unclaimed,  // checksum verified, not decoded
    claimed,    // being decoded by the reader, or taken by the caller
    decoded,    // decoded and checked, in `decoded`
    damaged,    // checksum or decoding failed: the caller decodes it again to name the damage
  };

  // Raw records as stored: keys and values packed into one buffer each.
  struct chunk {
    std::string keys, values;
    std::vector<std::pair<size_t, size_t>> key_spans, value_spans;  // offset, size
    bool last = false;                                              // the iterator ended here
    rocksdb::Status status;                                         // why, when last
    // Filled by the reader thread only; empty for the chunk the caller read itself.
    std::unique_ptr<std::atomic<uint8_t>[]> states;
    size_t states_capacity = 0;
    std::vector<events::EventRecord> decoded;
    size_t reader_next = 0;  // the next record the reader tries to decode (reader only)

    std::string_view value(size_t i) const {
      return {values.data() + value_spans[i].first, value_spans[i].second};
    }
  };
  using chunk_ptr = std::shared_ptr<chunk>;

  void fill(chunk& c);
  void verify(chunk& c);  // checksums, and the records' states
  void read_ahead();
  // Decodes unclaimed records of the newest waiting chunk that has some, until `enough`
  // says to stop. Returns false when no waiting chunk has any left.
  template <class Enough>
  bool decode_ahead(Enough enough);

  std::unique_ptr<rocksdb::Iterator> it_;
  uint64_t expected_;
  chunk_ptr current_;
  size_t position_ = 0;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<chunk_ptr> ready_;
  std::atomic<size_t> ready_count_{0};  // ready_.size(), for the reader between records
  // Chunks already read, handed back for the reader to fill again: their buffers and
  // decoded records keep their capacity.
  std::vector<chunk_ptr> spare_;
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

}  // namespace reel::storage
