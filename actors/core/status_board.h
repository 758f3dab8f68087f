// What the projection host and the reactor last reported about themselves, kept current by
// them after every step, so that readers which must stay cheap (the gateway's /healthz and
// /metrics, polled by load balancers and Prometheus) read it without messaging them.
// Thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "actors/core/projection_host.h"
#include "actors/core/reactor.h"

namespace reel::actors {

class status_board {
 public:
  void publish(std::vector<projection_status> projections);
  void publish(reactor_status reactor);

  // Empty until the projection host has started.
  std::vector<projection_status> projections() const;
  reactor_status reactor() const;

 private:
  mutable std::mutex mu_;
  std::vector<projection_status> projections_;
  reactor_status reactor_;
};

}  // namespace reel::actors
