// reel-load soak: a real reeld child under polite load at half its measured capacity,
// first alone (the baseline), then beside hostile clients for the soak's length; its RSS
// sampled throughout; then kill -9 during writes and a check, in the log itself, that
// every acknowledged view is there (docs/reliability.md, "Soak").
#pragma once

#include <string>

namespace reel::load {

struct soak_options {
  std::string reeld;    // the binary; empty: ../reeld/reeld beside reel-load
  std::string data;     // reeld's data folder; empty: a temporary one, removed after
  double minutes = 10;  // with the hostile clients
  double baseline_seconds = 60;
  unsigned connections = 200;  // polite ones
  unsigned threads = 1;        // client io threads for the polite ones
  unsigned non_readers = 16, junk = 16, flooders = 8, idle = 200;
};

// Prints the figures as it goes; returns 0 when no acknowledged write was lost and the
// polite clients saw no errors, 1 otherwise (RSS growth and p99 are reported, not judged).
int run_soak(const soak_options& options);

}  // namespace reel::load
