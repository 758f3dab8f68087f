// reel-sim: users with hidden interests meet videos with hidden quality, through three
// feeds: reel's For You (driven through the command API, as a gateway would), a
// popularity-only feed and a following-only feed (computed here, on the same world). It
// prints each feed's hit rate (completed views per impression), the share of impressions
// that went to creators nobody follows, the Gini of impressions over creators, and how
// many rounds a good video from a brand-new creator needs to reach 1,000 impressions.
// docs/feed-quality.md explains the model and the results.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include <unistd.h>

#include "tools/reel-sim/sim_world.h"
#include "tools/support/in_process_node.h"

namespace {

namespace fs = std::filesystem;
using namespace reel;
using sim::reaction;
using tools::error_of;
using tools::run_all;

struct sim_options {
  uint32_t rounds = 20;
  uint32_t page = 10;
  uint32_t audience = 1000;  // impressions a new video should reach
  unsigned in_flight = 256;
  fs::path work;
};

// A feed under test: pages for every user in a round, then what they did.
class feed_policy {
 public:
  virtual ~feed_policy() = default;
  virtual std::string name() const = 0;
  virtual void publish(const std::vector<uint32_t>& videos) = 0;
  virtual std::vector<std::vector<uint32_t>> pages(uint32_t round) = 0;
  // reactions[u][k]: user u's reaction to item k of their page.
  virtual void observe(const std::vector<std::vector<uint32_t>>& pages,
                       const std::vector<std::vector<reaction>>& reactions) = 0;
};

bool is_hit(reaction r) {
  return r == reaction::completed || r == reaction::liked;
}

// The baselines keep what they need from the reactions themselves.
class popularity_policy final : public feed_policy {
 public:
  popularity_policy(const sim::world& w, uint32_t page)
      : w_(w), page_(page), seen_(w.users().size()) {}
  std::string name() const override { return "popularity only"; }
  void publish(const std::vector<uint32_t>& videos) override {
    live_.insert(live_.end(), videos.begin(), videos.end());
  }
  std::vector<std::vector<uint32_t>> pages(uint32_t) override {
    auto ranked = live_;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](uint32_t a, uint32_t b) { return positives_[a] > positives_[b]; });
    std::vector<std::vector<uint32_t>> out(w_.users().size());
    for (uint32_t u = 0; u < out.size(); ++u)
      for (auto v : ranked) {
        if (out[u].size() == page_) break;
        if (!seen_[u].count(v)) out[u].push_back(v);
      }
    return out;
  }
  void observe(const std::vector<std::vector<uint32_t>>& pages,
               const std::vector<std::vector<reaction>>& reactions) override {
    for (uint32_t u = 0; u < pages.size(); ++u)
      for (size_t k = 0; k < pages[u].size(); ++k) {
        seen_[u].insert(pages[u][k]);
        positives_[pages[u][k]] += is_hit(reactions[u][k]);
      }
  }

 private:
  const sim::world& w_;
  uint32_t page_;
  std::vector<uint32_t> live_;
  std::map<uint32_t, uint64_t> positives_;
  std::vector<std::set<uint32_t>> seen_;
};

class following_policy final : public feed_policy {
 public:
  following_policy(const sim::world& w, uint32_t page)
      : w_(w), page_(page), seen_(w.users().size()) {}
  std::string name() const override { return "following only"; }
  void publish(const std::vector<uint32_t>& videos) override {
    live_.insert(live_.end(), videos.begin(), videos.end());
  }
  std::vector<std::vector<uint32_t>> pages(uint32_t) override {
    std::vector<std::vector<uint32_t>> out(w_.users().size());
    for (uint32_t u = 0; u < out.size(); ++u) {
      const auto& follows = w_.users()[u].follows;
      for (auto it = live_.rbegin(); it != live_.rend() && out[u].size() < page_; ++it) {
        bool followed =
            std::find(follows.begin(), follows.end(), w_.videos()[*it].creator) != follows.end();
        if (followed && !seen_[u].count(*it)) out[u].push_back(*it);
      }
    }
    return out;
  }
  void observe(const std::vector<std::vector<uint32_t>>& pages,
               const std::vector<std::vector<reaction>>&) override {
    for (uint32_t u = 0; u < pages.size(); ++u) seen_[u].insert(pages[u].begin(), pages[u].end());
  }

 private:
  const sim::world& w_;
  uint32_t page_;
  std::vector<uint32_t> live_;
  std::vector<std::set<uint32_t>> seen_;
};

