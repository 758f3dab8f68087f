#include "actors/notifications/notifications_module.h"

namespace reel::actors {

notifications_module::notifications_module(node& n) {
  n.adopt(n.system().spawn<caf::detached>(notifier, &n.journal().store(), n.bus(), outlet_));
}

void notifications_module::on_notice(notice_sink sink) {
  outlet_->set(std::move(sink));
}

}  // namespace reel::actors
