// The Video aggregate: publishing (with duets and stitches), engagement and moderation
// state. Its stream is the video's id. Facts of other aggregates (the publisher's age
// band, the source video of a duet or stitch, the creator's settings) arrive in the
// command: the actor layer gathers them, the rules stay here.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "domain/access_policy.h"
#include "domain/decision.h"
#include "domain/edges.h"
#include "domain/privacy/audiences.h"

namespace reel::domain {

inline constexpr size_t max_title_chars = 150;
inline constexpr size_t max_description_chars = 2200;
inline constexpr size_t max_topics = 10;
inline constexpr size_t max_topic_chars = 32;
inline constexpr uint32_t min_duration_ms = 1000;
inline constexpr uint32_t max_duration_ms = 10 * 60 * 1000;
inline constexpr size_t max_comment_chars = 500;
inline constexpr size_t max_report_note_chars = 500;
// The label moderation puts on a video pending review of misinformation reports: it leaves
// For You, and sharing it asks the sharer to confirm.
inline constexpr std::string_view unverified_label = "unverified";

enum class visibility { visible, hidden, removed };

struct video_state {
  uint64_t version = 0;
  bool published = false;
  std::string video_id;
  std::string creator_id;
  std::string title, description;
  uint32_t duration_ms = 0;
  bool is_ad = false;
  bool stem = false;
  std::vector<std::string> topics;
  visibility status = visibility::visible;
  uint32_t minimum_age = 0;  // 0: no age restriction
  std::set<std::string> labels;
  // The moderation cases that set them: a restore by that case lifts them too.
  std::string age_restricted_by, labelled_by;
  // Who liked and who reported it are edges (like_edge, report_edge), not state: a video
  // with a million likes keeps a count.
  uint64_t likes = 0, reports = 0;
  uint64_t views = 0, shares = 0, comments = 0;  // comments: those not hidden
  // Comments moderation hid, and the case that did: a restore by that case shows them.
  std::map<std::string, std::string> hidden_comments;
};

// video.get: who may see a video at all (what the feeds serve, and a little more for its
// creator and the staff). Removed: moderators and operators only. Hidden: also its
// creator. Age-restricted: nobody whose band is under its minimum age, staff included.
// Anyone else is answered video_not_found, as if it did not exist.
bool may_see_video(const video_state& video, std::string_view viewer_creator_id,
                   role_set viewer_roles, events::AgeBand viewer_band);

// What a duet or stitch needs to know of the video it builds on.
struct source_video {
  bool exists = false;
  bool visible = false;
  uint32_t minimum_age = 0;  // its age restriction, if any
  std::string creator_id;
  events::AgeBand creator_band = events::AGE_BAND_UNSPECIFIED;
  // Who the source's owner lets duet and stitch their videos (domain/privacy/audiences.h;
  // `none` is `remix_not_allowed`), and how the publisher stands toward them.
  audience duet = audience::everyone, stitch = audience::everyone;
  owner_relation publisher{};
};

struct publish_video {
  std::string video_id;
  std::string creator_id;
  events::AgeBand publisher_band = events::AGE_BAND_UNSPECIFIED;
  std::string title, description, sound;
  std::vector<std::string> topics;
  uint32_t duration_ms = 0;
  std::string duet_of, stitch_of;  // at most one
  source_video source;             // when duet_of or stitch_of is set
  bool is_ad = false, political_ad = false, stem = false;
  // Facts: the publisher's strikes suspend publishing until then (domain/moderation/strikes.h).
  int64_t publish_suspended_until_ms = 0;
  int64_t now_ms = 0;
};

// A moderation decision's effect on the video (a follow-up of the case's event,
// domain/moderation/follow_ups.h): hide, remove, age-restrict, label, or restore, which
// lifts what its case set (visibility always; labels and the age restriction when the
// same case set them). Already so: nothing commits.
struct moderate_video {
  std::string case_id;
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  std::string label;         // LABEL
  uint32_t minimum_age = 0;  // AGE_RESTRICT
  std::string reason;        // the policy's name
};

// A moderation decision on a comment of the video: `hide` or `remove` hides it, `restore`
// or `dismiss` shows it again if this case hid it; other actions do not apply to a
// comment and change nothing. Already so: nothing commits.
struct moderate_comment {
  std::string case_id, comment_id;
  events::CaseDecision action = events::CASE_DECISION_UNSPECIFIED;
  std::string reason;  // the policy's name
};

struct view_video {
  std::string viewer_id;
  uint32_t watch_ms = 0;
  events::FeedSource source = events::FEED_SOURCE_UNSPECIFIED;
  events::AgeBand viewer_band = events::AGE_BAND_UNSPECIFIED;
};
// Engagement carries the user's age band: nobody engages with a video they may not watch.
struct like_video {
  std::string user_id;
  events::AgeBand user_band = events::AGE_BAND_UNSPECIFIED;
  bool liked = false;  // fact: the user's like edge exists (a like twice is one like)
};
struct unlike_video {
  std::string user_id;
  bool liked = false;  // fact: the user's like edge exists
};
struct share_video {
  std::string user_id;
  events::AgeBand user_band = events::AGE_BAND_UNSPECIFIED;
  // The sharer confirmed sharing a video labelled unverified ("share anyway?"); without
  // it such a share is refused with `unverified_content`.
  bool confirmed = false;
};
struct comment_on_video {
  std::string user_id, comment_id, text;
  // Who the video's owner lets comment (domain/privacy/audiences.h; `none` is
  // `comments_disabled`), and how the commenter stands toward them.
  audience comments = audience::everyone;
  owner_relation commenter{};
  events::AgeBand user_band = events::AGE_BAND_UNSPECIFIED;
};
struct mark_not_interested {
  std::string user_id;
};
struct report_video {
  std::string reporter_id;
  events::ReportReason reason = events::REPORT_REASON_UNSPECIFIED;
  std::string note;
  bool reported = false;  // fact: the reporter's report edge exists (twice is one report)
};

decision decide(const video_state& state, const publish_video& command);
decision decide(const video_state& state, const view_video& command);
decision decide(const video_state& state, const like_video& command);
decision decide(const video_state& state, const unlike_video& command);
decision decide(const video_state& state, const share_video& command);
decision decide(const video_state& state, const comment_on_video& command);
decision decide(const video_state& state, const mark_not_interested& command);
decision decide(const video_state& state, const report_video& command);
decision decide(const video_state& state, const moderate_video& command);
decision decide(const video_state& state, const moderate_comment& command);

void apply(video_state& state, const events::Event& event);

// The video's edges (domain/edges.h): `<video id> 0x00 'l' <user id>` for a like,
// `<video id> 0x00 'r' <user id>` for a report. Stream and user ids are printable ASCII,
// so a video's likes are the keys under like_edge(video_id, "").
std::string like_edge(std::string_view video_id, std::string_view user_id);
std::string report_edge(std::string_view video_id, std::string_view reporter_id);
// The edges an event of the video adds or removes (likes, unlikes, reports).
edge_changes edges_of(const video_state& state, const events::Event& event);
// The edge a command's rule asks about (empty: none, the video is not published, and the
// rules refuse the command without it), and where the answer goes.
std::string edge_asked(const video_state& state, const like_video& command);
std::string edge_asked(const video_state& state, const unlike_video& command);
std::string edge_asked(const video_state& state, const report_video& command);
inline void answer_edge(like_video& command, bool present) {
  command.liked = present;
}
inline void answer_edge(unlike_video& command, bool present) {
  command.liked = present;
}
inline void answer_edge(report_video& command, bool present) {
  command.reported = present;
}

}  // namespace reel::domain
