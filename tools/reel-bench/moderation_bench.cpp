#include "tools/reel-bench/moderation_bench.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include <unistd.h>

#include "domain/clock.h"
#include "domain/ids.h"
#include "domain/moderation/moderation_case.h"
#include "domain/moderation/policies.h"
#include "projections/moderation/moderation_cases_projection.h"
#include "tools/support/in_process_node.h"

namespace reel::bench {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct latencies {
  std::vector<double> ms;
  double percentile(double p) {
    if (ms.empty()) return 0;
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * static_cast<double>(ms.size())))];
  }
  void print(const char* name, const char* unit_of_one) {
    auto n = ms.size();
    std::printf("  %-26s p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms  (%zu %s)\n", name,
                percentile(0.5), percentile(0.9), percentile(0.99), percentile(1.0), n,
                unit_of_one);
  }
};

double ms_since(clock_type::time_point t) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

int run_queue(const moderation_bench_options& o) {
  std::mt19937_64 rng(o.seed);
  const int64_t now_ms = 1'790'000'000'000;
  domain::moderation_rules rules;
  // Reach as the feed projection would answer it (an id parse and a hash lookup a case),
  // skewed: most videos have a few views in the last day, a few have very many.
  std::unordered_map<uint64_t, uint64_t> views;
  auto reach = [&views](std::string_view video, int64_t) -> uint64_t {
    auto id = video_id::parse(video);
    if (!id) return 0;
    auto it = views.find(id->value());
    return it == views.end() ? 0 : it->second;
  };
  projections::moderation_cases_projection cases(rules, reach);
  auto policies = domain::all_policies();
  std::uniform_int_distribution<size_t> pick_policy(0, policies.size() - 1);
  std::uniform_int_distribution<int64_t> opened_ago(0, 72 * 3600000LL);
  std::exponential_distribution<double> view_scale(0.5);
  uint64_t sequence = 0;
  auto started = clock_type::now();
  for (uint64_t i = 1; i <= o.cases; ++i) {
    uint64_t value = 1'000'000 + i;
    auto video = video_id::from_value(value).str();
    views[value] = static_cast<uint64_t>(std::pow(10.0, std::min(6.0, view_scale(rng))));
    domain::case_state state;
    domain::file_report report;
    report.case_id = case_id::from_value(value).str();
    report.subject_id = video;
    report.kind = events::CASE_SUBJECT_KIND_VIDEO;
    report.video_id = video;
    report.owner_id = user_id::from_value(10 + i % 5000).str();
    report.reporter_id = user_id::from_value(100000 + i).str();
    report.reason = policies[pick_policy(rng)].reason;
    report.weight_milli = 500;
    report.now_ms = now_ms - opened_ago(rng);
    report.rules = rules;
    std::vector<events::Event> produced;
    auto d = domain::decide(state, report);
    if (!d.ok()) throw std::runtime_error("a generated report was refused");
    produced = d.events();
    if (i % 10 == 0) {  // a tenth are claimed by a moderator right now
      for (const auto& e : produced) domain::apply(state, e);
      domain::claim_case claim{user_id::from_value(7).str(), now_ms - 60000, rules};
      auto c = domain::decide(state, claim);
      if (c.ok()) produced.insert(produced.end(), c.events().begin(), c.events().end());
    }
    for (auto& e : produced) {
      events::EventRecord record;
      record.mutable_envelope()->set_sequence(++sequence);
      record.mutable_envelope()->set_stream_id(report.case_id);
      // Folded live: the reach is read as the case starts waiting.
      record.mutable_envelope()->set_recorded_at_us(now_ms * 1000);
      *record.mutable_event() = std::move(e);
      cases.apply(record);
    }
  }
  (void)cases.take_changes();
  std::printf("moderation queue: %llu waiting cases (%llu events) folded in %.1f s\n",
              (unsigned long long)o.cases, (unsigned long long)sequence, ms_since(started) / 1000);

  domain::queue_filter first_page;
  first_page.limit = 50;
  latencies first, deep, far, filtered;
  std::string cursor;
  for (uint64_t i = 0; i < o.pages; ++i) {
    auto t = clock_type::now();
    auto page = cases.page(first_page, "", now_ms + static_cast<int64_t>(i));
    first.ms.push_back(ms_since(t));
    if (page.items.size() != 50) throw std::runtime_error("a first page was short");
  }
  // Paging down the queue behind a cursor (a moderator working through it): pages 2-20
  // again and again, then one walk from page 21 as deep as `pages` goes.
  for (uint64_t walk = 0; walk < std::max<uint64_t>(1, o.pages / 19); ++walk) {
    cursor = cases.page(first_page, "", now_ms).cursor;
    for (int p = 2; p <= 20; ++p) {
      auto t = clock_type::now();
      auto page = cases.page(first_page, cursor, now_ms);
      deep.ms.push_back(ms_since(t));
      cursor = page.cursor;
      if (cursor.empty()) break;
    }
  }
  for (uint64_t i = 0; i < o.pages && !cursor.empty(); ++i) {
    auto t = clock_type::now();
    auto page = cases.page(first_page, cursor, now_ms);
    far.ms.push_back(ms_since(t));
    cursor = page.cursor;
  }
  domain::queue_filter by_reason = first_page;
  by_reason.reason = events::REPORT_REASON_MISINFORMATION;
  by_reason.min_priority = 25;
  for (uint64_t i = 0; i < o.pages; ++i) {
    auto t = clock_type::now();
    auto page = cases.page(by_reason, "", now_ms);
    filtered.ms.push_back(ms_since(t));
  }
  // The worst page: every reach is stale (a minute later each time), so the page reads
  // its whole budget of them before it ranks.
  latencies refreshing;
  for (uint64_t i = 0; i < o.pages; ++i) {
    auto at = now_ms + static_cast<int64_t>(i + 1) *
                           (projections::moderation_cases_projection::reach_max_age_ms + 1);
    auto t = clock_type::now();
    auto page = cases.page(first_page, "", at);
    refreshing.ms.push_back(ms_since(t));
  }
  first.print("first page of 50", "pages");
  deep.print("pages 2-20 behind a cursor", "pages");
  far.print("pages 21 and deeper", "pages");
  filtered.print("misinformation, priority 25+", "pages");
  refreshing.print("first page, reading 4096 stale reaches", "pages");
  return 0;
}

