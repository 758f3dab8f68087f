// `reel-bench actors`: the actor layer against its targets (docs/benchmarks.md):
// durable commands/s end to end across many entities, memory per resident entity,
// activation from a snapshot, and projection replay throughput next to a raw log scan.
#pragma once

#include <cstdint>
#include <string>

namespace reel::bench {

struct actors_bench_options {
  std::string dir;  // empty: a fresh folder under the system temp folder, removed after
  // all, commands, memory, activation, replay, latency, likes, limits
  std::string part = "all";
  uint64_t users = 10000;  // entities the command run spreads over
  uint64_t videos = 1000;
  uint64_t commands = 100000;        // commands in the timed run
  unsigned in_flight = 512;          // commands outstanding at once
  uint64_t resident = 1000000;       // entities made resident for the memory figure
  uint64_t activations = 20000;      // entities activated one by one from a snapshot
  uint64_t replay_events = 2000000;  // events in the log the projections replay
  uint64_t likes = 1000000;          // likes of the viral video (part likes)
};

int run_actors_bench(const actors_bench_options& options);

}  // namespace reel::bench
