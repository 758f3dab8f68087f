// reel-bench: benchmarks reported in docs/benchmarks.md. Each subcommand measures one
// layer and prints its numbers, with a baseline measured in the same run where one fits.
#include <CLI/CLI.hpp>

#include "tools/reel-bench/actors_bench.h"
#include "tools/reel-bench/feeds_bench.h"
#include "tools/reel-bench/moderation_bench.h"
#include "tools/reel-bench/store_bench.h"

int main(int argc, char** argv) {
  CLI::App app{"reel-bench: measure reel against its performance targets"};
  app.require_subcommand(1);
  reel::bench::store_bench_options store_options;
  auto* store_cmd =
      app.add_subcommand("store", "durable appends vs raw RocksDB; stream and global scans");
  store_cmd->add_option("--dir", store_options.dir, "scratch folder (default: a new temp folder)");
  store_cmd->add_option("--events", store_options.events_per_run, "events per append run")
      ->check(CLI::PositiveNumber);
  store_cmd->add_option("--writers", store_options.writer_counts, "writer counts to measure");
  store_cmd
      ->add_option("--modes", store_options.modes,
                   "how writers wait: threads (blocked in append), actors (append_async)")
      ->check(CLI::IsMember({"threads", "actors"}));
  store_cmd
      ->add_option("--scan-events", store_options.scan_events, "events in the log the scans read")
      ->check(CLI::PositiveNumber);
  store_cmd->add_option("--rounds", store_options.rounds, "alternating store/raw rounds (medians)")
      ->check(CLI::Range(1u, 100u));
  store_cmd->add_flag("--verbose", store_options.verbose,
                      "time spent writing, building, answering");
  std::string part = "all";
  store_cmd->add_option("--part", part, "what to measure: all, appends or reads")
      ->check(CLI::IsMember({"all", "appends", "reads"}));
  reel::bench::actors_bench_options actors_options;
  auto* actors_cmd = app.add_subcommand(
      "actors", "commands/s, memory per resident entity, activation, projection replay");
  actors_cmd->add_option("--dir", actors_options.dir,
                         "scratch folder (default: a new temp folder)");
  actors_cmd->add_option("--part", actors_options.part, "what to measure")
      ->check(CLI::IsMember(
          {"all", "commands", "memory", "activation", "replay", "latency", "likes", "limits"}));
  actors_cmd->add_option("--users", actors_options.users, "users the commands spread over")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--videos", actors_options.videos, "videos the commands spread over")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--commands", actors_options.commands, "commands in the timed run")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--in-flight", actors_options.in_flight, "commands outstanding at once")
      ->check(CLI::Range(1u, 100000u));
  actors_cmd->add_option("--resident", actors_options.resident, "entities made resident")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--activations", actors_options.activations, "entities activated")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--likes", actors_options.likes, "likes of the viral video (likes)")
      ->check(CLI::PositiveNumber);
  actors_cmd->add_option("--replay-events", actors_options.replay_events, "events replayed")
      ->check(CLI::PositiveNumber);
  reel::bench::feeds_bench_options feeds_options;
  auto* feeds_cmd = app.add_subcommand(
      "feeds", "For You, Following, Trending and STEM pages over a generated platform");
  feeds_cmd->add_option("--users", feeds_options.users, "users")->check(CLI::PositiveNumber);
  feeds_cmd->add_option("--videos", feeds_options.videos, "videos")->check(CLI::PositiveNumber);
  feeds_cmd->add_option("--creators", feeds_options.creators, "creators")
      ->check(CLI::PositiveNumber);
  feeds_cmd->add_option("--views-per-user", feeds_options.views_per_user, "views per user");
  feeds_cmd->add_option("--pages", feeds_options.pages, "timed pages per feed")
      ->check(CLI::PositiveNumber);
  reel::bench::moderation_bench_options moderation_options;
  auto* moderation_cmd = app.add_subcommand(
      "moderation", "queue pages over 100k open cases; report-to-hidden latency at 1k reports/s");
  moderation_cmd->add_option("--part", moderation_options.part, "what to measure")
      ->check(CLI::IsMember({"all", "queue", "hide"}));
  moderation_cmd->add_option("--dir", moderation_options.dir,
                             "scratch folder (default: a new temp folder)");
  moderation_cmd->add_option("--cases", moderation_options.cases, "waiting cases (queue)")
      ->check(CLI::Range(uint64_t{100}, uint64_t{100000000}));
  moderation_cmd->add_option("--pages", moderation_options.pages, "timed pages per kind (queue)")
      ->check(CLI::PositiveNumber);
  moderation_cmd->add_option("--rate", moderation_options.rate, "reports per second (hide)")
      ->check(CLI::Range(1u, 100000u));
  moderation_cmd->add_option("--seconds", moderation_options.seconds, "of reporting (hide)")
      ->check(CLI::Range(1u, 3600u));
  moderation_cmd->add_option("--reporters", moderation_options.reporters, "reporters (hide)")
      ->check(CLI::Range(5u, 100000u));
  try {
    app.parse(argc, argv);
    store_options.appends = part != "reads";
    store_options.reads = part != "appends";
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*store_cmd) return reel::bench::run_store_bench(store_options);
  if (*actors_cmd) return reel::bench::run_actors_bench(actors_options);
  if (*feeds_cmd) return reel::bench::run_feeds_bench(feeds_options);
  if (*moderation_cmd) return reel::bench::run_moderation_bench(moderation_options);
  return 2;
}
