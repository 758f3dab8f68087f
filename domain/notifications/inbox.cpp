#include "domain/notifications/inbox.h"

#include <algorithm>

namespace reel::domain {

void inbox::add(inbox_item item) {
  items.push_back(std::move(item));
  while (items.size() > max_inbox_items) items.pop_front();
}

void inbox::mark_read(uint64_t id) {
  read_up_to = std::max(read_up_to, id);
}

size_t inbox::unread() const {
  // Ids grow from oldest to newest: the unread are a suffix.
  auto first_unread =
      std::upper_bound(items.begin(), items.end(), read_up_to,
                       [](uint64_t read, const inbox_item& item) { return read < item.id; });
  return static_cast<size_t>(items.end() - first_unread);
}

inbox_page page_of(const inbox& box, size_t limit, std::optional<uint64_t> before) {
  inbox_page page;
  auto end =
      before ? std::lower_bound(box.items.begin(), box.items.end(), *before,
                                [](const inbox_item& item, uint64_t id) { return item.id < id; })
             : box.items.end();
  auto it = end;
  while (it != box.items.begin() && page.items.size() < limit) {
    --it;
    page.items.push_back(&*it);
  }
  if (it != box.items.begin() && !page.items.empty()) page.next_before = page.items.back()->id;
  return page;
}

}  // namespace reel::domain
