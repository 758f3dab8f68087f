#include "tools/reel-bench/store_bench.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <latch>
#include <thread>

#include <unistd.h>

#include "domain/event_schema.h"
#include "storage/key_layout.h"
#include "storage/rocksdb_event_store.h"

namespace reel::bench {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

// CPU seconds of a clock: CLOCK_PROCESS_CPUTIME_ID (every thread of the store and of the
// writers) or CLOCK_THREAD_CPUTIME_ID (the calling thread).
double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::string stream_name(unsigned writer, uint64_t n) {
  return "vid_BENCH" + std::to_string(writer) + "_" + std::to_string(n);
}

// A typical event: a view of a video, with printed ids, as the gateway will append it.
storage::new_event sample_view(uint64_t n) {
  storage::new_event e;
  auto* v = e.event.mutable_video_viewed();
  v->set_video_id("vid_01J5Z8Q3W9K2M");
  v->set_viewer_id("usr_01J5Z8Q3" + std::to_string(10000 + n % 90000));
  v->set_watch_ms(static_cast<uint32_t>(1000 + n % 30000));
  v->set_source(events::FEED_SOURCE_FOR_YOU);
  e.correlation_id = "req-" + std::to_string(n);
  e.caused_by = v->viewer_id();
  return e;
}

struct append_run {
  double events_per_s = 0;
  double mean_batch = 0;
  size_t record_bytes = 0;
};

// How the concurrent writers wait for their acknowledgement.
enum class writer_mode {
  threads,  // one OS thread per writer, blocked in append() until durable
  actors,   // one append in flight per writer, the next sent from the acknowledgement
            // (append_async), the way entity actors use the store: few threads, many writers
};

// One writer's appends: it cycles over 100 streams of its own, with exact expected
// versions and an idempotency key per append, as entity actors will.
struct writer_state {
  unsigned id = 0;
  uint64_t sent = 0;
  std::vector<uint64_t> versions = std::vector<uint64_t>(100, 0);

  storage::append_request next_request() {
    auto slot = sent % versions.size();
    storage::append_request request;
    request.stream_id = stream_name(id, slot);
    request.expected_version = versions[slot];
    request.idempotency_key = "w" + std::to_string(id) + "-" + std::to_string(sent);
    request.events.push_back(sample_view(sent));
    ++sent;
    return request;
  }
  bool record(const storage::append_result& r) {
    if (!r.ok()) return false;
    versions[(sent - 1) % versions.size()] = r.last_version;
    return true;
  }
};

append_run measure_store(const fs::path& dir, unsigned writers, uint64_t total_events,
                         writer_mode mode, bool verbose) {
  storage::rocksdb_store_options options;
  options.path = dir;
  auto store = storage::rocksdb_event_store::open(options);
  uint64_t per_writer = total_events / writers;
  std::atomic<uint64_t> failures{0};
  std::vector<writer_state> states(writers);
  for (unsigned w = 0; w < writers; ++w) states[w].id = w;
  double cpu_start = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  auto start = clock_type::now();
  if (mode == writer_mode::threads) {
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        auto& state = states[w];
        while (state.sent < per_writer) {
          if (!state.record(store->append(state.next_request()))) failures.fetch_add(1);
        }
      });
    }
    for (auto& t : threads) t.join();
  } else {
    std::latch finished(writers);
    std::function<void(unsigned)> send = [&](unsigned w) {
      store->append_async(states[w].next_request(), [&, w](storage::append_result r) {
        if (!states[w].record(r)) failures.fetch_add(1);
        if (states[w].sent < per_writer) {
          send(w);
        } else {
          finished.count_down();
        }
      });
    };
    for (unsigned w = 0; w < writers; ++w) send(w);
    finished.wait();
  }
  double elapsed = seconds_since(start);
  double cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
  if (failures.load() != 0)
    std::fprintf(stderr, "warning: %llu appends failed\n", (unsigned long long)failures.load());
  auto stats = store->stats();
  append_run run;
  run.events_per_s = static_cast<double>(stats.events) / elapsed;
  if (verbose)
    std::fprintf(stderr,
                 "  [%u %s] %.2fs, CPU %.2fs (%.1f us/event): writing %.2fs, building %.2fs, "
                 "answering %.2fs\n",
                 writers, mode == writer_mode::threads ? "threads" : "actors", elapsed, cpu,
                 1e6 * cpu / static_cast<double>(std::max<uint64_t>(stats.events, 1)),
                 stats.write_micros / 1e6, stats.build_micros / 1e6, stats.answer_micros / 1e6);
  run.mean_batch =
      stats.batches ? static_cast<double>(stats.events) / static_cast<double>(stats.batches) : 0;
  events::EventRecord record;
  store->read_log(1)->next(record);
  run.record_bytes = record.ByteSizeLong() + 5;
  return run;
}

