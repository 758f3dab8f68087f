// The load generator: many WebSocket connections on few threads, each with one request
// outstanding (closed loop) or paced to a total rate (open loop), recording every round
// trip in an HDR-style histogram.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "tools/reel-load/latency_histogram.h"

namespace reel::load {

enum class scenario {
  echo,   // any text frame; for the bare echo server
  ping,   // reel: ping
  read,   // reel: user.get and video.get
  write,  // reel: video.view and video.like (durable)
  mix,    // reel: 80% reads, 15% views, 5% likes
};

struct load_options {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  unsigned connections = 1000;
  double seconds = 10;
  double rate = 0;  // requests/s over all connections; 0: as fast as replies come
  unsigned threads = 1;
  load::scenario scenario = scenario::ping;
};

struct load_result {
  uint64_t requests = 0;  // answered within the measured window
  uint64_t errors = 0;    // answered with ok:false
  double seconds = 0;
  latency_histogram latency;
  std::map<std::string, uint64_t> error_codes;
  std::string setup_error;  // set when the connections could not be set up
  // Views answered ok, by video, over the whole run (setup and warm-up included): what a
  // kill -9 must not lose (reel-load soak checks the log for each).
  std::map<std::string, uint64_t> acknowledged_views;

  double per_second() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0; }
};

// Connects, sets up (reel scenarios register a user and publish a video per connection),
// then runs for options.seconds.
load_result run_load(const load_options& options);

}  // namespace reel::load
