// The gateway's settings; reeld fills them from flags and environment (docs/operations.md).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace reel::gateway {

struct gateway_options {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests)
  unsigned threads = 2;  // io_context threads
  size_t max_connections = 10000;
  size_t read_message_max = 64 * 1024;  // larger frames close the session with 1009
  size_t max_queued_frames = 1024;      // outbound, per session; past it: close 1008
  double rate_per_s = 200;              // token bucket per connection
  double burst = 400;
  std::chrono::seconds handshake_timeout{30};
  std::chrono::seconds idle_timeout{300};   // no frame and no pong for this long: closed
  std::chrono::seconds shutdown_grace{10};  // how long shutdown waits for answers in flight
};

}  // namespace reel::gateway
