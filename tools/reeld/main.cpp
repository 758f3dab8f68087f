// reeld: the reel server. Until the WebSocket gateway lands (issue 4) it opens the event
// store on its embedded default, appends a short demo story the first time, reads it
// back through the global log, and exits. Exit codes: 0 ok, 2 bad usage, 3 storage error.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>

#include "domain/event_schema.h"
#include "domain/ids.h"
#include "storage/rocksdb_event_store.h"

namespace {

using namespace reel;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

storage::new_event make(events::Event event, const std::string& caused_by) {
  storage::new_event e;
  e.event = std::move(event);
  e.caused_by = caused_by;
  e.correlation_id = "demo";
  return e;
}

void must(const storage::append_result& r) {
  if (!r.ok())
    throw storage::store_error(storage::store_errc::storage_failure, "demo append: " + r.message);
}

void append_demo_story(storage::event_store& store) {
  id_generator ids(0);
  auto ada = ids.next<id_kind::user>(now_ms()).str();
  auto lin = ids.next<id_kind::user>(now_ms()).str();
  auto clip = ids.next<id_kind::video>(now_ms()).str();

  for (auto [user, handle] : {std::pair{ada, "ada"}, std::pair{lin, "lin"}}) {
    events::Event e;
    auto* reg = e.mutable_user_registered();
    reg->set_user_id(user);
    reg->set_handle(handle);
    reg->set_birthdate("1990-12-10");
    reg->set_age_band(events::AGE_BAND_ADULT);
    must(store.append(
        {user, storage::no_stream, {make(e, user)}, "demo-register-" + std::string(handle)}));
  }
  events::Event follow;
  follow.mutable_user_followed()->set_follower_id(lin);
  follow.mutable_user_followed()->set_followee_id(ada);
  must(store.append({lin, 1, {make(follow, lin)}, "demo-follow"}));

  events::Event publish;
  auto* v = publish.mutable_video_published();
  v->set_video_id(clip);
  v->set_creator_id(ada);
  v->set_title("Why the sky is blue");
  v->add_topics("physics");
  v->set_duration_ms(42000);
  v->set_stem(true);
  events::Event view;
  view.mutable_video_viewed()->set_video_id(clip);
  view.mutable_video_viewed()->set_viewer_id(lin);
  view.mutable_video_viewed()->set_watch_ms(42000);
  view.mutable_video_viewed()->set_source(events::FEED_SOURCE_FOR_YOU);
  events::Event like;
  like.mutable_video_liked()->set_video_id(clip);
  like.mutable_video_liked()->set_user_id(lin);
  must(store.append({clip,
                     storage::no_stream,
                     {make(publish, ada), make(view, lin), make(like, lin)},
                     "demo-video"}));
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
