#include "tools/reel-bench/actors_bench.h"

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <malloc.h>
#include <unistd.h>

#include "domain/calendar.h"
#include "domain/snapshot_codec.h"
#include "reel/snapshots.pb.h"
#include "storage/rocksdb_event_store.h"
#include "tools/support/in_process_node.h"

namespace reel::bench {
namespace {

using tools::in_flight_window;
using tools::node;
using tools::open_store;

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1));
  return values[index];
}

uint64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

const domain::civil_date bench_day{2026, 11, 23};

tools::node_setup resident_forever() {
  tools::node_setup o;
  o.node.entities.idle_timeout = std::chrono::milliseconds(0);
  return o;
}

// Appends requests with a window of them in flight; returns the failures.
uint64_t append_all(storage::event_store& store, uint64_t count,
                    const std::function<storage::append_request(uint64_t)>& make) {
  in_flight_window window(256);
  std::atomic<uint64_t> failures{0};
  for (uint64_t i = 0; i < count; ++i) {
    window.acquire();
    store.append_async(make(i), [&](storage::append_result r) {
      if (!r.ok()) failures.fetch_add(1);
      window.release();
    });
  }
  window.drain();
  return failures.load();
}

storage::append_request user_stream(uint64_t value, const std::vector<events::Event>& events) {
  storage::append_request request;
  request.stream_id = user_id::from_value(value).str();
  request.expected_version = storage::any_version;
  for (const auto& e : events) request.events.push_back({e, 0, "", "system:bench"});
  return request;
}

// A registered user with `follows` follows, as events and as state.
std::vector<events::Event> user_history(uint64_t value, unsigned follows,
                                        domain::user_state& state) {
  std::vector<events::Event> out;
  auto take = [&](domain::decision d) {
    for (auto& e : std::move(d).events()) {
      domain::apply(state, e);
      out.push_back(std::move(e));
    }
  };
  auto id = user_id::from_value(value).str();
  take(domain::decide(
      state, domain::register_user{id, "user" + std::to_string(value), "1990-01-01", bench_day}));
  for (unsigned f = 1; f <= follows; ++f) {
    auto other = user_id::from_value(value * 1000 + f).str();
    take(domain::decide(state, domain::follow_user{other, true, false, ""}));
  }
  return out;
}

