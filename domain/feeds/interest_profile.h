// What one viewer is interested in, learned from what they do (never from whom they follow
// or how many followers anyone has): a weight per topic and per creator, decayed over time.
// Weights are stored as of `at_us`; every signal first decays them to its own time, so the
// profile depends only on the signals and their event times (a rebuild gives the same one).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace reel::domain {

using topic_index = uint32_t;  // a topic's place in the feed index's dictionary

// How much one signal says, on the topics and the creator of the video it is about.
struct interest_signal {
  float topic = 0;
  float creator = 0;
};

// The signals (weights are relative; docs/feed-quality.md lists them):
// watching, by completion (a rewatch counts up to twice); a quick skip (under 2 s) is a
// mild negative.
interest_signal watch_signal(uint32_t watch_ms, uint32_t duration_ms);
interest_signal like_signal();
interest_signal share_signal();
interest_signal comment_signal();
interest_signal follow_from_video_signal();
// "Not interested": a strong negative on the video's topics and creator.
interest_signal not_interested_signal();

// Under this watch time a view is a quick skip.
inline constexpr uint32_t quick_skip_ms = 2000;
// A view that watches at least this share of the video counts as completed.
inline constexpr double completed_share = 0.8;
// Completion of a view: watch time over duration, capped at 2 (a rewatch).
double completion_of(uint32_t watch_ms, uint32_t duration_ms);
bool is_quick_skip(uint32_t watch_ms, uint32_t duration_ms);

class interest_profile {
 public:
  // Decays every weight to `now_us`, then adds `signal` to each topic and to the creator.
  void add(int64_t now_us, int64_t half_life_us, std::span<const topic_index> topics,
           uint64_t creator, interest_signal signal);

  // Weights as of `at_us()`: compare them with each other, not across profiles.
  float topic_weight(topic_index topic) const;
  float creator_weight(uint64_t creator) const;
  // The sum of the positive topic weights (for normalising), as of `at_us()`.
  float positive_topic_mass() const;
  // The strongest positive topics, best first.
  std::vector<topic_index> top_topics(size_t n) const;

  int64_t at_us() const { return at_us_; }
  const std::vector<std::pair<topic_index, float>>& topics() const { return topics_; }
  const std::vector<std::pair<uint64_t, float>>& creators() const { return creators_; }
  // For the codec: restores a stored profile.
  void restore(int64_t at_us, std::vector<std::pair<topic_index, float>> topics,
               std::vector<std::pair<uint64_t, float>> creators);

  // Creators beyond this many are forgotten, weakest first, to bound memory.
  static constexpr size_t max_creators = 64;

 private:
  int64_t at_us_ = 0;
  std::vector<std::pair<topic_index, float>> topics_;  // sorted by topic
  std::vector<std::pair<uint64_t, float>> creators_;   // sorted by creator
};

}  // namespace reel::domain
