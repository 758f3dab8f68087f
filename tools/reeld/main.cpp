// reeld: the reel server. Until the WebSocket gateway lands (issue 4) it opens the event
// store on its embedded default, appends a short demo story the first time (decided by the
// product rules in domain/, as entity actors will), reads it
// back through the global log, and exits. Exit codes: 0 ok, 2 bad usage, 3 storage error.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>

#include "domain/event_schema.h"
#include "domain/ids.h"
#include "domain/user.h"
#include "domain/video.h"
#include "storage/rocksdb_event_store.h"

namespace {

using namespace reel;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void must(const storage::append_result& r) {
  if (!r.ok()) {
    throw storage::store_error(storage::store_errc::storage_failure, "demo append: " + r.message);
  }
}

// Decides a command with the product rules, appends its events to the entity's stream and
// applies them to the entity's state, the way entity actors will.
template <class State, class Command>
void act(storage::event_store& store, const std::string& stream, State& state,
         const Command& command, const std::string& caused_by, const std::string& request_id) {
  auto decision = domain::decide(state, command);
  if (!decision.ok()) {
    throw storage::store_error(storage::store_errc::invalid_argument,
                               "demo command refused: " + decision.error().code);
  }
  storage::append_request request;
  request.stream_id = stream;
  request.expected_version = state.version;
  request.idempotency_key = request_id;
  for (const auto& event : decision.events()) {
    storage::new_event e;
    e.event = event;
    e.caused_by = caused_by;
    e.correlation_id = request_id;
    request.events.push_back(std::move(e));
  }
  must(store.append(std::move(request)));
  for (const auto& event : decision.events()) domain::apply(state, event);
}

void append_demo_story(storage::event_store& store) {
  id_generator ids(0);
  auto today = domain::date_of_unix_ms(now_ms());
  auto ada = ids.next<id_kind::user>(now_ms());
  auto lin = ids.next<id_kind::user>(now_ms()).str();
  auto clip = ids.next<id_kind::video>(now_ms()).str();
  auto ada_creator = creator_id::from_value(ada.value()).str();

  domain::user_state ada_state, lin_state;
  act(store, ada.str(), ada_state, domain::register_user{ada.str(), "ada", "1990-12-10", today},
      ada.str(), "demo-register-ada");
  act(store, lin, lin_state, domain::register_user{lin, "lin", "2001-03-04", today}, lin,
      "demo-register-lin");
  act(store, lin, lin_state, domain::follow_user{ada.str(), true, false, ""}, lin, "demo-follow");

  domain::video_state video;
  domain::publish_video publish;
  publish.video_id = clip;
  publish.creator_id = ada_creator;
  publish.publisher_band = ada_state.age_band;
  publish.title = "Why the sky is blue";
  publish.topics = {"physics"};
  publish.duration_ms = 42000;
  publish.stem = true;
  act(store, clip, video, publish, ada.str(), "demo-publish");
  act(store, clip, video,
      domain::view_video{lin, 42000, events::FEED_SOURCE_FOR_YOU, lin_state.age_band}, lin,
      "demo-view");
  act(store, clip, video, domain::like_video{lin, lin_state.age_band}, lin, "demo-like");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reeld: the reel server (store demo until the gateway lands)"};
  std::string data = "./data";
  app.add_option("--data", data, "folder of the RocksDB database")->envname("REEL_DATA");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    storage::rocksdb_store_options options;
    options.path = data;
    auto store = storage::rocksdb_event_store::open(options);
    spdlog::info("reeld: event store open at {} (global head {})", data, store->global_head());
    if (store->global_head() == 0) {
      append_demo_story(*store);
      spdlog::info("reeld: appended the demo story");
    }
    auto cursor = store->read_log(1);
    events::EventRecord record;
    while (cursor->next(record)) spdlog::info("event {}", to_json(record));
    spdlog::info("reeld: {} events, durable in {}; inspect them with `reelctl --data {} events`",
                 store->global_head(), data, data);
  } catch (const storage::store_error& e) {
    spdlog::error("reeld: {}: {}", storage::code_name(e.code()), e.what());
    return 3;
  }
  return 0;
}
