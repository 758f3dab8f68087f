// Live notifications: a detached actor that follows the log from where it stood when it
// started (pushes are live, not replayed: the inbox projection keeps every notice) and
// hands each notice to a sink, e.g. the gateway's push to subscribed sessions. Who hears of
// what is domain/notifications.h; a notice to a user in their quiet hours is not pushed
// (domain/notifications/quiet_hours.h): it waits in their inbox.
//
// Messages: (head_atom, sequence) from the bus.
#pragma once

#include <caf/all.hpp>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "actors/core/messages.h"
#include "domain/clock.h"
#include "domain/notifications/notifications.h"
#include "domain/notifications/quiet_hours.h"
#include "storage/event_store.h"

namespace reel::actors {

// Called on the notifier's thread for every notice; must be quick and must not throw.
using notice_sink = std::function<void(const domain::notice&)>;

// Where notices go; set before or after the notifier starts (thread-safe).
class notice_outlet {
 public:
  void set(notice_sink sink);
  void deliver(const domain::notice& n);

 private:
  std::mutex mu_;
  notice_sink sink_;
};

struct notifier_state {
  storage::event_store* store = nullptr;
  const domain::clock* clock = nullptr;
  std::shared_ptr<notice_outlet> outlet;
  uint64_t position = 0;  // the last sequence looked at
  uint64_t head = 0;
  bool scheduled = false;
  std::unordered_map<std::string, std::string> video_owners;  // a bounded cache
  domain::recent_blocks blocks;                               // no notice across them
  // Recipients' birthdates and timezones (quiet hours), kept current from the log; a
  // recipient not seen yet is read from their stream once (a bounded cache).
  std::unordered_map<std::string, domain::recipient_clock> clocks;
};

caf::behavior notifier(caf::stateful_actor<notifier_state>* self, storage::event_store* store,
                       const domain::clock* clock, caf::actor bus,
                       std::shared_ptr<notice_outlet> outlet);

}  // namespace reel::actors
