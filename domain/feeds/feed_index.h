// The state every feed is served from: the catalog of videos with their audience, each
// viewer's interests, seen set and follows, and the orderings the feeds pick candidates
// from (by topic, by creator, trending, STEM, the fresh pool). It is a pure fold of the
// event log: `apply` takes events in global order and uses only their contents and event
// times, so a rebuild from the log ends in the same state. actors/feed_projection.h keeps
// it as a projection; the rankers (for_you_ranker.h, feed_pages.h) read it.
#pragma once

#include <roaring/roaring.hh>

#include <cstdint>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/calendar.h"
#include "domain/feeds/co_engagement.h"
#include "domain/feeds/feed_options.h"
#include "domain/feeds/interest_profile.h"
#include "domain/feeds/video_quality.h"
#include "reel/events.pb.h"

namespace reel::domain {

// Engagement decayed with one half-life, as of `at_us`.
struct decayed_score {
  double value = 0;
  // `value` decayed to `now_us` (never earlier than at_us).
  double at(int64_t now_us, int64_t at_us, int64_t half_life_us) const;
};

struct video_entry {
  uint64_t id = 0;       // video id value (domain/ids.h)
  uint64_t creator = 0;  // creator id value (the same value as the creator's user id)
  int64_t published_us = 0;
  std::string title;
  std::vector<topic_index> topics;
  uint32_t duration_ms = 0;
  bool stem = false, is_ad = false, political_ad = false;
  bool hidden = false, removed = false;  // by moderation
  uint32_t minimum_age = 0;              // 0: not age-restricted
  uint64_t age_restricted_by = 0;        // the case (id value) that set minimum_age, if any
  uint64_t unverified_by = 0;            // labelled unverified by that case: off For You
  uint32_t exposures = 0;                // impressions, plus views from outside the feeds
  uint32_t positives = 0;                // viewers with a positive engagement
  // Distinct viewers on the UTC day of the latest view and on the day before it: enough to
  // estimate the views of the last 24 h (views_last_day) in 16 bytes a video.
  int64_t view_day = 0;
  uint32_t views_on_day = 0, views_day_before = 0;
  engagement_counts engagement;
  decayed_score trend_short, trend_long;
  int64_t trend_at_us = 0;
  std::vector<neighbour> neighbours;  // co-engagement

  bool moderated() const { return hidden || removed; }
};

// A user's choice of a private account (PrivacySettingsChanged; a 13-15 registration
// records `is_private`); unset: the default of their band on the day.
enum class private_choice : uint8_t { unset, is_public, is_private };

struct viewer_entry {
  bool registered = false;
  civil_date birth{};
  private_choice account = private_choice::unset;
  interest_profile interests;
  std::vector<video_slot> recent_positives;  // oldest first, at most max_recent_positives
  Roaring seen;                              // served to or watched by this viewer
  // What this viewer has counted for, once each: bit slot * engagement_kinds + kind
  // (honest counts: a loop of one viewer's requests moves no ranking).
  Roaring counted;
  // The viewer's last likes with their times, so an unlike takes back exactly the trend
  // its like added (oldest first, at most max_recent_likes).
  std::vector<std::pair<video_slot, int64_t>> recent_likes;
  std::vector<uint64_t> following;        // followed users, sorted (user id values)
  std::vector<uint64_t> hidden_creators;  // marked "not interested", sorted
  std::vector<uint64_t> blocked;          // this viewer blocked them, sorted
  std::vector<uint64_t> blocked_by;       // they blocked this viewer, sorted
  uint64_t pages_served = 0;
  uint64_t last_served_creator = 0;  // of the last item served, so pages join without a repeat
};

inline constexpr size_t max_recent_positives = 16;
inline constexpr size_t max_recent_likes = 64;

// What a viewer counts for once per video (viewer_entry::counted).
enum class engagement_kind : uint32_t { watched, liked, shared, dismissed, commented };
inline constexpr uint32_t engagement_kinds = 8;  // room for more; slots stay below 2^29

// Stored feed state that cannot be used (domain/feed_codec.h, feed_index::reindex).
struct damaged_feed_state : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Sums over all videos, for the quality priors and the clock of the index.
struct feed_totals {
  platform_totals engagement;
  int64_t last_event_us = 0;
};

class feed_index {
 public:
  explicit feed_index(feed_options options = {});

  // Folds one event in; events the feeds do not read are ignored.
  void apply(const events::EventRecord& record);
  // The event types `apply` reads.
  static const std::vector<std::string_view>& consumed_events();

  const feed_options& options() const { return options_; }

