// Who hears of what: someone followed you, asked to follow your private account, approved
// your request, liked or commented on your video; your watch time passed your daily limit.
// Nobody is told of their own actions. What moderation tells owners, reporters and moderators is
// domain/moderation/moderation_notices.h; it uses the same notice.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "reel/events.pb.h"

namespace reel::domain {

struct notice {
  // domain::notice_id of the event that gave it (inbox.h): the push and the inbox item
  // share it. Set by whoever reads the event from the log.
  uint64_t id = 0;
  // The push topic: "notifications" go to `recipient`; "moderation" to every session
  // watching it (a moderator's), and `recipient` is empty. Empty for a notice to the
  // gateway itself, never pushed: "roles_changed" (the recipient's sessions ask again
  // whether they may still watch what they subscribed to).
  std::string topic = "notifications";
  std::string recipient;  // a user id
  // "followed", "follow_requested", "follow_approved", "liked", "commented",
  // "screen_time", or moderation's
  std::string kind;
  std::string from_user;         // who did it
  std::string video_id;          // for likes and comments
  std::string comment_id, text;  // for comments
  // Moderation's: the case, what was decided under which policy, the severity, and the
  // time that matters to the recipient (the appeal window's end, a breached deadline).
  std::string case_id, decision, policy;
  int severity = -1;
  int64_t until_ms = 0;
  uint32_t limit_minutes = 0;  // screen_time: the daily limit passed
};

// The video a like or comment (or an automatic moderation action on a video) is about, if
// the event is one; the caller then looks up the video's owner (the user behind its
// creator id).
std::optional<std::string> video_of_interest(const events::Event& event);

// The notice an event gives, if any. `video_owner` is the user id behind the video's
// creator, for likes and comments; empty when unknown (then no notice). A role revoked
// gives the gateway's "roles_changed".
std::optional<notice> notice_for(const events::Event& event, std::string_view video_owner);

// No notice crosses a block. The ops refuse likes, comments and follows across a block;
// what remains is a race: one decided just before a block, committed just after it. The
// notifier follows the log, so it sees such a block first and drops the notice. Only
// recent blocks matter for that, so at most `capacity` pairs are kept (all forgotten at
// once past it: older blocks are the ops' to enforce).
class recent_blocks {
 public:
  explicit recent_blocks(size_t capacity = 100000) : capacity_(capacity) {}
  // Folds in a user_blocked or user_unblocked; other events are ignored.
  void observe(const events::Event& event);
  // Whether a block seen stands between the two users, whichever made it.
  bool between(std::string_view a, std::string_view b) const;

 private:
  static std::string key(std::string_view a, std::string_view b);
  size_t capacity_;
  std::unordered_set<std::string> pairs_;
};

}  // namespace reel::domain
