// The simulated world of reel-sim: users with hidden interests, creators (established ones
// with followers, brand-new ones without), videos with hidden quality, and how a user
// reacts to a video. Outcomes are a pure function of (seed, user, video), so every policy
// faces exactly the same people.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace reel::sim {

struct world_options {
  uint32_t users = 1000;
  uint32_t topics = 20;
  uint32_t established_creators = 100;
  uint32_t videos_per_established = 8;
  uint32_t new_creators = 50;  // publish one video each, half-way through
  uint32_t follows_per_user = 5;
  uint64_t seed = 7;
};

struct sim_video {
  uint32_t creator = 0;
  std::vector<uint32_t> topics;
  double quality = 0;  // hidden: 0..1
  bool from_new_creator = false;
};

struct sim_user {
  std::vector<double> taste;      // hidden: per topic, 0..1
  std::vector<uint32_t> follows;  // established creators
};

enum class reaction { completed, liked, skipped, not_interested };

class world {
 public:
  explicit world(world_options options);

  const world_options& options() const { return options_; }
  const std::vector<sim_user>& users() const { return users_; }
  const std::vector<sim_video>& videos() const { return videos_; }
  uint32_t creators() const { return options_.established_creators + options_.new_creators; }
  // Videos published at the start, then those published half-way (by new creators).
  std::vector<uint32_t> initial_videos() const;
  std::vector<uint32_t> later_videos() const;
  // A new creator's video of high hidden quality (top quarter).
  bool is_good_new_video(uint32_t video) const;

  // How `user` reacts to `video`: completed (a hit), liked (a completed view plus a like),
  // a quick skip, or "not interested".
  reaction react(uint32_t user, uint32_t video) const;

 private:
  double completion_probability(uint32_t user, uint32_t video) const;
  double uniform(uint64_t a, uint64_t b, uint64_t salt) const;

  world_options options_;
  std::vector<sim_user> users_;
  std::vector<sim_video> videos_;
  double good_quality_ = 1;
};

}  // namespace reel::sim
