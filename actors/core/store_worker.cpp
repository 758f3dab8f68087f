#include "actors/core/store_worker.h"

namespace reel::actors {

caf::error store_job_failed(const std::string& what) {
  return caf::error(1, caf::atom("store"), caf::make_message(what));
}

caf::behavior store_worker(caf::event_based_actor*) {
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
