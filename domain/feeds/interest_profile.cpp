#include "domain/feeds/interest_profile.h"

#include <algorithm>
#include <cmath>

namespace reel::domain {
namespace {

template <class Key>
void add_weight(std::vector<std::pair<Key, float>>& weights, Key key, float amount) {
  auto it = std::lower_bound(weights.begin(), weights.end(), key,
                             [](const auto& entry, Key k) { return entry.first < k; });
  if (it != weights.end() && it->first == key)
    it->second += amount;
  else
    weights.insert(it, {key, amount});
}

template <class Key>
float weight_of(const std::vector<std::pair<Key, float>>& weights, Key key) {
  auto it = std::lower_bound(weights.begin(), weights.end(), key,
                             [](const auto& entry, Key k) { return entry.first < k; });
  return it != weights.end() && it->first == key ? it->second : 0.0f;
}

}  // namespace

double completion_of(uint32_t watch_ms, uint32_t duration_ms) {
  if (duration_ms == 0) return 0;
  return std::min(2.0, static_cast<double>(watch_ms) / duration_ms);
}

bool is_quick_skip(uint32_t watch_ms, uint32_t duration_ms) {
  return watch_ms < quick_skip_ms && completion_of(watch_ms, duration_ms) < completed_share;
}

interest_signal watch_signal(uint32_t watch_ms, uint32_t duration_ms) {
  if (is_quick_skip(watch_ms, duration_ms)) return {-0.3f, -0.3f};
  auto c = static_cast<float>(completion_of(watch_ms, duration_ms));
  return {c, 0.5f * c};
}

interest_signal like_signal() {
  return {1.5f, 1.5f};
}
interest_signal share_signal() {
  return {2.0f, 1.5f};
}
interest_signal comment_signal() {
  return {1.0f, 1.0f};
}
interest_signal follow_from_video_signal() {
  return {1.0f, 3.0f};
}
interest_signal not_interested_signal() {
  return {-3.0f, -6.0f};
}

void interest_profile::add(int64_t now_us, int64_t half_life_us,
                           std::span<const topic_index> topics, uint64_t creator,
                           interest_signal signal) {
  if (now_us > at_us_) {
    if (at_us_ != 0 && half_life_us > 0) {
      auto factor = static_cast<float>(
          std::exp2(-static_cast<double>(now_us - at_us_) / static_cast<double>(half_life_us)));
      for (auto& [topic, w] : topics_) w *= factor;
      for (auto& [c, w] : creators_) w *= factor;
    }
    at_us_ = now_us;
  }
  for (auto topic : topics) add_weight(topics_, topic, signal.topic);
  if (creator != 0 && signal.creator != 0) {
    add_weight(creators_, creator, signal.creator);
    if (creators_.size() > max_creators) {
      // Forget the creator with the weakest opinion (ties: the lowest id).
      auto weakest = std::min_element(
          creators_.begin(), creators_.end(),
          [](const auto& a, const auto& b) { return std::fabs(a.second) < std::fabs(b.second); });
      creators_.erase(weakest);
    }
  }
}

float interest_profile::topic_weight(topic_index topic) const {
  return weight_of(topics_, topic);
}

float interest_profile::creator_weight(uint64_t creator) const {
  return weight_of(creators_, creator);
}

float interest_profile::positive_topic_mass() const {
  float sum = 0;
  for (const auto& [topic, w] : topics_) sum += std::max(w, 0.0f);
  return sum;
}

std::vector<topic_index> interest_profile::top_topics(size_t n) const {
  std::vector<std::pair<topic_index, float>> positive;
  for (const auto& entry : topics_)
    if (entry.second > 0) positive.push_back(entry);
  std::stable_sort(positive.begin(), positive.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<topic_index> out;
  for (size_t i = 0; i < positive.size() && i < n; ++i) out.push_back(positive[i].first);
  return out;
}

void interest_profile::restore(int64_t at_us, std::vector<std::pair<topic_index, float>> topics,
                               std::vector<std::pair<uint64_t, float>> creators) {
  at_us_ = at_us;
  topics_ = std::move(topics);
  creators_ = std::move(creators);
  std::sort(topics_.begin(), topics_.end());
  std::sort(creators_.begin(), creators_.end());
}

}  // namespace reel::domain
