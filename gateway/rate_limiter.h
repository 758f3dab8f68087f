// A token bucket per connection: `rate` requests a second on average, bursts up to
// `burst`. The clock is an argument so tests can drive it.
#pragma once

#include <algorithm>
#include <chrono>

namespace reel::gateway {

class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  rate_limiter(double rate_per_s, double burst, clock::time_point now = clock::now())
      : rate_(rate_per_s), burst_(burst), tokens_(burst), last_(now) {}

  // Takes one token if there is one.
  bool allow(clock::time_point now = clock::now()) {
    auto elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed) * rate_);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

 private:
  double rate_, burst_, tokens_;
  clock::time_point last_;
};

}  // namespace reel::gateway
