// Every user's notification inbox (domain/notifications/inbox.h), as a projection: the
// notices the log gives each user, decided by the same rules as the live pushes
// (domain::notice_for, domain::moderation_notices) with the same ids, so a client can
// match a push with its inbox item. It keeps each user's notice ids (a notice id names its
// event) and what those rules need (each video's owner, each case's latest round of
// reporters, the blocks standing: no notice crosses one). What a notice says is read back
// from its event in the log when a page is asked, so a notice costs 8 bytes of state and
// no record of its own.
//
// A comment that moderation hid is no longer quoted in a page.
//
// Query: page(user_id, limit, before) -> inbox_answer. Keys: "i/<user>" (an Inbox: ids and
// read mark), "o/<video>" (its owner's user id), "r/<case>" (a Round), "b/<user>|<user>"
// (a block), "h/<comment>" (a hidden comment).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/notifications/inbox.h"
#include "projections/projection.h"

namespace reel::projections {

struct inbox_answer {
  std::vector<domain::inbox_item> items;  // newest first
  std::optional<uint64_t> next_before;    // the cursor of the next page
  size_t unread = 0;
  uint64_t read_up_to = 0;
};

class inbox_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "notification_inbox";

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  // Up to `limit` (1 to domain::max_inbox_page) notices before `before`, newest first, their
  // events read from the log (on the projection host). Throws storage::store_error.
  inbox_answer page(const std::string& user_id, size_t limit, std::optional<uint64_t> before) const;

 private:
  void deliver(uint64_t id, const domain::notice& n);
  std::string owner_of(const events::Event& e) const;  // of the video it is about

  storage::event_store* store_ = nullptr;                // set by load()
  std::unordered_map<uint64_t, domain::inbox> inboxes_;  // by user id value
  std::unordered_map<uint64_t, uint64_t> owners_;        // video id value -> user id value
  std::unordered_map<std::string, std::vector<std::string>> rounds_;  // case id -> reporters
  std::unordered_set<std::string> blocks_;
  std::unordered_set<std::string> hidden_comments_;  // "a|b", a < b
  std::unordered_set<std::string> dirty_rounds_;
  std::unordered_set<uint64_t> dirty_inboxes_;
  // Owners and blocks, as they change.
  std::vector<storage::projection_change> pending_;
};

}  // namespace reel::projections
