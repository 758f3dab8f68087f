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

}  // namespace reel::actors
