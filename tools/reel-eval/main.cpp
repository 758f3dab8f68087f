// reel-eval: measures the For You feed on real data (docs/feed-quality.md).
//
// It loads the KuaiRec sample through the real command path (one creator per video,
// videos published with their tags as topics, train positives as completed views), asks
// `feed.for_you` for 20 items for each test user, and scores the pages against the test
// positives (precision@20, NDCG@20), next to popularity and random baselines computed on
// the same universe. The universe is the videos of KuaiRec's fully observed matrix (every
// test user saw every one of them), so an item is relevant exactly when the user watched
// it with a high watch ratio; each user's train positives are excluded from every ranking.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <unistd.h>

#include "tools/reel-eval/kuairec_sample.h"
#include "tools/reel-eval/ranking_metrics.h"
#include "tools/support/in_process_node.h"

namespace {

namespace fs = std::filesystem;
using namespace reel;
using eval::kuairec_sample;
using tools::error_of;
using tools::run_all;

constexpr size_t page_size = 20;
constexpr uint32_t video_duration_ms = 10'000;

struct universe {
  std::vector<uint32_t> videos;                       // sorted
  std::unordered_map<uint32_t, uint32_t> popularity;  // train positives in the universe
  std::vector<uint32_t> by_popularity;                // most popular first
  std::unordered_set<uint32_t> top_decile;            // the 10% most popular
  std::vector<uint32_t> users;                        // evaluated: in train and test
  std::map<uint32_t, std::unordered_set<uint32_t>> relevant, train_seen;
};

universe universe_of(const kuairec_sample& s) {
  universe u;
  std::set<uint32_t> videos;
  for (const auto& [user, list] : s.test) videos.insert(list.begin(), list.end());
  u.videos.assign(videos.begin(), videos.end());
  for (const auto& [user, list] : s.train)
    for (auto v : list)
      if (videos.count(v)) ++u.popularity[v];
  u.by_popularity = u.videos;
  std::stable_sort(u.by_popularity.begin(), u.by_popularity.end(),
                   [&](uint32_t a, uint32_t b) { return u.popularity[a] > u.popularity[b]; });
  for (size_t i = 0; i < u.by_popularity.size() / 10; ++i) u.top_decile.insert(u.by_popularity[i]);
  for (const auto& [user, test] : s.test) {
    auto train = s.train.find(user);
    if (train == s.train.end()) continue;
    std::unordered_set<uint32_t> seen(train->second.begin(), train->second.end());
    std::unordered_set<uint32_t> relevant;
    for (auto v : test)
      if (!seen.count(v)) relevant.insert(v);
    if (relevant.empty()) continue;
    u.users.push_back(user);
    u.relevant[user] = std::move(relevant);
    u.train_seen[user] = std::move(seen);
  }
  return u;
}

struct scores {
  std::string name;
  double ndcg = 0, precision = 0;
  double outside_top_decile = 0;  // share of served items
  double coverage = 0;            // distinct videos served / universe
  double fresh_items = 0;         // share of served items with reason "fresh"
  size_t users = 0;
};

scores score(std::string name, const universe& u,
             const std::map<uint32_t, std::vector<uint32_t>>& pages,
             const std::map<uint32_t, size_t>& fresh_counts = {}) {
  scores s;
  s.name = std::move(name);
  size_t items = 0, outside = 0, fresh = 0;
  std::unordered_set<uint32_t> distinct;
  for (auto user : u.users) {
    auto it = pages.find(user);
    const auto& page = it == pages.end() ? std::vector<uint32_t>{} : it->second;
    s.ndcg += eval::ndcg_at(page, u.relevant.at(user), page_size);
    s.precision += eval::precision_at(page, u.relevant.at(user), page_size);
    for (auto v : page) {
      ++items;
      outside += !u.top_decile.count(v);
      distinct.insert(v);
    }
    if (auto f = fresh_counts.find(user); f != fresh_counts.end()) fresh += f->second;
  }
  s.users = u.users.size();
  if (s.users) s.ndcg /= s.users, s.precision /= s.users;
  if (items) s.outside_top_decile = double(outside) / items, s.fresh_items = double(fresh) / items;
  s.coverage = double(distinct.size()) / u.videos.size();
  return s;
}

scores popularity_baseline(const universe& u) {
  std::map<uint32_t, std::vector<uint32_t>> pages;
  for (auto user : u.users) {
    auto& page = pages[user];
    for (auto v : u.by_popularity) {
      if (page.size() == page_size) break;
      if (!u.train_seen.at(user).count(v)) page.push_back(v);
    }
  }
  return score("popularity (train positives)", u, pages);
}

scores random_baseline(const universe& u, uint64_t seed) {
  std::map<uint32_t, std::vector<uint32_t>> pages;
  for (auto user : u.users) {
    std::vector<uint32_t> unseen;
    for (auto v : u.videos)
      if (!u.train_seen.at(user).count(v)) unseen.push_back(v);
    std::mt19937_64 rng(seed + user);
    std::shuffle(unseen.begin(), unseen.end(), rng);
    unseen.resize(std::min(unseen.size(), page_size));
    pages[user] = std::move(unseen);
  }
  return score("random", u, pages);
}

struct run_options {
  fs::path work;
  unsigned in_flight = 256;
  bool verbose = false;
};

// Loads the sample into a fresh node whose For You keeps `fresh_share` of its slots for
// fresh videos, and serves one page to each evaluated user.
scores for_you_run(const kuairec_sample& sample, const universe& u, double fresh_share,
                   const run_options& o) {
  auto dir = o.work / ("for-you-" + std::to_string(fresh_share));
  fs::remove_all(dir);
  tools::node_setup options;
  options.node.command_timeout = std::chrono::minutes(2);
  options.modules.feeds.fresh_share = fresh_share;
  tools::node n(dir, options);
  auto& m = n.modules();
  auto started = std::chrono::steady_clock::now();

  // Accounts: every train user, and one creator per video of the universe.
  std::vector<uint32_t> viewers;
  for (const auto& [user, list] : sample.train) viewers.push_back(user);
  // Every video of the sample is published: the test users' train positives lie outside
  // the universe, so their tastes are learned from videos that are not ranked.
  std::vector<uint32_t> catalog;
  for (const auto& [video, tags] : sample.tags) catalog.push_back(video);
  std::vector<std::string> viewer_ids(viewers.size()), creator_ids(catalog.size());
  auto register_all = [&](size_t count, const char* prefix, std::vector<std::string>& ids,
                          auto number_of) {
    run_all(count, o.in_flight, "registering", [&](size_t i, auto done) {
      actors::caller who{"", "register", "reel-eval"};
      m.accounts.register_user(who, prefix + std::to_string(number_of(i)), "1990-01-01",
                               [&, i, done](actors::outcome<actors::registered> r) {
                                 if (r.ok()) ids[i] = r.value().user_id;
                                 done(error_of(r));
                               });
    });
  };
  register_all(viewers.size(), "kuai_user_", viewer_ids, [&](size_t i) { return viewers[i]; });
  register_all(catalog.size(), "kuai_creator_", creator_ids, [&](size_t i) { return catalog[i]; });

  // Videos, with their tags as topics.
  std::unordered_map<uint32_t, std::string> video_ids;
  std::mutex mu;
  run_all(catalog.size(), o.in_flight, "publishing", [&](size_t i, auto done) {
    actors::video_draft draft;
    auto kuai = catalog[i];
    draft.title = "KuaiRec video " + std::to_string(kuai);
    if (auto tags = sample.tags.find(kuai); tags != sample.tags.end())
      for (auto t : tags->second) draft.topics.push_back("tag" + std::to_string(t));
    draft.duration_ms = video_duration_ms;
    m.videos.publish({creator_ids[i], "publish", ""}, draft,
                     [&, kuai, done](actors::outcome<actors::published> r) {
                       if (r.ok()) {
                         std::lock_guard lock(mu);
                         video_ids[kuai] = r.value().video_id;
                       }
                       done(error_of(r));
                     });
  });
  std::unordered_map<std::string, uint32_t> kuai_of;
  for (const auto& [kuai, id] : video_ids) kuai_of[id] = kuai;

  // Train positives as completed views, each user's in file order.
  std::vector<std::pair<size_t, uint32_t>> views;
  for (size_t i = 0; i < viewers.size(); ++i)
    for (auto v : sample.train.at(viewers[i]))
      if (video_ids.count(v)) views.push_back({i, v});
  run_all(views.size(), o.in_flight, "viewing", [&](size_t i, auto done) {
    auto [viewer, kuai] = views[i];
    m.videos.view({viewer_ids[viewer], "", ""}, video_ids.at(kuai), video_duration_ms,
                  events::FEED_SOURCE_PROFILE,
                  [done](actors::outcome<actors::done> r) { done(error_of(r)); });
  });
  // Videos outside the universe cannot be judged (nobody was asked about them): they are
  // taken off the feeds through moderation, as any hidden video is (a report, a
  // moderator's claim and a `hide` decision, whose follow-up hides the video), after
  // their views have taught the feeds what they could.
  std::vector<uint32_t> unjudged;
  for (auto kuai : catalog)
    if (!std::binary_search(u.videos.begin(), u.videos.end(), kuai)) unjudged.push_back(kuai);
  auto staff = [&](const char* handle) {
    auto r = actors::await<actors::registered>([&](auto reply) {
      m.accounts.register_user({"", handle, "reel-eval"}, handle, "1990-01-01", reply);
    });
    if (!r.ok())
      throw std::runtime_error(std::string("registering ") + handle + ": " + error_of(r));
    return r.value().user_id;
  };
  auto reporter_id = staff("eval_reporter");
  auto moderator_id = staff("eval_moderator");
  auto granted = actors::await<actors::done>([&](auto reply) {
    m.accounts.grant_role_by_system(moderator_id, events::ROLE_MODERATOR, reply);
  });
  if (!granted.ok()) throw std::runtime_error("granting the moderator role: " + error_of(granted));
  run_all(unjudged.size(), o.in_flight, "hiding", [&](size_t i, auto done) {
    auto video = video_ids.at(unjudged[i]);
    actors::report_subject subject;
    subject.video_id = video;
    // One request id per step: a step under another's id would be taken for its retry.
    const actors::caller claimant{moderator_id, "claim " + video, ""};
    const actors::caller moderator{moderator_id, "decide " + video, ""};
    m.moderation.report(
        {reporter_id, "report " + video, ""}, subject, events::REPORT_REASON_OTHER,
        "outside the evaluation universe",
        [&, claimant, moderator, done](actors::outcome<actors::report_filed> filed) {
          if (!filed.ok()) return done(error_of(filed));
          auto case_id = filed.value().case_id;
          m.moderation.claim(
              claimant, case_id,
              [&, moderator, case_id, done](actors::outcome<actors::case_claimed> claimed) {
                if (!claimed.ok()) return done(error_of(claimed));
                actors::case_verdict hide;
                hide.action = events::CASE_DECISION_HIDE;
                hide.policy = events::REPORT_REASON_OTHER;
                hide.note = "outside the evaluation universe: nobody was asked about it";
                m.moderation.decide(moderator, case_id, hide,
                                    [done](actors::outcome<actors::done> r) { done(error_of(r)); });
              });
        });
  });
  // The hiding is a follow-up of each decision: wait for the reactor, then the feeds.
  auto decided = n.store->global_head();
  auto followed =
      actors::await<actors::done>([&](auto reply) { m.admin.reactor_reached(decided, reply); });
  if (!followed.ok()) throw std::runtime_error("follow-ups did not run: " + error_of(followed));
  auto head = n.store->global_head();
  auto reached = actors::await<actors::done>(
      [&](auto reply) { m.admin.projection_reached("feeds", head, reply); });
  if (!reached.ok()) throw std::runtime_error("feeds did not catch up: " + error_of(reached));
  if (o.verbose) {
    auto statuses = actors::await<std::vector<actors::projection_status>>(
        [&](auto reply) { m.admin.projections(reply); });
    if (statuses.ok())
      for (const auto& st : statuses.value())
        std::fprintf(stderr, "projection %s at %llu of %llu%s%s\n", st.name.c_str(),
                     (unsigned long long)st.checkpoint, (unsigned long long)st.head,
                     st.error.empty() ? "" : ": ", st.error.c_str());
  }
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // One page of 20 per evaluated user.
  std::unordered_map<uint32_t, size_t> index_of;
  for (size_t i = 0; i < viewers.size(); ++i) index_of[viewers[i]] = i;
  std::map<uint32_t, std::vector<uint32_t>> pages;
  std::map<uint32_t, size_t> fresh_counts;
  std::map<std::string, size_t> reasons;
  run_all(u.users.size(), 16, "serving", [&](size_t i, auto done) {
    auto user = u.users[i];
    m.feeds.feed({viewer_ids[index_of.at(user)], "eval-page", ""}, events::FEED_SOURCE_FOR_YOU,
                 page_size, "", [&, user, done](actors::outcome<actors::feed_answer> r) {
                   if (r.ok()) {
                     std::lock_guard lock(mu);
                     auto& page = pages[user];
                     for (const auto& item : r.value().items) {
                       page.push_back(kuai_of.at(item.video_id));
                       fresh_counts[user] += item.reason == "fresh";
                       if (o.verbose) reasons[item.reason.substr(0, item.reason.find(':'))]++;
                     }
                   }
                   done(error_of(r));
                 });
  });
  if (o.verbose) {
    size_t outside = 0;
    for (const auto& [user, page] : pages)
      for (auto kuai : page) outside += !std::binary_search(u.videos.begin(), u.videos.end(), kuai);
    std::fprintf(stderr,
                 "fresh share %.2f: loaded %zu views in %.1f s; %zu items served from outside "
                 "the universe (hidden: should be 0)\n",
                 fresh_share, views.size(), load_s, outside);
  }
  for (const auto& [reason, count] : reasons)
    std::fprintf(stderr, "  %s: %zu\n", reason.c_str(), count);
  char name[64];
  std::snprintf(name, sizeof name, "For You, fresh share %.2f", fresh_share);
  return score(name, u, pages, fresh_counts);
}

void print(const scores& s, double popularity_ndcg) {
  std::printf("| %-30s | %.4f | %5.1f%% | %.4f | %5.1f%% | %5.1f%% | %5.1f%% |\n", s.name.c_str(),
              s.ndcg, 100 * s.ndcg / popularity_ndcg, s.precision, 100 * s.outside_top_decile,
              100 * s.coverage, 100 * s.fresh_items);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reel-eval: For You on the KuaiRec sample vs popularity and random"};
  fs::path data = "../shared/data/kuairec-sample";
  std::vector<double> shares{0.0, 0.05, 0.10, 0.15, 0.20, 0.30};
  run_options o;
  uint64_t seed = 1;
  app.add_option("--data", data, "the KuaiRec sample folder")->check(CLI::ExistingDirectory);
  app.add_option("--fresh-shares", shares, "For You fresh shares to measure")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--work", o.work, "scratch folder (default: a new temp folder)");
  app.add_option("--in-flight", o.in_flight, "commands in flight while loading")
      ->check(CLI::Range(1u, 4096u));
  app.add_option("--seed", seed, "seed of the random baseline");
  app.add_flag("--verbose", o.verbose, "load times on stderr");
  CLI11_PARSE(app, argc, argv);

  bool own_work = o.work.empty();
  try {
    if (own_work) o.work = fs::temp_directory_path() / ("reel-eval-" + std::to_string(::getpid()));
    fs::create_directories(o.work);
    auto sample = eval::load_kuairec(data);
    auto u = universe_of(sample);
    std::printf(
        "KuaiRec sample: %zu videos in the universe, %zu evaluated users, top decile = "
        "%zu videos\n\n",
        u.videos.size(), u.users.size(), u.top_decile.size());
    std::printf("| %-30s | NDCG@20 | vs pop | P@20 | outside top 10%% | coverage | fresh |\n",
                "ranking");
    std::printf("|%s|---------|--------|------|-----------------|----------|-------|\n",
                std::string(32, '-').c_str());
    auto pop = popularity_baseline(u);
    print(pop, pop.ndcg);
    print(random_baseline(u, seed), pop.ndcg);
    for (auto share : shares) print(for_you_run(sample, u, share, o), pop.ndcg);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reel-eval: %s\n", e.what());
    if (own_work) fs::remove_all(o.work);
    return 1;
  }
  if (own_work) fs::remove_all(o.work);
  return 0;
}
