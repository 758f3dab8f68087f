#include "storage/idempotency_window.h"

#include <algorithm>

namespace reel::storage {

std::optional<append_result> idempotency_window::find(const std::string& key) const {
  auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

void idempotency_window::remember(const std::string& key, const append_result& result) {
  auto [it, inserted] = results_.insert_or_assign(key, result);
  if (inserted) order_.push_back(key);  // an update keeps the key's place
}

void idempotency_window::trim(uint64_t indexed_through) {
  while (results_.size() > capacity_) {
    auto it = results_.find(order_.front());
    if (it != results_.end() && it->second.last_sequence > indexed_through) return;
    if (it != results_.end()) {
      forgotten_through_ = std::max(forgotten_through_, it->second.last_sequence);
      results_.erase(it);
    }
    order_.pop_front();
  }
}

}  // namespace reel::storage
