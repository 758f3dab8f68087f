#include "tools/reel-bench/feeds_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

#include <unistd.h>

#include "domain/feeds/feed_pages.h"
#include "domain/feeds/for_you_ranker.h"
#include "domain/ids.h"

namespace reel::bench {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

uint64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Appends generated events to the index, one record each, a tenth of a second apart.
struct log_writer {
  explicit log_writer(domain::feed_index& index) : index(index) {}
  domain::feed_index& index;
  uint64_t sequence = 0;
  int64_t now_us = int64_t{1'790'000'000} * 1'000'000;
  events::EventRecord record;

  events::Event& next() {
    record.Clear();
    record.mutable_envelope()->set_sequence(++sequence);
    now_us += 100'000;
    record.mutable_envelope()->set_recorded_at_us(now_us);
    return *record.mutable_event();
  }
  void commit() { index.apply(record); }
};

std::string user(uint64_t n) {
  return user_id::from_value(1 + n).str();
}
std::string creator(uint64_t n) {
  return creator_id::from_value(1 + n).str();
}
std::string video(uint64_t n) {
  return video_id::from_value(1 + n).str();
}

struct latency {
  std::vector<double> ms;
  double percentile(double p) {
    std::sort(ms.begin(), ms.end());
    return ms.empty() ? 0 : ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
  }
};

template <class Page>
void time_pages(const char* name, const feeds_bench_options& o, log_writer& log, Page page) {
  std::mt19937_64 rng(o.seed + 99);
  std::uniform_int_distribution<uint64_t> pick(0, o.users - 1);
  latency l;
  size_t items = 0;
  for (uint64_t i = 0; i < o.pages; ++i) {
    domain::page_request request{1 + pick(rng), 20, log.now_us, {2026, 11, 26}, ""};
    auto start = clock_type::now();
    items += page(request);
    l.ms.push_back(seconds_since(start) * 1000);
  }
  std::printf("  %-10s p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%llu pages, %.1f items each)\n",
              name, l.percentile(0.5), l.percentile(0.99), l.percentile(1.0),
              static_cast<unsigned long long>(o.pages), double(items) / o.pages);
}

}  // namespace

int run_feeds_bench(const feeds_bench_options& o) {
  domain::feed_index index;
  log_writer log(index);
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  auto started = clock_type::now();
  auto rss_before = rss_bytes();

  for (uint64_t u = 0; u < o.users; ++u) {
    auto* r = log.next().mutable_user_registered();
    r->set_user_id(user(u));
    r->set_birthdate(u % 10 == 0 ? "2010-03-01" : "1992-03-01");  // a tenth are minors
    log.commit();
  }
  // Videos: each creator has a home topic; a few are STEM.
  std::vector<uint64_t> home(o.creators);
  for (auto& h : home) h = static_cast<uint64_t>(unit(rng) * o.topics);
  std::vector<std::vector<uint64_t>> by_topic(o.topics);
  for (uint64_t v = 0; v < o.videos; ++v) {
    uint64_t c = v % o.creators;
    auto* p = log.next().mutable_video_published();
    p->set_video_id(video(v));
    p->set_creator_id(creator(c));
    p->set_title("video " + std::to_string(v));
    uint64_t t = unit(rng) < 0.7 ? home[c] : static_cast<uint64_t>(unit(rng) * o.topics);
    p->add_topics("topic" + std::to_string(t));
    p->set_duration_ms(15'000);
    p->set_stem(unit(rng) < 0.05);
    log.commit();
    by_topic[t].push_back(v);
  }
  for (uint64_t u = 0; u < o.users; ++u)
    for (uint64_t k = 0; k < o.follows_per_user; ++k) {
      auto* f = log.next().mutable_user_followed();
      f->set_follower_id(user(u));
      f->set_followee_id(user(static_cast<uint64_t>(o.creators * std::pow(unit(rng), 2))));
      log.commit();
    }
  // Views: each user favours two topics; popularity within a topic is skewed.
  uint64_t views = 0, likes = 0;
  for (uint64_t u = 0; u < o.users; ++u) {
    uint64_t favourite[2] = {static_cast<uint64_t>(unit(rng) * o.topics),
                             static_cast<uint64_t>(unit(rng) * o.topics)};
    for (uint64_t k = 0; k < o.views_per_user; ++k) {
      const auto& pool = by_topic[favourite[k % 2]];
      if (pool.empty()) continue;
      auto v = pool[static_cast<size_t>(pool.size() * std::pow(unit(rng), 3))];
      bool completed = unit(rng) < 0.6;
      auto* w = log.next().mutable_video_viewed();
      w->set_video_id(video(v));
      w->set_viewer_id(user(u));
      w->set_watch_ms(completed ? 15'000 : 1'500);
      w->set_source(events::FEED_SOURCE_FOR_YOU);
      log.commit();
      ++views;
      if (completed && unit(rng) < 0.2) {
        auto* l = log.next().mutable_video_liked();
        l->set_video_id(video(v));
        l->set_user_id(user(u));
        log.commit();
        ++likes;
      }
    }
  }
  double build_s = seconds_since(started);
  std::printf(
      "feeds: %llu users, %llu videos, %llu creators, %llu follows, %llu views, %llu "
      "likes: %llu events folded in %.1f s (%.0f events/s), index RSS %.0f MiB\n",
      static_cast<unsigned long long>(o.users), static_cast<unsigned long long>(o.videos),
      static_cast<unsigned long long>(o.creators),
      static_cast<unsigned long long>(o.users * o.follows_per_user),
      static_cast<unsigned long long>(views), static_cast<unsigned long long>(likes),
      static_cast<unsigned long long>(log.sequence), build_s, log.sequence / build_s,
      double(rss_bytes() - rss_before) / (1 << 20));
  index.take_changes();

  time_pages("for_you", o, log, [&](const domain::page_request& r) {
    return domain::for_you_page(index, r).items.size();
  });
  time_pages("following", o, log, [&](const domain::page_request& r) {
    return domain::following_page(index, r)->items.size();
  });
  time_pages("trending", o, log, [&](const domain::page_request& r) {
    return domain::trending_page(index, r)->items.size();
  });
  time_pages("stem", o, log, [&](const domain::page_request& r) {
    return domain::stem_page(index, r)->items.size();
  });
  return 0;
}

}  // namespace reel::bench
