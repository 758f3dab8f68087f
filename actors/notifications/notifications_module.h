// The notifications module: the inbox of every user (projections/notifications/, every
// notice kept whatever the hour) and live notices as their events commit, from the
// notifier (notifier.h) to one sink per node, the gateway's. Quiet hours hold the push,
// never the inbox item (domain/notifications/quiet_hours.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "actors/notifications/notifier.h"
#include "projections/notifications/inbox_projection.h"

namespace reel::actors {

class accounts_module;

using projections::inbox_answer;

class notifications_module {
 public:
  notifications_module(node& n, const accounts_module& accounts);

  // Notices go to `sink`, on the notifier's thread; nullptr stops them.
  void on_notice(notice_sink sink);

  // The caller's notices, `limit` (1 to 100) older than `before` (none: the newest),
  // newest first, with how many are unread; after everything committed before the call.
  void list(const caller& who, size_t limit, std::optional<uint64_t> before,
            reply<inbox_answer> answer);
  // Marks the caller's notices up to notice id `up_to` read.
  void read(const caller& who, uint64_t up_to, reply<done> answer);

  const projection_handle& inbox() const { return inbox_; }

 private:
  node& node_;
  entity_directory users_;
  projection_handle inbox_;
  std::shared_ptr<notice_outlet> outlet_ = std::make_shared<notice_outlet>();
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::projections::inbox_answer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::optional<uint64_t>)