int run_hide(const moderation_bench_options& o) {
  bool own_dir = o.dir.empty();
  fs::path root =
      own_dir ? fs::temp_directory_path() / ("reel-bench-moderation-" + std::to_string(::getpid()))
              : fs::path(o.dir);
  // A node on a fresh store: a folder given must be new or empty (nothing of it is removed).
  if (!own_dir && fs::exists(root) && !fs::is_empty(root)) {
    std::fprintf(stderr, "reel-bench moderation: --dir %s is not empty\n", root.c_str());
    return 2;
  }
  if (own_dir) fs::remove_all(root);
  fs::create_directories(root);
  int rc = 0;
  {
    domain::manual_clock clock{1780315200LL * 1000000};
    tools::node_setup setup;
    setup.node.clock = &clock;
    tools::node n(root, setup);
    auto& m = n.modules();
    auto registered = [&](const std::string& handle) {
      auto r = actors::await<actors::registered>([&](auto reply) {
        m.accounts.register_user({"", handle, "reel-bench"}, handle, "1990-01-01", reply);
      });
      if (!r.ok()) throw std::runtime_error("registering: " + tools::error_of(r));
      return r.value().user_id;
    };
    // Established reporters: a month old, each following three people.
    std::vector<std::string> people, reporters;
    for (int i = 0; i < 3; ++i) people.push_back(registered("person" + std::to_string(i)));
    for (uint64_t i = 0; i < o.reporters; ++i) {
      reporters.push_back(registered("reporter" + std::to_string(i)));
      for (const auto& p : people) {
        auto f = actors::await<actors::done>([&](auto reply) {
          m.social.follow({reporters.back(), "", ""}, p, reply);
        });
        if (!f.ok()) throw std::runtime_error("following: " + tools::error_of(f));
      }
    }
    clock.advance_us(31LL * 24 * 3600 * 1000000);
    // Whole groups of twenty videos with five reports each (see the loop below).
    uint64_t per_video = 5, group = 20 * per_video;
    uint64_t reports = std::max(group, o.rate * o.seconds / group * group);
    uint64_t videos = reports / per_video;
    auto creator = registered("creator");
    std::vector<std::string> video_ids(videos);
    tools::run_all(videos, 64, "publishing", [&](size_t i, auto done) {
      actors::video_draft draft;
      draft.title = "video " + std::to_string(i);
      draft.topics = {"bench"};
      draft.duration_ms = 20000;
      m.videos.publish({creator, "publish " + std::to_string(i), ""}, draft,
                       [&, i, done](actors::outcome<actors::published> r) {
                         if (r.ok()) video_ids[i] = r.value().video_id;
                         done(tools::error_of(r));
                       });
    });
    auto head = n.store->global_head();
    // Start from a quiet node: the setup's follow-ups run and every projection caught up.
    (void)actors::await<actors::done>([&](auto reply) { m.admin.reactor_reached(head, reply); });
    head = n.store->global_head();
    for (const char* projection : {"moderation_reporters", "moderation_cases", "feeds"})
      (void)actors::await<actors::done>(
          [&](auto reply) { m.admin.projection_reached(projection, head, reply); });

    // Open loop: report k goes out at k / rate s, whatever the answers before it did.
    std::mutex mu;
    latencies hidden, replies;
    std::vector<double> slow_at;  // seconds into the run of the reports hidden slowly
    std::atomic<uint64_t> failed{0}, outstanding{0};
    auto interval = std::chrono::nanoseconds(1'000'000'000 / o.rate);
    auto start = clock_type::now();
    for (uint64_t k = 0; k < reports; ++k) {
      std::this_thread::sleep_until(start + interval * k);
      // Twenty videos at a time take turns, so a video's five reports spread over 100 ms.
      uint64_t video = (k / (per_video * 20)) * 20 + (k % 20), nth = (k / 20) % per_video;
      if (video >= videos) continue;
      actors::report_subject subject;
      subject.video_id = video_ids[video];
      const auto& reporter = reporters[(video * per_video + nth) % reporters.size()];
      auto sent = clock_type::now();
      ++outstanding;
      m.moderation.report(
          {reporter, "r" + std::to_string(k), ""}, subject, events::REPORT_REASON_HARASSMENT, "",
          [&, sent, crossing = nth + 1 == per_video](actors::outcome<actors::report_filed> r) {
            auto committed = clock_type::now();
            {
              std::lock_guard lock(mu);
              replies.ms.push_back(
                  std::chrono::duration<double, std::milli>(committed - sent).count());
            }
            if (!r.ok()) ++failed;
            if (!r.ok() || !crossing) {
              --outstanding;
              return;
            }
            auto at = n.store->global_head();
            m.admin.reactor_reached(at, [&, committed](actors::outcome<actors::done> f) {
              auto after = n.store->global_head();
              if (!f.ok()) {
                ++failed;
                --outstanding;
                return;
              }
              m.admin.projection_reached(
                  "feeds", after, [&, committed](actors::outcome<actors::done> p) {
                    if (!p.ok()) ++failed;
                    std::lock_guard lock(mu);
                    hidden.ms.push_back(ms_since(committed));
                    if (hidden.ms.back() > 100)
                      slow_at.push_back(std::chrono::duration<double>(committed - start).count());
                    --outstanding;
                  });
            });
          });
    }
    double sending_s = std::chrono::duration<double>(clock_type::now() - start).count();
    while (outstanding.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Every video must be hidden: the figure is only worth something if the rule fired.
    uint64_t hides = 0;
    auto cursor = n.store->read_log(1);
    events::EventRecord record;
    while (cursor->next(record)) hides += record.event().has_video_hidden();
    std::printf(
        "moderation hide: %llu reports on %llu videos by %llu established reporters, sent in "
        "%.2f s (%.0f/s); %llu failed; %llu videos hidden\n",
        (unsigned long long)reports, (unsigned long long)videos, (unsigned long long)o.reporters,
        sending_s, static_cast<double>(reports) / sending_s, (unsigned long long)failed.load(),
        (unsigned long long)hides);
    replies.print("report reply (commit)", "reports");
    hidden.print("report to hidden in feeds", "videos");
    if (!slow_at.empty()) {
      std::sort(slow_at.begin(), slow_at.end());
      std::printf("  %zu over 100 ms, committed between %.2f s and %.2f s into the run\n",
                  slow_at.size(), slow_at.front(), slow_at.back());
    }
    if (failed.load() > 0 || hidden.ms.size() != videos || hides != videos) rc = 1;
  }
  if (own_dir) fs::remove_all(root);
  return rc;
}

}  // namespace

int run_moderation_bench(const moderation_bench_options& o) {
  int rc = 0;
  if (o.part == "all" || o.part == "queue") rc |= run_queue(o);
  if (o.part == "all" || o.part == "hide") rc |= run_hide(o);
  return rc;
}

}  // namespace reel::bench
