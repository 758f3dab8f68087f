// The actor runtime of one node: the event bus, the journal, the entity hosts of each kind,
// the projection runners, and the command API over them.
//
//   caf::actor_system system{cfg};                        // 1. outlives the store
//   auto store = storage::rocksdb_event_store::open(...);  // 2. outlives the runtime
//   actors::runtime rt(system, *store);                   // 3.
//   rt.api().follow(...);
//
// stop() (or the destructor) stops every actor of the runtime and waits for every actor of
// the system; call no command_api function from then on.
#pragma once

#include <caf/all.hpp>

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "actors/command_api.h"
#include "actors/entity.h"
#include "actors/entity_host.h"
#include "actors/journal.h"
#include "actors/projection.h"
#include "actors/projection_runner.h"
#include "domain/feed_options.h"

namespace reel::actors {

struct runtime_options {
  entity_options entities;
  size_t hosts_per_kind = 4;  // shards of each entity kind
  std::chrono::milliseconds command_timeout = std::chrono::seconds(5);
  std::filesystem::path backup_dir;  // where operators' online backups go; empty: none
  uint16_t node_id = 0;              // minted ids carry it (domain/ids.h)
  projection_runner_options projections;
  domain::feed_options feeds;  // the For You knobs (fresh share, first audience, ...)
  // Projections besides the built-in ones (profile counts, feeds).
  std::vector<std::shared_ptr<projection>> extra_projections;
};

class runtime {
 public:
  runtime(caf::actor_system& system, storage::event_store& store, runtime_options options = {});
  ~runtime();
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  command_api& api() { return *api_; }
  actors::journal& journal() { return *journal_; }
  const caf::actor& bus() const { return bus_; }
  const entity_directory& users() const { return users_; }
  const entity_directory& videos() const { return videos_; }
  const entity_directory& creators() const { return creators_; }
  // The runner of a projection, or an invalid handle.
  caf::actor projection_runner(std::string_view name) const;

  // Live entity actors across all hosts (asks every host; blocking).
  uint64_t resident_entities();

  // Stops every actor of the runtime and waits for them; idempotent.
  void stop();

 private:
  caf::actor_system& system_;
  storage::event_store& store_;
  runtime_options options_;
  caf::actor bus_;
  caf::actor notifier_;
  std::unique_ptr<actors::journal> journal_;
  entity_services services_;
  entity_directory users_, videos_, creators_;
  std::map<std::string, caf::actor, std::less<>> projections_;
  std::unique_ptr<command_api> api_;
  bool stopped_ = false;
};

}  // namespace reel::actors
