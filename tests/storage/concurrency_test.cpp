// Many appenders at once: the global log stays dense, each stream keeps its order, and
// idempotency holds when the same key races itself.
#include <boost/test/unit_test.hpp>

#include <map>
#include <thread>

#include "storage/idempotency_window.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

// A store in `dir` with some options changed from their defaults.
template <class Tune>
std::unique_ptr<rocksdb_event_store> open_tuned(const temp_dir& dir, Tune tune) {
  rocksdb_store_options options;
  options.path = dir.path() / "db";
  tune(options);
  return rocksdb_event_store::open(options);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_AUTO_TEST_CASE(sixty_four_appenders_keep_the_log_dense_and_streams_ordered) {
  rocksdb_store_fixture f;
  constexpr int writers = 64;
  constexpr int appends_each = 150;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      auto own = "usr_W" + std::to_string(w);
      for (int i = 0; i < appends_each; ++i) {
        // Own stream with an exact expected version; every third append also to a shared stream.
        auto r = f.store->append(
            append_to(own, static_cast<uint64_t>(i), {liked(own, own, std::to_string(i))}));
        if (!r.ok() || r.last_version != static_cast<uint64_t>(i) + 1) failures.fetch_add(1);
        if (i % 3 == 0) {
          std::vector<new_event> two = {liked("vid_SHARED", own, "a"),
                                        liked("vid_SHARED", own, "b")};
          if (!f.store->append(append_to("vid_SHARED", any_version, two)).ok())
            failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);

  const uint64_t shared_events = writers * ((appends_each + 2) / 3) * 2;
  const uint64_t total = writers * appends_each + shared_events;
  BOOST_TEST(f.store->global_head() == total);

  std::map<std::string, uint64_t> last_version;
  auto cursor = f.store->read_log(1);
  events::EventRecord record;
  uint64_t expected = 1;
  std::string previous_shared_caused_by;
  while (cursor->next(record)) {
    const auto& env = record.envelope();
    BOOST_REQUIRE(env.sequence() == expected++);
    BOOST_REQUIRE(env.stream_version() == last_version[env.stream_id()] + 1);  // in order, no gaps
    last_version[env.stream_id()] = env.stream_version();
    if (env.stream_id() == "vid_SHARED" && env.correlation_id() == "b") {
      BOOST_REQUIRE(previous_shared_caused_by == env.caused_by());  // the pair stayed together
    }
    if (env.stream_id() == "vid_SHARED") previous_shared_caused_by = env.caused_by();
    if (env.stream_id() != "vid_SHARED")
      BOOST_REQUIRE(env.correlation_id() == std::to_string(env.stream_version() - 1));
  }
  BOOST_TEST(expected - 1 == total);
  BOOST_TEST(last_version["vid_SHARED"] == shared_events);
  BOOST_TEST(f.store->stats().batches < total);  // group commit batched appends together
}

BOOST_AUTO_TEST_CASE(the_same_idempotency_key_racing_itself_commits_once) {
  rocksdb_store_fixture f;
  for (int round = 0; round < 20; ++round) {
    auto key = "usr_X/req-" + std::to_string(round);
    std::vector<append_result> results(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        results[t] =
            f.store->append(append_to("vid_R", any_version, {liked("vid_R", "usr_X")}, key));
      });
    }
    for (auto& t : threads) t.join();
    int fresh = 0;
    for (const auto& r : results) {
      BOOST_TEST(r.ok());
      BOOST_TEST(r.first_sequence == results[0].first_sequence);
      if (!r.replayed) ++fresh;
    }
    BOOST_TEST(fresh == 1);
  }
  BOOST_TEST(f.store->global_head() == 20u);
}

BOOST_AUTO_TEST_CASE(a_small_queue_applies_backpressure_without_losing_appends) {
  temp_dir dir;
  auto store = open_tuned(dir, [](rocksdb_store_options& o) {
    o.queue_capacity_events = max_events_per_append;  // the smallest allowed
    o.max_batch_events = 64;
  });
  std::atomic<uint64_t> most_queued{0};
  std::atomic<int> failures{0};
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    while (!done) {
      auto q = store->stats().queued_events;
      if (q > most_queued) most_queued = q;
    }
  });
  // The writers do not wait for their answers: 32,000 events are offered at once, so only
  // backpressure keeps the queue within its capacity.
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 16; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 40; ++i) {
        std::vector<new_event> batch(50, liked("v", "usr_" + std::to_string(w)));
        // Boost.Test is not thread-safe: count here, check on the main thread.
        store->append_async(append_to("s" + std::to_string(w), any_version, batch),
                            [&](append_result r) {
                              if (!r.ok()) failures++;
                              answered++;
                            });
      }
    });
  }
  for (auto& t : threads) t.join();
  while (answered.load() < 16 * 40) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  done = true;
  watcher.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(store->global_head() == 16u * 40u * 50u);
  BOOST_TEST(most_queued.load() <= max_events_per_append);
  BOOST_TEST(store->stats().largest_batch <= 64u);
}

