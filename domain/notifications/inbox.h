// The notification inbox: every notice to a user (notifications.h, moderation_notices.h),
// kept whatever the hour (quiet hours only hold the push), at most max_inbox_items (the
// oldest dropped first), and how far the user has read. Pushes are the live view of the
// same list: a notice's id is the same in both.
// Pure: the inbox projection (projections/notifications/) folds the log into these, keeping
// each user's ids in memory and the notices themselves in its store.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/notifications/notifications.h"

namespace reel::domain {

inline constexpr size_t max_inbox_items = 200;
inline constexpr size_t max_inbox_page = 100;

// The id of the `index`th notice an event at global `sequence` gives: increasing in log
// order, the same for the push and the inbox, below 2^53 (exact in JSON) for any log of
// fewer than 2^37 events. An event gives at most max_notices_per_event; the rest none.
inline constexpr size_t max_notices_per_event = 65536;
inline uint64_t notice_id(uint64_t sequence, size_t index) {
  return (sequence << 16) | index;
}

// Whether the inbox keeps a notice: a user's own `notifications` (not moderators' queue
// broadcasts, not the gateway's).
bool kept_in_inbox(const notice& n);

// The notice `event` gives `recipient`, if it gives them one the inbox keeps: how a page
// says again what a stored id means. `video_owner` as for notice_for.
std::optional<notice> notice_for_recipient(const events::Event& event, std::string_view video_owner,
                                           std::string_view recipient);

struct inbox_item {
  uint64_t id = 0;
  int64_t at_ms = 0;  // the event's time
  notice what;
};

// One user's inbox as ids: what pages, unread counts and drops need.
struct inbox {
  std::vector<uint64_t> ids;  // oldest first, at most max_inbox_items
  uint64_t read_up_to = 0;    // every id up to it is read

  // Adds a notice's id (ids only grow); answers the id dropped to stay within
  // max_inbox_items, if one was.
  std::optional<uint64_t> add(uint64_t id);
  // Reads every notice up to `id`, at most up to the newest it holds: a notice that comes
  // later is unread, however large the id given. Reading less than before changes
  // nothing. True when it changed what is read.
  bool mark_read(uint64_t id);
  size_t unread() const;
};

struct inbox_page {
  std::vector<uint64_t> ids;            // newest first
  std::optional<uint64_t> next_before;  // the cursor of the next (older) page
};

// Up to `limit` ids older than `before` (none: the newest), newest first.
inbox_page page_of(const inbox& box, size_t limit, std::optional<uint64_t> before);

}  // namespace reel::domain
