// Entity hosts: where entity actors live. A host activates an entity on the first message
// for it (a store worker loads its state meanwhile, and the messages that arrive before
// it is loaded wait in order), forwards every later message to that one actor, and lets it
// go when it passivates. Hosts are sharded by entity id; each host is a single actor, so messages
// for one entity are looked up one at a time and racing first messages still find one actor.
//
// To reach an entity, send the host (route_atom, id, message): the host delegates the
// message, so the entity's answer goes straight back to the sender.
#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "actors/core/messages.h"
#include "actors/core/store_worker.h"

namespace reel::actors {

// How a host brings one kind of entity to life.
struct entity_kind_hooks {
  // Runs on a store worker (blocking reads): the entity's state as stored, in a message.
  std::function<caf::message(uint64_t id)> load;
  // Spawns the entity with what `load` returned; `host` is the host that will own it.
  std::function<caf::actor(caf::local_actor* host, uint64_t id, caf::message loaded)> spawn;
};

struct host_state {
  struct entry {
    caf::actor actor;
    uint64_t forwarded = 0;  // messages handed to this actor so far
  };
  struct waiting_message {
    caf::message payload;
    caf::response_promise promise;
  };
  std::unordered_map<uint64_t, entry> entities;
  std::unordered_map<uint64_t, std::vector<waiting_message>> loading;  // by entity id
  entity_kind_hooks hooks;
  store_workers workers;
  uint64_t activations = 0;
};

caf::behavior entity_host(caf::stateful_actor<host_state>* self, entity_kind_hooks hooks,
                          store_workers workers);

// The hosts of one kind of entity, and which one owns an id.
class entity_directory {
 public:
  entity_directory() = default;
  explicit entity_directory(std::vector<caf::actor> hosts) : hosts_(std::move(hosts)) {}

  const caf::actor& host_for(uint64_t id) const {
    // Ids end in a per-millisecond counter: mix all bits before choosing a shard.
    uint64_t h = id * 0x9E3779B97F4A7C15ull;
    return hosts_[(h >> 32) % hosts_.size()];
  }
  const std::vector<caf::actor>& hosts() const { return hosts_; }

 private:
  std::vector<caf::actor> hosts_;
};

}  // namespace reel::actors
