// Token buckets by key (an address, an account and a video), bounded in memory: at most
// `max_keys` buckets, the least recently used forgotten first (a forgotten key starts full
// again, so forgetting costs at most one burst per key pushed out). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "gateway/rate_limiter.h"

namespace reel::gateway {

class keyed_rate_limits {
 public:
  using clock = std::chrono::steady_clock;

  // `per_s` on average, up to `burst` at once; per_s 0: no limit.
  keyed_rate_limits(double per_s, double burst, size_t max_keys);

  // Takes one token from `key`'s bucket if it has one.
  bool allow(const std::string& key, clock::time_point now = clock::now());

 private:
  struct entry {
    rate_limiter bucket;
    std::list<std::string>::iterator in_order;
  };
  double per_s_, burst_;
  size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, entry> buckets_;
  std::list<std::string> order_;  // least recently used first
};

}  // namespace reel::gateway
