// Damaged and future data: a clear store_error naming the sequence, never a crash, never a
// silent skip. The damage is done with plain RocksDB, the way a disk or a bug would.
#include <boost/test/unit_test.hpp>

#include <rocksdb/db.h>

#include <chrono>
#include <thread>

#include "domain/event_schema.h"
#include "storage/key_layout.h"
#include "storage/record_format.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

struct damaged_store {
  temp_dir dir;
  std::filesystem::path path = dir.path() / "db";
  std::unique_ptr<rocksdb_event_store> store;

  damaged_store() {
    open();
    for (int i = 0; i < 10; ++i)
      BOOST_REQUIRE(store->append(append_to("vid_A", any_version, {liked("vid_A", "u")})).ok());
    store.reset();
  }
  void open() {
    rocksdb_store_options options;
    options.path = path;
    store = rocksdb_event_store::open(options);
  }
};

// Reads the whole log; returns the error it stopped at, after checking what came before.
store_error scan_until_error(event_store& store, uint64_t good_before) {
  auto cursor = store.read_log(1);
  events::EventRecord record;
  uint64_t read = 0;
  try {
    while (cursor->next(record)) ++read;
  } catch (const store_error& e) {
    BOOST_TEST(read == good_before);
    return e;
  }
  BOOST_FAIL("the damaged log was read without an error");
  throw;  // unreachable
}

std::string record_with(uint64_t sequence, uint32_t schema_version, std::string type,
                        const events::Event& event) {
  events::Envelope env;
  env.set_sequence(sequence);
  env.set_stream_id("vid_A");
  env.set_stream_version(sequence);
  env.set_type(std::move(type));
  env.set_schema_version(schema_version);
  return frame_record(env, event.SerializeAsString());
}

