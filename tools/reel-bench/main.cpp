// reel-bench: benchmarks reported in docs/benchmarks.md. Each subcommand measures one
// layer and prints its numbers, with a baseline measured in the same run where one fits.
#include <CLI/CLI.hpp>

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
      ->add_option("--scan-events", store_options.scan_events, "events in the log the scans read")
      ->check(CLI::PositiveNumber);
  store_cmd->add_option("--rounds", store_options.rounds, "alternating store/raw rounds (medians)")
      ->check(CLI::Range(1u, 100u));
  store_cmd->add_flag("--verbose", store_options.verbose,
                      "time spent writing, building, answering");
  std::string part = "all";
  store_cmd->add_option("--part", part, "what to measure: all, appends or reads")
      ->check(CLI::IsMember({"all", "appends", "reads"}));
  try {
    app.parse(argc, argv);
    store_options.appends = part != "reads";
    store_options.reads = part != "appends";
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*store_cmd) return reel::bench::run_store_bench(store_options);
  return 2;
}
