#include "domain/social/profile_counts.h"

#include "domain/ids.h"

namespace reel::domain {
namespace {

void add(uint64_t& count, int delta) {
  if (delta < 0 && count < static_cast<uint64_t>(-delta)) {
    count = 0;
  } else {
    count += static_cast<uint64_t>(static_cast<int64_t>(delta));
  }
}

}  // namespace

count_changes_of count_changes(const events::Event& event) {
  count_changes_of out;
  auto add_user = [&](const std::string& text, int followers, int following, int videos) {
    if (auto id = user_id::parse(text))
      out.changes[out.size++] = {id->value(), followers, following, videos};
  };
  switch (event.payload_case()) {
    case events::Event::kUserFollowed:
      add_user(event.user_followed().follower_id(), 0, +1, 0);
      add_user(event.user_followed().followee_id(), +1, 0, 0);
      break;
    case events::Event::kUserUnfollowed:
      add_user(event.user_unfollowed().follower_id(), 0, -1, 0);
      add_user(event.user_unfollowed().followee_id(), -1, 0, 0);
      break;
    case events::Event::kVideoPublished:
      // A creator is the creator side of a user: same id value, another prefix.
      if (auto creator = creator_id::parse(event.video_published().creator_id())) {
        out.changes[out.size++] = {creator->value(), 0, 0, +1};
      }
      break;
    default:
      break;
  }
  return out;
}

void apply(profile_counts& counts, const count_change& change) {
  add(counts.followers, change.followers);
  add(counts.following, change.following);
  add(counts.videos, change.videos);
}

}  // namespace reel::domain
