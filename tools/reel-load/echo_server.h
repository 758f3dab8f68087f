// A bare Beast WebSocket echo server: the baseline the gateway is measured against (every
// text frame comes back unchanged). One io thread, like NOTES.md's measurement.
#pragma once

#include <cstdint>
#include <memory>

namespace reel::load {

class echo_server {
 public:
  explicit echo_server(unsigned threads = 1);
  ~echo_server();
  uint16_t port() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::load
