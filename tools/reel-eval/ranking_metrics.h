// Top-k metrics of one ranked list against a set of relevant items.
#pragma once

#include <cmath>
#include <cstddef>
#include <unordered_set>
#include <vector>

namespace reel::eval {

template <class T>
double precision_at(const std::vector<T>& ranked, const std::unordered_set<T>& relevant, size_t k) {
  size_t hits = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) hits += relevant.count(ranked[i]);
  return k == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(k);
}

// Binary relevance; the ideal list puts min(k, |relevant|) relevant items first.
template <class T>
double ndcg_at(const std::vector<T>& ranked, const std::unordered_set<T>& relevant, size_t k) {
  double dcg = 0, ideal = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i)
    if (relevant.count(ranked[i])) dcg += 1 / std::log2(static_cast<double>(i) + 2);
  for (size_t i = 0; i < relevant.size() && i < k; ++i)
    ideal += 1 / std::log2(static_cast<double>(i) + 2);
  return ideal == 0 ? 0 : dcg / ideal;
}

}  // namespace reel::eval
