#include "domain/notifications/inbox.h"

#include <algorithm>

namespace reel::domain {

std::optional<uint64_t> inbox::add(uint64_t id) {
  ids.push_back(id);
  if (ids.size() <= max_inbox_items) return std::nullopt;
  auto dropped = ids.front();
  ids.erase(ids.begin());
  return dropped;
}

void inbox::mark_read(uint64_t id) {
  read_up_to = std::max(read_up_to, id);
}

size_t inbox::unread() const {
  // Ids grow from oldest to newest: the unread are a suffix.
  return static_cast<size_t>(ids.end() - std::upper_bound(ids.begin(), ids.end(), read_up_to));
}

inbox_page page_of(const inbox& box, size_t limit, std::optional<uint64_t> before) {
  inbox_page page;
  auto end = before ? std::lower_bound(box.ids.begin(), box.ids.end(), *before) : box.ids.end();
  auto it = end;
  while (it != box.ids.begin() && page.ids.size() < limit) page.ids.push_back(*--it);
  if (it != box.ids.begin() && !page.ids.empty()) page.next_before = page.ids.back();
  return page;
}

}  // namespace reel::domain
