#include "actors/core/scheduler_config.h"

namespace reel::actors {

node_system_config::node_system_config() {
  set("work-stealing.moderate-sleep-duration", caf::timespan{0});
}

}  // namespace reel::actors