void bench_commands(const fs::path& dir, const actors_bench_options& o) {
  node n(dir, resident_forever());
  auto& m = n.modules();
  in_flight_window window(o.in_flight);
  std::mutex mu;
  std::map<std::string, uint64_t> errors;
  auto count_error = [&](errc error) {
    std::string code(code_name(error));
    std::lock_guard lock(mu);
    ++errors[code];
  };

  std::vector<std::string> users(o.users), videos(o.videos);
  auto start = clock_type::now();
  for (uint64_t i = 0; i < o.users; ++i) {
    window.acquire();
    m.accounts.register_user({"", "r" + std::to_string(i), "bench"}, "user" + std::to_string(i),
                             "1990-01-01", [&, i](actors::outcome<actors::registered> r) {
                               if (r.ok()) {
                                 users[i] = r.value().user_id;
                               } else {
                                 count_error(r.error().code);
                               }
                               window.release();
                             });
  }
  window.drain();
  double register_s = seconds_since(start);
  for (uint64_t i = 0; i < o.videos; ++i) {
    window.acquire();
    actors::video_draft draft;
    draft.title = "video " + std::to_string(i);
    draft.topics = {"topic" + std::to_string(i % 50)};
    draft.duration_ms = 20000;
    m.videos.publish({users[i % users.size()], "p" + std::to_string(i), ""}, draft,
                     [&, i](actors::outcome<actors::published> r) {
                       if (r.ok()) {
                         videos[i] = r.value().video_id;
                       } else {
                         count_error(r.error().code);
                       }
                       window.release();
                     });
  }
  window.drain();

  std::mt19937_64 rng(42);
  auto head_before = n.store->global_head();
  auto done = [&](actors::outcome<actors::done> r) {
    if (!r.ok()) count_error(r.error().code);
    window.release();
  };
  start = clock_type::now();
  for (uint64_t i = 0; i < o.commands; ++i) {
    auto roll = rng() % 100;
    actors::caller who{users[rng() % users.size()], "c" + std::to_string(i), ""};
    const auto& video = videos[rng() % videos.size()];
    window.acquire();
    if (roll < 70) {
      m.videos.view(who, video, static_cast<uint32_t>(1000 + rng() % 20000),
                    events::FEED_SOURCE_FOR_YOU, done);
    } else if (roll < 90) {
      m.videos.like(who, video, done);
    } else {
      m.social.follow(who, users[rng() % users.size()], done);
    }
  }
  window.drain();
  double command_s = seconds_since(start);
  auto events = n.store->global_head() - head_before;

  std::printf("registrations (2 durable appends each)  %8.0f /s   (%llu users)\n",
              static_cast<double>(o.users) / register_s, static_cast<unsigned long long>(o.users));
  std::printf(
      "commands (70%% view, 20%% like, 10%% follow) %8.0f /s   (%llu commands, %llu "
      "events, %u in flight, %llu users, %llu videos)\n",
      static_cast<double>(o.commands) / command_s, static_cast<unsigned long long>(o.commands),
      static_cast<unsigned long long>(events), o.in_flight,
      static_cast<unsigned long long>(o.users), static_cast<unsigned long long>(o.videos));
  for (const auto& [code, count] : errors) {
    std::printf("  refused: %-24s %llu\n", code.c_str(), static_cast<unsigned long long>(count));
  }

  // The baseline, same run and store: as many durable appends of one view each, straight to
  // the store with as many in flight, each to a video's stream with the version unchecked.
  in_flight_window appends(o.in_flight);
  start = clock_type::now();
  for (uint64_t i = 0; i < o.commands; ++i) {
    storage::append_request r;
    r.stream_id = "bench:store:" + std::to_string(rng() % videos.size());
    events::Event e;
    e.mutable_video_viewed()->set_video_id(videos[rng() % videos.size()]);
    e.mutable_video_viewed()->set_viewer_id(users[rng() % users.size()]);
    e.mutable_video_viewed()->set_watch_ms(1000 + rng() % 20000);
    r.events.push_back({std::move(e), 0, "c" + std::to_string(i), users[rng() % users.size()]});
    r.idempotency_key = "bench|" + std::to_string(i);
    appends.acquire();
    n.store->append_async(std::move(r), [&](storage::append_result) { appends.release(); });
  }
  appends.drain();
  double store_s = seconds_since(start);
  double commands_rate = static_cast<double>(o.commands) / command_s;
  double store_rate = static_cast<double>(o.commands) / store_s;
  std::printf(
      "store, durable appends, same in flight  %8.0f /s   (commands: %.0f%% of it; target: at "
      "least 50%%)\n",
      store_rate, 100.0 * commands_rate / store_rate);
}

