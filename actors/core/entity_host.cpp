#include "actors/core/entity_host.h"

namespace reel::actors {
namespace {

using host_actor = caf::stateful_actor<host_state>;
using loaded_atom = caf::atom_constant<caf::atom("loaded")>;

void forward(host_state::entry& e, caf::message payload, caf::response_promise& promise) {
  ++e.forwarded;
  promise.delegate(e.actor, std::move(payload));
}

void on_loaded(host_actor* self, uint64_t id, caf::message loaded) {
  auto& st = self->state;
  auto waiting = std::move(st.loading[id]);
  st.loading.erase(id);
  auto actor = st.hooks.spawn(self, id, std::move(loaded));
  ++st.activations;
  // An entity that fails leaves the table, so the next message activates a fresh one.
  // Retired entities have left it already.
  actor->attach_functor(
      [host = caf::actor_cast<caf::actor>(self), id, addr = actor.address()](const caf::error&) {
        caf::anon_send(host, gone_atom::value, id, addr);
      });
  auto& e = st.entities.emplace(id, host_state::entry{std::move(actor), 0}).first->second;
  for (auto& w : waiting) forward(e, std::move(w.payload), w.promise);
}

// A stream that cannot be read: everyone waiting hears `unavailable` (flow.h, from_caf),
// and the next message tries again.
void on_load_failed(host_actor* self, uint64_t id) {
  auto& st = self->state;
  auto waiting = std::move(st.loading[id]);
  st.loading.erase(id);
  for (auto& w : waiting) w.promise.deliver(caf::make_error(caf::sec::request_receiver_down));
}

void start_loading(host_actor* self, uint64_t id) {
  auto& st = self->state;
  store_job job{
      [load = st.hooks.load, id] { return caf::make_message(loaded_atom::value, load(id)); }};
  self->request(st.workers.for_key(id), caf::infinite, run_atom::value, std::move(job))
      .then([self, id](loaded_atom, caf::message& loaded) { on_loaded(self, id, loaded); },
            [self, id](caf::error&) { on_load_failed(self, id); });
}

}  // namespace

caf::behavior entity_host(host_actor* self, entity_kind_hooks hooks, store_workers workers) {
  self->state.hooks = std::move(hooks);
  self->state.workers = std::move(workers);
  self->set_exit_handler([self](const caf::exit_msg& msg) {
    for (auto& [id, e] : self->state.entities) self->send_exit(e.actor, msg.reason);
    self->state.entities.clear();
    self->quit(msg.reason);
  });
  return {
      [self](route_atom, uint64_t id, caf::message& payload) -> caf::result<caf::message> {
        auto& st = self->state;
        auto promise = self->make_response_promise();
        if (auto it = st.entities.find(id); it != st.entities.end()) {
          forward(it->second, std::move(payload), promise);
        } else {
          auto [waiting, first] = st.loading.try_emplace(id);
          waiting->second.push_back({std::move(payload), promise});
          if (first) start_loading(self, id);
        }
        return caf::delegated<caf::message>{};
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
      // An entity that failed or stopped to reload leaves the table, so the next message
      // activates a fresh one.
      [self](gone_atom, uint64_t id, const caf::actor_addr& addr) {
        auto& entities = self->state.entities;
        auto it = entities.find(id);
        if (it != entities.end() && it->second.actor.address() == addr) entities.erase(it);
      },
      [self](resident_atom) { return static_cast<uint64_t>(self->state.entities.size()); },
  };
}

}  // namespace reel::actors
