// Running out of disk space or file descriptors makes the store unavailable, not stopped:
// appends fail (never acknowledged), stats() says why, and once the cause is gone it
// serves again by itself, with no acknowledged event lost and no failed one appearing.
// A failed sync still stops it for good.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

#include "support/faulty_file_system.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

struct faulty_store {
  temp_dir dir;
  std::shared_ptr<faulty_file_system> fs = std::make_shared<faulty_file_system>();
  std::unique_ptr<rocksdb_event_store> store;

  faulty_store() { open(); }
  void open() {
    rocksdb_store_options options;
    options.path = dir.path() / "db";
    options.file_system = fs;
    store = rocksdb_event_store::open(options);
  }
  void reopen() {
    store.reset();
    open();
  }
  append_result like(const std::string& video, const std::string& user, size_t times = 1) {
    std::vector<new_event> events;
    for (size_t i = 0; i < times; ++i) events.push_back(liked(video, user));
    return store->append(append_to(video, any_version, std::move(events)));
  }
  // RocksDB resumes every second; the store notices within a probe.
  bool serving_within(std::chrono::seconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (store->stats().unavailable.empty()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
};

// The log as (sequence, liker) pairs, read from the start.
std::vector<std::pair<uint64_t, std::string>> log_of(event_store& store) {
  std::vector<std::pair<uint64_t, std::string>> out;
  auto cursor = store.read_log(1);
  events::EventRecord record;
  while (cursor->next(record)) {
    out.emplace_back(record.envelope().sequence(), record.event().video_liked().user_id());
  }
  return out;
}

bool starts_with(const std::string& s, const std::string& head) {
  return s.rfind(head, 0) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(resource_exhaustion)

BOOST_AUTO_TEST_CASE(a_full_disk_fails_appends_until_space_is_back_and_loses_nothing) {
  faulty_store f;
  BOOST_REQUIRE(f.like("vid_A", "ada").ok());
  // Indexed before the disk fills: an index write still pending would be retried during
  // the outage, and reads that need it would fail until space is back (by design).
  BOOST_REQUIRE(f.store->stream_head("vid_A") == 1u);

  f.fs->disk_full = true;
  auto torn = f.like("vid_A", "bob", 3);  // half of its WAL record reaches the file
  BOOST_TEST((torn.status == append_status::failed));
  BOOST_TEST(starts_with(torn.message, "store unavailable"), torn.message);
  auto stats = f.store->stats();
  BOOST_TEST(!stats.unavailable.empty());
  BOOST_TEST(stats.stopped.empty(), stats.stopped);
  BOOST_TEST(!f.like("vid_B", "cy").ok());
  // Reads of what was committed still work.
  BOOST_TEST(f.store->read_stream("vid_A", 1, 10).size() == 1u);

  f.fs->disk_full = false;
  BOOST_REQUIRE(f.serving_within(std::chrono::seconds(10)));
  auto after = f.like("vid_A", "dee");
  BOOST_REQUIRE(after.ok());
  BOOST_TEST(after.first_sequence == 2u);  // the failed batch never took its sequences
  BOOST_TEST(after.first_version == 2u);

  f.reopen();  // what is on disk: exactly the two acknowledged events
  auto log = log_of(*f.store);
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[0].second == "ada");
  BOOST_TEST(log[1].second == "dee");
  BOOST_TEST(f.store->stream_head("vid_A") == 2u);
  BOOST_TEST(f.store->stream_head("vid_B") == 0u);
}

BOOST_AUTO_TEST_CASE(running_out_of_descriptors_for_a_new_log_file_recovers) {
  faulty_store f;
  BOOST_REQUIRE(f.like("vid_A", "ada").ok());
  f.fs->out_of_descriptors = true;
  // A backup flushes the memtables, which needs a new WAL file: RocksDB cannot open it.
  BOOST_CHECK_THROW(f.store->backup_to(f.dir.path() / "backup"), store_error);
  auto failed = f.like("vid_A", "bob");
  BOOST_TEST((failed.status == append_status::failed));
  BOOST_TEST(starts_with(failed.message, "store unavailable"), failed.message);
  BOOST_TEST(f.store->stats().stopped.empty());

  f.fs->out_of_descriptors = false;
  BOOST_REQUIRE(f.serving_within(std::chrono::seconds(10)));
  BOOST_REQUIRE(f.like("vid_A", "cy").ok());
  f.reopen();
  auto log = log_of(*f.store);
  BOOST_REQUIRE(log.size() == 2u);
  BOOST_TEST(log[1].second == "cy");
}

BOOST_AUTO_TEST_CASE(a_failed_sync_stops_the_store_for_good_even_when_it_says_no_space) {
  for (int errno_value : {EIO, ENOSPC}) {
    faulty_store f;
    BOOST_REQUIRE(f.like("vid_A", "ada").ok());
    f.fs->sync_errno = errno_value;
    f.fs->sync_fails = true;
    auto failed = f.like("vid_A", "bob");
    BOOST_TEST((failed.status == append_status::failed));
    f.fs->sync_fails = false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past RocksDB's resume
    auto stats = f.store->stats();
    BOOST_TEST(!stats.stopped.empty());
    BOOST_TEST(stats.unavailable.empty());
    auto later = f.like("vid_A", "cy");
    BOOST_TEST((later.status == append_status::failed));
    BOOST_TEST(starts_with(later.message, "store stopped"), later.message);
    // Reopening (after the disk is fixed) serves again; the unsynced event's fate is the
    // disk's, the acknowledged one is there.
    f.reopen();
    BOOST_TEST(f.store->stats().stopped.empty());
    auto log = log_of(*f.store);
    BOOST_REQUIRE(!log.empty());
    BOOST_TEST(log[0].second == "ada");
    BOOST_TEST(f.like("vid_A", "dee").ok());
  }
}

BOOST_AUTO_TEST_SUITE_END()
