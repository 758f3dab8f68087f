// The videos module: publishing (with duets and stitches), engagement, comments and video
// details. It installs the video entity kind (video_entities.h) and one follow-up: a
// publish grants the creator role (domain/videos/follow_ups.h), through the reactor,
// shortly after the answer. Who may comment, duet or stitch, and who sees a private
// account's videos, is the owner's privacy settings (domain/privacy/audiences.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "reel/events.pb.h"

namespace reel::actors {

class accounts_module;

struct published {
  std::string video_id;
};
struct commented {
  std::string comment_id;
};

struct video_details {
  std::string video_id, creator_id, title, description;
  std::vector<std::string> topics;
  uint32_t duration_ms = 0;
  bool stem = false, is_ad = false;
  std::string visibility;  // "visible", "hidden", "removed"
  uint32_t minimum_age = 0;
  std::vector<std::string> labels;
  uint64_t views = 0, likes = 0, shares = 0, comments = 0;
};

struct video_draft {
  std::string title, description, sound;
  std::vector<std::string> topics;
  uint32_t duration_ms = 0;
  std::string duet_of, stitch_of;  // a video id, or empty
  bool is_ad = false, political = false, stem = false;
};

struct settings_change {
  std::optional<bool> allow_duet, allow_stitch, allow_comments;  // unset: unchanged
};

class videos_module {
 public:
  videos_module(node& n, accounts_module& accounts);

  // A retried publish or comment answers with the id the first one minted.
  void publish(const caller& who, video_draft draft, reply<published> answer);
  void view(const caller& who, std::string video_id, uint32_t watch_ms, events::FeedSource source,
            reply<done> answer);
  void like(const caller& who, std::string video_id, reply<done> answer);
  void unlike(const caller& who, std::string video_id, reply<done> answer);
  // `confirmed`: the sharer confirmed sharing a video labelled unverified.
  void share(const caller& who, std::string video_id, bool confirmed, reply<done> answer);
  void not_interested(const caller& who, std::string video_id, reply<done> answer);
  void comment(const caller& who, std::string video_id, std::string text, reply<commented> answer);
  void get_video(const caller& who, std::string video_id, reply<video_details> answer);
  // creator.settings, kept for the clients of before user.settings: each boolean maps onto
  // the caller's audience (true: `everyone`, false: `none`), under the same rules.
  void change_creator_settings(const caller& who, settings_change change, reply<done> answer);

  const entity_directory& videos() const { return videos_; }

 private:
  node& node_;
  accounts_module& accounts_;
  entity_directory users_, videos_;
};

}  // namespace reel::actors
