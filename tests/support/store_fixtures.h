// The event store implementations the conformance suite runs against. Each fixture owns
// a store; `reopen()` closes and reopens it where the store is durable.
#pragma once

#include <boost/mpl/list.hpp>

#include <memory>
#include <vector>

#include "storage/memory_event_store.h"
#include "storage/rocksdb_event_store.h"
#include "support/temp_dir.h"

namespace reel::testing {

// A RocksDB store at `path` with default options; read-only: a look as reelctl takes it.
inline std::unique_ptr<storage::rocksdb_event_store> open_rocksdb_store(
    const std::filesystem::path& path, bool read_only = false) {
  storage::rocksdb_store_options options;
  options.path = path;
  options.read_only = read_only;
  return storage::rocksdb_event_store::open(options);
}

inline std::vector<uint64_t> sequences_of(const std::vector<events::EventRecord>& records) {
  std::vector<uint64_t> out;
  for (const auto& r : records) out.push_back(r.envelope().sequence());
  return out;
}

// How many events the whole log reads back (every record checked on the way).
inline uint64_t scan_count(storage::event_store& store) {
  auto cursor = store.read_log(1);
  events::EventRecord record;
  uint64_t n = 0;
  while (cursor->next(record)) ++n;
  return n;
}

struct rocksdb_store_fixture {
  static constexpr bool durable = true;
  temp_dir dir;
  std::unique_ptr<storage::event_store> store;

  rocksdb_store_fixture() { open(); }
  void open() {
    storage::rocksdb_store_options options;
    options.path = dir.path() / "db";
    store = storage::rocksdb_event_store::open(options);
  }
  void reopen() {
    store.reset();
    open();
  }
};

struct memory_store_fixture {
  static constexpr bool durable = false;
  std::unique_ptr<storage::event_store> store = std::make_unique<storage::memory_event_store>();
  void reopen() {}
};

using every_store = boost::mpl::list<memory_store_fixture, rocksdb_store_fixture>;

// Events used across storage tests.
inline storage::new_event liked(std::string video, std::string user, std::string correlation = {}) {
  storage::new_event e;
  e.event.mutable_video_liked()->set_video_id(video);
  e.event.mutable_video_liked()->set_user_id(user);
  e.caused_by = std::move(user);
  e.correlation_id = std::move(correlation);
  return e;
}

inline storage::new_event viewed(std::string video, std::string viewer, uint32_t watch_ms) {
  storage::new_event e;
  auto* v = e.event.mutable_video_viewed();
  v->set_video_id(std::move(video));
  v->set_viewer_id(viewer);
  v->set_watch_ms(watch_ms);
  v->set_source(events::FEED_SOURCE_FOR_YOU);
  e.caused_by = std::move(viewer);
  return e;
}

inline storage::append_request append_to(std::string stream, uint64_t expected,
                                         std::vector<storage::new_event> events,
                                         std::string idempotency_key = {}) {
  storage::append_request request;
  request.stream_id = std::move(stream);
  request.expected_version = expected;
  request.events = std::move(events);
  request.idempotency_key = std::move(idempotency_key);
  return request;
}

}  // namespace reel::testing
