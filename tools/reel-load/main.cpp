// reel-load: a WebSocket load generator for reeld, with a bare Beast echo server as the
// baseline (docs/benchmarks.md).
//
//   reel-load bench                          # baseline and reel in one run, in process
//   reel-load run --target 127.0.0.1:8080 --scenario mix --connections 1000 --seconds 10
//   reel-load soak --minutes 10                # a reeld child, polite and hostile clients
#include <CLI/CLI.hpp>
#include <caf/all.hpp>

#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include "gateway/ops/module_ops.h"
#include "gateway/server.h"
#include "storage/rocksdb_event_store.h"
#include "tools/reel-load/echo_server.h"
#include "tools/reel-load/load_client.h"
#include "tools/reel-load/soak.h"
#include "tools/support/module_list.h"

namespace {

using namespace reel;

void print(const char* what, const load::load_result& r) {
  if (!r.setup_error.empty()) {
    std::printf("%-34s setup failed: %s\n", what, r.setup_error.c_str());
    return;
  }
  std::printf(
      "%-34s %9.0f round trips/s   p50 %7.0f us  p90 %7.0f us  p99 %7.0f us  p99.9 %7.0f us  "
      "errors %llu\n",
      what, r.per_second(), r.latency.percentile(50), r.latency.percentile(90),
      r.latency.percentile(99), r.latency.percentile(99.9),
      static_cast<unsigned long long>(r.errors));
  for (const auto& [code, n] : r.error_codes) {
    std::printf("%-34s   %s: %llu\n", "", code.c_str(), static_cast<unsigned long long>(n));
  }
}

const std::map<std::string, load::scenario> scenarios = {{"echo", load::scenario::echo},
                                                         {"ping", load::scenario::ping},
                                                         {"read", load::scenario::read},
                                                         {"write", load::scenario::write},
                                                         {"mix", load::scenario::mix}};

// The baseline and a whole reel node (store in a temp folder, actors, gateway with one io
// thread, like the echo server) measured in one process, one after the other.
int bench(load::load_options o, unsigned server_threads) {
  std::printf(
      "reel-load bench: %u connections, %.0f s per run, %u client thread(s), %u server io "
      "thread(s)\n",
      o.connections, o.seconds, o.threads, server_threads);
  o.host = "127.0.0.1";
  load::load_result echo;
  {
    load::echo_server server(server_threads);
    o.port = server.port();
    o.scenario = load::scenario::echo;
    echo = load::run_load(o);
    print("bare Beast echo (baseline)", echo);
  }
  auto dir = std::filesystem::temp_directory_path() / ("reel-load-" + std::to_string(::getpid()));
  {
    actors::node_system_config config;
    caf::actor_system system{config};
    storage::rocksdb_store_options so;
    so.path = dir;
    auto store = storage::rocksdb_event_store::open(so);
    tools::running_node runtime(system, *store);
    gateway::op_table ops;
    gateway::install_session_ops(ops);
    runtime.modules().each([&ops](auto& m) { gateway::install_ops(ops, m); });
    gateway::gateway_options go;
    go.port = 0;
    go.threads = server_threads;
    go.max_connections = o.connections * 2;
    // Each load connection is one viewer hammering one video: what the per-video limit
    // exists to refuse. The benchmark measures the server, so it is off.
    go.video_requests_per_s = 0;
    gateway::server server(go, ops, runtime.modules().admin, runtime.modules().notifications);
    o.port = server.start();

    o.scenario = load::scenario::ping;
    auto ping = load::run_load(o);
    print("reeld ping", ping);
    if (echo.per_second() > 0) {
      std::printf("%-34s %9.0f%% of the echo baseline\n", "",
                  100.0 * ping.per_second() / echo.per_second());
    }
    auto paced = o;
    paced.rate = ping.per_second() / 2;
    auto half = load::run_load(paced);
    char label[64];
    std::snprintf(label, sizeof label, "reeld ping at %.0f/s (half)", paced.rate);
    print(label, half);
    for (auto [name, s] : {std::pair{"reeld read (user.get, video.get)", load::scenario::read},
                           std::pair{"reeld write (view, like; durable)", load::scenario::write},
                           std::pair{"reeld mix (80% read, 20% write)", load::scenario::mix}}) {
      auto run = o;
      run.scenario = s;
      print(name, load::run_load(run));
    }
    server.stop();
    runtime.stop();
  }
  std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reel-load: WebSocket load for reeld"};
  app.require_subcommand(1);
  load::load_options o;
  unsigned server_threads = 1;
  auto* bench_cmd = app.add_subcommand("bench", "the echo baseline and an in-process reel node");
  auto* run_cmd = app.add_subcommand("run", "load a running reeld");
  auto* soak_cmd = app.add_subcommand(
      "soak", "a reeld child: polite clients at half capacity beside hostile ones, then kill -9");
  load::soak_options soak;
  soak_cmd->add_option("--reeld", soak.reeld, "the reeld binary (default: beside reel-load)");
  soak_cmd->add_option("--data", soak.data, "reeld's data folder (default: a temporary one)");
  soak_cmd->add_option("--minutes", soak.minutes, "minutes with the hostile clients")
      ->check(CLI::Range(0.1, 1440.0));
  soak_cmd->add_option("--baseline-seconds", soak.baseline_seconds, "polite load alone, first")
      ->check(CLI::Range(1.0, 3600.0));
  soak_cmd->add_option("--connections", soak.connections, "polite WebSocket connections")
      ->check(CLI::Range(1u, 5000u));
  soak_cmd->add_option("--threads", soak.threads, "client io threads")->check(CLI::Range(1u, 64u));
  soak_cmd->add_option("--non-readers", soak.non_readers, "clients that never read")
      ->check(CLI::Range(0u, 2000u));
  soak_cmd->add_option("--junk", soak.junk, "clients sending malformed frames")
      ->check(CLI::Range(0u, 2000u));
  soak_cmd->add_option("--flooders", soak.flooders, "clients at twice their rate limit")
      ->check(CLI::Range(0u, 2000u));
  soak_cmd->add_option("--idle", soak.idle, "TCP connections that send nothing")
      ->check(CLI::Range(0u, 5000u));
  std::string target = "127.0.0.1:8080";
  std::string scenario_name = "ping";
  for (auto* cmd : {bench_cmd, run_cmd}) {
    cmd->add_option("--connections", o.connections, "WebSocket connections")
        ->check(CLI::Range(1u, 60000u));
    cmd->add_option("--seconds", o.seconds, "measured seconds per run")
        ->check(CLI::Range(0.5, 3600.0));
    cmd->add_option("--threads", o.threads, "client io threads")->check(CLI::Range(1u, 64u));
  }
  bench_cmd->add_option("--server-threads", server_threads, "io threads of each server")
      ->check(CLI::Range(1u, 64u));
  run_cmd->add_option("--target", target, "reeld's address:port");
  run_cmd->add_option("--scenario", scenario_name, "echo, ping, read, write or mix")
      ->check(CLI::IsMember({"echo", "ping", "read", "write", "mix"}));
  run_cmd->add_option("--rate", o.rate, "total requests/s (0: closed loop)")
      ->check(CLI::Range(0.0, 1e7));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*bench_cmd) return bench(o, server_threads);
  if (*soak_cmd) return load::run_soak(soak);
  auto colon = target.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "reel-load: --target is address:port\n");
    return 2;
  }
  o.host = target.substr(0, colon);
  try {
    o.port = static_cast<uint16_t>(std::stoul(target.substr(colon + 1)));
  } catch (const std::exception&) {
    std::fprintf(stderr, "reel-load: --target is address:port\n");
    return 2;
  }
  o.scenario = scenarios.at(scenario_name);
  auto r = load::run_load(o);
  print(scenario_name.c_str(), r);
  return r.setup_error.empty() ? 0 : 1;
}