std::vector<new_event> three_likes_placeholder() {
  return std::vector<new_event>(3, liked("vid_A", "u"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corruption)

BOOST_AUTO_TEST_CASE(a_flipped_byte_is_a_checksum_error_naming_the_sequence) {
  damaged_store d;
  {
    raw_db raw(d.path);
    auto value = raw.get(layout::cf_events, layout::event_key(5));
    value[value.size() - 3] ^= 0x20;  // still parses as protobuf; only the checksum can tell
    raw.put(layout::cf_events, layout::event_key(5), value);
  }
  d.open();
  auto e = scan_until_error(*d.store, 4);
  BOOST_TEST((e.code() == store_errc::corrupt_record));
  BOOST_TEST(e.sequence() == 5u);
  BOOST_TEST(std::string(e.what()).find("event 5") != std::string::npos);
  BOOST_TEST(std::string(e.what()).find("checksum") != std::string::npos);
  BOOST_CHECK_THROW(d.store->read_stream("vid_A", 1, 100), store_error);
  BOOST_TEST(d.store->read_stream("vid_A", 6, 100).size() == 5u);  // the rest stays readable
  // The store keeps working for new appends.
  BOOST_TEST(d.store->append(append_to("vid_B", no_stream, {liked("vid_B", "u")})).ok());
}

BOOST_AUTO_TEST_CASE(truncated_and_unframed_records_are_errors) {
  damaged_store d;
  {
    raw_db raw(d.path);
    raw.put(layout::cf_events, layout::event_key(3), "\x01\x02");
    raw.put(layout::cf_events, layout::event_key(7),
            std::string("\x09garbage-with-unknown-frame", 26));
  }
  d.open();
  auto e = scan_until_error(*d.store, 2);
  BOOST_TEST(e.sequence() == 3u);
  BOOST_TEST(std::string(e.what()).find("truncated") != std::string::npos);
  auto cursor = d.store->read_log(4);
  events::EventRecord record;
  for (int i = 4; i < 7; ++i) BOOST_TEST(cursor->next(record));
  try {
    cursor->next(record);
    BOOST_FAIL("expected an error at event 7");
  } catch (const store_error& err) {
    BOOST_TEST(err.sequence() == 7u);
    BOOST_TEST(std::string(err.what()).find("frame format") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_missing_event_is_a_gap_not_a_skip) {
  damaged_store d;
  {
    raw_db raw(d.path);
    raw.remove(layout::cf_events, layout::event_key(6));
  }
  d.open();
  auto e = scan_until_error(*d.store, 5);
  BOOST_TEST(e.sequence() == 6u);
  BOOST_TEST(std::string(e.what()).find("missing") != std::string::npos);
  BOOST_CHECK_THROW(d.store->read_stream("vid_A", 1, 100), store_error);  // indexed but gone
}

BOOST_AUTO_TEST_CASE(a_record_from_a_newer_schema_is_refused_by_name) {
  damaged_store d;
  events::Event liked_event = liked("vid_A", "u").event;
  {
    raw_db raw(d.path);
    raw.put(layout::cf_events, layout::event_key(4),
            record_with(4, current_schema_version + 1, "video_liked", liked_event));
  }
  d.open();
  auto e = scan_until_error(*d.store, 3);
  BOOST_TEST((e.code() == store_errc::future_schema));
  BOOST_TEST(e.sequence() == 4u);
  BOOST_TEST(std::string(e.what()).find("schema version 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_event_type_this_build_does_not_know_is_refused_by_name) {
  damaged_store d;
  {
    raw_db raw(d.path);
    // What a newer build's new event type looks like to this one: a type name, no known payload.
    raw.put(layout::cf_events, layout::event_key(2),
            record_with(2, current_schema_version, "video_teleported", {}));
  }
  d.open();
  auto e = scan_until_error(*d.store, 1);
  BOOST_TEST((e.code() == store_errc::future_schema));
  BOOST_TEST(std::string(e.what()).find("video_teleported") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_envelope_naming_another_sequence_is_corrupt) {
  damaged_store d;
  {
    raw_db raw(d.path);
    raw.put(layout::cf_events, layout::event_key(8),
            raw.get(layout::cf_events, layout::event_key(2)));
  }
  d.open();
  auto e = scan_until_error(*d.store, 7);
  BOOST_TEST(e.sequence() == 8u);
  BOOST_TEST(std::string(e.what()).find("names sequence 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_database_from_a_newer_store_format_is_not_opened) {
  damaged_store d;
  {
    raw_db raw(d.path);
    std::string newer;
    layout::put_u64(newer, layout::store_format + 1);
    raw.put(layout::cf_meta, std::string(layout::meta_store_format), newer);
  }
  try {
    d.open();
    BOOST_FAIL("opened a database of a newer store format");
  } catch (const store_error& e) {
    BOOST_TEST((e.code() == store_errc::incompatible));
  }
}

BOOST_AUTO_TEST_CASE(a_database_of_an_older_store_format_is_upgraded_when_opened_for_writing) {
  damaged_store d;  // ten events
  auto format_on_disk = [&] {
    raw_db raw(d.path);
    return layout::get_u64(raw.get(layout::cf_meta, std::string(layout::meta_store_format)));
  };
  {
    raw_db raw(d.path);
    std::string older;
    layout::put_u64(older, layout::store_format - 1);
    raw.put(layout::cf_meta, std::string(layout::meta_store_format), older);
  }
  {
    rocksdb_store_options options;
    options.path = d.path;
    options.read_only = true;  // a read-only look changes nothing
    auto reader = rocksdb_event_store::open(options);
    BOOST_TEST(reader->global_head() == 10u);
  }
  BOOST_TEST(format_on_disk() == uint64_t{layout::store_format - 1});
  d.open();
  BOOST_TEST(d.store->append(append_to("vid_A", any_version, {liked("vid_A", "u")})).ok());
  BOOST_TEST(scan_count(*d.store) == 11u);
  d.store.reset();
  BOOST_TEST(format_on_disk() == uint64_t{layout::store_format});
}

BOOST_AUTO_TEST_CASE(damage_deep_in_a_long_scan_is_found_by_the_read_ahead_cursor) {
  // Long enough that the cursor reads ahead on its own thread (past its first chunk).
  temp_dir dir;
  auto path = dir.path() / "db";
  rocksdb_store_options options;
  options.path = path;
  {
    auto store = rocksdb_event_store::open(options);
    for (int a = 0; a < 60; ++a) {
      std::vector<new_event> hundred(100, liked("vid_L", "u"));
      BOOST_REQUIRE(store->append(append_to("vid_L", any_version, hundred)).ok());
    }
  }
  {
    raw_db raw(path);
    auto value = raw.get(layout::cf_events, layout::event_key(4321));
    value[value.size() - 2] ^= 0x01;
    raw.put(layout::cf_events, layout::event_key(4321), value);
  }
  auto store = rocksdb_event_store::open(options);
  auto e = scan_until_error(*store, 4320);
  BOOST_TEST(e.sequence() == 4321u);
  // The reader thread verified the checksums of that chunk; the error still names it.
  BOOST_TEST(std::string(e.what()).find("checksum") != std::string::npos);
  // A cursor dropped in the middle of a long scan stops its reader without hanging.
  auto cursor = store->read_log(1);
  events::EventRecord record;
  for (int i = 0; i < 1500; ++i) BOOST_REQUIRE(cursor->next(record));
  BOOST_TEST(record.envelope().sequence() == 1500u);
  cursor.reset();
  // And reading past the damage works from the next sequence on.
  auto rest = store->read_log(4322);
  uint64_t n = 0;
  while (rest->next(record)) ++n;
  BOOST_TEST(n == 6000u - 4321u);
}

// A caller that is slow with each event (a projection folding) finds most records decoded
// by the cursor's reader thread. They must be exactly what a decode on the caller's thread
// gives, and damage among them must still be reported by name, in order.
BOOST_AUTO_TEST_CASE(records_decoded_ahead_for_a_slow_reader_are_exact_and_damage_is_named) {
  temp_dir dir;
  auto path = dir.path() / "db";
  rocksdb_store_options options;
  options.path = path;
  constexpr uint64_t total = 8000;
  {
    auto store = rocksdb_event_store::open(options);
    for (uint64_t a = 0; a < total / 100; ++a) {
      std::vector<new_event> hundred;
      for (uint64_t i = 0; i < 100; ++i) {
        // Mixed payload types, so a reused record changes type from one event to the next.
        auto n = a * 100 + i;
        hundred.push_back(n % 3 ? liked("vid_S", "usr_" + std::to_string(n))
                                : viewed("vid_S", "usr_" + std::to_string(n), 1000 + n));
      }
      BOOST_REQUIRE(store->append(append_to("vid_S", any_version, hundred)).ok());
    }
  }
  auto check_all = [&](event_store& store) {
    auto cursor = store.read_log(1);
    events::EventRecord record;
    uint64_t n = 0;
    while (cursor->next(record)) {
      ++n;
      BOOST_REQUIRE(record.envelope().sequence() == n);
      BOOST_REQUIRE(record.envelope().stream_version() == n);
      auto expected_user = "usr_" + std::to_string(n - 1);
      if ((n - 1) % 3) {
        BOOST_REQUIRE(record.event().has_video_liked());
        BOOST_REQUIRE(record.event().video_liked().user_id() == expected_user);
      } else {
        BOOST_REQUIRE(record.event().has_video_viewed());
        BOOST_REQUIRE(record.event().video_viewed().viewer_id() == expected_user);
        BOOST_REQUIRE(record.event().video_viewed().watch_ms() == 1000 + n - 1);
      }
      // Slow: the reader thread runs ahead and decodes the chunks waiting.
      if (n % 512 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return n;
  };
  {
    auto store = rocksdb_event_store::open(options);
    BOOST_TEST(check_all(*store) == total);
  }
  {
    raw_db raw(path);
    events::Event liked_event = liked("vid_S", "u").event;
    raw.put(layout::cf_events, layout::event_key(6001),
            record_with(6001, current_schema_version + 1, "video_liked", liked_event));
  }
  auto store = rocksdb_event_store::open(options);
  auto cursor = store->read_log(1);
  events::EventRecord record;
  uint64_t read = 0;
  try {
    while (cursor->next(record)) {
      if (++read % 512 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    BOOST_FAIL("a record from a newer schema was read");
  } catch (const store_error& e) {
    BOOST_TEST((e.code() == store_errc::future_schema));
    BOOST_TEST(e.sequence() == 6001u);
    BOOST_TEST(read == 6000u);
  }
}

BOOST_AUTO_TEST_CASE(re_indexing_passes_a_newer_event_type_and_stops_at_damage) {
  damaged_store d;
  {
    // Event 10, not yet indexed, is of a type a newer build wrote before a rollback.
    raw_db raw(d.path);
    raw.remove(layout::cf_streams, layout::stream_event_key("vid_A", 10));
    raw.set_indexed_through(9);
    raw.put(layout::cf_events, layout::event_key(10),
            record_with(10, current_schema_version, "video_teleported", {}));
  }
  d.open();
  BOOST_TEST(d.store->stream_head("vid_A") == 10u);  // indexed from its envelope
  auto e = scan_until_error(*d.store, 9);            // and still refused by name when read
  BOOST_TEST((e.code() == store_errc::future_schema));
  d.store.reset();
  {
    // Now event 10 is damaged as well as unindexed: opening must say so, not guess.
    raw_db raw(d.path);
    raw.remove(layout::cf_streams, layout::stream_event_key("vid_A", 10));
    raw.set_indexed_through(9);
    auto value = raw.get(layout::cf_events, layout::event_key(10));
    value[value.size() - 1] ^= 0x40;
    raw.put(layout::cf_events, layout::event_key(10), value);
  }
  try {
    d.open();
    BOOST_FAIL("opened with a damaged record in the unindexed tail");
  } catch (const store_error& err) {
    BOOST_TEST((err.code() == store_errc::corrupt_record));
    BOOST_TEST(err.sequence() == 10u);
    BOOST_TEST(std::string(err.what()).find("re-indexing") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_malformed_stream_index_key_is_named_not_read) {
  damaged_store d;  // ten events of vid_A, closed
  {
    raw_db raw(d.path);
    std::string key = layout::stream_events_prefix("vid_A") + "\x7f";  // a version cut short
    raw.put(layout::cf_streams, key, layout::event_key(3));
  }
  d.open();
  try {
    d.store->read_stream("vid_A", 1, SIZE_MAX);
    BOOST_FAIL("a malformed index key was read as an entry");
  } catch (const store_error& e) {
    BOOST_TEST((e.code() == store_errc::corrupt_record));
    BOOST_TEST(std::string(e.what()).find("vid_A") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(a_read_only_look_names_damage_in_the_tail_it_indexes_itself) {
  damaged_store d;  // ten events of vid_A, closed
  {
    // As a running node leaves it: the index on disk stops at event 7, and event 9 is damaged.
    raw_db raw(d.path);
    for (uint64_t v = 8; v <= 10; ++v)
      raw.remove(layout::cf_streams, layout::stream_event_key("vid_A", v));
    raw.set_indexed_through(7);
    raw.damage_record(9);
  }
  rocksdb_store_options options;
  options.path = d.path;
  options.read_only = true;
  auto look = rocksdb_event_store::open(options);  // opening does not need the index
  BOOST_TEST(look->global_head() == 10u);
  try {
    look->read_stream("vid_A", 1, SIZE_MAX);
    BOOST_FAIL("a stream read passed a damaged record in the unindexed tail");
  } catch (const store_error& e) {
    BOOST_TEST((e.code() == store_errc::corrupt_record));
    BOOST_TEST(e.sequence() == 9u);
    BOOST_TEST(std::string(e.what()).find("flushed index") != std::string::npos);
  }
  auto e = scan_until_error(*look, 8);  // the log itself reads up to the damage
  BOOST_TEST(e.sequence() == 9u);
}

BOOST_AUTO_TEST_CASE(a_lagging_index_is_rebuilt_from_the_log_at_open) {
  // What a crash can leave: events in the log whose index entries never reached the disk.
  temp_dir dir;
  auto path = dir.path() / "db";
  rocksdb_store_options options;
  options.path = path;
  {
    auto store = rocksdb_event_store::open(options);
    BOOST_REQUIRE(store->append(append_to("vid_A", no_stream, {liked("vid_A", "u")}, "k1")).ok());
    std::vector<new_event> three(3, liked("vid_A", "u"));
    BOOST_REQUIRE(store->append(append_to("vid_A", 1, three, "k2")).ok());
    BOOST_REQUIRE(store->append(append_to("vid_B", no_stream, {liked("vid_B", "u")})).ok());
  }
  {
    raw_db raw(path);
    // Event 1 stays indexed (the checkpoint says so); events 2 to 5 lost their entries.
    for (uint64_t v = 2; v <= 4; ++v)
      raw.remove(layout::cf_streams, layout::stream_event_key("vid_A", v));
    raw.remove(layout::cf_streams, layout::stream_event_key("vid_B", 1));
    raw.remove(layout::cf_idempotency, layout::idempotency_key("k2"));
    raw.set_indexed_through(1);
  }
  auto store = rocksdb_event_store::open(options);
  BOOST_TEST(store->stream_head("vid_A") == 4u);
  BOOST_TEST(store->stream_head("vid_B") == 1u);
  auto a = store->read_stream("vid_A", 1, 10);
  BOOST_REQUIRE(a.size() == 4u);
  for (size_t i = 0; i < a.size(); ++i) BOOST_TEST(a[i].envelope().sequence() == i + 1);
  auto retry = store->append(append_to("vid_A", 0, three_likes_placeholder(), "k2"));
  BOOST_TEST(retry.replayed);
  BOOST_TEST(retry.first_sequence == 2u);
  BOOST_TEST(retry.last_sequence == 4u);
  BOOST_TEST(retry.first_version == 2u);
  BOOST_TEST(retry.last_version == 4u);
  BOOST_TEST(store->append(append_to("vid_A", 4, {liked("vid_A", "u")})).ok());
}

BOOST_AUTO_TEST_SUITE_END()
