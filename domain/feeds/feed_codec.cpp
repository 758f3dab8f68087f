#include "domain/feeds/feed_codec.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "reel/feed_state.pb.h"

namespace reel::domain {
namespace {

std::string hex(uint64_t value, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%0*llx", digits, static_cast<unsigned long long>(value));
  return buf;
}

[[noreturn]] void damaged(std::string_view key, std::string_view why) {
  throw damaged_feed_state("feed state record '" + std::string(key) + "' " + std::string(why) +
                           "; rebuild the projection");
}

template <class Message>
Message parse(std::string_view key, std::string_view value) {
  Message m;
  if (!m.ParseFromArray(value.data(), static_cast<int>(value.size())))
    damaged(key, "does not parse");
  if (m.format() == 0 || m.format() > feed_state_format)
    damaged(key, "has format " + std::to_string(m.format()) + ", which this build does not read");
  return m;
}

// FeedVideo and FeedTotals share the engagement fields (per video, and summed).
template <class Message, class Counts>
void put_engagement(Message& m, const Counts& e) {
  m.set_views(e.views);
  m.set_completion_sum(e.completion_sum);
  m.set_likes(e.likes);
  m.set_shares(e.shares);
  m.set_comments(e.comments);
  m.set_skips(e.skips);
  m.set_not_interested(e.not_interested);
}

}  // namespace

std::string feed_video_key(video_slot slot) {
  return "v/" + hex(slot, 8);
}
std::string feed_viewer_key(uint64_t user_id) {
  return "u/" + hex(user_id, 16);
}

std::string encode_video(const feed_index& index, video_slot slot) {
  const auto& v = index.video(slot);
  feeds::FeedVideo m;
  m.set_format(feed_state_format);
  m.set_slot(slot);
  m.set_video(v.id);
  m.set_creator(v.creator);
  m.set_published_us(v.published_us);
  m.set_title(v.title);
  for (auto t : v.topics) m.add_topics(index.topic_name(t));
  m.set_duration_ms(v.duration_ms);
  m.set_stem(v.stem);
  m.set_is_ad(v.is_ad);
  m.set_political_ad(v.political_ad);
  m.set_hidden(v.hidden);
  m.set_removed(v.removed);
  m.set_minimum_age(v.minimum_age);
  m.set_age_restricted_by(v.age_restricted_by);
  m.set_unverified_by(v.unverified_by);
  m.set_exposures(v.exposures);
  m.set_view_day(v.view_day);
  m.set_views_on_day(v.views_on_day);
  m.set_views_day_before(v.views_day_before);
  m.set_positives(v.positives);
  put_engagement(m, v.engagement);
  m.set_trend_short(v.trend_short.value);
  m.set_trend_long(v.trend_long.value);
  m.set_trend_at_us(v.trend_at_us);
  for (const auto& n : v.neighbours) {
    auto* out = m.add_neighbours();
    out->set_slot(n.video);
    out->set_count(n.count);
  }
  return m.SerializeAsString();
}

std::string encode_viewer(const viewer_entry& v, uint64_t user_id) {
  feeds::FeedViewer m;
  m.set_format(feed_state_format);
  m.set_user(user_id);
  m.set_registered(v.registered);
  m.set_birth_year(v.birth.year);
  m.set_birth_month(v.birth.month);
  m.set_birth_day(v.birth.day);
  m.set_interests_at_us(v.interests.at_us());
  for (const auto& [topic, w] : v.interests.topics()) {
    auto* out = m.add_topics();
    out->set_key(topic);
    out->set_weight(w);
  }
  for (const auto& [creator, w] : v.interests.creators()) {
    auto* out = m.add_creators();
    out->set_key(creator);
    out->set_weight(w);
  }
  for (auto slot : v.recent_positives) m.add_recent_positives(slot);
  std::string seen(v.seen.getSizeInBytes(true), '\0');
  v.seen.write(seen.data(), true);
  m.set_seen(std::move(seen));
  std::string counted(v.counted.getSizeInBytes(true), '\0');
  v.counted.write(counted.data(), true);
  m.set_counted(std::move(counted));
  for (const auto& [slot, at] : v.recent_likes) {
    m.add_recent_like_slots(slot);
    m.add_recent_like_at_us(at);
  }
  for (auto u : v.following) m.add_following(u);
  m.set_private_choice(static_cast<uint32_t>(v.account));
  for (auto u : v.hidden_creators) m.add_hidden_creators(u);
  for (auto u : v.blocked) m.add_blocked(u);
  for (auto u : v.blocked_by) m.add_blocked_by(u);
  m.set_pages_served(v.pages_served);
  m.set_last_served_creator(v.last_served_creator);
  return m.SerializeAsString();
}

std::string encode_totals(const feed_totals& t) {
  feeds::FeedTotals m;
  m.set_format(feed_state_format);
  put_engagement(m, t.engagement);
  m.set_last_event_us(t.last_event_us);
  return m.SerializeAsString();
}

void restore_record(feed_index& index, std::string_view key, std::string_view value) {
  if (key == feed_totals_key) {
    auto m = parse<feeds::FeedTotals>(key, value);
    feed_totals t;
    t.engagement = {m.views(),    m.completion_sum(), m.likes(),         m.shares(),
                    m.comments(), m.skips(),          m.not_interested()};
    t.last_event_us = m.last_event_us();
    index.restore_totals(t);
  } else if (key.starts_with("v/")) {
    auto m = parse<feeds::FeedVideo>(key, value);
    if (m.slot() != index.video_count()) damaged(key, "is out of slot order");
    video_entry v;
    v.id = m.video();
    v.creator = m.creator();
    v.published_us = m.published_us();
    v.title = m.title();
    for (const auto& t : m.topics()) v.topics.push_back(index.intern_topic(t));
    v.duration_ms = m.duration_ms();
    v.stem = m.stem();
    v.is_ad = m.is_ad();
    v.political_ad = m.political_ad();
    v.hidden = m.hidden();
    v.removed = m.removed();
    v.minimum_age = m.minimum_age();
    v.age_restricted_by = m.age_restricted_by();
    v.unverified_by = m.unverified_by();
    v.exposures = m.exposures();
    v.view_day = m.view_day();
    v.views_on_day = m.views_on_day();
    v.views_day_before = m.views_day_before();
    v.positives = m.positives();
    v.engagement = {m.views(),    m.completion_sum(), m.likes(),         m.shares(),
                    m.comments(), m.skips(),          m.not_interested()};
    auto usable = [](double x) { return std::isfinite(x) && x >= 0; };
    if (!usable(m.completion_sum()) || !usable(m.trend_short()) || !usable(m.trend_long()))
      damaged(key, "holds a negative or non-finite number");
    v.trend_short.value = m.trend_short();
    v.trend_long.value = m.trend_long();
    v.trend_at_us = m.trend_at_us();
    for (const auto& n : m.neighbours()) v.neighbours.push_back({n.slot(), n.count()});
    index.restore_video(m.slot(), std::move(v));
  } else if (key.starts_with("u/")) {
    auto m = parse<feeds::FeedViewer>(key, value);
    viewer_entry v;
    v.registered = m.registered();
    v.birth = {m.birth_year(), static_cast<int>(m.birth_month()), static_cast<int>(m.birth_day())};
    std::vector<std::pair<topic_index, float>> topics;
    for (const auto& w : m.topics()) {
      if (w.key() > std::numeric_limits<topic_index>::max() || !std::isfinite(w.weight()))
        damaged(key, "holds a damaged interest");
      topics.push_back({static_cast<topic_index>(w.key()), w.weight()});
    }
    std::vector<std::pair<uint64_t, float>> creators;
    for (const auto& w : m.creators()) {
      if (!std::isfinite(w.weight())) damaged(key, "holds a damaged interest");
      creators.push_back({w.key(), w.weight()});
    }
    v.interests.restore(m.interests_at_us(), std::move(topics), std::move(creators));
    v.recent_positives.assign(m.recent_positives().begin(), m.recent_positives().end());
    try {
      v.seen = Roaring::readSafe(m.seen().data(), m.seen().size());
      // State written before honest counts has none: counting starts from the next event.
      if (!m.counted().empty())
        v.counted = Roaring::readSafe(m.counted().data(), m.counted().size());
    } catch (const std::exception&) {
      damaged(key, "holds a damaged seen or counted set");
    }
    if (m.recent_like_slots_size() != m.recent_like_at_us_size())
      damaged(key, "holds recent likes without their times");
    for (int i = 0; i < m.recent_like_slots_size(); ++i)
      v.recent_likes.emplace_back(m.recent_like_slots(i), m.recent_like_at_us(i));
    v.following.assign(m.following().begin(), m.following().end());
    if (m.private_choice() > static_cast<uint32_t>(private_choice::is_private))
      damaged(key, "holds a private choice out of range");
    v.account = static_cast<private_choice>(m.private_choice());
    v.hidden_creators.assign(m.hidden_creators().begin(), m.hidden_creators().end());
    v.blocked.assign(m.blocked().begin(), m.blocked().end());
    v.blocked_by.assign(m.blocked_by().begin(), m.blocked_by().end());
    v.pages_served = m.pages_served();
    v.last_served_creator = m.last_served_creator();
    index.restore_viewer(m.user(), std::move(v));
  } else {
    damaged(key, "has a key this build does not know");
  }
}

}  // namespace reel::domain
