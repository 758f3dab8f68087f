// The gateway: one port for WebSocket sessions (protocol v1, docs/protocol.md) and plain
// HTTP (GET /healthz, GET /metrics), served by a multi-threaded io_context.
//
//   gateway::server server(options, runtime.api());
//   auto port = server.start();   // listening
//   ...
//   server.stop();                 // graceful: see stop()
#pragma once

#include <functional>
#include <memory>

#include "actors/command_api.h"
#include "gateway/gateway_options.h"
#include "gateway/metrics.h"

namespace reel::gateway {

class server {
 public:
  server(gateway_options options, actors::command_api& api);
  ~server();  // stop()s if still running
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds and starts the io threads; returns the port it listens on. Throws
  // std::system_error if the address cannot be bound.
  uint16_t start();

  // Stops accepting, answers requests in flight (up to the shutdown grace), closes every
  // session with 1001 and stops the io threads. Idempotent.
  void stop();

  gateway_metrics& metrics();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::gateway
