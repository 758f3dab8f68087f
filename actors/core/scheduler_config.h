// How a node's actor system schedules: CAF 0.17's defaults tuned for request latency.
#pragma once

#include <caf/actor_system_config.hpp>

namespace reel::actors {

// CAF's work-stealing worker, out of work, polls 100 times, then 500 times with a 50 us
// sleep between polls that no enqueue interrupts, then sleeps on a condition variable that
// an enqueue does wake. A message from another thread (a store worker's answer, a gateway
// frame) that lands in the middle phase waits out a sleep, which on a VM overshoots to
// 60-100 us. Without that sleep an idle worker soon waits on the condition variable, and an
// enqueue wakes it at once. reeld, the tools and the tests build their systems from this.
class node_system_config : public caf::actor_system_config {
 public:
  node_system_config();
};

}  // namespace reel::actors
