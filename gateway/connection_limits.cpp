#include "gateway/connection_limits.h"

namespace reel::gateway {

connection_ticket::connection_ticket(connection_ticket&& other) noexcept
    : limits_(std::move(other.limits_)), peer_(other.peer_) {
  other.limits_.reset();
}

connection_ticket& connection_ticket::operator=(connection_ticket&& other) noexcept {
  if (this != &other) {
    if (limits_) limits_->release(peer_);
    limits_ = std::move(other.limits_);
    peer_ = other.peer_;
    other.limits_.reset();
  }
  return *this;
}

connection_ticket::~connection_ticket() {
  if (limits_) limits_->release(peer_);
}

connection_ticket connection_limits::admit(const boost::asio::ip::address& peer, refusal& why) {
  std::lock_guard lock(mu_);
  why = refusal::none;
  if (open_ >= total_cap_) {
    why = refusal::total;
    return {};
  }
  auto& from_peer = by_peer_[peer];
  if (from_peer >= per_peer_cap_) {
    if (from_peer == 0) by_peer_.erase(peer);
    why = refusal::per_peer;
    return {};
  }
  ++from_peer;
  ++open_;
  return connection_ticket(shared_from_this(), peer);
}

void connection_limits::release(const boost::asio::ip::address& peer) {
  std::lock_guard lock(mu_);
  --open_;
  auto it = by_peer_.find(peer);
  if (it != by_peer_.end() && --it->second == 0) by_peer_.erase(it);
}

size_t connection_limits::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

}  // namespace reel::gateway
