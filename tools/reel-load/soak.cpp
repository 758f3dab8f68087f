#include "tools/reel-load/soak.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <thread>
#include <vector>

#include "storage/rocksdb_event_store.h"
#include "tools/reel-load/hostile_clients.h"
#include "tools/reel-load/load_client.h"
#include "tools/support/reeld_child.h"

namespace reel::load {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

void report(const char* what, const load_result& r) {
  std::printf("%-30s %8.0f/s  p50 %6.0f us  p99 %7.0f us  p99.9 %7.0f us  errors %llu\n", what,
              r.per_second(), r.latency.percentile(50), r.latency.percentile(99),
              r.latency.percentile(99.9), static_cast<unsigned long long>(r.errors));
  for (const auto& [code, n] : r.error_codes)
    std::printf("%-30s   %s: %llu\n", "", code.c_str(), static_cast<unsigned long long>(n));
  std::fflush(stdout);
}

void add_views(std::map<std::string, uint64_t>& into, const load_result& r) {
  for (const auto& [video, n] : r.acknowledged_views) into[video] += n;
}

// Views per video as the log holds them (opening the store recovers its WAL, as a
// restarted reeld would).
std::map<std::string, uint64_t> views_in_log(const fs::path& data) {
  storage::rocksdb_store_options options;
  options.path = data;
  auto store = storage::rocksdb_event_store::open(options);
  std::map<std::string, uint64_t> out;
  auto cursor = store->read_log(1);
  events::EventRecord record;
  while (cursor->next(record)) {
    if (record.event().has_video_viewed()) ++out[record.event().video_viewed().video_id()];
  }
  return out;
}

struct rss_sample {
  double seconds;
  size_t kib;
};

}  // namespace