  // Lookups.
  std::optional<video_slot> slot_of(uint64_t video_id) const;
  const video_entry& video(video_slot slot) const { return videos_[slot]; }
  size_t video_count() const { return videos_.size(); }
  const viewer_entry* viewer(uint64_t user_id) const;
  const std::unordered_map<uint64_t, viewer_entry>& viewers() const { return viewers_; }
  const std::string& topic_name(topic_index topic) const { return topic_names_[topic]; }
  std::optional<topic_index> topic_of(const std::string& name) const;
  const feed_totals& totals() const { return totals_; }
  quality_estimate quality(video_slot slot) const;
  // Distinct viewers of the video over the 24 h before `now_us`, estimated from two UTC
  // day counts (the earlier day weighted by the share of it still inside the window, as a
  // sliding-window rate limiter does): moderation's reach. Exact at a day's end.
  uint64_t views_last_day(video_slot slot, int64_t now_us) const;
  // Trending engagement of a video at `now_us`, per window.
  double trend_short(video_slot slot, int64_t now_us) const;
  double trend_long(video_slot slot, int64_t now_us) const;

  // Orderings the rankers draw candidates from. "Hottest" sets order videos by long-window
  // trend; the order of decayed scores does not change with time, so they stay sorted.
  // Each keeps only its hottest videos (enough for any page's candidates).
  static constexpr size_t hot_capacity = 2048;
  static constexpr size_t topic_hot_capacity = 512;
  using hot_set = std::set<std::pair<double, video_slot>>;  // ascending: hottest last
  const hot_set& hottest() const { return hot_long_; }
  const hot_set& rising() const { return hot_short_; }
  const hot_set& hottest_in_topic(topic_index topic) const { return topic_hot_[topic]; }
  const std::vector<video_slot>& newest_in_topic(topic_index topic) const {
    return topic_recent_[topic];
  }
  const hot_set& hottest_stem() const { return stem_hot_; }
  const std::vector<video_slot>& stem_videos() const { return stem_recent_; }
  const std::vector<video_slot>* videos_of(uint64_t creator) const;
  const std::set<video_slot>& fresh_pool() const { return fresh_; }  // oldest first

  // Persistence (feed_codec.h): what changed since the last call, and restoring entries.
  struct changes {
    std::vector<video_slot> videos;
    std::vector<uint64_t> viewers;
    bool totals = false;
  };
  changes take_changes();
  void restore_video(video_slot slot, video_entry entry);
  void restore_viewer(uint64_t user_id, viewer_entry entry);
  void restore_totals(const feed_totals& totals);
  // After restoring: checks that the entries refer to each other, then rebuilds the
  // orderings from them. Throws damaged_feed_state.
  void reindex();
  // The topic dictionary is rebuilt from the videos in slot order; restore_video needs it.
  topic_index intern_topic(const std::string& name);

 private:
  viewer_entry& viewer_mut(uint64_t user_id);
  void touch(video_slot slot) {
    if (!video_dirty_[slot]) video_dirty_[slot] = true, dirty_videos_.push_back(slot);
  }
  void touch_viewer(uint64_t user_id) { dirty_viewers_.insert(user_id); }
  std::optional<std::pair<video_slot, uint64_t>> video_and_user(const std::string& video,
                                                                const std::string& user) const;
  void endorse(const std::string& video, const std::string& user, interest_signal signal_of_it,
               double trend_weight, uint32_t engagement_counts::*count,
               uint64_t platform_totals::*total, int64_t now_us, engagement_kind kind);
  void signal(viewer_entry& viewer, video_slot slot, interest_signal s, int64_t now_us);
  void positive(viewer_entry& viewer, video_slot slot);
  void engage(video_slot slot, double weight, int64_t now_us);
  void expose(video_slot slot);
  void index_hot(video_slot slot, bool insert);
  // Takes back `weight` of trend added at `at_us` (an unlike).
  void disengage(video_slot slot, double weight, int64_t at_us, int64_t now_us);
  void expire_fresh(int64_t now_us);
  double short_key(const video_entry& v) const;
  double long_key(const video_entry& v) const;

  feed_options options_;
  std::vector<video_entry> videos_;
  std::unordered_map<uint64_t, video_slot> slots_;
  std::unordered_map<uint64_t, viewer_entry> viewers_;
  std::unordered_map<uint64_t, std::vector<video_slot>> by_creator_;
  std::vector<std::string> topic_names_;
  std::unordered_map<std::string, topic_index> topics_;
  std::vector<hot_set> topic_hot_;
  std::vector<std::vector<video_slot>> topic_recent_;
  hot_set hot_short_, hot_long_, stem_hot_;
  std::vector<video_slot> stem_recent_;
  std::set<video_slot> fresh_;
  feed_totals totals_;
  std::vector<video_slot> dirty_videos_;
  std::vector<bool> video_dirty_;
  std::unordered_set<uint64_t> dirty_viewers_;
  bool dirty_totals_ = false;
};

}  // namespace reel::domain
