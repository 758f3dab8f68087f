// reeld: the reel server. Until the WebSocket gateway lands (issue 4) it starts the actor
// runtime on the event store's embedded default, plays a short demo story through the
// command API the first time (the same path clients will take), prints what the read side
// shows, and exits. Exit codes: 0 ok, 2 bad usage, 3 storage error, 4 a demo command failed.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <caf/all.hpp>

#include "actors/runtime.h"
#include "domain/event_schema.h"
#include "storage/rocksdb_event_store.h"

namespace {

using namespace reel;

struct demo_failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <class T>
T must(const char* what, actors::outcome<T> r) {
  if (!r.ok())
    throw demo_failed(std::string(what) + ": " + r.error().code + ": " + r.error().message);
  return r.value();
}

void play_demo_story(actors::command_api& api) {
  using actors::await;
  auto ada = must("register ada", await<actors::registered>([&](auto reply) {
                    api.register_user({"", "demo-1", "demo"}, "ada", "1990-12-10", reply);
                  }))
                 .user_id;
  auto lin = must("register lin", await<actors::registered>([&](auto reply) {
                    api.register_user({"", "demo-2", "demo"}, "lin", "2001-03-04", reply);
                  }))
                 .user_id;
  must("follow", await<actors::done>([&](auto reply) {
         api.follow({lin, "demo-3", ""}, ada, reply);
       }));
  actors::video_draft draft;
  draft.title = "Why the sky is blue";
  draft.topics = {"physics"};
  draft.duration_ms = 42000;
  draft.stem = true;
  auto clip = must("publish", await<actors::published>([&](auto reply) {
                     api.publish({ada, "demo-4", ""}, draft, reply);
                   }))
                  .video_id;
  must("view", await<actors::done>([&](auto reply) {
         api.view({lin, "demo-5", ""}, clip, 42000, events::FEED_SOURCE_FOR_YOU, reply);
       }));
  must("like", await<actors::done>([&](auto reply) {
         api.like({lin, "demo-6", ""}, clip, reply);
       }));
  auto video = must("get video",
                    await<actors::video_details>([&](auto reply) { api.get_video(clip, reply); }));
  spdlog::info("reeld: {} \"{}\": {} views, {} likes", clip, video.title, video.views, video.likes);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reeld: the reel server (actor runtime demo until the gateway lands)"};
  std::string data = "./data";
  app.add_option("--data", data, "folder of the RocksDB database")->envname("REEL_DATA");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  caf::actor_system_config config;
  caf::actor_system system{config};
  try {
    storage::rocksdb_store_options options;
    options.path = data;
    auto store = storage::rocksdb_event_store::open(options);
    spdlog::info("reeld: event store open at {} (global head {})", data, store->global_head());
    {
      actors::runtime runtime(system, *store);
      if (store->global_head() == 0) {
        play_demo_story(runtime.api());
        spdlog::info("reeld: played the demo story through the command API");
      }
      auto statuses = actors::await<std::vector<actors::projection_status>>(
          [&](auto reply) { runtime.api().projections(reply); });
      if (statuses.ok()) {
        for (const auto& s : statuses.value()) {
          spdlog::info("reeld: projection {} at {} of {} (lag {})", s.name, s.checkpoint, s.head,
                       s.lag);
        }
      }
    }
    auto cursor = store->read_log(1);
    events::EventRecord record;
    while (cursor->next(record)) spdlog::info("event {}", to_json(record));
    spdlog::info("reeld: {} events, durable in {}; inspect them with `reelctl --data {} events`",
                 store->global_head(), data, data);
  } catch (const storage::store_error& e) {
    spdlog::error("reeld: {}: {}", storage::code_name(e.code()), e.what());
    return 3;
  } catch (const demo_failed& e) {
    spdlog::error("reeld: demo: {}", e.what());
    return 4;
  }
  return 0;
}
