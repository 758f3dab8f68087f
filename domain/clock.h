// The time, injected. Everything that reads the time (ages on the day, token expiry, fund
// periods, moderation deadlines, id minting) asks a clock it was given, so tests move time
// instead of sleeping. The domain's rules never read a clock themselves: they take the time
// or the date as an argument; the layers above hold a clock and pass it in.
#pragma once

#include <atomic>
#include <cstdint>

#include "domain/calendar.h"

namespace reel::domain {

class clock {
 public:
  virtual ~clock() = default;
  // Microseconds since the Unix epoch, UTC. Thread-safe.
  virtual int64_t now_us() const = 0;

  int64_t now_ms() const { return now_us() / 1000; }
  // Today's UTC date.
  civil_date today() const { return date_of_unix_ms(now_ms()); }
};

// A clock that stands still until told to move; for tests and simulations. Thread-safe.
class manual_clock final : public clock {
 public:
  explicit manual_clock(int64_t start_us) : now_(start_us) {}
  int64_t now_us() const override { return now_.load(std::memory_order_relaxed); }
  void set_us(int64_t us) { now_.store(us, std::memory_order_relaxed); }
  void advance_us(int64_t us) { now_.fetch_add(us, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace reel::domain
