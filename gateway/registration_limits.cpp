#include "gateway/registration_limits.h"

namespace reel::gateway {

registration_limits::registration_limits(double per_hour, double burst, bool limit_loopback,
                                         size_t max_addresses)
    : limit_loopback_(limit_loopback), buckets_(per_hour / 3600.0, burst, max_addresses) {}

bool registration_limits::allow(const boost::asio::ip::address& peer, clock::time_point now) {
  if (peer.is_loopback() && !limit_loopback_) return true;
  return buckets_.allow(peer.to_string(), now);
}

}  // namespace reel::gateway
