// The child of the crash test: appends with sync on from 8 threads until it is killed,
// printing one line per acknowledged append:
//   ack <first_seq> <last_seq> <stream> <first_version> <last_version> <tag> <events>
// Each line is one write(2) of less than PIPE_BUF bytes, so lines never interleave.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "storage/rocksdb_event_store.h"

using namespace reel::storage;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: reel_crash_writer <db path> <round>\n");
    return 2;
  }
  rocksdb_store_options options;
  options.path = argv[1];
  std::string round = argv[2];
  auto store = rocksdb_event_store::open(options);
  const char ready[] = "ready\n";
  if (::write(1, ready, sizeof(ready) - 1) < 0) return 3;

  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::string> streams;
      std::vector<uint64_t> versions;
      for (int k = 0; k < 5; ++k) {
        streams.push_back("vid_C" + std::to_string(t) + "_" + std::to_string(k));
        versions.push_back(store->stream_head(streams.back()));
      }
      for (uint64_t i = 0;; ++i) {
        size_t k = i % streams.size();
        size_t n = 1 + (i * 7 + t) % 5;  // 1 to 5 events, all or none visible
        std::string tag = "r" + round + "-t" + std::to_string(t) + "-" + std::to_string(i);
        append_request request;
        request.stream_id = streams[k];
        request.expected_version = versions[k];
        request.idempotency_key = tag;
        for (size_t j = 0; j < n; ++j) {
          new_event e;
          e.event.mutable_video_viewed()->set_video_id(streams[k]);
          e.event.mutable_video_viewed()->set_watch_ms(static_cast<uint32_t>(j));
          e.correlation_id = tag + ":" + std::to_string(j) + "/" + std::to_string(n);
          request.events.push_back(std::move(e));
        }
        auto r = store->append(std::move(request));
        if (!r.ok()) {
          std::fprintf(stderr, "append failed: %s\n", r.message.c_str());
          std::_Exit(4);
        }
        versions[k] = r.last_version;
        char line[256];
        int len =
            std::snprintf(line, sizeof(line), "ack %llu %llu %s %llu %llu %s %zu\n",
                          (unsigned long long)r.first_sequence, (unsigned long long)r.last_sequence,
                          streams[k].c_str(), (unsigned long long)r.first_version,
                          (unsigned long long)r.last_version, tag.c_str(), n);
        if (::write(1, line, static_cast<size_t>(len)) < 0) std::_Exit(5);
      }
    });
  }
  for (auto& t : threads) t.join();
}