int run_soak(const soak_options& o) {
  auto reeld_path =
      o.reeld.empty()
          ? (fs::read_symlink("/proc/self/exe").parent_path().parent_path() / "reeld" / "reeld")
                .string()
          : o.reeld;
  bool temporary = o.data.empty();
  fs::path data = temporary
                      ? fs::temp_directory_path() / ("reel-soak-" + std::to_string(::getpid()))
                      : fs::path(o.data);
  std::map<std::string, uint64_t> acknowledged;
  int failures = 0;
  {
    tools::reeld_child reeld(reeld_path, data.string(),
                             {"--admin-listen", "127.0.0.1:0", "--video-rate", "0"});
    std::printf("reel-load soak: reeld pid %d on 127.0.0.1:%u, data %s\n", reeld.pid(),
                reeld.port(), data.c_str());
    std::printf(
        "  %u polite connections (mix: 80%% reads, 20%% writes); hostile: %u non-readers, "
        "%u junk, %u flooders, %u idle sockets\n",
        o.connections, o.non_readers, o.junk, o.flooders, o.idle);

    load_options polite;
    polite.port = reeld.port();
    polite.connections = o.connections;
    polite.threads = o.threads;
    polite.scenario = scenario::mix;
    polite.seconds = 10;
    auto capacity = run_load(polite);
    add_views(acknowledged, capacity);
    if (!capacity.setup_error.empty()) {
      std::printf("capacity run failed: %s\n", capacity.setup_error.c_str());
      return 1;
    }
    report("capacity (closed loop)", capacity);
    polite.rate = capacity.per_second() / 2;

    polite.seconds = o.baseline_seconds;
    auto baseline = run_load(polite);
    add_views(acknowledged, baseline);
    report("polite at half, alone", baseline);

    // The soak: the same polite load beside the hostile crowd, RSS sampled every 5 s.
    std::vector<rss_sample> rss;
    std::atomic<bool> sampling{true};
    auto soak_start = clock_type::now();
    std::thread sampler([&] {
      while (sampling.load()) {
        rss.push_back({std::chrono::duration<double>(clock_type::now() - soak_start).count(),
                       reeld.rss_kib()});
        for (int i = 0; i < 50 && sampling.load(); ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
    hostile_options h;
    h.port = reeld.port();
    h.non_readers = o.non_readers;
    h.junk = o.junk;
    h.flooders = o.flooders;
    h.idle = o.idle;
    load_result soak;
    std::map<std::string, hostile_counts> crowd_counts;
    {
      hostile_clients crowd(h);
      polite.seconds = o.minutes * 60;
      soak = run_load(polite);
      crowd_counts = crowd.counts();
    }
    sampling.store(false);
    sampler.join();
    add_views(acknowledged, soak);
    report("polite at half, with hostile", soak);
    if (!soak.setup_error.empty()) std::printf("  setup failed: %s\n", soak.setup_error.c_str());
    double base_p99 = baseline.latency.percentile(99);
    std::printf("  p99 with hostile / alone: %.2fx (the aim: at most 2x)\n",
                base_p99 > 0 ? soak.latency.percentile(99) / base_p99 : 0.0);
    if (soak.errors > 0 || !soak.setup_error.empty()) ++failures;
    for (const auto& [kind, c] : crowd_counts) {
      std::printf(
          "  hostile %-10s connections %6llu  closed by reeld %6llu  frames %8llu  "
          "replies read %8llu\n",
          kind.c_str(), static_cast<unsigned long long>(c.connections),
          static_cast<unsigned long long>(c.closed_by_server),
          static_cast<unsigned long long>(c.frames_sent),
          static_cast<unsigned long long>(c.replies_read));
    }
    // RSS after warm-up (two minutes, or a fifth of a shorter soak: the store's memtables
    // fill their budget in that time) against the end; and once a minute, for the shape.
    if (!rss.empty()) {
      std::printf("  RSS by minute (MiB):");
      double next_minute = 0;
      for (const auto& s : rss) {
        if (s.seconds + 2.5 < next_minute) continue;
        std::printf(" %.0f", s.kib / 1024.0);
        next_minute += 60;
      }
      std::printf("\n");
      double warm = std::min(120.0, o.minutes * 12);
      auto after_warm = std::find_if(rss.begin(), rss.end(),
                                     [&](const rss_sample& s) { return s.seconds >= warm; });
      if (after_warm == rss.end()) after_warm = rss.begin();
      size_t peak = 0;
      for (const auto& s : rss) peak = std::max(peak, s.kib);
      auto end = rss.back().kib;
      std::printf(
          "  RSS: %.1f MiB at the start, %.1f MiB after warm-up (%.0f s), %.1f MiB at "
          "the end, %.1f MiB at most; growth after warm-up %+.1f MiB (%+.1f%%)\n",
          rss.front().kib / 1024.0, after_warm->kib / 1024.0, after_warm->seconds, end / 1024.0,
          peak / 1024.0, (static_cast<double>(end) - static_cast<double>(after_warm->kib)) / 1024.0,
          after_warm->kib ? 100.0 * (static_cast<double>(end) - after_warm->kib) /
                                static_cast<double>(after_warm->kib)
                          : 0.0);
    }

    // kill -9 while polite clients write.
    polite.scenario = scenario::write;
    polite.seconds = 6;
    auto writing = std::async(std::launch::async, [polite] { return run_load(polite); });
    std::this_thread::sleep_for(std::chrono::seconds(4));
    reeld.kill_hard();
    auto last = writing.get();
    add_views(acknowledged, last);
    std::printf("kill -9 during writes, after %llu writes answered in its last 6 s\n",
                static_cast<unsigned long long>(last.requests));
  }

  auto found = views_in_log(data);
  uint64_t acked = 0, lost = 0;
  for (const auto& [video, n] : acknowledged) {
    acked += n;
    auto have = found.count(video) ? found.at(video) : 0;
    if (have < n) lost += n - have;
  }
  std::printf("acknowledged views: %llu on %zu videos; missing from the log after kill -9: %llu\n",
              static_cast<unsigned long long>(acked), acknowledged.size(),
              static_cast<unsigned long long>(lost));
  if (lost > 0 || acked == 0) ++failures;
  if (temporary) fs::remove_all(data);
  return failures == 0 ? 0 : 1;
}

}  // namespace reel::load