// reel's For You, through the command API of an in-process node.
class for_you_policy final : public feed_policy {
 public:
  for_you_policy(const sim::world& w, const sim_options& o)
      : w_(w), o_(o), node_(o.work / "for-you", runtime_options()) {
    auto& m = node_.modules();
    users_.resize(w.users().size());
    creators_.resize(w.creators());
    auto register_all = [&](std::vector<std::string>& ids, const char* prefix) {
      run_all(ids.size(), o.in_flight, "registering", [&](size_t i, auto done) {
        m.accounts.register_user({"", "register", "reel-sim"}, prefix + std::to_string(i),
                                 "1995-06-01",
                                 [&ids, i, done](actors::outcome<actors::registered> r) {
                                   if (r.ok()) ids[i] = r.value().user_id;
                                   done(error_of(r));
                                 });
      });
    };
    register_all(users_, "sim_user_");
    register_all(creators_, "sim_creator_");
    std::vector<std::pair<uint32_t, uint32_t>> follows;
    for (uint32_t u = 0; u < users_.size(); ++u)
      for (auto c : w.users()[u].follows) follows.push_back({u, c});
    run_all(follows.size(), o.in_flight, "following", [&](size_t i, auto done) {
      auto [u, c] = follows[i];
      m.social.follow({users_[u], "", ""}, creators_[c],
                      [done](actors::outcome<actors::done> r) { done(error_of(r)); });
    });
  }
  std::string name() const override { return "reel For You"; }

  void publish(const std::vector<uint32_t>& videos) override {
    auto& m = node_.modules();
    std::mutex mu;
    run_all(videos.size(), o_.in_flight, "publishing", [&](size_t i, auto done) {
      const auto& v = w_.videos()[videos[i]];
      actors::video_draft draft;
      draft.title = "simulated video " + std::to_string(videos[i]);
      for (auto t : v.topics) draft.topics.push_back("topic" + std::to_string(t));
      draft.duration_ms = 15'000;
      m.videos.publish({creators_[v.creator], "", ""}, draft,
                       [&, sim_id = videos[i], done](actors::outcome<actors::published> r) {
                         if (r.ok()) {
                           std::lock_guard lock(mu);
                           sim_of_[r.value().video_id] = sim_id;
                           id_of_[sim_id] = r.value().video_id;
                         }
                         done(error_of(r));
                       });
    });
  }

  std::vector<std::vector<uint32_t>> pages(uint32_t round) override {
    auto& m = node_.modules();
    std::vector<std::vector<uint32_t>> out(users_.size());
    std::mutex mu;
    run_all(users_.size(), 32, "serving", [&](size_t u, auto done) {
      m.feeds.feed({users_[u], "round-" + std::to_string(round), ""}, events::FEED_SOURCE_FOR_YOU,
                   o_.page, "", [&, u, done](actors::outcome<actors::feed_answer> r) {
                     if (r.ok()) {
                       std::lock_guard lock(mu);
                       for (const auto& item : r.value().items)
                         out[u].push_back(sim_of_.at(item.video_id));
                     }
                     done(error_of(r));
                   });
    });
    return out;
  }

