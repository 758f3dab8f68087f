// The results of recent appends by idempotency key, in memory, oldest forgotten first.
// The committer looks here before it asks the `idempotency` column family, which the
// indexer fills a little later. A key is forgotten only once its append is indexed, so
// every key not yet in the column family is here: the window may outgrow its capacity
// while the indexer is behind.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/event_store.h"

namespace reel::storage {

class idempotency_window {
 public:
  explicit idempotency_window(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  std::optional<append_result> find(const std::string& key) const;
  void remember(const std::string& key, const append_result& result);
  // Forgets the oldest keys beyond capacity whose appends end at or below `indexed_through`.
  void trim(uint64_t indexed_through);
  // The last sequence of the newest append forgotten so far (0: none). Every key committed
  // after it is still here, so an absent key committed nothing after it.
  uint64_t forgotten_through() const { return forgotten_through_; }

  size_t size() const { return results_.size(); }
  size_t capacity() const { return capacity_; }

 private:
  size_t capacity_;
  uint64_t forgotten_through_ = 0;
  std::unordered_map<std::string, append_result> results_;
  std::deque<std::string> order_;  // oldest first
};

}  // namespace reel::storage
