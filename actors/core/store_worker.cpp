#include "actors/core/store_worker.h"

#include <pthread.h>

namespace reel::actors {

caf::error store_job_failed(const std::string& what) {
  return caf::error(1, caf::atom("store"), caf::make_message(what));
}

caf::behavior store_worker(caf::event_based_actor*, size_t index) {
  // A detached actor runs on a thread of its own: name it for ps and gdb.
  auto name = "reel-store-" + std::to_string(index);
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  return {
      [](run_atom, const store_job& job) -> caf::result<caf::message> {
        try {
          return job();
        } catch (const std::exception& e) {
          return store_job_failed(e.what());
        }
      },
      [](run_atom, const store_chore& chore) {
        try {
          chore.run();
        } catch (const std::exception&) {
          // A chore is a cache write (a snapshot): losing one costs a longer load, nothing else.
        }
      },
  };
}

store_job first_event_job(storage::event_store& store, uint64_t sequence) {
  return [&store, sequence] {
    auto record = store.read_event(sequence);  // a point read: a retry opens no cursor
    return caf::make_message(record ? record->event() : events::Event{});
  };
}

store_job stream_start_job(storage::event_store& store, std::string stream) {
  return [&store, stream = std::move(stream)] {
    auto records = store.read_stream(stream, 1, 1);
    return caf::make_message(records.empty() ? events::Event{} : records.front().event());
  };
}

store_job stream_events_job(storage::event_store& store, std::string stream, uint64_t max) {
  return [&store, stream = std::move(stream), max] {
    std::vector<events::Event> out;
    for (auto& r : store.read_stream(stream, 1, max)) out.push_back(std::move(*r.mutable_event()));
    return caf::make_message(std::move(out));
  };
}

store_job stream_records_job(storage::event_store& store, std::string stream, uint64_t max) {
  return [&store, stream = std::move(stream), max] {
    return caf::make_message(store.read_stream(stream, 1, max));
  };
}

store_job record_job(storage::event_store& store, uint64_t sequence) {
  return [&store, sequence] {
    std::vector<events::EventRecord> out;
    if (auto record = store.read_event(sequence)) out.push_back(std::move(*record));
    return caf::make_message(std::move(out));
  };
}

store_job find_append_job(storage::event_store& store, std::string key) {
  return [&store, key = std::move(key)] { return caf::make_message(store.find_append(key)); };
}

store_job has_edge_job(storage::event_store& store, std::string key) {
  return [&store, key = std::move(key)] { return caf::make_message(store.has_edge(key)); };
}

store_job edge_members_job(storage::event_store& store, std::string prefix, std::string after,
                           size_t limit) {
  return [&store, prefix = std::move(prefix), after = std::move(after), limit] {
    std::vector<std::string> out;
    store.scan_edges(prefix, after, [&](std::string_view key) {
      out.emplace_back(key.substr(prefix.size()));
      return out.size() < limit;
    });
    return caf::make_message(std::move(out));
  };
}

store_job write_edges_job(storage::event_store& store, domain::edge_changes edges) {
  return [&store, edges = std::move(edges)] {
    store.write_edges(edges);
    return caf::make_message(true);
  };
}

}  // namespace reel::actors
