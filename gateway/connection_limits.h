// How many TCP connections the gateway holds: one cap over all of them (WebSocket, HTTP,
// half-open) and one per peer address. The listener asks for a ticket as it accepts; the
// connection holds it for its whole life, through an upgrade, and gives it back by
// destroying it. Thread-safe.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace reel::gateway {

class connection_limits;

// A connection's place under the caps; movable, released on destruction.
class connection_ticket {
 public:
  connection_ticket() = default;
  connection_ticket(connection_ticket&& other) noexcept;
  connection_ticket& operator=(connection_ticket&& other) noexcept;
  ~connection_ticket();
  explicit operator bool() const { return limits_ != nullptr; }
  const boost::asio::ip::address& peer() const { return peer_; }  // who holds it

 private:
  friend class connection_limits;
  connection_ticket(std::shared_ptr<connection_limits> limits, boost::asio::ip::address peer)
      : limits_(std::move(limits)), peer_(std::move(peer)) {}
  std::shared_ptr<connection_limits> limits_;
  boost::asio::ip::address peer_;
};

// Why a connection was refused.
enum class refusal { none, total, per_peer };

class connection_limits : public std::enable_shared_from_this<connection_limits> {
 public:
  connection_limits(size_t total, size_t per_peer) : total_cap_(total), per_peer_cap_(per_peer) {}

  // A ticket, or an empty one with `why` set when either cap is reached.
  connection_ticket admit(const boost::asio::ip::address& peer, refusal& why);

  size_t open() const;  // connections holding a ticket now

 private:
  friend class connection_ticket;
  void release(const boost::asio::ip::address& peer);

  const size_t total_cap_, per_peer_cap_;
  mutable std::mutex mu_;
  size_t open_ = 0;
  std::unordered_map<boost::asio::ip::address, size_t> by_peer_;
};

}  // namespace reel::gateway
