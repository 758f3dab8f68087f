// `reel-bench store`: durable append throughput of the event store against raw RocksDB
// WriteBatch+sync in the same run, then stream-read and global-scan throughput.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace reel::bench {

struct store_bench_options {
  std::string dir;  // empty: a fresh folder under the system temp folder, removed after
  uint64_t events_per_run = 200000;
  std::vector<unsigned> writer_counts = {1, 8, 64};
  std::vector<std::string> modes = {"threads", "actors"};  // how writers wait (see --modes)
  uint64_t scan_events = 2000000;
  unsigned rounds = 5;   // alternating store and raw rounds per writer count
  bool verbose = false;  // print where each append run spent its time
  bool appends = true;   // measure durable appends
  bool reads = true;     // measure stream reads and global scans
};

int run_store_bench(const store_bench_options& options);

}  // namespace reel::bench
