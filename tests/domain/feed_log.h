// A feed index fed by a hand-written log, for the feed tests: each call appends one event
// with the next sequence and a clock that moves one second per event.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/feeds/feed_codec.h"
#include "domain/feeds/feed_impressions.h"
#include "domain/feeds/feed_index.h"
#include "domain/ids.h"

namespace reel::testing {

inline std::string user(uint64_t n) {
  return user_id::from_value(1000 + n).str();
}
inline uint64_t user_value(uint64_t n) {
  return 1000 + n;
}
inline std::string creator_of(uint64_t n) {
  return creator_id::from_value(1000 + n).str();
}
inline std::string video(uint64_t n) {
  return video_id::from_value(5000 + n).str();
}

struct video_flags {
  bool stem = false, political_ad = false;
};

struct feed_log {
  explicit feed_log(domain::feed_options options = {}) : index(options) {}

  domain::feed_index index;
  std::vector<events::EventRecord> records;
  int64_t now_us = int64_t{1'790'000'000} * 1'000'000;  // late 2026

  void add(events::Event e) {
    events::EventRecord r;
    r.mutable_envelope()->set_sequence(records.size() + 1);
    now_us += 1'000'000;
    r.mutable_envelope()->set_recorded_at_us(now_us);
    *r.mutable_event() = std::move(e);
    index.apply(r);
    records.push_back(std::move(r));
  }

  void registered(uint64_t u, const std::string& birthdate = "1990-01-01") {
    events::Event e;
    e.mutable_user_registered()->set_user_id(user(u));
    e.mutable_user_registered()->set_birthdate(birthdate);
    add(std::move(e));
  }
  void published(uint64_t v, uint64_t creator, std::vector<std::string> topics,
                 video_flags flags = {}) {
    events::Event e;
    auto* p = e.mutable_video_published();
    p->set_video_id(video(v));
    p->set_creator_id(creator_of(creator));
    p->set_title("video " + std::to_string(v));
    for (auto& t : topics) p->add_topics(t);
    p->set_duration_ms(10'000);
    p->set_stem(flags.stem);
    p->set_political_ad(flags.political_ad);
    add(std::move(e));
  }
  void viewed(uint64_t u, uint64_t v, uint32_t watch_ms = 10'000,
              events::FeedSource source = events::FEED_SOURCE_PROFILE) {
    events::Event e;
    auto* w = e.mutable_video_viewed();
    w->set_video_id(video(v));
    w->set_viewer_id(user(u));
    w->set_watch_ms(watch_ms);
    w->set_source(source);
    add(std::move(e));
  }
  void liked(uint64_t u, uint64_t v) {
    events::Event e;
    e.mutable_video_liked()->set_video_id(video(v));
    e.mutable_video_liked()->set_user_id(user(u));
    add(std::move(e));
  }
  void shared(uint64_t u, uint64_t v) {
    events::Event e;
    e.mutable_video_shared()->set_video_id(video(v));
    e.mutable_video_shared()->set_user_id(user(u));
    add(std::move(e));
  }
  void not_interested(uint64_t u, uint64_t v) {
    events::Event e;
    e.mutable_video_not_interested()->set_video_id(video(v));
    e.mutable_video_not_interested()->set_user_id(user(u));
    add(std::move(e));
  }
  void followed(uint64_t a, uint64_t b) {
    events::Event e;
    e.mutable_user_followed()->set_follower_id(user(a));
    e.mutable_user_followed()->set_followee_id(user(b));
    add(std::move(e));
  }
  void blocked(uint64_t a, uint64_t b) {
    events::Event e;
    e.mutable_user_blocked()->set_blocker_id(user(a));
    e.mutable_user_blocked()->set_blocked_id(user(b));
    add(std::move(e));
  }
  void hidden(uint64_t v) {
    events::Event e;
    e.mutable_video_hidden()->set_video_id(video(v));
    add(std::move(e));
  }
  void removed(uint64_t v) {
    events::Event e;
    e.mutable_video_removed()->set_video_id(video(v));
    add(std::move(e));
  }
  void restored(uint64_t v) {
    events::Event e;
    e.mutable_video_restored()->set_video_id(video(v));
    add(std::move(e));
  }
  void age_restricted(uint64_t v, uint32_t minimum_age = 18) {
    events::Event e;
    e.mutable_video_age_restricted()->set_video_id(video(v));
    e.mutable_video_age_restricted()->set_minimum_age(minimum_age);
    add(std::move(e));
  }
  // Records a served page, as the command API does.
  void served(uint64_t u, const std::vector<std::string>& video_ids) {
    std::vector<domain::impression> items;
    for (const auto& id : video_ids) items.push_back({id, "test"});
    add(domain::feed_served(user(u), events::FEED_SOURCE_FOR_YOU, items, "", ""));
  }

  // The user's choice of a private account (user.settings).
  void made_private(uint64_t u, bool is_private = true) {
    events::Event e;
    e.mutable_privacy_settings_changed()->set_user_id(user(u));
    e.mutable_privacy_settings_changed()->set_is_private(is_private);
    add(std::move(e));
  }

  domain::page_request page(uint64_t u, size_t limit = 20, std::string cursor = {}) const {
    return {user_value(u), limit, now_us, domain::civil_date{2026, 11, 26}, std::move(cursor)};
  }
};

// Every stored record of an index, by key: what a projection would hold.
inline std::map<std::string, std::string> stored_state(domain::feed_index& index) {
  std::map<std::string, std::string> out;
  for (domain::video_slot s = 0; s < index.video_count(); ++s)
    out[domain::feed_video_key(s)] = domain::encode_video(index, s);
  for (const auto& [u, viewer] : index.viewers())
    out[domain::feed_viewer_key(u)] = domain::encode_viewer(viewer, u);
  out[std::string(domain::feed_totals_key)] = domain::encode_totals(index.totals());
  return out;
}

}  // namespace reel::testing