BOOST_AUTO_TEST_CASE(closing_the_store_commits_what_was_queued) {
  temp_dir dir;
  rocksdb_store_options options;
  options.path = dir.path() / "db";
  std::atomic<int> committed{0};
  {
    auto store = rocksdb_event_store::open(options);
    for (int i = 0; i < 500; ++i) {
      store->append_async(append_to("vid_Q", any_version, {liked("vid_Q", "u")}),
                          [&](append_result r) {
                            if (r.ok()) committed.fetch_add(1);
                          });
    }
  }  // the destructor drains the queue
  auto store = rocksdb_event_store::open(options);
  BOOST_TEST(committed.load() == 500);
  BOOST_TEST(store->global_head() == 500u);
}

BOOST_AUTO_TEST_CASE(appends_that_do_not_fit_the_batch_wait_for_the_next_one) {
  // Appends of 50 and 60 events against batches of 100: the queue's front often does not
  // fit the batch being gathered, which must then be written, not waited on.
  temp_dir dir;
  auto store = open_tuned(dir, [](rocksdb_store_options& o) { o.max_batch_events = 100; });
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 30; ++i) {
        std::vector<new_event> events((w + i) % 2 ? 60 : 50, liked("v", "u"));
        if (!store->append(append_to("s" + std::to_string(w), any_version, events)).ok())
          failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(store->stats().largest_batch <= 100u);
  BOOST_TEST(store->global_head() == 8u * 15u * 110u);
}

BOOST_AUTO_TEST_CASE(the_key_window_forgets_only_what_is_indexed) {
  idempotency_window window(2);
  for (uint64_t s = 1; s <= 5; ++s) {
    append_result r;
    r.status = append_status::committed;
    r.first_sequence = r.last_sequence = s;
    window.remember("k" + std::to_string(s), r);
  }
  window.trim(2);  // keys 3 to 5 are not indexed yet: they stay, beyond the capacity
  BOOST_TEST(window.size() == 3u);
  BOOST_TEST(!window.find("k2").has_value());
  BOOST_TEST(window.find("k3").has_value());
  window.trim(5);
  BOOST_TEST(window.size() == 2u);
  BOOST_TEST(window.find("k5").has_value());
}

BOOST_AUTO_TEST_CASE(the_key_window_says_how_far_it_has_forgotten) {
  idempotency_window window(1);
  BOOST_TEST(window.forgotten_through() == 0u);
  for (uint64_t s = 1; s <= 4; ++s) {
    append_result r;
    r.status = append_status::committed;
    r.first_sequence = s * 10;
    r.last_sequence = s * 10 + 2;  // an append of three events
    window.remember("k" + std::to_string(s), r);
  }
  window.trim(22);  // the first two appends are indexed: only they may go
  BOOST_TEST(window.forgotten_through() == 22u);
  window.trim(42);
  BOOST_TEST(window.forgotten_through() == 32u);  // the newest key stays, at capacity
  BOOST_TEST(window.find("k4").has_value());
}