// How the raw RocksDB baseline writes.
enum class raw_shape {
  writers,  // W threads, each one WriteBatch of one put, synced: RocksDB's own group commit
            // doing the store's job alone, with the same writers and events
  ceiling,  // one thread writing ready-made WriteBatches of W puts, each synced: no
            // writer ever waits for an acknowledgement, so no store can reach it
};

std::unique_ptr<rocksdb::DB> open_raw(const fs::path& dir) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(options, dir.string(), &raw);
  if (!s.ok()) std::fprintf(stderr, "raw rocksdb: %s\n", s.ToString().c_str());
  return std::unique_ptr<rocksdb::DB>(raw);
}

// Raw RocksDB events/s: `total_events` puts of `value_bytes` under sequential keys.
double measure_raw(const fs::path& dir, raw_shape shape, unsigned writers, uint64_t total_events,
                   size_t value_bytes) {
  auto db = open_raw(dir);
  if (!db) return 0;
  const std::string value(value_bytes, 'x');
  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  // Takes up to `batch` sequences and writes them as one synced WriteBatch.
  auto write_some = [&](unsigned batch) {
    uint64_t first = next.fetch_add(batch) + 1;
    if (first > total_events) return false;
    rocksdb::WriteBatch wb;
    for (uint64_t n = first; n < first + batch && n <= total_events; ++n)
      wb.Put(storage::layout::event_key(n), value);
    rocksdb::WriteOptions wo;
    wo.sync = true;
    if (auto s = db->Write(wo, &wb); !s.ok()) {
      if (!failed.exchange(true))
        std::fprintf(stderr, "raw rocksdb write: %s\n", s.ToString().c_str());
      return false;
    }
    return true;
  };
  auto start = clock_type::now();
  if (shape == raw_shape::ceiling) {
    while (write_some(writers)) {
    }
  } else {
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < writers; ++w)
      threads.emplace_back([&] {
        while (write_some(1)) {
        }
      });
    for (auto& t : threads) t.join();
  }
  double rate = static_cast<double>(total_events) / seconds_since(start);
  db->Close();
  return failed ? 0 : rate;
}

// Compacts every column family of a closed store with plain RocksDB, and waits for it.
void compact_everything(const fs::path& dir) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.string(), &names).ok()) return;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (auto& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(rocksdb::Options(), dir.string(), families, &handles, &raw).ok()) return;
  std::unique_ptr<rocksdb::DB> db(raw);
  for (auto* h : handles) {
    db->CompactRange(rocksdb::CompactRangeOptions(), h, nullptr, nullptr);
    db->DestroyColumnFamilyHandle(h);
  }
  db->Close();
}

