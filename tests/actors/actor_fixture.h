// A node's actors over a real RocksDB store in a temp folder, with helpers that call the
// command API and wait for its answer.
#pragma once

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "actors/runtime.h"
#include "storage/rocksdb_event_store.h"
#include "support/failing_event_store.h"
#include "support/temp_dir.h"

namespace reel::testing {

struct actor_fixture {
  caf::actor_system_config config;
  caf::actor_system system{config};
  temp_dir dir;
  std::unique_ptr<storage::event_store> disk;
  std::unique_ptr<failing_event_store> store;
  std::unique_ptr<actors::runtime> rt;
  int next_request = 0;

  explicit actor_fixture(actors::runtime_options options = {}) {
    open_store();
    start(std::move(options));
  }
  ~actor_fixture() {
    rt.reset();
    store.reset();
    disk.reset();
  }

  void open_store() {
    storage::rocksdb_store_options o;
    o.path = dir.path() / "db";
    disk = storage::rocksdb_event_store::open(o);
    store = std::make_unique<failing_event_store>(*disk);
  }
  void start(actors::runtime_options options) {
    rt = std::make_unique<actors::runtime>(system, *store, std::move(options));
  }
  // A new runtime over a reopened store: everything in memory is gone.
  void restart(actors::runtime_options options = {}) {
    rt.reset();
    store.reset();
    disk.reset();
    open_store();
    start(std::move(options));
  }

  actors::command_api& api() { return rt->api(); }

  actors::caller as(const std::string& user, std::string request_id = {}) {
    if (request_id.empty()) request_id = "req-" + std::to_string(++next_request);
    return actors::caller{user, std::move(request_id), "session-test"};
  }

  std::string register_user(const std::string& handle,
                            const std::string& birthdate = "1990-01-01") {
    auto r = actors::await<actors::registered>([&](auto reply) {
      api().register_user(as("", "reg-" + handle), handle, birthdate, reply);
    });
    BOOST_REQUIRE_MESSAGE(r.ok(), "register " << handle << ": " << (r.ok() ? "" : r.error().code));
    return r.value().user_id;
  }

  std::string publish(const std::string& user, actors::video_draft draft = {}) {
    if (draft.title.empty()) draft.title = "a video";
    if (draft.duration_ms == 0) draft.duration_ms = 15000;
    auto r = actors::await<actors::published>(
        [&](auto reply) { api().publish(as(user), draft, reply); });
    BOOST_REQUIRE_MESSAGE(r.ok(), "publish: " << (r.ok() ? "" : r.error().code));
    return r.value().video_id;
  }

  // Waits until the projection has applied everything committed so far.
  void settle(const std::string& projection = "profile_counts") {
    auto head = store->global_head();
    auto r = actors::await<actors::done>(
        [&](auto reply) { api().projection_reached(projection, head, reply); });
    BOOST_REQUIRE(r.ok());
  }

  // A copy of an entity's state, asked of its host.
  template <class State>
  State state_of(const actors::entity_directory& dir, uint64_t id) {
    caf::scoped_actor self{system};
    State out;
    self->request(dir.host_for(id), std::chrono::seconds(5), actors::route_atom::value, id,
                  caf::make_message(actors::state_atom::value))
        .receive([&](State& s) { out = std::move(s); },
                 [&](caf::error& e) { BOOST_FAIL("state: " << system.render(e)); });
    return out;
  }
};

template <class T>
std::string code_of(const actors::outcome<T>& r) {
  return r.ok() ? "ok" : r.error().code;
}

}  // namespace reel::testing
