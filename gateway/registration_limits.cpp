#include "gateway/registration_limits.h"

namespace reel::gateway {

registration_limits::registration_limits(double per_hour, double burst, bool limit_loopback,
                                         size_t max_addresses)
    : per_s_(per_hour / 3600.0),
      burst_(std::max(1.0, burst)),
      limit_loopback_(limit_loopback),
      max_addresses_(std::max<size_t>(1, max_addresses)) {}

bool registration_limits::allow(const boost::asio::ip::address& peer, clock::time_point now) {
  if (per_s_ <= 0) return true;
  if (peer.is_loopback() && !limit_loopback_) return true;
  auto key = peer.to_string();
  std::lock_guard lock(mu_);
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    // A forgotten address starts full again: forgetting the least recently used costs at
    // most one burst per address pushed out.
    if (buckets_.size() >= max_addresses_) {
      buckets_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(key);
    found = buckets_.emplace(key, entry{rate_limiter(per_s_, burst_, now), std::prev(order_.end())})
                .first;
  } else {
    order_.splice(order_.end(), order_, found->second.in_order);
  }
  return found->second.bucket.allow(now);
}

}  // namespace reel::gateway
