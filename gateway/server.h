// The gateway: one port for WebSocket sessions (protocol v1, docs/protocol.md) and plain
// HTTP (GET /healthz, GET /metrics), and optionally an admin port for the HTTP pages only,
// served by one multi-threaded io_context.
//
//   gateway::server server(options, ops, modules.admin, modules.notifications);
//   auto port = server.start();   // listening
//   ...
//   server.stop();                 // graceful: see stop()
#pragma once

#include <functional>
#include <memory>

#include "actors/admin/admin_module.h"
#include "actors/notifications/notifications_module.h"
#include "gateway/gateway_options.h"
#include "gateway/metrics.h"
#include "gateway/ops/op_table.h"

namespace reel::gateway {

class server {
 public:
  // `ops` (every module's rows), `admin` and `notices` must outlive the server.
  server(gateway_options options, const op_table& ops, actors::admin_module& admin,
         actors::notifications_module& notices);
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
  // Where the admin listener listens (after start()); 0 when there is none.
  uint16_t admin_port() const;
  // TCP connections held now on the public port, of every kind (connection_limits.h).
  size_t open_connections() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::gateway
