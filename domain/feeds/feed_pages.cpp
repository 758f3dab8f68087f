#include "domain/feeds/feed_pages.h"

#include <algorithm>
#include <charconv>

#include "domain/feeds/feed_eligibility.h"

namespace reel::domain {
namespace {

constexpr size_t ranked_candidates = 500;  // per ordering a ranked feed reads
constexpr size_t newest_stem = 200;

// A cursor is a decimal number; empty means `fallback`.
std::optional<uint64_t> parse_cursor(const std::string& cursor, uint64_t fallback) {
  if (cursor.empty()) return fallback;
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), value);
  if (ec != std::errc() || end != cursor.data() + cursor.size()) return std::nullopt;
  return value;
}

size_t limit_of(const page_request& request) {
  return std::min(request.limit, max_page_size);
}

// Serves [offset, offset + limit) of a ranking.
feed_page page_of(const std::vector<std::pair<double, video_slot>>& ranked, uint64_t offset,
                  size_t limit, const std::string& reason) {
  feed_page page;
  for (uint64_t i = offset; i < ranked.size() && page.items.size() < limit; ++i)
    page.items.push_back({ranked[i].second, reason});
  if (offset + page.items.size() < ranked.size())
    page.next_cursor = std::to_string(offset + page.items.size());
  return page;
}

void sort_ranked(std::vector<std::pair<double, video_slot>>& ranked) {
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
}

template <class It>
void collect(It first, It last, size_t n, std::vector<video_slot>& out) {
  for (size_t taken = 0; first != last && taken < n; ++first, ++taken) {
    if constexpr (std::is_same_v<std::decay_t<decltype(*first)>, video_slot>)
      out.push_back(*first);
    else
      out.push_back(first->second);
  }
}

}  // namespace

double trending_score(const feed_index& index, video_slot slot, int64_t now_us) {
  const auto& o = index.options();
  double short_hours = static_cast<double>(o.trend_short_half_life_us) / 3.6e9;
  double long_hours = static_cast<double>(o.trend_long_half_life_us) / 3.6e9;
  return index.trend_short(slot, now_us) / short_hours +
         0.5 * index.trend_long(slot, now_us) / long_hours;
}

std::optional<feed_page> following_page(const feed_index& index, const page_request& request) {
  auto before = parse_cursor(request.cursor, index.video_count());
  if (!before) return std::nullopt;
  auto viewer = viewer_on(index, request.viewer, request.today);
  size_t limit = limit_of(request);
  feed_page page;
  if (!viewer.entry || limit == 0) return page;
  // Newest first across followees: each followee's list is in publication order.
  std::vector<video_slot> merged;
  for (auto creator : viewer.entry->following) {
    const auto* videos = index.videos_of(creator);
    if (!videos) continue;
    auto end = std::lower_bound(videos->begin(), videos->end(), *before);
    size_t taken = 0;
    for (auto it = std::make_reverse_iterator(end); it != videos->rend() && taken < limit * 4;
         ++it) {
      if (!servable(index, viewer, *it, feed_kind::following)) continue;
      merged.push_back(*it);
      ++taken;
    }
  }
  std::sort(merged.begin(), merged.end(), std::greater<>());
  for (auto slot : merged) {
    if (page.items.size() == limit) break;
    page.items.push_back({slot, "following"});
  }
  if (page.items.size() == limit && merged.size() > limit)
    page.next_cursor = std::to_string(page.items.back().slot);
  return page;
}

std::optional<feed_page> trending_page(const feed_index& index, const page_request& request) {
  auto offset = parse_cursor(request.cursor, 0);
  if (!offset) return std::nullopt;
  auto viewer = viewer_on(index, request.viewer, request.today);
  std::vector<video_slot> candidates;
  collect(index.hottest().rbegin(), index.hottest().rend(), ranked_candidates, candidates);
  collect(index.rising().rbegin(), index.rising().rend(), ranked_candidates, candidates);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::pair<double, video_slot>> ranked;
  for (auto slot : candidates)
    if (servable(index, viewer, slot, feed_kind::trending))
      ranked.push_back({trending_score(index, slot, request.now_us), slot});
  sort_ranked(ranked);
  return page_of(ranked, *offset, limit_of(request), "trending");
}

std::optional<feed_page> stem_page(const feed_index& index, const page_request& request) {
  auto offset = parse_cursor(request.cursor, 0);
  if (!offset) return std::nullopt;
  auto viewer = viewer_on(index, request.viewer, request.today);
  std::vector<video_slot> candidates;
  collect(index.hottest_stem().rbegin(), index.hottest_stem().rend(), ranked_candidates,
          candidates);
  collect(index.stem_videos().rbegin(), index.stem_videos().rend(), newest_stem, candidates);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const double prior = estimate_quality({}, index.totals().engagement).score;
  float mass = viewer.entry ? 1 + viewer.entry->interests.positive_topic_mass() : 1;
  std::vector<std::pair<double, video_slot>> ranked;
  for (auto slot : candidates) {
    if (!servable(index, viewer, slot, feed_kind::stem)) continue;
    const auto& v = index.video(slot);
    double interest = 0;
    if (viewer.entry)
      for (auto t : v.topics) interest += viewer.entry->interests.topic_weight(t) / mass;
    ranked.push_back({2 * (index.quality(slot).score - prior) + interest, slot});
  }
  sort_ranked(ranked);
  return page_of(ranked, *offset, limit_of(request), "stem");
}

}  // namespace reel::domain
