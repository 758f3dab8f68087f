// The notifications module: live notices (someone followed you, liked or commented on
// your video) as their events commit, from the notifier (notifier.h) to one sink per
// node, the gateway's.
#pragma once

#include <memory>

#include "actors/core/node.h"
#include "actors/notifications/notifier.h"

namespace reel::actors {

class notifications_module {
 public:
  explicit notifications_module(node& n);

  // Notices go to `sink`, on the notifier's thread; nullptr stops them.
  void on_notice(notice_sink sink);

 private:
  std::shared_ptr<notice_outlet> outlet_ = std::make_shared<notice_outlet>();
};

}  // namespace reel::actors
