#include "tools/reel-sim/sim_world.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace reel::sim {
namespace {

uint64_t mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

world::world(world_options o) : options_(o) {
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::uniform_int_distribution<uint32_t> topic(0, o.topics - 1);
  // Tastes: three favourite topics, a little interest in the rest.
  for (uint32_t u = 0; u < o.users; ++u) {
    sim_user user;
    user.taste.assign(o.topics, 0.05);
    for (int k = 0; k < 3; ++k) user.taste[topic(rng)] = 0.5 + 0.5 * unit(rng);
    // Follows lean towards a few big creators (Zipf-like): who you follow says little about
    // what you like, as on the real platform.
    std::vector<uint32_t> follows;
    while (follows.size() < std::min(o.follows_per_user, o.established_creators)) {
      auto c = static_cast<uint32_t>(o.established_creators * std::pow(unit(rng), 2.5));
      c = std::min(c, o.established_creators - 1);
      if (std::find(follows.begin(), follows.end(), c) == follows.end()) follows.push_back(c);
    }
    user.follows = std::move(follows);
    users_.push_back(std::move(user));
  }
  auto make_video = [&](uint32_t creator, uint32_t home_topic, bool fresh_creator) {
    sim_video v;
    v.creator = creator;
    v.topics.push_back(unit(rng) < 0.7 ? home_topic : topic(rng));
    if (unit(rng) < 0.3) {
      auto second = topic(rng);
      if (second != v.topics.front()) v.topics.push_back(second);
    }
    v.quality = std::pow(unit(rng), 1.5);  // most videos are ordinary
    v.from_new_creator = fresh_creator;
    videos_.push_back(std::move(v));
  };
  for (uint32_t c = 0; c < o.established_creators; ++c) {
    auto home = topic(rng);
    for (uint32_t k = 0; k < o.videos_per_established; ++k) make_video(c, home, false);
  }
  std::vector<double> fresh_quality;
  for (uint32_t c = 0; c < o.new_creators; ++c) {
    make_video(o.established_creators + c, topic(rng), true);
    fresh_quality.push_back(videos_.back().quality);
  }
  std::sort(fresh_quality.begin(), fresh_quality.end());
  if (!fresh_quality.empty()) good_quality_ = fresh_quality[fresh_quality.size() * 3 / 4];
}

std::vector<uint32_t> world::initial_videos() const {
  std::vector<uint32_t> out;
  for (uint32_t v = 0; v < videos_.size(); ++v)
    if (!videos_[v].from_new_creator) out.push_back(v);
  return out;
}

std::vector<uint32_t> world::later_videos() const {
  std::vector<uint32_t> out;
  for (uint32_t v = 0; v < videos_.size(); ++v)
    if (videos_[v].from_new_creator) out.push_back(v);
  return out;
}

bool world::is_good_new_video(uint32_t video) const {
  return videos_[video].from_new_creator && videos_[video].quality >= good_quality_;
}

double world::uniform(uint64_t a, uint64_t b, uint64_t salt) const {
  auto h = mix(options_.seed ^ mix(a * 0x100000001b3ull ^ mix(b + (salt << 40))));
  return static_cast<double>(h >> 11) / static_cast<double>(1ull << 53);
}

double world::completion_probability(uint32_t user, uint32_t video) const {
  double match = 0;
  for (auto t : videos_[video].topics) match = std::max(match, users_[user].taste[t]);
  return std::clamp(0.02 + 0.6 * match * (0.4 + 0.6 * videos_[video].quality), 0.0, 1.0);
}

reaction world::react(uint32_t user, uint32_t video) const {
  double p = completion_probability(user, video);
  if (uniform(user, video, 1) < p)
    return uniform(user, video, 2) < 0.4 * videos_[video].quality ? reaction::liked
                                                                  : reaction::completed;
  return p < 0.05 && uniform(user, video, 3) < 0.3 ? reaction::not_interested : reaction::skipped;
}

}  // namespace reel::sim
