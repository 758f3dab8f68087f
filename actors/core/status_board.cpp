#include "actors/core/status_board.h"

namespace reel::actors {

void status_board::publish(std::vector<projection_status> projections) {
  std::lock_guard lock(mu_);
  projections_ = std::move(projections);
}

void status_board::publish(reactor_status reactor) {
  std::lock_guard lock(mu_);
  reactor_ = std::move(reactor);
}

std::vector<projection_status> status_board::projections() const {
  std::lock_guard lock(mu_);
  return projections_;
}

reactor_status status_board::reactor() const {
  std::lock_guard lock(mu_);
  return reactor_;
}

}  // namespace reel::actors
