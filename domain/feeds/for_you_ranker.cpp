#include "domain/feeds/for_you_ranker.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "domain/feeds/feed_eligibility.h"
#include "domain/ids.h"

namespace reel::domain {
namespace {

// How many candidates each source offers, at most.
constexpr size_t interest_topics = 3;
constexpr size_t hottest_per_topic = 100;
constexpr size_t newest_per_topic = 30;
constexpr size_t trending_candidates = 150;
constexpr size_t rising_candidates = 50;
constexpr size_t newest_per_followee = 3;
constexpr size_t following_candidates = 60;
constexpr size_t fresh_candidates = 256;
// Unservable entries a source may skip before it gives up (bounds the work per page).
constexpr size_t scan_factor = 4;
constexpr size_t max_scan = 4096;

// The weights of the score (docs/feed-quality.md shows how they were chosen). Platform-wide
// engagement weighs most for a viewer the feeds know little about and less as their own
// signals accumulate ("warmth": recent positives / (recent positives + warm_half)).
constexpr double w_quality = 0.5;
constexpr double w_interest = 1.0;
constexpr double w_similar = 1.5;
constexpr double w_popular_cold = 10.0;
constexpr double w_popular_warm = 2.0;
constexpr double warm_half = 6.0;
constexpr double w_creator = 0.5;
// A topic shown in the last two items lowers a candidate's score by this factor per repeat.
constexpr double topic_repeat_penalty = 0.8;

enum source : uint8_t {
  from_interest = 1,
  from_similar = 2,
  from_trending = 4,
  from_following = 8
};

struct candidate {
  video_slot slot = 0;
  uint8_t sources = 0;
  double similar = 0;       // summed co-engagement similarity
  double best_similar = 0;  // from the one recent positive that contributed most
  video_slot similar_to = 0;
  double score = 0;
  std::string reason;
};

candidate make_candidate(video_slot slot) {
  candidate c;
  c.slot = slot;
  return c;
}

class ranking {
 public:
  ranking(const feed_index& index, const page_request& request)
      : index_(index),
        request_(request),
        viewer_(viewer_on(index, request.viewer, request.today)) {}

  feed_page run();

 private:
  candidate& nominate(video_slot slot, uint8_t from) {
    auto [it, added] = at_.try_emplace(slot, pool_.size());
    if (added) pool_.push_back(make_candidate(slot));
    auto& c = pool_[it->second];
    c.sources |= from;
    return c;
  }
  bool ok(video_slot slot) const { return servable(index_, viewer_, slot, feed_kind::for_you); }
  bool follows(uint64_t creator) const {
    const auto* e = viewer_.entry;
    return e && std::binary_search(e->following.begin(), e->following.end(), creator);
  }

  // Nominates up to `n` servable videos of an ordered range (best first).
  template <class It>
  void nominate_range(It first, It last, size_t n, uint8_t from) {
    // Videos the viewer saw do not use up the budget (a heavy viewer has seen the top of
    // every list); the hard cap bounds the work all the same.
    size_t taken = 0, refused = 0, scanned = 0;
    for (; first != last && taken < n && refused < n * scan_factor && scanned < max_scan;
         ++first, ++scanned) {
      video_slot slot = slot_of_entry(*first);
      auto why = exclusion_of(index_, viewer_, slot, feed_kind::for_you);
      if (why == feed_exclusion::seen) continue;
      if (why != feed_exclusion::none) {
        ++refused;
        continue;
      }
      nominate(slot, from);
      ++taken;
    }
  }
  static video_slot slot_of_entry(video_slot s) { return s; }
  static video_slot slot_of_entry(const std::pair<double, video_slot>& e) { return e.second; }

  void gather();
  void score();
  std::vector<candidate> fresh_choices();
  double interest(const video_entry& v) const;
  double creator_affinity(const video_entry& v) const;
  std::string reason_of(const candidate& c, double similar_part, double interest_part) const;

