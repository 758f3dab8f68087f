#include "gateway/metrics.h"

#include <cstdio>

namespace reel::gateway {
namespace {

void line(std::string& out, std::string_view name, std::string_view labels, double value) {
  char number[64];
  std::snprintf(number, sizeof number, "%.17g", value);
  out.append(name);
  if (!labels.empty()) {
    out.push_back('{');
    out.append(labels);
    out.push_back('}');
  }
  out.push_back(' ');
  out.append(number);
  out.push_back('\n');
}

void help(std::string& out, std::string_view name, std::string_view type, std::string_view text) {
  out.append("# HELP ").append(name).append(" ").append(text).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

}  // namespace

void latency_histogram::observe(double seconds) {
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (seconds <= bounds[i]) buckets_[i].fetch_add(1, std::memory_order_relaxed);
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void latency_histogram::render(std::string& out, std::string_view name,
                               std::string_view labels) const {
  std::string bucket = std::string(name) + "_bucket";
  for (size_t i = 0; i < bounds.size(); ++i) {
    char le[32];
    std::snprintf(le, sizeof le, "%g", bounds[i]);
    line(out, bucket, std::string(labels) + ",le=\"" + le + "\"",
         static_cast<double>(buckets_[i].load(std::memory_order_relaxed)));
  }
  auto count = static_cast<double>(count_.load(std::memory_order_relaxed));
  line(out, bucket, std::string(labels) + ",le=\"+Inf\"", count);
  line(out, std::string(name) + "_sum", labels,
       static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6);
  line(out, std::string(name) + "_count", labels, count);
}

void gateway_metrics::request_done(const std::string& op, const std::string& outcome,
                                   double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{op, outcome}];
  auto& h = latency_[op];
  if (!h) h = std::make_unique<latency_histogram>();
  h->observe(seconds);
}

std::string gateway_metrics::render(const actors::journal_status& journal,
                                    const std::vector<actors::projection_status>& projections,
                                    const actors::reactor_status& reactor) const {
  std::string out;
  auto gauge = [&](std::string_view name, std::string_view text, double value) {
    help(out, name, "gauge", text);
    line(out, name, "", value);
  };
  auto counter = [&](std::string_view name, std::string_view text, double value) {
    help(out, name, "counter", text);
    line(out, name, "", value);
  };
  gauge("reel_connections_open", "WebSocket sessions open now",
        static_cast<double>(connections_open.load()));
  counter("reel_connections_accepted_total", "WebSocket sessions accepted (upgrades)",
          static_cast<double>(connections_accepted.load()));
  counter("reel_connections_refused_total", "connections refused at the connection cap",
          static_cast<double>(connections_refused.load()));
  counter("reel_connections_refused_per_ip_total",
          "connections refused at the per-address connection cap",
          static_cast<double>(connections_refused_per_ip.load()));
  counter("reel_slow_consumers_closed_total", "sessions closed for not reading their replies",
          static_cast<double>(slow_consumers_closed.load()));
  counter("reel_stalled_writes_dropped_total",
          "connections dropped because a write did not finish in time",
          static_cast<double>(stalled_writes_dropped.load()));
  counter("reel_login_timeouts_total", "sessions closed for not logging in in time",
          static_cast<double>(login_timeouts.load()));
  counter("reel_pushes_dropped_total", "pushes dropped from a session's full push queue",
          static_cast<double>(pushes_dropped.load()));
  counter("reel_frames_in_total", "WebSocket frames received",
          static_cast<double>(frames_in.load()));
  counter("reel_frames_out_total", "WebSocket frames sent", static_cast<double>(frames_out.load()));
  counter("reel_pushes_total", "push frames queued", static_cast<double>(pushes.load()));
  {
    std::lock_guard lock(mu_);
    help(out, "reel_requests_total", "counter", "requests by op and outcome (ok or error code)");
    for (const auto& [key, n] : requests_) {
      line(out, "reel_requests_total", "op=\"" + key.first + "\",outcome=\"" + key.second + "\"",
           static_cast<double>(n));
    }
    help(out, "reel_request_seconds", "histogram", "request latency by op");
    for (const auto& [op, h] : latency_)
      h->render(out, "reel_request_seconds", "op=\"" + op + "\"");
  }
  counter("reel_journal_events_total", "events committed", static_cast<double>(journal.events));
  counter("reel_journal_batches_total", "group commits (one WAL sync each)",
          static_cast<double>(journal.batches));
  gauge("reel_journal_largest_batch_events", "events in the largest group commit",
        static_cast<double>(journal.largest_batch));
  gauge("reel_journal_queued_events", "events waiting for the next group commit",
        static_cast<double>(journal.queued_events));
  gauge("reel_store_unavailable", "1 while writes fail for want of disk space or descriptors",
        journal.unavailable.empty() ? 0.0 : 1.0);
  gauge("reel_store_stopped", "1 once the store stopped after a write error (restart needed)",
        journal.stopped.empty() ? 0.0 : 1.0);
  help(out, "reel_projection_lag_events", "gauge", "committed events a projection has not applied");
  for (const auto& p : projections) {
    line(out, "reel_projection_lag_events", "projection=\"" + p.name + "\"",
         static_cast<double>(p.lag));
  }
  gauge("reel_reactor_lag_events", "committed events whose follow-ups have not all run",
        static_cast<double>(reactor.lag));
  counter("reel_reactor_follow_ups_total", "follow-ups committed since start",
          static_cast<double>(reactor.follow_ups));
  counter("reel_reactor_refused_total", "follow-ups the rules refused (terminal) since start",
          static_cast<double>(reactor.refused));
  counter("reel_reactor_retries_total", "follow-ups retried after a failure since start",
          static_cast<double>(reactor.retries));
  return out;
}

}  // namespace reel::gateway
