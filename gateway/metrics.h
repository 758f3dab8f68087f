// What the gateway counts, rendered in the Prometheus text format for GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "actors/admin/admin_module.h"
#include "projections/projection.h"

namespace reel::gateway {

class latency_histogram {
 public:
  static constexpr std::array<double, 12> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                    0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  void observe(double seconds);
  // Appends the _bucket, _sum and _count lines of `name` with `labels` ("op=\"ping\"").
  void render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::array<std::atomic<uint64_t>, bounds.size()> buckets_{};  // counts <= each bound
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_us_{0};
};

class gateway_metrics {
 public:
  std::atomic<int64_t> connections_open{0};
  std::atomic<uint64_t> connections_accepted{0};
  std::atomic<uint64_t> connections_refused{0};         // over the connection cap
  std::atomic<uint64_t> connections_refused_per_ip{0};  // over the per-address cap
  std::atomic<uint64_t> slow_consumers_closed{0};       // over the outbound budget
  std::atomic<uint64_t> stalled_writes_dropped{0};      // a write that did not finish in time
  std::atomic<uint64_t> login_timeouts{0};              // no login within the deadline
  std::atomic<uint64_t> pushes_dropped{0};              // over a session's push queue
  std::atomic<uint64_t> frames_in{0};
  std::atomic<uint64_t> frames_out{0};
  std::atomic<uint64_t> pushes{0};

  // `op` is a known op name or "unknown"; `outcome` is "ok" or an error code.
  void request_done(const std::string& op, const std::string& outcome, double seconds);

  std::string render(const actors::journal_status& journal,
                     const std::vector<actors::projection_status>& projections,
                     const actors::reactor_status& reactor) const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, uint64_t> requests_;
  std::map<std::string, std::unique_ptr<latency_histogram>> latency_;
};

}  // namespace reel::gateway
