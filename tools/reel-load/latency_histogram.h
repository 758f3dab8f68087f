// An HDR-style latency histogram: log-linear buckets (64 per power of two, so any value is
// within about 1.6% of its bucket), microseconds from 1 to about an hour, constant memory.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace reel::load {

class latency_histogram {
 public:
  void record(uint64_t micros) {
    ++counts_[index_of(micros)];
    ++total_;
  }
  void merge(const latency_histogram& other) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
  }
  uint64_t count() const { return total_; }
  // The value at percentile p (0 to 100), in microseconds.
  double percentile(double p) const {
    if (total_ == 0) return 0;
    auto rank = static_cast<uint64_t>(p / 100.0 * static_cast<double>(total_ - 1)) + 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return static_cast<double>(value_of(i));
    }
    return static_cast<double>(value_of(counts_.size() - 1));
  }

 private:
  static constexpr int sub_bits = 6;  // 64 buckets per power of two
  static constexpr int max_power = 32;
  static size_t index_of(uint64_t v) {
    if (v < (1u << sub_bits)) return v;
    int power = std::bit_width(v) - 1;  // >= sub_bits
    if (power >= max_power) return (max_power - sub_bits + 1) << sub_bits;
    auto sub = (v >> (power - sub_bits)) & ((1u << sub_bits) - 1);
    return (static_cast<size_t>(power - sub_bits + 1) << sub_bits) + sub;
  }
  static uint64_t value_of(size_t index) {
    if (index < (1u << sub_bits)) return index;
    auto power = static_cast<int>(index >> sub_bits) + sub_bits - 1;
    auto sub = index & ((1u << sub_bits) - 1);
    // The middle of the bucket.
    uint64_t low = (uint64_t{1} << power) + (sub << (power - sub_bits));
    return low + (uint64_t{1} << (power - sub_bits)) / 2;
  }
  std::array<uint64_t, ((max_power - sub_bits + 2) << sub_bits)> counts_{};
  uint64_t total_ = 0;
};

}  // namespace reel::load
