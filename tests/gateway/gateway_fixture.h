// A whole node in the test process: store, actors and gateway on a free port.
#pragma once

#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include <memory>

#include "gateway/ops/module_ops.h"
#include "gateway/server.h"
#include "storage/rocksdb_event_store.h"
#include "support/temp_dir.h"
#include "tools/support/in_process_node.h"
#include "ws_client.h"

namespace reel::testing {

struct gateway_fixture {
  actors::node_system_config config;
  caf::actor_system system{config};
  temp_dir dir;
  gateway::gateway_options options;
  std::unique_ptr<storage::rocksdb_event_store> store;
  std::unique_ptr<tools::running_node> rt;
  gateway::op_table ops;
  std::unique_ptr<gateway::server> server;
  uint16_t port = 0;

  tools::node_setup runtime_options;
  std::shared_ptr<rocksdb::FileSystem> file_system;  // null: the OS's (restart() to change)

  explicit gateway_fixture(gateway::gateway_options o = {}, tools::node_setup r = {})
      : options(o), runtime_options(std::move(r)) {
    options.address = "127.0.0.1";
    options.port = 0;
    start();
  }
  ~gateway_fixture() { stop(); }

  void start() {
    storage::rocksdb_store_options so;
    so.path = dir.path() / "db";
    so.file_system = file_system;
    store = storage::rocksdb_event_store::open(so);
    rt = std::make_unique<tools::running_node>(system, *store, runtime_options.node,
                                               runtime_options.modules);
    ops = gateway::op_table{};
    gateway::install_session_ops(ops);
    rt->modules().each([this](auto& m) { gateway::install_ops(ops, m); });
    server = std::make_unique<gateway::server>(options, ops, rt->modules().admin,
                                               rt->modules().notifications);
    port = server->start();
  }
  void stop() {
    if (server) server->stop();
    // As reeld does: a backup in flight answers while the (stopped) server still exists.
    if (rt) rt->modules().admin.wait_for_backup();
    server.reset();
    rt.reset();
    store.reset();
  }
  void restart() {
    stop();
    start();
  }

  // A registered and logged-in client; its token in `token`.
  struct user {
    std::unique_ptr<ws_client> client;
    std::string id, token;
  };
  user registered(const std::string& handle, const std::string& birthdate = "1990-01-01") {
    user u;
    u.client = std::make_unique<ws_client>(port);
    auto r = u.client->call("auth.register", {{"handle", handle}, {"birthdate", birthdate}});
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), boost::json::serialize(r));
    u.id = std::string(r.at("result").at("user_id").as_string());
    u.token = std::string(r.at("result").at("token").as_string());
    return u;
  }

  // A registered user given the operator role, on a client logged in after the grant
  // (roles are read at login).
  user operator_user(const std::string& handle) {
    auto u = registered(handle);
    auto granted = actors::await<actors::done>([&](auto reply) {
      rt->modules().accounts.grant_role_by_system(u.id, events::ROLE_OPERATOR, reply);
    });
    BOOST_REQUIRE(granted.ok());
    u.client = std::make_unique<ws_client>(port);
    auto login = u.client->call("auth.login", {{"token", u.token}});
    BOOST_REQUIRE_MESSAGE(login.at("ok").as_bool(), boost::json::serialize(login));
    return u;
  }
};

}  // namespace reel::testing