// Appenders look their key up in the index before queuing; with a window of one key the
// committer has often forgotten keys committed after that lookup, and must look again.
BOOST_AUTO_TEST_CASE(a_key_racing_itself_commits_once_when_the_window_forgets_at_once) {
  temp_dir dir;
  auto store = open_tuned(dir, [](rocksdb_store_options& o) { o.idempotency_window_appends = 1; });
  constexpr int threads_count = 8;
  constexpr int keys = 256;  // odd steps walk every key
  std::vector<std::vector<append_result>> results(threads_count, std::vector<append_result>(keys));
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_count; ++t) {
    threads.emplace_back([&, t] {
      // Every key is sent by every thread, each thread in its own order.
      for (int i = 0; i < keys; ++i) {
        int k = (i * (2 * t + 1)) % keys;
        results[t][k] =
            store->append(append_to("vid_K" + std::to_string(k % 5), any_version,
                                    {liked("vid_K", "usr_K")}, "req-" + std::to_string(k)));
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < keys; ++k) {
    int fresh = 0;
    for (int t = 0; t < threads_count; ++t) {
      BOOST_TEST(results[t][k].ok());
      BOOST_TEST(results[t][k].first_sequence == results[0][k].first_sequence);
      if (!results[t][k].replayed) ++fresh;
    }
    BOOST_TEST(fresh == 1);
  }
  BOOST_TEST(store->global_head() == static_cast<uint64_t>(keys));
}

// The committer caches stream heads; once the cache overflows it is cleared, and heads
// come from the index again.
BOOST_AUTO_TEST_CASE(exact_versions_hold_when_the_head_cache_keeps_overflowing) {
  temp_dir dir;
  auto store = open_tuned(dir, [](rocksdb_store_options& o) { o.head_cache_entries = 3; });
  constexpr int writers = 8;
  constexpr int streams_each = 10;
  constexpr int rounds = 12;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int round = 0; round < rounds; ++round) {
        for (int s = 0; s < streams_each; ++s) {
          auto stream = "usr_H" + std::to_string(w) + "_" + std::to_string(s);
          auto r = store->append(
              append_to(stream, static_cast<uint64_t>(round), {liked("vid_H", stream)}));
          if (!r.ok() || r.last_version != static_cast<uint64_t>(round) + 1) failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(store->global_head() == uint64_t{writers * streams_each * rounds});
  BOOST_TEST(store->stream_head("usr_H3_7") == uint64_t{rounds});
}

BOOST_AUTO_TEST_CASE(keys_older_than_the_memory_window_are_answered_from_the_index) {
  temp_dir dir;
  auto store = open_tuned(dir, [](rocksdb_store_options& o) { o.idempotency_window_appends = 4; });
  std::vector<append_result> first;
  for (int i = 0; i < 50; ++i) {
    first.push_back(store->append(
        append_to("vid_W", any_version, {liked("vid_W", "u")}, "key-" + std::to_string(i))));
    BOOST_REQUIRE(first.back().ok());
  }
  for (int i = 0; i < 50; ++i) {
    auto retry = store->append(
        append_to("vid_W", any_version, {liked("vid_W", "u")}, "key-" + std::to_string(i)));
    BOOST_TEST(retry.replayed);
    BOOST_TEST(retry.first_sequence == first[i].first_sequence);
  }
  BOOST_TEST(store->global_head() == 50u);
}

BOOST_AUTO_TEST_CASE(readers_see_every_acknowledged_append_in_the_index_at_once) {
  rocksdb_store_fixture f;
  for (int i = 0; i < 300; ++i) {
    auto stream = "usr_R" + std::to_string(i % 7);
    auto r = f.store->append(append_to(stream, any_version, {liked("v", stream)}));
    BOOST_REQUIRE(r.ok());
    // The index is written after the acknowledgement; reads must not miss the append.
    BOOST_REQUIRE(f.store->stream_head(stream) == r.last_version);
    BOOST_REQUIRE(f.store->read_stream(stream, r.last_version, 1).size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(a_backup_taken_while_appends_run_holds_every_append_acknowledged_before_it) {
  temp_dir dir;
  auto store = open_rocksdb_store(dir.path() / "db");
  constexpr int writers = 8;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  // Per writer, how many appends were acknowledged (each to its own stream, one event).
  std::vector<std::atomic<uint64_t>> acknowledged(writers);
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      auto own = "usr_B" + std::to_string(w);
      for (uint64_t i = 0; !stop.load(); ++i) {
        auto r = store->append(append_to(own, i, {liked(own, own)}, own + "-" + std::to_string(i)));
        if (!r.ok()) {
          failures.fetch_add(1);
          return;
        }
        acknowledged[static_cast<size_t>(w)].store(i + 1);
      }
    });
  }
  while (store->global_head() < 2000) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<uint64_t> before(writers);
  for (int w = 0; w < writers; ++w)
    before[static_cast<size_t>(w)] = acknowledged[static_cast<size_t>(w)].load();
  store->backup_to(dir.path() / "copy");
  stop = true;
  for (auto& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);

  auto copy = open_rocksdb_store(dir.path() / "copy");  // re-indexes what the copy's index lacks
  uint64_t head = copy->global_head();
  BOOST_TEST(head <= store->global_head());
  BOOST_TEST(scan_count(*copy) == head);  // dense, and every record reads
  for (int w = 0; w < writers; ++w) {
    auto own = "usr_B" + std::to_string(w);
    auto versions = copy->stream_head(own);
    BOOST_TEST(versions >= before[static_cast<size_t>(w)]);
    // The copy's index agrees with its log, and retries of its appends are recognised.
    BOOST_TEST(copy->read_stream(own, 1, SIZE_MAX).size() == versions);
    if (versions > 0) {
      auto retry = copy->find_append(own + "-" + std::to_string(versions - 1));
      BOOST_TEST((retry && retry->last_version == versions));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
