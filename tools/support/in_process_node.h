// What the in-process tools (reel-bench, reel-eval, reel-sim) share: a whole node in one
// process (actor system, RocksDB store, every module of the list), and a window that bounds the
// calls in flight, so a tool drives the command API as hard as a busy gateway would.
#pragma once

#include <caf/all.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "storage/rocksdb_event_store.h"
#include "tools/support/module_list.h"

namespace reel::tools {

// Keeps at most `limit` asynchronous calls outstanding.
class in_flight_window {
 public:
  explicit in_flight_window(unsigned limit) : limit_(std::max(1u, limit)) {}
  void acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return used_ < limit_; });
    ++used_;
  }
  void release() {
    {
      std::lock_guard lock(mu_);
      --used_;
    }
    cv_.notify_all();
  }
  void drain() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return used_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  unsigned limit_;
  unsigned used_ = 0;
};

// Runs `start(i, done)` for i in [0, n) with at most `in_flight` unfinished; each call
// must call done(error) once, error empty on success. Throws on the first error, naming
// `what` was being done.
template <class Start>
void run_all(size_t n, unsigned in_flight, const char* what, Start start) {
  in_flight_window window(in_flight);
  std::mutex mu;
  std::string first_error;
  for (size_t i = 0; i < n; ++i) {
    window.acquire();
    start(i, [&](const std::string& error) {
      if (!error.empty()) {
        std::lock_guard lock(mu);
        if (first_error.empty()) first_error = error;
      }
      window.release();
    });
  }
  window.drain();
  if (!first_error.empty()) throw std::runtime_error(std::string(what) + ": " + first_error);
}

// "code: message" of a failed outcome; empty for success.
template <class T>
std::string error_of(const actors::outcome<T>& r) {
  return r.ok() ? std::string() : std::string(code_name(r.error().code)) + ": " + r.error().message;
}

inline std::unique_ptr<storage::rocksdb_event_store> open_store(const std::filesystem::path& dir) {
  storage::rocksdb_store_options options;
  options.path = dir;
  return storage::rocksdb_event_store::open(options);
}

// What a tool's node is set up with.
struct node_setup {
  actors::node_options node;
  module_options modules;
};

// A node: an actor system, a store and every module over them, torn down in order.
struct node {
  actors::node_system_config config;
  caf::actor_system system{config};
  std::unique_ptr<storage::rocksdb_event_store> store;
  std::unique_ptr<running_node> rt;

  node(const std::filesystem::path& dir, node_setup setup) : store(open_store(dir)) {
    rt = std::make_unique<running_node>(system, *store, setup.node, setup.modules);
  }
  tools::modules& modules() { return rt->modules(); }
  ~node() {
    rt.reset();
    store.reset();
  }
};

}  // namespace reel::tools
