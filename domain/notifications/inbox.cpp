#include "domain/notifications/inbox.h"

#include <algorithm>
#include <string>

#include "domain/moderation/moderation_notices.h"

namespace reel::domain {

bool kept_in_inbox(const notice& n) {
  return n.topic == "notifications" && !n.recipient.empty();
}

std::optional<notice> notice_for_recipient(const events::Event& event, std::string_view video_owner,
                                           std::string_view recipient) {
  if (auto n = notice_for(event, video_owner); n && n->recipient == recipient && kept_in_inbox(*n))
    return n;
  for (auto& n : moderation_notices(event, video_owner, {std::string(recipient)}))
    if (n.recipient == recipient && kept_in_inbox(n)) return std::move(n);
  return std::nullopt;
}

std::optional<uint64_t> inbox::add(uint64_t id) {
  ids.push_back(id);
  if (ids.size() <= max_inbox_items) return std::nullopt;
  auto dropped = ids.front();
  ids.erase(ids.begin());
  return dropped;
}

bool inbox::mark_read(uint64_t id) {
  if (ids.empty()) return false;
  auto next = std::max(read_up_to, std::min(id, ids.back()));
  if (next == read_up_to) return false;
  read_up_to = next;
  return true;
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
