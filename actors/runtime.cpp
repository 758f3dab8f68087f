#include "actors/runtime.h"

#include "actors/entity_kinds.h"
#include "actors/event_bus.h"
#include "actors/feed_projection.h"
#include "actors/notifier.h"
#include "actors/profile_counts_projection.h"

namespace reel::actors {
namespace {

template <class Behavior>
entity_directory spawn_hosts(caf::actor_system& system, size_t count,
                             const entity_services* services, Behavior behavior) {
  std::vector<caf::actor> hosts;
  for (size_t i = 0; i < std::max<size_t>(count, 1); ++i) {
    hosts.push_back(system.spawn(entity_host, [services, behavior](caf::local_actor* host,
                                                                   uint64_t id) {
      return host->spawn<caf::lazy_init>(behavior, services, caf::actor_cast<caf::actor>(host), id);
    }));
  }
  return entity_directory(std::move(hosts));
}

}  // namespace

runtime::runtime(caf::actor_system& system, storage::event_store& store, runtime_options options)
    : system_(system), store_(store), options_(std::move(options)) {
  bus_ = system_.spawn(event_bus, store_.global_head());
  journal_ = std::make_unique<actors::journal>(store_, bus_);
  services_.journal = journal_.get();
  services_.options = options_.entities;
  users_ = spawn_hosts(system_, options_.hosts_per_kind, &services_, user_entity);
  videos_ = spawn_hosts(system_, options_.hosts_per_kind, &services_, video_entity);
  creators_ = spawn_hosts(system_, options_.hosts_per_kind, &services_, creator_entity);

  std::vector<std::shared_ptr<projection>> models{
      std::make_shared<profile_counts_projection>(),
      std::make_shared<feed_projection>(options_.feeds)};
  for (const auto& p : options_.extra_projections) models.push_back(p);
  for (auto& model : models) {
    std::string name(model->name());
    projections_[name] = system_.spawn<caf::detached>(actors::projection_runner, &store_, model,
                                                      bus_, options_.projections);
  }

  auto notices = std::make_shared<notice_outlet>();
  notifier_ = system_.spawn<caf::detached>(notifier, &store_, bus_, notices);

  command_api_parts parts;
  parts.system = &system_;
  parts.journal = journal_.get();
  parts.users = users_;
  parts.videos = videos_;
  parts.creators = creators_;
  parts.projections = projections_;
  parts.timeout = options_.command_timeout;
  parts.node_id = options_.node_id;
  parts.backup_dir = options_.backup_dir;
  parts.notices = notices;
  api_ = std::make_unique<command_api>(std::move(parts));
}

runtime::~runtime() {
  stop();
}

caf::actor runtime::projection_runner(std::string_view name) const {
  auto it = projections_.find(name);
  return it == projections_.end() ? caf::actor() : it->second;
}

uint64_t runtime::resident_entities() {
  caf::scoped_actor self{system_};
  uint64_t total = 0;
  for (const auto* dir : {&users_, &videos_, &creators_}) {
    for (const auto& host : dir->hosts()) {
      self->request(host, caf::infinite, resident_atom::value)
          .receive([&](uint64_t n) { total += n; }, [](caf::error&) {});
    }
  }
  return total;
}

void runtime::stop() {
  if (stopped_) return;
  stopped_ = true;
  std::vector<caf::actor> all{bus_, notifier_};
  for (const auto* dir : {&users_, &videos_, &creators_}) {
    for (const auto& host : dir->hosts()) all.push_back(host);
  }
  for (const auto& [name, runner] : projections_) all.push_back(runner);
  for (const auto& a : all) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  // Entities and flows reference the journal and the services: wait until every actor of
  // the system is gone, not only the ones above.
  system_.await_all_actors_done();
}

}  // namespace reel::actors
