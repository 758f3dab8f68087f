// The gateway's settings; reeld fills them from flags and environment (docs/operations.md).
// Every limit here is listed in docs/reliability.md with what a client sees when it hits it.
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
  // A second listener for operators: GET /healthz and GET /metrics only (no WebSocket),
  // under its own cap, so probes are answered however full the public port is. With it,
  // /metrics leaves the public port (which keeps /healthz for load balancers). Empty: none.
  std::string admin_address;
  uint16_t admin_port = 0;  // 0: any free port (tests)
  size_t max_admin_connections = 64;

  // Per peer.
  size_t max_connections = 10000;          // TCP connections of every kind; past it: closed
  size_t max_connections_per_ip = 2000;    // from one address; past it: closed
  size_t max_sessions_per_user = 8;        // logged-in sessions of one account
  std::chrono::seconds login_timeout{15};  // a session logs in (or signs up) within this
  // auth.register per IP address (0: no limit); loopback addresses are exempt unless asked.
  double registrations_per_ip_per_hour = 20;
  double registration_burst = 10;
  bool limit_loopback_registrations = false;
  // One viewer's requests on one video (view, like, unlike, share, not interested,
  // comment), over all their sessions: a person watching does a few; a loop is refused.
  // 0 per second: no limit.
  double video_requests_per_s = 0.5;
  double video_request_burst = 10;
  size_t max_video_request_buckets = 200000;  // least recently used forgotten first

  // Per session.
  size_t read_message_max = 64 * 1024;          // larger frames close the session with 1009
  size_t max_outbound_bytes = size_t{1} << 20;  // queued replies and pushes; past it: 1008
  size_t max_queued_pushes = 64;                // past it the oldest push is dropped, counted
  std::chrono::seconds write_timeout{5};        // a write that does not finish: dropped
  double rate_per_s = 200;                      // token bucket per connection
  double burst = 400;
  std::chrono::seconds handshake_timeout{30};  // HTTP request or WebSocket upgrade
  std::chrono::seconds idle_timeout{300};      // no frame and no pong for this long: closed
  std::chrono::seconds shutdown_grace{10};     // how long shutdown waits for answers in flight
};

}  // namespace reel::gateway
