// Internal to the RocksDB event store: the cursor behind read_log().
//
// A long scan (a projection rebuild, `reelctl verify`) is two kinds of work: stepping
// RocksDB's iterator, and checking and decoding each record. The cursor reads the first
// chunk of raw records itself; when the log goes on past it, a reader thread fetches the
// following chunks, and verifies their checksums, while the caller decodes, a few chunks
// ahead at most (bounded memory). A short read never starts the thread.
#pragma once

#include <rocksdb/db.h>

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
  // Raw records as stored: keys and values packed into one buffer each.
  struct chunk {
    std::string keys, values;
    std::vector<std::pair<size_t, size_t>> key_spans, value_spans;  // offset, size
    std::vector<bool> checksum_ok;  // per record; empty when the caller's thread checks
    bool last = false;              // the iterator ended here
    rocksdb::Status status;         // why, when last
  };

  void fill(chunk& c);
  void read_ahead();

  std::unique_ptr<rocksdb::Iterator> it_;
  uint64_t expected_;
  chunk current_;
  size_t position_ = 0;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<chunk> ready_;
  // Chunks already read, handed back for the reader to fill again: their buffers keep
  // their capacity, and are not freed on one thread after growing on another.
  std::vector<chunk> spare_;
  bool stop_ = false;
  std::thread reader_;
};

}  // namespace reel::storage
