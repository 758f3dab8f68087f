#include "storage/idempotency_window.h"

namespace reel::storage {

std::optional<append_result> idempotency_window::find(const std::string& key) const {
  auto it = results_.find(key);
  if (it == results_.end()) return std::nullopt;
  return it->second;
}

void idempotency_window::remember(const std::string& key, const append_result& result) {
  auto [it, inserted] = results_.insert_or_assign(key, result);
  if (!inserted) return;  // an update keeps the key's place
  order_.push_back(key);
  while (results_.size() > capacity_) {
    results_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace reel::storage