  const feed_index& index_;
  const page_request& request_;
  feed_viewer viewer_;
  std::vector<candidate> pool_;
  std::unordered_map<video_slot, size_t> at_;
  double topic_mass_ = 1, creator_scale_ = 1, popular_scale_ = 1;
};

void ranking::gather() {
  const auto* e = viewer_.entry;
  if (e) {
    // Similar: neighbours of the recent positives, the newest counting most.
    double recency = 1.0;
    for (auto it = e->recent_positives.rbegin(); it != e->recent_positives.rend(); ++it) {
      const auto& liked = index_.video(*it);
      for (const auto& n : liked.neighbours) {
        if (!ok(n.video)) continue;
        double s =
            recency * co_similarity(n.count, liked.positives, index_.video(n.video).positives);
        auto& c = nominate(n.video, from_similar);
        c.similar += s;
        if (s > c.best_similar) {
          c.best_similar = s;
          c.similar_to = *it;
        }
      }
      recency *= 0.85;
    }
    // Interest: the hottest and the newest videos of the strongest topics.
    for (auto topic : e->interests.top_topics(interest_topics)) {
      const auto& hot = index_.hottest_in_topic(topic);
      nominate_range(hot.rbegin(), hot.rend(), hottest_per_topic, from_interest);
      const auto& recent = index_.newest_in_topic(topic);
      nominate_range(recent.rbegin(), recent.rend(), newest_per_topic, from_interest);
    }
    // A small share from followed creators: their newest videos.
    size_t followed = 0;
    for (auto creator : e->following) {
      if (followed >= following_candidates) break;
      if (const auto* videos = index_.videos_of(creator)) {
        size_t before = pool_.size();
        nominate_range(videos->rbegin(), videos->rend(), newest_per_followee, from_following);
        followed += pool_.size() - before;
      }
    }
  }
  // Trending, for everyone (and all a newcomer gets besides fresh videos).
  const auto& hot = index_.hottest();
  nominate_range(hot.rbegin(), hot.rend(), trending_candidates, from_trending);
  const auto& rising = index_.rising();
  nominate_range(rising.rbegin(), rising.rend(), rising_candidates, from_trending);
}

double ranking::interest(const video_entry& v) const {
  if (!viewer_.entry || v.topics.empty()) return 0;
  double sum = 0;
  for (auto t : v.topics) sum += viewer_.entry->interests.topic_weight(t);
  return sum / topic_mass_;
}

double ranking::creator_affinity(const video_entry& v) const {
  if (!viewer_.entry) return 0;
  return viewer_.entry->interests.creator_weight(v.creator) / creator_scale_;
}

std::string ranking::reason_of(const candidate& c, double similar_part,
                               double interest_part) const {
  // The personal source that nominated it and adds the most; "trending" when only
  // platform-wide engagement speaks for it. Following counts as personal, with no weight
  // of its own (follower counts never rank).
  struct part {
    double value;
    uint8_t source;
  };
  part parts[] = {
      {similar_part, from_similar}, {interest_part, from_interest}, {0.0, from_following}};
  const part* best = nullptr;
  for (const auto& p : parts) {
    if (!(c.sources & p.source) || p.value < 0) continue;
    if (p.source != from_following && p.value == 0) continue;
    if (!best || p.value > best->value) best = &p;
  }
  if (!best) return "trending";
  switch (best->source) {
    case from_similar:
      return "similar:" + video_id::from_value(index_.video(c.similar_to).id).str();
    case from_interest: {
      const auto& v = index_.video(c.slot);
      topic_index top = v.topics.empty() ? 0 : v.topics.front();
      float top_weight = -1e30f;
      for (auto t : v.topics) {
        float w = viewer_.entry ? viewer_.entry->interests.topic_weight(t) : 0;
        if (w > top_weight) top_weight = w, top = t;
      }
      return v.topics.empty() ? "trending" : "interest:" + index_.topic_name(top);
    }
    case from_following:
      return "following";
    default:
      return "trending";
  }
}

void ranking::score() {
  auto now = request_.now_us;
  const auto& hot = index_.hottest();
  popular_scale_ = hot.empty() ? 1 : std::log1p(index_.trend_long(hot.rbegin()->second, now));
  if (popular_scale_ <= 0) popular_scale_ = 1;
  const double prior = estimate_quality({}, index_.totals().engagement).score;
  double known = viewer_.entry ? static_cast<double>(viewer_.entry->recent_positives.size()) : 0;
  double warmth = known / (known + warm_half);
  double w_popular = w_popular_cold + (w_popular_warm - w_popular_cold) * warmth;
  for (auto& c : pool_) {
    const auto& v = index_.video(c.slot);
    double q = index_.quality(c.slot).score - prior;
    double i = interest(v);
    double p = std::log1p(index_.trend_long(c.slot, now)) / popular_scale_;
    double a = creator_affinity(v);
    double similar_part = w_similar * c.similar;
    double interest_part = w_interest * i;
    double popular_part = w_popular * p;
    c.score = w_quality * q + interest_part + similar_part + popular_part + w_creator * a;
    c.reason = reason_of(c, similar_part, interest_part);
  }
  std::stable_sort(pool_.begin(), pool_.end(), [](const candidate& a, const candidate& b) {
    return a.score != b.score ? a.score > b.score : a.slot < b.slot;
  });
  at_.clear();
  for (size_t i = 0; i < pool_.size(); ++i) at_[pool_[i].slot] = i;
}

// Fresh videos the viewer has not seen, oldest first (so none waits forever), ordered by
// how well they match the viewer's interests.
std::vector<candidate> ranking::fresh_choices() {
  std::vector<candidate> out;
  const auto& pool = index_.fresh_pool();
  size_t scanned = 0;
  for (auto it = pool.begin();
       it != pool.end() && out.size() < fresh_candidates && scanned < fresh_candidates * 16;
       ++it, ++scanned) {
    if (!ok(*it)) continue;
    auto c = make_candidate(*it);
    const auto& v = index_.video(*it);
    // Interest first; among equals, the older (earlier in the pool) goes first.
    c.score = interest(v) + 0.5 * creator_affinity(v) -
              1e-3 * static_cast<double>(out.size()) / fresh_candidates;
    c.reason = "fresh";
    out.push_back(std::move(c));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const candidate& a, const candidate& b) { return a.score > b.score; });
  return out;
}

feed_page ranking::run() {
  feed_page page;
  const size_t limit = std::min(request_.limit, max_page_size);
  if (limit == 0) return page;
  if (viewer_.entry) {
    topic_mass_ = 1 + viewer_.entry->interests.positive_topic_mass();
    float strongest = 0;
    for (const auto& [creator, w] : viewer_.entry->interests.creators())
      strongest = std::max(strongest, std::fabs(w));
    creator_scale_ = 1 + strongest;
  }
  gather();
  score();
  auto fresh = fresh_choices();

  const auto& options = index_.options();
  // Never more than the share: pages carry the fractions over (page p gets
  // floor((p+1)·x) − floor(p·x) fresh slots, x = limit·share), so small pages get theirs too.
  uint64_t served = viewer_.entry ? viewer_.entry->pages_served : 0;
  double per_page = limit * options.fresh_share;
  auto slots_until = [&](uint64_t pages) {
    return static_cast<size_t>(std::floor(static_cast<double>(pages) * per_page + 1e-9));
  };
  size_t fresh_slots = std::min(fresh.size(), slots_until(served + 1) - slots_until(served));
  size_t following_cap =
      std::max<size_t>(1, static_cast<size_t>(std::floor(limit * options.following_share)));
  // Fresh videos go to evenly spread positions, not all at the end.
  std::vector<bool> fresh_at(limit, false);
  for (size_t i = 0; i < fresh_slots; ++i) fresh_at[(i + 1) * limit / (fresh_slots + 1)] = true;

  std::vector<bool> used_regular(pool_.size(), false), used_fresh(fresh.size(), false);
  size_t following_used = 0;
  // The page goes on from the last one the viewer was served: no repeat across the join.
  uint64_t last_creator = viewer_.entry ? viewer_.entry->last_served_creator : 0;
  std::vector<const std::vector<topic_index>*> recent_topics;

  // The best unused item of one list whose creator differs from the previous item's, with
  // repeated topics penalised; -1 when none.
  auto pick = [&](const std::vector<candidate>& list, std::vector<bool>& used,
                  bool regular) -> long {
    long best = -1;
    double best_score = 0;
    size_t looked = 0;
    for (size_t k = 0; k < list.size() && looked < 40; ++k) {
      if (used[k]) continue;
      const auto& c = list[k];
      const auto& v = index_.video(c.slot);
      if (v.creator == last_creator) continue;
      if (regular && follows(v.creator) && following_used >= following_cap) continue;
      ++looked;
      double s = c.score;
      for (const auto* topics : recent_topics)
        for (auto t : v.topics)
          if (std::find(topics->begin(), topics->end(), t) != topics->end())
            s -= std::fabs(s) * (1 - topic_repeat_penalty);
      if (best < 0 || s > best_score) best = static_cast<long>(k), best_score = s;
    }
    return best;
  };

  for (size_t pos = 0; pos < limit; ++pos) {
    bool want_fresh = fresh_at[pos];
    bool took_fresh = want_fresh;
    long k = -1;
    for (int round = 0; round < 2 && k < 0; ++round) {
      took_fresh = want_fresh;
      k = pick(want_fresh ? fresh : pool_, want_fresh ? used_fresh : used_regular, !want_fresh);
      if (k < 0) {  // the other list, so a page fills when one runs dry
        took_fresh = !want_fresh;
        k = pick(took_fresh ? fresh : pool_, took_fresh ? used_fresh : used_regular, !took_fresh);
      }
      // Only the previous page's last creator is left: the join gives way rather than
      // leave the viewer with empty pages for good.
      if (k < 0 && page.items.empty() && last_creator != 0)
        last_creator = 0;
      else
        break;
    }
    if (k < 0) break;
    const auto& c = took_fresh ? fresh[k] : pool_[k];
    (took_fresh ? used_fresh : used_regular)[k] = true;
    if (!took_fresh && follows(index_.video(c.slot).creator)) ++following_used;
    // A video in both lists is served once.
    if (took_fresh) {
      if (auto it = at_.find(c.slot); it != at_.end()) used_regular[it->second] = true;
    } else {
      for (size_t f = 0; f < fresh.size(); ++f)
        if (fresh[f].slot == c.slot) used_fresh[f] = true;
    }
    const auto& v = index_.video(c.slot);
    last_creator = v.creator;
    recent_topics.push_back(&v.topics);
    if (recent_topics.size() > 2) recent_topics.erase(recent_topics.begin());
    page.items.push_back({c.slot, c.reason});
  }
  page.next_cursor = std::to_string(served + 1);
  return page;
}

}  // namespace

feed_page for_you_page(const feed_index& index, const page_request& request) {
  return ranking(index, request).run();
}

}  // namespace reel::domain
