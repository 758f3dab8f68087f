// Clients that misbehave against a running reeld, for reel-load soak: each kind does what
// docs/reliability.md bounds, and reconnects whenever reeld closes it, so the pressure
// stays on for the whole run. They reuse their accounts (auth.login after the first
// registration): a soak must not grow reeld's state by new accounts.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace reel::load {

struct hostile_options {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  unsigned non_readers = 16;  // log in, ask for 2 KiB replies, never read one
  unsigned junk = 16;         // malformed JSON, binary frames, oversized frames
  unsigned flooders = 16;     // log in, send pings far past the rate limit, read replies
  unsigned idle = 200;        // TCP connections that never send a byte
  unsigned threads = 1;
};

struct hostile_counts {
  uint64_t connections = 0;  // opened, reconnects included
  uint64_t closed_by_server = 0;
  uint64_t frames_sent = 0;
  uint64_t replies_read = 0;
};

// Starts the crowd on its own threads; stop() (or the destructor) ends it.
class hostile_clients {
 public:
  explicit hostile_clients(hostile_options options);
  ~hostile_clients();
  hostile_clients(const hostile_clients&) = delete;
  hostile_clients& operator=(const hostile_clients&) = delete;

  void stop();
  // By kind ("non_reader", "junk", "flooder", "idle"); safe to call while running.
  std::map<std::string, hostile_counts> counts() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::load