  void observe(const std::vector<std::vector<uint32_t>>& pages,
               const std::vector<std::vector<reaction>>& reactions) override {
    auto& m = node_.modules();
    struct act {
      uint32_t user, video;
      reaction what;
    };
    std::vector<act> acts;
    for (uint32_t u = 0; u < pages.size(); ++u)
      for (size_t k = 0; k < pages[u].size(); ++k)
        acts.push_back({u, pages[u][k], reactions[u][k]});
    run_all(acts.size(), o_.in_flight, "reacting", [&](size_t i, auto done) {
      auto a = acts[i];
      actors::caller who{users_[a.user], "", ""};
      const auto& id = id_of_.at(a.video);
      auto reply = [done](actors::outcome<actors::done> r) { done(error_of(r)); };
      switch (a.what) {
        case reaction::completed:
          return m.videos.view(who, id, 15'000, events::FEED_SOURCE_FOR_YOU, reply);
        case reaction::liked:
          return m.videos.view(who, id, 15'000, events::FEED_SOURCE_FOR_YOU,
                               [&m, who, id, done](actors::outcome<actors::done> r) {
                                 if (!r.ok()) return done(error_of(r));
                                 m.videos.like(who, id, [done](actors::outcome<actors::done> l) {
                                   done(error_of(l));
                                 });
                               });
        case reaction::skipped:
          return m.videos.view(who, id, 1'000, events::FEED_SOURCE_FOR_YOU, reply);
        case reaction::not_interested:
          return m.videos.not_interested(who, id, reply);
      }
    });
  }

 private:
  static tools::node_setup runtime_options() {
    tools::node_setup o;
    o.node.command_timeout = std::chrono::minutes(2);
    return o;
  }

  const sim::world& w_;
  const sim_options& o_;
  tools::node node_;
  std::vector<std::string> users_, creators_;
  std::map<std::string, uint32_t> sim_of_;
  std::map<uint32_t, std::string> id_of_;
};

struct sim_result {
  std::string name;
  uint64_t impressions = 0, hits = 0, to_unfollowed = 0;
  double gini = 0;
  std::vector<double> rounds_to_audience;  // good new videos that reached it
  size_t good_new_videos = 0;
};

double gini_of(std::vector<uint64_t> values) {
  std::sort(values.begin(), values.end());
  double sum = 0, weighted = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    weighted += (2.0 * (i + 1) - values.size() - 1) * values[i];
  }
  return sum == 0 ? 0 : weighted / (values.size() * sum);
}

sim_result run(const sim::world& w, feed_policy& policy, const sim_options& o) {
  sim_result r;
  r.name = policy.name();
  std::vector<uint64_t> followers(w.creators(), 0), by_creator(w.creators(), 0),
      by_video(w.videos().size(), 0);
  for (const auto& u : w.users())
    for (auto c : u.follows) ++followers[c];
  policy.publish(w.initial_videos());
  const uint32_t launch = o.rounds / 2;
  std::map<uint32_t, uint32_t> reached;  // good new video -> rounds after launch
  for (uint32_t round = 0; round < o.rounds; ++round) {
    if (round == launch) policy.publish(w.later_videos());
    auto pages = policy.pages(round);
    std::vector<std::vector<reaction>> reactions(pages.size());
    for (uint32_t u = 0; u < pages.size(); ++u)
      for (auto v : pages[u]) {
        auto what = w.react(u, v);
        reactions[u].push_back(what);
        ++r.impressions;
        r.hits += is_hit(what);
        ++by_video[v];
        auto creator = w.videos()[v].creator;
        ++by_creator[creator];
        r.to_unfollowed += followers[creator] == 0;
      }
    policy.observe(pages, reactions);
    for (auto v : w.later_videos())
      if (w.is_good_new_video(v) && by_video[v] >= o.audience && !reached.count(v))
        reached[v] = round - launch + 1;
  }
  for (auto v : w.later_videos()) r.good_new_videos += w.is_good_new_video(v);
  for (const auto& [v, rounds] : reached) r.rounds_to_audience.push_back(rounds);
  std::sort(r.rounds_to_audience.begin(), r.rounds_to_audience.end());
  r.gini = gini_of(by_creator);
  return r;
}

void print(const sim_result& r, const sim_options& o) {
  std::string audience = "never";
  if (!r.rounds_to_audience.empty()) {
    char text[96];
    std::snprintf(text, sizeof text, "%zu of %zu, median %.0f rounds", r.rounds_to_audience.size(),
                  r.good_new_videos, r.rounds_to_audience[r.rounds_to_audience.size() / 2]);
    audience = text;
  } else {
    audience = "0 of " + std::to_string(r.good_new_videos) + " within " +
               std::to_string(o.rounds - o.rounds / 2) + " rounds";
  }
  std::printf("| %-16s | %8.3f | %11llu | %15.1f%% | %5.3f | %-32s |\n", r.name.c_str(),
              r.impressions ? double(r.hits) / r.impressions : 0.0,
              static_cast<unsigned long long>(r.impressions),
              r.impressions ? 100.0 * r.to_unfollowed / r.impressions : 0.0, r.gini,
              audience.c_str());
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reel-sim: For You vs popularity-only vs following-only on a simulated world"};
  sim::world_options world_options;
  sim_options o;
  app.add_option("--users", world_options.users, "simulated viewers")
      ->check(CLI::Range(10u, 100000u));
  app.add_option("--topics", world_options.topics, "topics")->check(CLI::Range(2u, 1000u));
  app.add_option("--creators", world_options.established_creators, "established creators")
      ->check(CLI::Range(2u, 100000u));
  app.add_option("--new-creators", world_options.new_creators,
                 "brand-new creators who publish half-way")
      ->check(CLI::Range(1u, 100000u));
  app.add_option("--rounds", o.rounds, "rounds; each user reads one page per round")
      ->check(CLI::Range(2u, 1000u));
  app.add_option("--page", o.page, "items per page")->check(CLI::Range(1u, 50u));
  app.add_option("--audience", o.audience, "the first audience a new video should reach")
      ->check(CLI::PositiveNumber);
  app.add_option("--seed", world_options.seed, "seed of the world");
  app.add_option("--work", o.work, "scratch folder (default: a new temp folder)");
  CLI11_PARSE(app, argc, argv);

  bool own_work = o.work.empty();
  if (own_work) o.work = fs::temp_directory_path() / ("reel-sim-" + std::to_string(::getpid()));
  int status = 0;
  try {
    fs::create_directories(o.work);
    sim::world w(world_options);
    std::printf(
        "world: %u users, %u topics, %u established creators, %u new creators, %zu "
        "videos; %u rounds of %u items\n\n",
        world_options.users, world_options.topics, world_options.established_creators,
        world_options.new_creators, w.videos().size(), o.rounds, o.page);
    std::printf(
        "| %-16s | hit rate | impressions | to unfollowed creators | Gini  | good new videos "
        "reaching %-8u |\n",
        "feed", o.audience);
    std::printf(
        "|------------------|----------|-------------|------------------------|-------|-"
        "---------------------------------|\n");
    {
      for_you_policy for_you(w, o);
      print(run(w, for_you, o), o);
    }
    popularity_policy popularity(w, o.page);
    print(run(w, popularity, o), o);
    following_policy following(w, o.page);
    print(run(w, following, o), o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reel-sim: %s\n", e.what());
    status = 1;
  }
  if (own_work) fs::remove_all(o.work);
  return status;
}
