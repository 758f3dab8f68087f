// A node with every module (tools/support/module_list.h) over a real RocksDB store in a
// temp folder, with helpers that call the modules' APIs and wait for their answers.
#pragma once

#include <atomic>
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <memory>
#include <string>

#include "storage/rocksdb_event_store.h"
#include "support/failing_event_store.h"
#include "support/temp_dir.h"
#include "tools/support/in_process_node.h"

namespace reel::testing {

using node_setup = tools::node_setup;

struct actor_fixture {
  actors::node_system_config config;
  caf::actor_system system{config};
  temp_dir dir;
  std::unique_ptr<storage::event_store> disk;
  std::unique_ptr<failing_event_store> store;
  std::unique_ptr<tools::running_node> rt;
  std::atomic<int> next_request{0};  // tests call as() from several threads
  std::string operator_id_;

  explicit actor_fixture(node_setup options = {}) {
    open_store();
    start(std::move(options));
  }
  ~actor_fixture() {
    rt.reset();
    check_nothing_blocked_a_scheduler_thread();
    store.reset();
    disk.reset();
  }

  // The structural check of "no RocksDB call on a CAF scheduler thread"
  // (failing_event_store.h counts them).
  void check_nothing_blocked_a_scheduler_thread() {
    BOOST_TEST(store->scheduler_calls() == 0u,
               "a blocking store call ran on a CAF scheduler thread, first: "
                   << store->first_scheduler_call());
  }

  void open_store() {
    storage::rocksdb_store_options o;
    o.path = dir.path() / "db";
    disk = storage::rocksdb_event_store::open(o);
    store = std::make_unique<failing_event_store>(*disk);
  }
  void start(node_setup options) {
    rt = std::make_unique<tools::running_node>(system, *store, options.node, options.modules);
  }
  // A new node over a reopened store: everything in memory is gone.
  void restart(node_setup options = {}) {
    rt.reset();
    check_nothing_blocked_a_scheduler_thread();
    store.reset();
    disk.reset();
    open_store();
    start(std::move(options));
  }

  actors::node& node() { return rt->node(); }
  actors::accounts_module& accounts() { return rt->modules().accounts; }
  actors::social_module& social() { return rt->modules().social; }
  actors::videos_module& videos() { return rt->modules().videos; }
  actors::moderation_module& moderation() { return rt->modules().moderation; }
  actors::feeds_module& feeds() { return rt->modules().feeds; }
  actors::admin_module& admin() { return rt->modules().admin; }

  actors::caller as(const std::string& user, std::string request_id = {}) {
    if (request_id.empty()) request_id = "req-" + std::to_string(++next_request);
    return actors::caller{user, std::move(request_id), "session-test"};
  }

  std::string register_user(const std::string& handle,
                            const std::string& birthdate = "1990-01-01") {
    auto r = actors::await<actors::registered>([&](auto reply) {
      accounts().register_user(as("", "reg-" + handle), handle, birthdate, reply);
    });
    BOOST_REQUIRE_MESSAGE(r.ok(), "register "
                                      << handle << ": "
                                      << (r.ok() ? "" : std::string(code_name(r.error().code))));
    return r.value().user_id;
  }

  // A registered operator, made once per fixture; calls as them.
  actors::caller as_operator() {
    if (operator_id_.empty()) {
      operator_id_ = register_user("root" + std::to_string(next_request));
      auto granted = actors::await<actors::done>([&](auto reply) {
        accounts().grant_role_by_system(operator_id_, events::ROLE_OPERATOR, reply);
      });
      BOOST_REQUIRE(granted.ok());
    }
    return as(operator_id_);
  }

  std::string publish(const std::string& user, actors::video_draft draft = {}) {
    if (draft.title.empty()) draft.title = "a video";
    if (draft.duration_ms == 0) draft.duration_ms = 15000;
    auto r = actors::await<actors::published>(
        [&](auto reply) { videos().publish(as(user), draft, reply); });
    BOOST_REQUIRE_MESSAGE(r.ok(),
                          "publish: " << (r.ok() ? "" : std::string(code_name(r.error().code))));
    return r.value().video_id;
  }

  // Waits until the projection has applied everything committed so far.
  void settle(const std::string& projection = "profile_counts") {
    auto head = store->global_head();
    auto r = actors::await<actors::done>(
        [&](auto reply) { admin().projection_reached(projection, head, reply); });
    BOOST_REQUIRE(r.ok());
  }
  // Waits until every follow-up of what was committed so far has run. Follow-ups append
  // events of their own, which the reactor reads in turn: waits until it has reached a
  // head that no follow-up moved further.
  void settle_follow_ups() {
    for (auto head = store->global_head();;) {
      auto r =
          actors::await<actors::done>([&](auto reply) { admin().reactor_reached(head, reply); });
      BOOST_REQUIRE(r.ok());
      auto now = store->global_head();
      if (now == head) return;
      head = now;
    }
  }

  actors::reactor_status reactor_now() {
    auto s = actors::await<actors::reactor_status>([&](auto reply) { admin().reactor(reply); });
    BOOST_REQUIRE(s.ok());
    return s.value();
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
  return r.ok() ? "ok" : std::string(code_name(r.error().code));
}

}  // namespace reel::testing
