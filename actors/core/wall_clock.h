// The clock of a running node: the system's real time (domain/clock.h for the interface
// and the manual clock tests use).
#pragma once

#include <chrono>

#include "domain/clock.h"

namespace reel::actors {

class wall_clock final : public domain::clock {
 public:
  int64_t now_us() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace reel::actors
