// `reel-bench moderation` (docs/benchmarks.md):
//  - queue: a cases projection holding `cases` waiting cases (reports over three days, a
//    tenth claimed, reach from a skewed view count), timed pages of the queue: the first
//    page, pages deep behind a cursor, and filtered pages, on one thread as its projection
//    host serves them;
//  - hide: an in-process node on a fresh store; established reporters report videos at
//    `rate` reports/s (open loop), five per video, so every fifth report crosses the
//    hide threshold. Timed from the reply to that report (its commit) until the reactor has
//    run its follow-up and the feeds projection has folded the hiding: from then on no
//    feed page serves the video.
#pragma once

#include <cstdint>
#include <string>

namespace reel::bench {

struct moderation_bench_options {
  std::string part = "all";  // all, queue, hide
  std::string dir;           // scratch folder for `hide` (default: a new temp folder)
  uint64_t cases = 100000;
  uint64_t pages = 2000;  // timed pages per kind
  uint64_t rate = 1000;   // reports per second
  uint64_t seconds = 10;  // of reporting
  uint64_t reporters = 50;
  uint64_t seed = 7;
};

int run_moderation_bench(const moderation_bench_options& options);

}  // namespace reel::bench
