// The KuaiRec sample (../shared/data/kuairec-sample/, see its README): video tags, and per
// user the videos watched with a high watch ratio, split into train and test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

namespace reel::eval {

struct kuairec_sample {
  std::map<uint32_t, std::vector<uint32_t>> tags;   // video -> tag ids
  std::map<uint32_t, std::vector<uint32_t>> train;  // user -> positive videos, in file order
  std::map<uint32_t, std::vector<uint32_t>> test;
};

// Throws std::runtime_error naming the file and the problem when a file is missing or
// malformed.
kuairec_sample load_kuairec(const std::filesystem::path& folder);

}  // namespace reel::eval
