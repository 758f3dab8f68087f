#include "actors/core/node.h"

#include "actors/core/event_bus.h"
#include "actors/core/wall_clock.h"

namespace reel::actors {

node::node(caf::actor_system& system, storage::event_store& store, node_options options)
    : system_(system), store_(store), options_(std::move(options)), ids_(options_.node_id) {
  clock_ = options_.clock;
  if (!clock_) {
    own_clock_ = std::make_unique<wall_clock>();
    clock_ = own_clock_.get();
  }
  bus_ = system_.spawn(event_bus, store_.global_head());
  journal_ = std::make_unique<actors::journal>(store_, bus_, 0, options_.clock);
  services_.journal = journal_.get();
  std::vector<caf::actor> workers;
  for (size_t i = 0; i < std::max<size_t>(options_.store_worker_threads, 1); ++i)
    workers.push_back(system_.spawn<caf::detached>(store_worker, i));
  services_.workers = store_workers(std::move(workers));
  services_.clock = clock_;
  services_.options = options_.entities;
}

node::~node() {
  stop();
}

entity_directory node::spawn_hosts(entity_kind_hooks hooks) {
  std::vector<caf::actor> hosts;
  for (size_t i = 0; i < std::max<size_t>(options_.hosts_per_kind, 1); ++i) {
    hosts.push_back(system_.spawn(entity_host, hooks, services_.workers));
  }
  entity_directory dir(std::move(hosts));
  entities_.push_back(dir);
  return dir;
}

projection_handle node::add_projection(std::shared_ptr<projections::projection> model,
                                       caf::message_handler queries) {
  projection_handle handle;
  handle.host = projection_host_;
  handle.index = static_cast<uint32_t>(hosted_.size());
  handle.name = std::string(model->name());
  hosted_.push_back({std::move(model), std::move(queries)});
  projections_.push_back(handle);
  return handle;
}

void node::add_reaction(std::shared_ptr<reaction> r) {
  reactions_.push_back(std::move(r));
}

void node::adopt(caf::actor a) {
  adopted_.push_back(std::move(a));
}

void node::start() {
  if (started_) return;
  started_ = true;
  *projection_host_ = system_.spawn<caf::detached>(actors::projection_host, &store_, hosted_, bus_,
                                                   options_.projections, &status_);
  try {
    mark_reactor_start(store_);
  } catch (const std::exception&) {
    // The reactor then starts from sequence 1; follow-ups are idempotent, so that costs time.
  }
  reactor_ = system_.spawn<caf::detached>(actors::reactor, journal_.get(), reactions_, bus_,
                                          options_.command_timeout, &status_);
  running_.store(true, std::memory_order_release);
}

uint64_t node::mint() {
  std::lock_guard lock(ids_mu_);
  return ids_.next_value(clock_->now_ms());
}

uint64_t node::resident_entities() {
  caf::scoped_actor self{system_};
  uint64_t total = 0;
  for (const auto& dir : entities_) {
    for (const auto& host : dir.hosts()) {
      self->request(host, caf::infinite, resident_atom::value)
          .receive([&](uint64_t n) { total += n; }, [](caf::error&) {});
    }
  }
  return total;
}

void node::stop() {
  if (stopped_) return;
  stopped_ = true;
  std::vector<caf::actor> all{bus_, *projection_host_, reactor_};
  all.insert(all.end(), adopted_.begin(), adopted_.end());
  all.insert(all.end(), services_.workers.all().begin(), services_.workers.all().end());
  for (const auto& dir : entities_) {
    for (const auto& host : dir.hosts()) all.push_back(host);
  }
  for (const auto& a : all) {
    if (a) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
  // Entities and flows reference the journal and the services: wait until every actor of
  // the system is gone, not only the ones above.
  system_.await_all_actors_done();
}

}  // namespace reel::actors
