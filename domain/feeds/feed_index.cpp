#include "domain/feeds/feed_index.h"

#include <algorithm>
#include <cmath>

#include "domain/ids.h"
#include "domain/privacy/teen_rules.h"
#include "domain/videos/video.h"

namespace reel::domain {
namespace {

// What each engagement adds to a video's trending score.
constexpr double trend_view_base = 0.1;        // any view, plus up to...
constexpr double trend_view_completion = 0.4;  // ...this for a completed one
constexpr double trend_like = 1.0;
constexpr double trend_share = 2.0;
constexpr double trend_comment = 1.5;

std::optional<uint64_t> user_value(const std::string& text) {
  auto id = user_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

std::optional<uint64_t> video_value(const std::string& text) {
  auto id = video_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

void insert_sorted(std::vector<uint64_t>& values, uint64_t value) {
  auto it = std::lower_bound(values.begin(), values.end(), value);
  if (it == values.end() || *it != value) values.insert(it, value);
}

void erase_sorted(std::vector<uint64_t>& values, uint64_t value) {
  auto it = std::lower_bound(values.begin(), values.end(), value);
  if (it != values.end() && *it == value) values.erase(it);
}

bool is_feed(events::FeedSource source) {
  return source == events::FEED_SOURCE_FOR_YOU || source == events::FEED_SOURCE_FOLLOWING ||
         source == events::FEED_SOURCE_TRENDING || source == events::FEED_SOURCE_STEM;
}

}  // namespace

double decayed_score::at(int64_t now_us, int64_t at_us, int64_t half_life_us) const {
  if (now_us <= at_us || half_life_us <= 0) return value;
  return value *
         std::exp2(-static_cast<double>(now_us - at_us) / static_cast<double>(half_life_us));
}

feed_index::feed_index(feed_options options) : options_(options) {}

const std::vector<std::string_view>& feed_index::consumed_events() {
  static const std::vector<std::string_view> names = {"user_registered",
                                                      "user_followed",
                                                      "user_unfollowed",
                                                      "user_blocked",
                                                      "user_unblocked",
                                                      "video_published",
                                                      "video_viewed",
                                                      "video_liked",
                                                      "video_unliked",
                                                      "video_shared",
                                                      "video_commented",
                                                      "video_not_interested",
                                                      "video_hidden",
                                                      "video_removed",
                                                      "video_restored",
                                                      "video_age_restricted",
                                                      "video_labelled",
                                                      "feed_served",
                                                      "privacy_settings_changed"};
  return names;
}

std::optional<video_slot> feed_index::slot_of(uint64_t video_id) const {
  auto it = slots_.find(video_id);
  return it == slots_.end() ? std::nullopt : std::optional<video_slot>(it->second);
}

const viewer_entry* feed_index::viewer(uint64_t user_id) const {
  auto it = viewers_.find(user_id);
  return it == viewers_.end() ? nullptr : &it->second;
}

viewer_entry& feed_index::viewer_mut(uint64_t user_id) {
  touch_viewer(user_id);
  return viewers_[user_id];
}

std::optional<topic_index> feed_index::topic_of(const std::string& name) const {
  auto it = topics_.find(name);
  return it == topics_.end() ? std::nullopt : std::optional<topic_index>(it->second);
}

topic_index feed_index::intern_topic(const std::string& name) {
  auto [it, added] = topics_.try_emplace(name, static_cast<topic_index>(topic_names_.size()));
  if (added) {
    topic_names_.push_back(name);
    topic_hot_.emplace_back();
    topic_recent_.emplace_back();
  }
  return it->second;
}

const std::vector<video_slot>* feed_index::videos_of(uint64_t creator) const {
  auto it = by_creator_.find(creator);
  return it == by_creator_.end() ? nullptr : &it->second;
}

quality_estimate feed_index::quality(video_slot slot) const {
  return estimate_quality(videos_[slot].engagement, totals_.engagement);
}

double feed_index::trend_short(video_slot slot, int64_t now_us) const {
  const auto& v = videos_[slot];
  return v.trend_short.at(now_us, v.trend_at_us, options_.trend_short_half_life_us);
}

double feed_index::trend_long(video_slot slot, int64_t now_us) const {
  const auto& v = videos_[slot];
  return v.trend_long.at(now_us, v.trend_at_us, options_.trend_long_half_life_us);
}

// log(value at t) + t / half-life * ln 2: the same for every t, so ordering by it orders
// videos by their decayed scores at any common time.
double feed_index::short_key(const video_entry& v) const {
  return std::log(v.trend_short.value) +
         static_cast<double>(v.trend_at_us) / options_.trend_short_half_life_us * M_LN2;
}

double feed_index::long_key(const video_entry& v) const {
  return std::log(v.trend_long.value) +
         static_cast<double>(v.trend_at_us) / options_.trend_long_half_life_us * M_LN2;
}

// A video's keys only grow (engagement adds; decay is folded into the key), so each set
// keeps only its hottest `capacity` videos: a video that falls out can come back only by
// growing past the coolest one kept, and then it is inserted again. Most updates of cool
// videos cost a comparison.
void feed_index::index_hot(video_slot slot, bool insert) {
  const auto& v = videos_[slot];
  if (v.trend_long.value <= 0) return;
  std::pair<double, video_slot> s{short_key(v), slot}, l{long_key(v), slot};
  auto apply_to = [&](hot_set& set, size_t capacity, const std::pair<double, video_slot>& key) {
    bool below = !set.empty() && key < *set.begin();
    if (!insert) {
      if (!below) set.erase(key);
      return;
    }
    if (below && set.size() >= capacity) return;
    set.insert(key);
    if (set.size() > capacity) set.erase(set.begin());
  };
  apply_to(hot_short_, hot_capacity, s);
  apply_to(hot_long_, hot_capacity, l);
  for (auto topic : v.topics) apply_to(topic_hot_[topic], topic_hot_capacity, l);
  if (v.stem) apply_to(stem_hot_, hot_capacity, l);
}

void feed_index::engage(video_slot slot, double weight, int64_t now_us) {
  if (weight <= 0) return;
  index_hot(slot, false);
  auto& v = videos_[slot];
  auto now = std::max(now_us, v.trend_at_us);
  v.trend_short.value =
      v.trend_short.at(now, v.trend_at_us, options_.trend_short_half_life_us) + weight;
  v.trend_long.value =
      v.trend_long.at(now, v.trend_at_us, options_.trend_long_half_life_us) + weight;
  v.trend_at_us = now;
  index_hot(slot, true);
  touch(slot);
}

void feed_index::disengage(video_slot slot, double weight, int64_t at_us, int64_t now_us) {
  index_hot(slot, false);
  auto& v = videos_[slot];
  auto now = std::max(now_us, v.trend_at_us);
  auto take = [&](decayed_score& score, int64_t half_life) {
    double left = decayed_score{weight}.at(now, at_us, half_life);
    score.value = std::max(0.0, score.at(now, v.trend_at_us, half_life) - left);
  };
  take(v.trend_short, options_.trend_short_half_life_us);
  take(v.trend_long, options_.trend_long_half_life_us);
  v.trend_at_us = now;
  index_hot(slot, true);
  touch(slot);
}

namespace {

// Marks the viewer counted for `kind` on the video; false when it was already.
bool count_once(viewer_entry& viewer, video_slot slot, engagement_kind kind) {
  return viewer.counted.addChecked(slot * engagement_kinds + static_cast<uint32_t>(kind));
}

}  // namespace

namespace {

constexpr int64_t utc_day_us = 24LL * 3600 * 1000000;

int64_t utc_day_of(int64_t us) {
  return us >= 0 ? us / utc_day_us : (us - utc_day_us + 1) / utc_day_us;
}

void count_view_day(video_entry& v, int64_t now_us) {
  auto day = utc_day_of(now_us);
  if (v.views_on_day > 0 && day < v.view_day) {  // out of order (clocks differ by a little)
    if (day + 1 == v.view_day) ++v.views_day_before;
    return;
  }
  if (day == v.view_day + 1) {
    v.views_day_before = v.views_on_day;
    v.views_on_day = 0;
  } else if (day != v.view_day) {
    v.views_day_before = v.views_on_day = 0;
  }
  v.view_day = day;
  ++v.views_on_day;
}

}  // namespace

uint64_t feed_index::views_last_day(video_slot slot, int64_t now_us) const {
  const auto& v = videos_[slot];
  auto day = utc_day_of(now_us);
  double left_of_day = 1.0 - static_cast<double>(now_us - day * utc_day_us) / utc_day_us;
  if (v.view_day == day)
    return v.views_on_day + static_cast<uint64_t>(std::llround(v.views_day_before * left_of_day));
  if (v.view_day + 1 == day)
    return static_cast<uint64_t>(std::llround(v.views_on_day * left_of_day));
  // Asked about an earlier instant than the latest view (a queue page ranked at its
  // cursor's instant): that day's count is the day before's now; the one before it is gone.
  if (v.view_day == day + 1) return v.views_day_before;
  return 0;
}

void feed_index::expose(video_slot slot) {
  auto& v = videos_[slot];
  ++v.exposures;
  if (v.exposures >= options_.fresh_audience) fresh_.erase(slot);
  touch(slot);
}

void feed_index::expire_fresh(int64_t now_us) {
  while (!fresh_.empty() &&
         videos_[*fresh_.begin()].published_us + options_.fresh_max_age_us < now_us)
    fresh_.erase(fresh_.begin());
}

void feed_index::signal(viewer_entry& viewer, video_slot slot, interest_signal s, int64_t now_us) {
  const auto& v = videos_[slot];
  viewer.interests.add(now_us, options_.interest_half_life_us, v.topics, v.creator, s);
}

// A positive engagement: the viewer's recent positives and this video become co-engaged.
void feed_index::positive(viewer_entry& viewer, video_slot slot) {
  auto& recent = viewer.recent_positives;
  if (std::find(recent.begin(), recent.end(), slot) != recent.end()) return;  // counted once
  for (auto other : recent) {
    add_co_engagement(videos_[other].neighbours, slot);
    add_co_engagement(videos_[slot].neighbours, other);
    touch(other);
  }
  ++videos_[slot].positives;
  touch(slot);
  recent.push_back(slot);
  if (recent.size() > max_recent_positives) recent.erase(recent.begin());
}

std::optional<std::pair<video_slot, uint64_t>> feed_index::video_and_user(
    const std::string& video, const std::string& user) const {
  auto v = video_value(video);
  auto u = user_value(user);
  if (!v || !u) return std::nullopt;
  auto slot = slot_of(*v);
  if (!slot) return std::nullopt;
  return std::pair{*slot, *u};
}

// A like, share or comment: counted on the video and the platform, a signal of interest,
// a positive for co-engagement, and trending engagement; once per viewer and video (a like
// again after an unlike counts again, the unlike having taken everything back).
void feed_index::endorse(const std::string& video, const std::string& user,
                         interest_signal signal_of_it, double trend_weight,
                         uint32_t engagement_counts::*count, uint64_t platform_totals::*total,
                         int64_t now_us, engagement_kind kind) {
  auto found = video_and_user(video, user);
  if (!found) return;
  auto [slot, user_id] = *found;
  auto& v = videos_[slot];
  if (v.creator == user_id) return;  // creators endorsing their own videos teach nothing
  auto& viewer = viewer_mut(user_id);
  if (!count_once(viewer, slot, kind)) return;  // once per viewer and video
  if (kind == engagement_kind::liked) {
    viewer.recent_likes.emplace_back(slot, now_us);
    if (viewer.recent_likes.size() > max_recent_likes)
      viewer.recent_likes.erase(viewer.recent_likes.begin());
  }
  ++(v.engagement.*count);
  ++(totals_.engagement.*total);
  signal(viewer, slot, signal_of_it, now_us);
  positive(viewer, slot);
  engage(slot, trend_weight, now_us);
}

void feed_index::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  const int64_t now = std::max(record.envelope().recorded_at_us(), totals_.last_event_us);
  totals_.last_event_us = now;
  dirty_totals_ = true;
  expire_fresh(now);
  auto& all = totals_.engagement;

  switch (e.payload_case()) {
    case events::Event::kUserRegistered: {
      auto u = user_value(e.user_registered().user_id());
      auto birth = parse_date(e.user_registered().birthdate());
      if (!u) return;
      auto& viewer = viewer_mut(*u);
      viewer.registered = true;
      if (birth) viewer.birth = *birth;
      // What the registration records (a 13-15 account starts private).
      auto chosen = choices_at_registration(e.user_registered().age_band(), "UTC").is_private;
      if (chosen) viewer.account = *chosen ? private_choice::is_private : private_choice::is_public;
      return;
    }
    case events::Event::kPrivacySettingsChanged: {
      const auto& p = e.privacy_settings_changed();
      auto u = user_value(p.user_id());
      if (!u) return;
      viewer_mut(*u).account = !p.has_is_private() ? private_choice::unset
                               : p.is_private()    ? private_choice::is_private
                                                   : private_choice::is_public;
      return;
    }
    case events::Event::kUserFollowed: {
      const auto& f = e.user_followed();
      auto follower = user_value(f.follower_id());
      auto followee = user_value(f.followee_id());
      if (!follower || !followee) return;
      insert_sorted(viewer_mut(*follower).following, *followee);
      if (auto via = video_value(f.via_video_id()))
        if (auto slot = slot_of(*via))
          signal(viewer_mut(*follower), *slot, follow_from_video_signal(), now);
      return;
    }
    case events::Event::kUserUnfollowed: {
      auto follower = user_value(e.user_unfollowed().follower_id());
      auto followee = user_value(e.user_unfollowed().followee_id());
      if (follower && followee) erase_sorted(viewer_mut(*follower).following, *followee);
      return;
    }
    case events::Event::kUserBlocked: {
      auto blocker = user_value(e.user_blocked().blocker_id());
      auto blocked = user_value(e.user_blocked().blocked_id());
      if (!blocker || !blocked) return;
      insert_sorted(viewer_mut(*blocker).blocked, *blocked);
      insert_sorted(viewer_mut(*blocked).blocked_by, *blocker);
      // Blocking ends both follows (the user aggregate writes no unfollow events for it).
      erase_sorted(viewer_mut(*blocker).following, *blocked);
      erase_sorted(viewer_mut(*blocked).following, *blocker);
      return;
    }
    case events::Event::kUserUnblocked: {
      auto blocker = user_value(e.user_unblocked().blocker_id());
      auto blocked = user_value(e.user_unblocked().blocked_id());
      if (!blocker || !blocked) return;
      erase_sorted(viewer_mut(*blocker).blocked, *blocked);
      erase_sorted(viewer_mut(*blocked).blocked_by, *blocker);
      return;
    }
    case events::Event::kVideoPublished: {
      const auto& p = e.video_published();
      auto v = video_value(p.video_id());
      auto c = creator_id::parse(p.creator_id());
      if (!v || !c || slots_.count(*v)) return;
      auto slot = static_cast<video_slot>(videos_.size());
      video_entry entry;
      entry.id = *v;
      entry.creator = c->value();
      entry.published_us = now;
      entry.title = p.title();
      for (const auto& topic : p.topics()) {
        auto t = intern_topic(topic);
        if (std::find(entry.topics.begin(), entry.topics.end(), t) == entry.topics.end())
          entry.topics.push_back(t);
      }
      entry.duration_ms = p.duration_ms();
      entry.stem = p.stem();
      entry.is_ad = p.is_ad();
      entry.political_ad = p.political_ad();
      restore_video(slot, std::move(entry));
      fresh_.insert(slot);
      auto& v_ref = videos_[slot];
      for (auto t : v_ref.topics) topic_recent_[t].push_back(slot);
      if (v_ref.stem) stem_recent_.push_back(slot);
      touch(slot);
      return;
    }
    case events::Event::kVideoViewed: {
      const auto& w = e.video_viewed();
      auto found = video_and_user(w.video_id(), w.viewer_id());
      if (!found) return;
      auto [slot, user] = *found;
      auto& v = videos_[slot];
      if (v.creator == user) return;
      auto& viewer = viewer_mut(user);
      // A rewatch counts in the video's play count (its entity), never in the ranking.
      if (!count_once(viewer, slot, engagement_kind::watched)) {
        viewer.seen.add(slot);
        return;
      }
      auto completion = completion_of(w.watch_ms(), v.duration_ms);
      bool skip = is_quick_skip(w.watch_ms(), v.duration_ms);
      v.engagement.views++;
      count_view_day(v, now);
      v.engagement.completion_sum += std::min(completion, 1.0);
      v.engagement.skips += skip;
      all.views++;
      all.completion_sum += std::min(completion, 1.0);
      all.skips += skip;
      bool first_sight = !viewer.seen.contains(slot);
      viewer.seen.add(slot);
      if (first_sight && !is_feed(w.source())) expose(slot);
      signal(viewer, slot, watch_signal(w.watch_ms(), v.duration_ms), now);
      if (completion >= completed_share) positive(viewer, slot);
      engage(slot, skip ? 0.0 : trend_view_base + trend_view_completion * std::min(completion, 1.0),
             now);
      touch(slot);
      return;
    }
    case events::Event::kVideoLiked:
      return endorse(e.video_liked().video_id(), e.video_liked().user_id(), like_signal(),
                     trend_like, &engagement_counts::likes, &platform_totals::likes, now,
                     engagement_kind::liked);
    case events::Event::kVideoShared:
      return endorse(e.video_shared().video_id(), e.video_shared().user_id(), share_signal(),
                     trend_share, &engagement_counts::shares, &platform_totals::shares, now,
                     engagement_kind::shared);
    case events::Event::kVideoCommented:
      return endorse(e.video_commented().video_id(), e.video_commented().user_id(),
                     comment_signal(), trend_comment, &engagement_counts::comments,
                     &platform_totals::comments, now, engagement_kind::commented);
    case events::Event::kVideoUnliked: {
      auto found = video_and_user(e.video_unliked().video_id(), e.video_unliked().user_id());
      if (!found) return;
      auto [slot, user] = *found;
      auto& v = videos_[slot];
      if (v.creator == user) return;
      auto& viewer = viewer_mut(user);
      auto bit = slot * engagement_kinds + static_cast<uint32_t>(engagement_kind::liked);
      if (!viewer.counted.removeChecked(bit)) return;  // its like never counted
      // Everything the like added goes: the count, its trend, the positive it made.
      if (v.engagement.likes > 0) v.engagement.likes--;
      if (all.likes > 0) all.likes--;
      auto& likes = viewer.recent_likes;
      auto liked = std::find_if(likes.begin(), likes.end(),
                                [slot = slot](const auto& l) { return l.first == slot; });
      if (liked != likes.end()) {
        disengage(slot, trend_like, liked->second, now);
        likes.erase(liked);
      }
      auto& recent = viewer.recent_positives;
      if (auto it = std::find(recent.begin(), recent.end(), slot); it != recent.end()) {
        recent.erase(it);
        for (auto other : recent) {
          remove_co_engagement(videos_[other].neighbours, slot);
          remove_co_engagement(v.neighbours, other);
          touch(other);
        }
        if (v.positives > 0) v.positives--;
      }
      touch(slot);
      return;
    }
    case events::Event::kVideoNotInterested: {
      const auto& n = e.video_not_interested();
      auto found = video_and_user(n.video_id(), n.user_id());
      if (!found) return;
      auto [slot, user] = *found;
      auto& v = videos_[slot];
      if (v.creator == user) return;
      auto& viewer = viewer_mut(user);
      if (!count_once(viewer, slot, engagement_kind::dismissed)) return;
      v.engagement.not_interested++;
      all.not_interested++;
      touch(slot);
      signal(viewer, slot, not_interested_signal(), now);
      viewer.seen.add(slot);
      insert_sorted(viewer.hidden_creators, v.creator);
      return;
    }
    case events::Event::kVideoHidden:
    case events::Event::kVideoRemoved:
    case events::Event::kVideoRestored:
    case events::Event::kVideoAgeRestricted:
    case events::Event::kVideoLabelled: {
      const std::string& id = e.has_video_hidden()           ? e.video_hidden().video_id()
                              : e.has_video_removed()        ? e.video_removed().video_id()
                              : e.has_video_restored()       ? e.video_restored().video_id()
                              : e.has_video_age_restricted() ? e.video_age_restricted().video_id()
                                                             : e.video_labelled().video_id();
      auto v = video_value(id);
      auto slot = v ? slot_of(*v) : std::nullopt;
      if (!slot) return;
      auto& entry = videos_[*slot];
      // The case behind a restriction, as the video's own fold keeps it (domain/videos/).
      auto by = [](const std::string& case_text) {
        auto c = case_id::parse(case_text);
        return c ? c->value() : 0;
      };
      if (e.has_video_hidden()) entry.hidden = true;
      if (e.has_video_removed()) entry.removed = true;
      if (e.has_video_restored()) {
        // A restore lifts visibility, and what its own case restricted or labelled.
        entry.hidden = entry.removed = false;
        auto restoring = by(e.video_restored().case_id());
        if (restoring != 0 && entry.age_restricted_by == restoring) {
          entry.minimum_age = 0;
          entry.age_restricted_by = 0;
        }
        if (restoring != 0 && entry.unverified_by == restoring) entry.unverified_by = 0;
      }
      if (e.has_video_age_restricted()) {
        entry.minimum_age = e.video_age_restricted().minimum_age();
        entry.age_restricted_by = by(e.video_age_restricted().case_id());
      }
      if (e.has_video_labelled()) {
        if (e.video_labelled().label() != unverified_label) return;
        // Without a case (older events) the label still counts; nothing can lift it then.
        entry.unverified_by = std::max<uint64_t>(by(e.video_labelled().case_id()), 1);
      }
      touch(*slot);
      return;
    }
    case events::Event::kFeedServed: {
      const auto& f = e.feed_served();
      auto u = user_value(f.viewer_id());
      if (!u) return;
      auto& viewer = viewer_mut(*u);
      viewer.pages_served++;
      for (const auto& id : f.video_ids()) {
        auto v = video_value(id);
        auto slot = v ? slot_of(*v) : std::nullopt;
        if (!slot) continue;
        viewer.last_served_creator = videos_[*slot].creator;
        if (viewer.seen.contains(*slot)) continue;
        viewer.seen.add(*slot);
        expose(*slot);
      }
      return;
    }
    default:
      return;
  }
}

feed_index::changes feed_index::take_changes() {
  changes out;
  out.videos = std::move(dirty_videos_);
  out.viewers.assign(dirty_viewers_.begin(), dirty_viewers_.end());
  out.totals = dirty_totals_;
  for (auto slot : out.videos) video_dirty_[slot] = false;
  dirty_videos_.clear();
  dirty_viewers_.clear();
  dirty_totals_ = false;
  return out;
}

void feed_index::restore_video(video_slot slot, video_entry entry) {
  if (videos_.size() <= slot) {
    videos_.resize(slot + 1);
    video_dirty_.resize(slot + 1, false);
  }
  slots_[entry.id] = slot;
  by_creator_[entry.creator].push_back(slot);
  videos_[slot] = std::move(entry);
}

void feed_index::restore_viewer(uint64_t user_id, viewer_entry entry) {
  viewers_[user_id] = std::move(entry);
}

void feed_index::restore_totals(const feed_totals& totals) {
  totals_ = totals;
}

void feed_index::reindex() {
  // Stored records name videos by slot and topics by index; one that names nothing is
  // damage, not data.
  auto check = [&](uint64_t value, size_t size, const char* where) {
    if (value >= size)
      throw damaged_feed_state(std::string("feed state: ") + where + " names " +
                               std::to_string(value) + " of " + std::to_string(size) +
                               "; rebuild the projection");
  };
  for (const auto& v : videos_)
    for (const auto& n : v.neighbours) check(n.video, videos_.size(), "a co-engagement list");
  for (const auto& [user, viewer] : viewers_) {
    for (auto slot : viewer.recent_positives)
      check(slot, videos_.size(), "a viewer's recent positives");
    for (const auto& [topic, w] : viewer.interests.topics())
      check(topic, topic_names_.size(), "a viewer's interests");
  }
  hot_short_.clear();
  hot_long_.clear();
  stem_hot_.clear();
  stem_recent_.clear();
  fresh_.clear();
  by_creator_.clear();
  for (auto& set : topic_hot_) set.clear();
  for (auto& list : topic_recent_) list.clear();
  for (video_slot slot = 0; slot < videos_.size(); ++slot) {
    const auto& v = videos_[slot];
    by_creator_[v.creator].push_back(slot);
    for (auto t : v.topics) topic_recent_[t].push_back(slot);
    if (v.stem) stem_recent_.push_back(slot);
    if (v.exposures < options_.fresh_audience) fresh_.insert(slot);
    index_hot(slot, true);
  }
  expire_fresh(totals_.last_event_us);
}

}  // namespace reel::domain