// Fills a store quickly (100 events per append), then reads it by stream and globally.
void measure_reads(const fs::path& dir, uint64_t total_events) {
  constexpr uint64_t per_append = 100;
  constexpr uint64_t streams = 10000;
  {
    storage::rocksdb_store_options options;
    options.path = dir;
    auto store = storage::rocksdb_event_store::open(options);
    std::vector<std::thread> threads;
    for (unsigned w = 0; w < 2; ++w) {
      threads.emplace_back([&, w] {
        for (uint64_t a = w; a * per_append < total_events; a += 2) {
          storage::append_request request;
          request.stream_id = stream_name(0, a % streams);
          for (uint64_t i = 0; i < per_append; ++i)
            request.events.push_back(sample_view(a * per_append + i));
          store->append(std::move(request));
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  storage::rocksdb_store_options options;
  options.path = dir;
  // Three scans of one open store: the first opens RocksDB's table readers and finds its
  // caches cold; the median shows the steady pace, the three the VM's drift.
  auto scan = [](storage::event_store& store, const char* what) {
    std::vector<double> rates, cpu;
    uint64_t n = 0;
    for (int repeat = 0; repeat < 3; ++repeat) {
      double cpu_start = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      auto start = clock_type::now();
      auto cursor = store.read_log(1);
      events::EventRecord record;
      n = 0;
      while (cursor->next(record)) ++n;
      double elapsed = seconds_since(start);
      double calling = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;
      rates.push_back(static_cast<double>(n) / elapsed);
      cpu.push_back(1e6 * calling / static_cast<double>(std::max<uint64_t>(n, 1)));
    }
    std::printf(
        "global scan, %-16s %10.0f events/s   (median of 3 scans of %llu events, decoded and "
        "checked: %.0f first, then %.0f, %.0f; calling thread %.2f us CPU/event)\n",
        what, median(rates), (unsigned long long)n, rates[0], rates[1], rates[2], median(cpu));
  };
  // Right after the bulk write, RocksDB is still compacting what it flushed, on the same two
  // cores; then the log as a node's log mostly is, compacted (db_bench's --compact).
  scan(*storage::rocksdb_event_store::open(options), "just written");
  compact_everything(dir);
  auto store = storage::rocksdb_event_store::open(options);
  uint64_t head = store->global_head();
  scan(*store, "compacted");

  auto start = clock_type::now();
  uint64_t n = 0;
  for (uint64_t s = 0; s < streams && n < head; ++s)
    n += store->read_stream(stream_name(0, s), 1, SIZE_MAX).size();
  std::printf("stream read                   %10.0f events/s   (%llu streams of ~%llu events)\n",
              static_cast<double>(n) / seconds_since(start), (unsigned long long)streams,
              (unsigned long long)(head / streams));
}

}  // namespace

int run_store_bench(const store_bench_options& options) {
  bool own_dir = options.dir.empty();
  fs::path root = own_dir ? fs::temp_directory_path() / ("reel-bench-" + std::to_string(::getpid()))
                          : fs::path(options.dir);
  fs::create_directories(root);
  std::printf(
      "reel-bench store: up to %llu events per writer count in %u alternating rounds, "
      "WAL synced, scratch %s\n",
      (unsigned long long)options.events_per_run, options.rounds, root.c_str());
  std::printf("hardware threads: %u\n\n", std::thread::hardware_concurrency());

  std::printf("%-8s %-8s %17s %11s %15s %6s %17s %6s   %s\n", "writers", "mode", "durable events/s",
              "mean batch", "raw W writers", "ratio", "raw ceiling", "ratio",
              "store's rounds, slowest-fastest");
  const char* names[2] = {"threads", "actors"};
  writer_mode modes[2] = {writer_mode::threads, writer_mode::actors};
  auto measured = [&](int m) {
    return std::find(options.modes.begin(), options.modes.end(), names[m]) != options.modes.end();
  };
  for (unsigned writers : options.writer_counts) {
    if (writers == 0 || !options.appends) continue;
    // Few writers are slow (one sync each): fewer events keep the run short.
    uint64_t events = std::min<uint64_t>(options.events_per_run, uint64_t{5000} * writers);
    uint64_t per_round = events / options.rounds;
    // The disk's sync latency drifts by up to 2x within minutes on these machines, so the
    // store and both raw baselines (values of the store's record size) take turns in short
    // rounds; medians are reported.
    std::vector<append_run> runs[2];
    std::vector<double> raw_writers, raw_ceiling;
    for (unsigned round = 0; round < options.rounds; ++round) {
      auto tag = std::to_string(writers) + "-" + std::to_string(round);
      for (int m = 0; m < 2; ++m) {
        if (!measured(m)) continue;
        runs[m].push_back(measure_store(root / ("store-" + tag + names[m]), writers, per_round,
                                        modes[m], options.verbose));
      }
      size_t record_bytes = runs[measured(0) ? 0 : 1].back().record_bytes;
      raw_writers.push_back(measure_raw(root / ("raw-writers-" + tag), raw_shape::writers, writers,
                                        per_round, record_bytes));
      raw_ceiling.push_back(measure_raw(root / ("raw-ceiling-" + tag), raw_shape::ceiling, writers,
                                        per_round, record_bytes));
    }
    double writers_median = median(raw_writers);
    double ceiling_median = median(raw_ceiling);
    auto percent = [](double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; };
    for (int m = 0; m < 2; ++m) {
      if (!measured(m)) continue;
      std::vector<double> rates, batches;
      for (const auto& r : runs[m]) {
        rates.push_back(r.events_per_s);
        batches.push_back(r.mean_batch);
      }
      double rate = median(rates);
      auto [slowest, fastest] = std::minmax_element(rates.begin(), rates.end());
      std::printf("%-8u %-8s %17.0f %11.1f %15.0f %5.0f%% %17.0f %5.0f%%   %.0f-%.0f\n", writers,
                  names[m], rate, median(batches), writers_median, percent(rate, writers_median),
                  ceiling_median, percent(rate, ceiling_median), *slowest, *fastest);
    }
    std::fflush(stdout);
  }
  std::printf("\n");
  if (options.reads) measure_reads(root / "reads", options.scan_events);
  if (own_dir) fs::remove_all(root);
  return 0;
}

}  // namespace reel::bench
