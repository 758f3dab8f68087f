// `reel-bench feeds`: serving the feeds at scale (docs/benchmarks.md). Builds a feed index
// from a generated event log (users, creators, videos, follows, views and likes with
// skewed popularity and per-user tastes), then times pages of For You, Following and
// Trending for random users.
#pragma once

#include <cstdint>

namespace reel::bench {

struct feeds_bench_options {
  uint64_t users = 100000;
  uint64_t videos = 1000000;
  uint64_t creators = 20000;
  uint64_t topics = 200;
  uint64_t views_per_user = 20;
  uint64_t follows_per_user = 10;
  uint64_t pages = 10000;  // timed pages per feed
  uint64_t seed = 11;
};

int run_feeds_bench(const feeds_bench_options& options);

}  // namespace reel::bench
