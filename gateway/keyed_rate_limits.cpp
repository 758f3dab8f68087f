#include "gateway/keyed_rate_limits.h"

#include <algorithm>
#include <iterator>

namespace reel::gateway {

keyed_rate_limits::keyed_rate_limits(double per_s, double burst, size_t max_keys)
    : per_s_(per_s), burst_(std::max(1.0, burst)), max_keys_(std::max<size_t>(1, max_keys)) {}

bool keyed_rate_limits::allow(const std::string& key, clock::time_point now) {
  if (per_s_ <= 0) return true;
  std::lock_guard lock(mu_);
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
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
