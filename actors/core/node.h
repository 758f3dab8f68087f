// A node: the core every module installs into. It owns the event bus, the journal, the
// entity hosts of each kind, the projection host and the reactor, and lends module APIs
// what they share (the actor system, the clock, id minting, the deadline of a request).
//
//   caf::actor_system system{cfg};                        // 1. outlives the store
//   auto store = storage::rocksdb_event_store::open(...);  // 2. outlives the node
//   actors::node n(system, *store);                       // 3.
//   accounts_module accounts(n);  ...                     // 4. modules install (one list:
//                                                         //    tools/support/module_list.h)
//   n.start();                                            // 5. projections and reactor run
//
// stop() (or the destructor) stops every actor of the node and waits for every actor of
// the system; call no module API from then on.
#pragma once

#include <caf/all.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/core/entity.h"
#include "actors/core/entity_host.h"
#include "actors/core/journal.h"
#include "actors/core/projection_host.h"
#include "actors/core/reactor.h"
#include "actors/core/status_board.h"
#include "domain/clock.h"
#include "domain/ids.h"

namespace reel::actors {

struct node_options {
  entity_options entities;
  size_t hosts_per_kind = 4;        // shards of each entity kind
  size_t store_worker_threads = 2;  // threads for the entities' and flows' blocking store calls
  std::chrono::milliseconds command_timeout = std::chrono::seconds(5);
  uint16_t node_id = 0;  // minted ids carry it (domain/ids.h)
  projection_host_options projections;
  // The time; null: the wall clock. Must outlive the node.
  const domain::clock* clock = nullptr;
};

// A projection a module installed: which one it is in the node's projection host.
struct projection_handle {
  std::shared_ptr<caf::actor> host;  // set when the node starts
  uint32_t index = 0;
  std::string name;
};

class node {
 public:
  node(caf::actor_system& system, storage::event_store& store, node_options options = {});
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  // Installing, before start(): each module adds what it owns.
  // The hosts of an entity kind; `Kind` is an entity kind of actors/core/entity.h.
  template <class Kind>
  entity_directory add_entity_kind();
  projection_handle add_projection(std::shared_ptr<projections::projection> model,
                                   caf::message_handler queries = {});
  void add_reaction(std::shared_ptr<reaction> r);
  // An actor a module spawned for itself: stopped with the node.
  void adopt(caf::actor a);
  // Starts the projection host and the reactor over what was added.
  void start();
  // Whether start() has finished: from then on the projection hosts (projection_ref::host)
  // may be read from any thread. For what runs on its own timer (deadline_watch).
  bool running() const { return running_.load(std::memory_order_acquire); }

  // What module APIs use.
  caf::actor_system& system() { return system_; }
  actors::journal& journal() { return *journal_; }
  const domain::clock& clock() const { return *clock_; }
  std::chrono::milliseconds timeout() const { return options_.command_timeout; }
  // A new id value (domain/ids.h), unique on this node.
  uint64_t mint();
  const caf::actor& bus() const { return bus_; }
  const caf::actor& projection_host() const { return *projection_host_; }
  const caf::actor& reactor() const { return reactor_; }
  // What the projection host and the reactor last reported (any thread, no messaging).
  const status_board& status() const { return status_; }
  // Where flows run their blocking store reads (store_worker.h).
  const store_workers& workers() const { return services_.workers; }
  // Every installed projection, for the protocol edge that names them (admin ops).
  const std::vector<projection_handle>& projections() const { return projections_; }

  // Live entity actors across all hosts (asks every host; blocking: tools and tests).
  uint64_t resident_entities();

  // Stops every actor of the node and waits for them; idempotent.
  void stop();

 private:
  entity_directory spawn_hosts(entity_kind_hooks hooks);

  caf::actor_system& system_;
  storage::event_store& store_;
  node_options options_;
  std::unique_ptr<domain::clock> own_clock_;
  const domain::clock* clock_ = nullptr;
  caf::actor bus_;
  std::unique_ptr<actors::journal> journal_;
  entity_services services_;
  std::vector<entity_directory> entities_;  // every kind installed
  std::vector<hosted_projection> hosted_;
  std::vector<projection_handle> projections_;
  std::shared_ptr<caf::actor> projection_host_ = std::make_shared<caf::actor>();
  std::vector<std::shared_ptr<reaction>> reactions_;
  caf::actor reactor_;
  status_board status_;
  std::vector<caf::actor> adopted_;
  std::mutex ids_mu_;
  id_generator ids_;
  bool started_ = false, stopped_ = false;
  std::atomic<bool> running_{false};
};

template <class Kind>
entity_directory node::add_entity_kind() {
  const entity_services* services = &services_;
  entity_kind_hooks hooks;
  hooks.load = [services](uint64_t id) {
    return entity_detail::load_entity<Kind>(services->journal->store(), id);
  };
  hooks.spawn = [services](caf::local_actor* host, uint64_t id, caf::message loaded) {
    return host->spawn<caf::lazy_init>(activate<Kind>, services, caf::actor_cast<caf::actor>(host),
                                       id, std::move(loaded));
  };
  return spawn_hosts(std::move(hooks));
}

}  // namespace reel::actors
