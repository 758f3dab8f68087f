// Sign-ups per address: a token bucket per IP address for auth.register, so that one
// address cannot squat every short handle in minutes. Loopback addresses are exempt unless
// asked (local tools and test suites register thousands of accounts). Memory is bounded:
// at most `max_addresses` buckets, the least recently used forgotten first.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>

#include "gateway/keyed_rate_limits.h"

namespace reel::gateway {

class registration_limits {
 public:
  using clock = std::chrono::steady_clock;

  // `per_hour` sign-ups on average, up to `burst` at once; 0 per hour: no limit.
  registration_limits(double per_hour, double burst, bool limit_loopback,
                      size_t max_addresses = 100000);

  // Takes one sign-up for `peer` if its bucket has one. Thread-safe.
  bool allow(const boost::asio::ip::address& peer, clock::time_point now = clock::now());

 private:
  bool limit_loopback_;
  keyed_rate_limits buckets_;
};

}  // namespace reel::gateway
