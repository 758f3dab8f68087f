#include "actors/core/entity_host.h"

namespace reel::actors {
namespace {

host_state::entry& resident(caf::stateful_actor<host_state>* self, uint64_t id) {
  auto& entities = self->state.entities;
  auto it = entities.find(id);
  if (it != entities.end()) return it->second;
  auto actor = self->state.spawn(self, id);
  ++self->state.activations;
  // An entity that fails (it could not read its stream) leaves the table, so the next
  // message activates a fresh one. Retired entities have left it already.
  actor->attach_functor(
      [host = caf::actor_cast<caf::actor>(self), id, addr = actor.address()](const caf::error&) {
        caf::anon_send(host, gone_atom::value, id, addr);
      });
  return entities.emplace(id, host_state::entry{std::move(actor), 0}).first->second;
}

}  // namespace

caf::behavior entity_host(caf::stateful_actor<host_state>* self, entity_spawner spawn) {
  self->state.spawn = std::move(spawn);
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.entities) self->send_exit(e.actor, msg.reason);
    self->state.entities.clear();
    self->quit(msg.reason);
  });
  return {
      [self](route_atom, uint64_t id, caf::message& payload) {
        auto& e = resident(self, id);
        ++e.forwarded;
        return self->delegate(e.actor, std::move(payload));
      },
      [self](passivate_atom, uint64_t id, uint64_t handled, const caf::actor& who) {
        auto& entities = self->state.entities;
        auto it = entities.find(id);
        // Retire only if it has handled all we forwarded: nothing is left in its mailbox.
        if (it == entities.end() || it->second.actor != who || it->second.forwarded != handled)
          return;
        entities.erase(it);
        self->send(who, retire_atom::value);
      },
      // An entity that failed (it could not read its stream) leaves the table, so the next
      // message activates a fresh one.
      [self](gone_atom, uint64_t id, const caf::actor_addr& addr) {
        auto& entities = self->state.entities;
        auto it = entities.find(id);
        if (it != entities.end() && it->second.actor.address() == addr) entities.erase(it);
      },
      [self](resident_atom) { return static_cast<uint64_t>(self->state.entities.size()); },
  };
}

}  // namespace reel::actors