void bench_memory(const fs::path& dir, const actors_bench_options& o) {
  auto options = resident_forever();
  options.node.entities.snapshot_every = 0;
  node n(dir, options);
  auto failures = append_all(*n.store, o.resident, [](uint64_t i) {
    domain::user_state state;
    return user_stream(i + 1, user_history(i + 1, 0, state));
  });
  if (failures) std::printf("  %llu loads failed\n", static_cast<unsigned long long>(failures));
  ::malloc_trim(0);
  auto rss_before = rss_bytes();
  auto heap_before = ::mallinfo2().uordblks;
  auto start = clock_type::now();
  // Any message activates an entity; these ask for its state and drop the answer.
  for (uint64_t i = 0; i < o.resident; ++i) {
    auto id = i + 1;
    caf::anon_send(n.modules().accounts.users().host_for(id), actors::route_atom::value, id,
                   caf::make_message(actors::state_atom::value));
    if (i % 20000 == 19999) {
      while (n.rt->node().resident_entities() + 20000 < i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  while (n.rt->node().resident_entities() < o.resident) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double activation_s = seconds_since(start);
  std::this_thread::sleep_for(std::chrono::seconds(2));  // the last ones finish loading
  auto rss_untrimmed = rss_bytes();
  ::malloc_trim(0);  // hand back what the activation burst used and freed (messages, reads)
  auto rss_after = rss_bytes();
  auto heap_after = ::mallinfo2().uordblks;
  std::printf("heap in use per entity %.0f bytes; RSS before trimming %.0f MiB\n",
              static_cast<double>(heap_after - heap_before) / static_cast<double>(o.resident),
              static_cast<double>(rss_untrimmed) / (1 << 20));
  std::printf("resident entities   %llu user actors activated from the store in %.1f s\n",
              static_cast<unsigned long long>(o.resident), activation_s);
  std::printf(
      "RSS                 %.0f MiB before activation, %.0f MiB with all resident "
      "(target: at most 2048 MiB)\n",
      static_cast<double>(rss_before) / (1 << 20), static_cast<double>(rss_after) / (1 << 20));
  std::printf("per resident entity %.0f bytes (actor, state, host entry)\n",
              static_cast<double>(rss_after - rss_before) / static_cast<double>(o.resident));
}

void bench_activation(const fs::path& dir, const actors_bench_options& o) {
  node n(dir, resident_forever());
  const unsigned follows = 20;
  auto failures = append_all(*n.store, o.activations, [&](uint64_t i) {
    domain::user_state state;
    auto request = user_stream(i + 1, user_history(i + 1, follows, state));
    n.store->save_snapshot(request.stream_id,
                           storage::snapshot{state.version, domain::encode_snapshot(state)});
    return request;
  });
  if (failures) std::printf("  %llu loads failed\n", static_cast<unsigned long long>(failures));
  // Timed from inside an actor, so the figure is the activation, not the wake-up of a
  // blocked thread: ask each entity twice in a row, first cold, then resident.
  std::vector<double> cold, warm;
  std::promise<void> finished;
  auto host_of = [&](uint64_t id) { return n.modules().accounts.users().host_for(id); };
  // (An unused argument: CAF 0.17 trips over a functor spawned with none.)
  n.system.spawn(
      [&](caf::event_based_actor* self, int) {
        auto ask = std::make_shared<std::function<void(uint64_t, bool)>>();
        *ask = [&, self, ask](uint64_t id, bool resident) {
          if (id > o.activations) {
            *ask = nullptr;  // breaks the cycle through the capture
            finished.set_value();
            return;
          }
          auto start = clock_type::now();
          self->request(host_of(id), caf::infinite, actors::route_atom::value, id,
                        caf::make_message(actors::state_atom::value))
              .then([&, ask, id, resident, start](domain::user_state&) {
                (resident ? warm : cold).push_back(seconds_since(start) * 1e6);
                (*ask)(resident ? id + 1 : id, !resident);
              });
        };
        (*ask)(1, false);
      },
      0);
  finished.get_future().wait();
  std::printf(
      "activation from a snapshot (%u follows, %llu entities): median %.1f us, p99 %.1f "
      "us (target: median under 100 us)\n",
      follows, static_cast<unsigned long long>(o.activations), percentile(cold, 0.5),
      percentile(cold, 0.99));
  std::printf("same round trip to a resident entity:            median %.1f us, p99 %.1f us\n",
              percentile(warm, 0.5), percentile(warm, 0.99));
}

// A viral video: who liked it are edges (domain/edges.h), so its snapshot, its activation
// and a like on it cost the same as on a video with one like. Both are written straight to
// the store (events, edges and a snapshot, as the entity would leave them), then each is
// activated and liked through the module, in the same run.
void bench_likes(const fs::path& dir, const actors_bench_options& o) {
  node n(dir, resident_forever());
  auto& m = n.modules();
  auto registered = [&](const std::string& handle) {
    std::promise<std::string> id;
    m.accounts.register_user({"", "", "bench"}, handle, "1990-01-01",
                             [&](actors::outcome<actors::registered> r) {
                               id.set_value(r.ok() ? r.value().user_id : std::string());
                             });
    return id.get_future().get();
  };
  auto creator = registered("creator");
  auto fan = registered("fan");
  auto creator_value = user_id::parse(creator)->value();
  std::printf("%-14s %14s %18s %16s %18s %18s %10s\n", "video", "snapshot bytes",
              "with the set (B)", "activation (us)", "like, median (us)", "unlike, median (us)",
              "write (s)");
  for (uint64_t likes : {uint64_t{1}, o.likes}) {
    auto video = video_id::from_value(1000000 + likes).str();
    auto start = clock_type::now();
    domain::video_state state;
    events::Event published;
    auto* p = published.mutable_video_published();
    p->set_video_id(video);
    p->set_creator_id(creator_of(user_id::from_value(creator_value)).str());
    p->set_title("viral");
    p->set_duration_ms(15000);
    std::vector<events::Event> history{published};
    for (uint64_t i = 0; i < likes; ++i) {
      events::Event liked;
      liked.mutable_video_liked()->set_video_id(video);
      liked.mutable_video_liked()->set_user_id(user_id::from_value(5000000 + i).str());
      history.push_back(std::move(liked));
    }
    domain::edge_changes edges;
    for (const auto& e : history) {
      auto implied = domain::edges_of(state, e);
      edges.insert(edges.end(), implied.begin(), implied.end());
      domain::apply(state, e);
    }
    auto pages =
        (history.size() + storage::max_events_per_append - 1) / storage::max_events_per_append;
    auto failures = append_all(*n.store, 1, [&](uint64_t) {
      storage::append_request r;  // the first page; the rest follow in order below
      r.stream_id = video;
      r.expected_version = storage::no_stream;
      for (size_t i = 0; i < std::min(history.size(), storage::max_events_per_append); ++i)
        r.events.push_back({history[i], 0, "", "system:bench"});
      return r;
    });
    for (size_t page = 1; page < pages; ++page) {
      storage::append_request r;
      r.stream_id = video;
      r.expected_version = page * storage::max_events_per_append;
      auto end = std::min(history.size(), (page + 1) * storage::max_events_per_append);
      for (size_t i = page * storage::max_events_per_append; i < end; ++i)
        r.events.push_back({history[i], 0, "", "system:bench"});
      if (!n.store->append(std::move(r)).ok()) ++failures;
    }
    n.store->write_edges(edges);
    auto snapshot = domain::encode_snapshot(state);
    // What format 1 (the like set in the snapshot) would have written, every 100 events.
    snapshots::VideoSnapshot with_set;
    with_set.ParseFromString(snapshot);
    for (uint64_t i = 0; i < likes; ++i)
      with_set.add_liked_by(user_id::from_value(5000000 + i).str());
    auto set_bytes = with_set.ByteSizeLong();
    n.store->save_snapshot(video, storage::snapshot{state.version, snapshot});
    double write_s = seconds_since(start);
    if (failures) std::printf("  %llu appends failed\n", static_cast<unsigned long long>(failures));

    n.store->stream_head(video);  // waits until the store's stream index has caught up

    // Timed from this thread: the activation (a state query, cold), then likes and unlikes
    // (each an edge lookup, an append and an edge write) on the now resident entity.
    auto host = m.videos.videos().host_for(video_id::parse(video)->value());
    caf::scoped_actor self{n.system};
    start = clock_type::now();
    self->request(host, caf::infinite, actors::route_atom::value, video_id::parse(video)->value(),
                  caf::make_message(actors::state_atom::value))
        .receive([](domain::video_state&) {}, [](caf::error&) {});
    double activation_us = seconds_since(start) * 1e6;
    std::vector<double> like_us, unlike_us;
    bool ok = true;
    for (int round = 0; round < 200; ++round) {
      for (bool like : {true, false}) {
        std::promise<bool> done;
        start = clock_type::now();
        auto answer = [&](actors::outcome<actors::done> r) { done.set_value(r.ok()); };
        if (like) {
          m.videos.like({fan, "", ""}, video, answer);
        } else {
          m.videos.unlike({fan, "", ""}, video, answer);
        }
        ok = done.get_future().get() && ok;
        (like ? like_us : unlike_us).push_back(seconds_since(start) * 1e6);
      }
    }
    std::printf("%-14s %14zu %18zu %16.0f %18.0f %18.0f %10.1f%s\n",
                (std::to_string(likes) + (likes == 1 ? " like" : " likes")).c_str(),
                snapshot.size(), set_bytes, activation_us, percentile(like_us, 0.5),
                percentile(unlike_us, 0.5), write_s, ok ? "" : "  (a command failed)");
  }
}

// Round trips to one resident entity, timed from inside an actor, one after the other.
std::vector<double> probe_round_trips(node& n, uint64_t id, size_t rounds) {
  std::vector<double> out;
  std::promise<void> finished;
  auto host = n.modules().accounts.users().host_for(id);
  n.system.spawn(
      [&, host](caf::event_based_actor* self, int) {
        auto ask = std::make_shared<std::function<void(size_t)>>();
        *ask = [&, self, ask, host](size_t left) {
          if (left == 0) {
            *ask = nullptr;
            finished.set_value();
            return;
          }
          auto start = clock_type::now();
          self->request(host, caf::infinite, actors::route_atom::value, id,
                        caf::make_message(actors::state_atom::value))
              .then([&, ask, left, start](domain::user_state&) {
                out.push_back(seconds_since(start) * 1e6);
                (*ask)(left - 1);
              });
        };
        (*ask)(rounds);
      },
      0);
  finished.get_future().wait();
  return out;
}

// What activations and appends around it cost a resident entity's round trip: the same
// probe alone, then while 10,000 entities activate from the store and 64 writers append.
void bench_latency(const fs::path& dir) {
  node n(dir, resident_forever());
  const uint64_t cold = 10000, probe_id = cold + 1;
  auto failures = append_all(*n.store, cold + 1, [&](uint64_t i) {
    domain::user_state state;
    auto request = user_stream(i + 1, user_history(i + 1, 20, state));
    n.store->save_snapshot(request.stream_id,
                           storage::snapshot{state.version, domain::encode_snapshot(state)});
    return request;
  });
  if (failures) std::printf("  %llu loads failed\n", static_cast<unsigned long long>(failures));
  const size_t rounds = 20000;
  probe_round_trips(n, probe_id, 1000);  // activates it and warms the path
  auto alone = probe_round_trips(n, probe_id, rounds);

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> appended{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 64; ++w) {
    writers.emplace_back([&, w] {
      for (uint64_t k = 0; !stop.load(); ++k) {
        storage::append_request r;
        r.stream_id = "bench:latency:" + std::to_string(w);
        events::Event e;
        e.mutable_video_viewed()->set_video_id(video_id::from_value(k % 1000 + 1).str());
        e.mutable_video_viewed()->set_viewer_id(user_id::from_value(w + 1).str());
        e.mutable_video_viewed()->set_watch_ms(12000);
        r.events.push_back({std::move(e), 0, "", "system:bench"});
        if (n.store->append(std::move(r)).ok()) appended.fetch_add(1);
      }
    });
  }
  // The activations: 64 in flight at a time, from an actor of their own.
  std::atomic<uint64_t> activated{0};
  std::promise<void> all_activated;
  auto activation_start = clock_type::now();
  n.system.spawn(
      [&](caf::event_based_actor* self, int) {
        auto next = std::make_shared<uint64_t>(1);
        auto ask = std::make_shared<std::function<void()>>();
        *ask = [&, self, next, ask] {
          if (*next > cold) return;
          auto id = (*next)++;
          self->request(n.modules().accounts.users().host_for(id), caf::infinite,
                        actors::route_atom::value, id, caf::make_message(actors::state_atom::value))
              .then([&, ask](domain::user_state&) {
                if (activated.fetch_add(1) + 1 == cold) {
                  *ask = nullptr;
                  all_activated.set_value();
                  return;
                }
                (*ask)();
              });
        };
        for (int i = 0; i < 64; ++i) (*ask)();
      },
      0);
  auto loaded = probe_round_trips(n, probe_id, rounds);
  auto activations_seen = activated.load();
  auto appended_seen = appended.load();
  double load_s = seconds_since(activation_start);
  all_activated.get_future().wait();
  stop = true;
  for (auto& t : writers) t.join();
  std::printf(
      "resident round trip, alone:            median %.1f us, p99 %.1f us (%zu round trips)\n",
      percentile(alone, 0.5), percentile(alone, 0.99), alone.size());
  std::printf(
      "resident round trip, under load:       median %.1f us, p99 %.1f us  (p99 %.1fx alone; "
      "%llu of %llu activations done meanwhile, %.0f durable appends/s by 64 writers)\n",
      percentile(loaded, 0.5), percentile(loaded, 0.99),
      percentile(loaded, 0.99) / std::max(percentile(alone, 0.99), 1e-9),
      static_cast<unsigned long long>(activations_seen), static_cast<unsigned long long>(cold),
      static_cast<double>(appended_seen) / load_s);
}

void bench_replay(const fs::path& dir, const actors_bench_options& o) {
  const uint64_t per_append = 256;
  {
    auto store = open_store(dir);
    std::vector<std::string> users;
    for (uint64_t u = 1; u <= 100000; ++u) users.push_back(user_id::from_value(u).str());
    auto appends = (o.replay_events + per_append - 1) / per_append;
    auto failures = append_all(*store, appends, [&](uint64_t a) {
      storage::append_request request;
      request.stream_id = "bench:" + std::to_string(a % 4096);
      for (uint64_t k = 0; k < per_append; ++k) {
        auto i = a * per_append + k;
        events::Event e;
        if (i % 10 < 3) {
          e.mutable_user_followed()->set_follower_id(users[i % users.size()]);
          e.mutable_user_followed()->set_followee_id(users[(i * 7919) % users.size()]);
        } else if (i % 20 == 5) {
          e.mutable_video_published()->set_video_id(video_id::from_value(i + 1).str());
          e.mutable_video_published()->set_creator_id(creator_id::from_value(i % 100000 + 1).str());
          e.mutable_video_published()->set_title("a video");
          e.mutable_video_published()->set_duration_ms(20000);
        } else {
          e.mutable_video_viewed()->set_video_id(video_id::from_value(i % 50000 + 1).str());
          e.mutable_video_viewed()->set_viewer_id(users[i % users.size()]);
          e.mutable_video_viewed()->set_watch_ms(12000);
        }
        request.events.push_back({std::move(e), 0, "", "system:bench"});
      }
      return request;
    });
    if (failures) std::printf("  %llu loads failed\n", static_cast<unsigned long long>(failures));
  }
  auto store = open_store(dir);
  auto head = store->global_head();
  auto start = clock_type::now();
  auto cursor = store->read_log(1);
  events::EventRecord record;
  uint64_t scanned = 0;
  while (cursor->next(record)) ++scanned;
  cursor.reset();
  double scan_s = seconds_since(start);
  store.reset();

  actors::node_options options;
  options.command_timeout = std::chrono::minutes(10);  // a replay takes seconds
  actors::node_system_config config;
  caf::actor_system system{config};
  store = open_store(dir);
  start = clock_type::now();
  double first_s = 0, rebuild_s = 0;
  {
    // Every projection catches up from 0 at start, from one scan of the log.
    tools::running_node rt(system, *store, options);
    auto& admin = rt.modules().admin;
    auto reached = actors::await<actors::done>(
        [&](auto reply) { admin.projection_reached("profile_counts", head, reply); });
    first_s = seconds_since(start);
    start = clock_type::now();
    // A rebuild of one projection, as admin.rebuild_projection asks it (without the caller).
    const auto& counts = rt.modules().accounts.profile_counts();
    bool rebuilt_ok = false;
    {
      caf::scoped_actor self{system};
      self->request(*counts.host, caf::infinite, actors::rebuild_atom::value, counts.index)
          .receive([&](bool) { rebuilt_ok = true; }, [](caf::error&) {});
    }
    auto rebuilt = rebuilt_ok ? actors::outcome<actors::done>(actors::done{})
                              : actors::outcome<actors::done>(actors::command_error{});
    auto again = actors::await<actors::done>(
        [&](auto reply) { admin.projection_reached("profile_counts", head, reply); });
    rebuild_s = seconds_since(start);
    if (!reached.ok() || !rebuilt.ok() || !again.ok()) std::printf("  replay failed\n");
  }
  store.reset();
  auto rate = [&](double s) { return static_cast<double>(head) / s; };
  std::printf("raw log scan (decode + check)          %10.0f events/s   (%llu events)\n",
              static_cast<double>(scanned) / scan_s, static_cast<unsigned long long>(scanned));
  std::printf("replay, all projections, at start      %10.0f events/s   (%.0f%% of the raw scan)\n",
              rate(first_s),
              100.0 * (static_cast<double>(scanned) / scan_s > 0
                           ? rate(first_s) / (static_cast<double>(scanned) / scan_s)
                           : 0));
  std::printf("replay, all projections, rebuild       %10.0f events/s   (target: at least 1M)\n",
              rate(rebuild_s));
}

// Views by viewers with a daily limit in force (each also counts its watch time on the
// viewer's stream: a second append, domain/privacy/screen_time.h) beside views by viewers
// with none, alternating in one run so drift shows as a difference between the two
// unlimited rounds.
void bench_limited_views(const fs::path& dir, const actors_bench_options& o) {
  node n(dir, resident_forever());
  auto& m = n.modules();
  in_flight_window window(o.in_flight);
  uint64_t failed = 0;
  std::mutex mu;
  auto count = [&](bool ok) {
    if (!ok) {
      std::lock_guard lock(mu);
      ++failed;
    }
    window.release();
  };
  const uint64_t half = std::max<uint64_t>(1, o.users / 2);
  std::vector<std::string> free_viewers(half), limited(half), videos(o.videos);
  for (uint64_t i = 0; i < 2 * half; ++i) {
    window.acquire();
    m.accounts.register_user({"", "r" + std::to_string(i), "bench"}, "viewer" + std::to_string(i),
                             "1990-01-01", [&, i](actors::outcome<actors::registered> r) {
                               if (r.ok())
                                 (i < half ? free_viewers : limited)[i % half] = r.value().user_id;
                               count(r.ok());
                             });
  }
  window.drain();
  for (const auto& u : limited) {
    window.acquire();
    domain::privacy_change change;
    change.daily_limit_minutes = 24 * 60;  // never reached: every view counts, none tells
    m.accounts.settings({u, "limit", ""}, change,
                        [&](actors::outcome<domain::privacy_settings> r) { count(r.ok()); });
  }
  for (uint64_t i = 0; i < o.videos; ++i) {
    window.acquire();
    actors::video_draft draft;
    draft.title = "video " + std::to_string(i);
    draft.topics = {"topic" + std::to_string(i % 50)};
    draft.duration_ms = 20000;
    m.videos.publish({free_viewers[i % half], "p" + std::to_string(i), ""}, draft,
                     [&, i](actors::outcome<actors::published> r) {
                       if (r.ok()) videos[i] = r.value().video_id;
                       count(r.ok());
                     });
  }
  window.drain();
  std::mt19937_64 rng(7);
  uint64_t request = 0;
  auto round = [&](const std::vector<std::string>& viewers) {
    auto start = clock_type::now();
    for (uint64_t i = 0; i < o.commands / 4; ++i) {
      window.acquire();
      actors::caller who{viewers[rng() % viewers.size()], "v" + std::to_string(request++), ""};
      m.videos.view(who, videos[rng() % videos.size()], static_cast<uint32_t>(1000 + rng() % 20000),
                    events::FEED_SOURCE_FOR_YOU,
                    [&](actors::outcome<actors::done> r) { count(r.ok()); });
    }
    window.drain();
    return static_cast<double>(o.commands / 4) / seconds_since(start);
  };
  double free1 = round(free_viewers), capped1 = round(limited);
  double free2 = round(free_viewers), capped2 = round(limited);
  double free_rate = (free1 + free2) / 2, capped_rate = (capped1 + capped2) / 2;
  std::printf("views, no daily limit                  %8.0f /s   (rounds %.0f, %.0f)\n", free_rate,
              free1, free2);
  std::printf(
      "views, daily limit in force            %8.0f /s   (rounds %.0f, %.0f; %.0f%% of the "
      "views with none)\n",
      capped_rate, capped1, capped2, 100.0 * capped_rate / free_rate);
  if (failed > 0) std::printf("  failed: %llu\n", static_cast<unsigned long long>(failed));
}

}  // namespace

int run_actors_bench(const actors_bench_options& o) {
  bool own_dir = o.dir.empty();
  fs::path root =
      own_dir ? fs::temp_directory_path() / ("reel-bench-actors-" + std::to_string(::getpid()))
              : fs::path(o.dir);
  fs::create_directories(root);
  std::printf("reel-bench actors: scratch %s, %u hardware threads\n", root.c_str(),
              std::thread::hardware_concurrency());
  auto wants = [&](const char* part) { return o.part == "all" || o.part == part; };
  try {
    if (wants("commands")) bench_commands(root / "commands", o);
    if (wants("activation")) bench_activation(root / "activation", o);
    if (wants("replay")) bench_replay(root / "replay", o);
    if (wants("likes")) bench_likes(root / "likes", o);
    if (wants("latency")) bench_latency(root / "latency");
    if (wants("memory")) bench_memory(root / "memory", o);
    if (wants("limits")) bench_limited_views(root / "limits", o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "reel-bench actors: %s\n", e.what());
    if (own_dir) fs::remove_all(root);
    return 3;
  }
  if (own_dir) fs::remove_all(root);
  return 0;
}

}  // namespace reel::bench
