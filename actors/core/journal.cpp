#include "actors/core/journal.h"

#include <pthread.h>

namespace reel::actors {

journal::journal(storage::event_store& store, caf::actor bus)
    : store_(store), shared_(std::make_shared<shared>()) {
  shared_->bus = std::move(bus);
  thread_ = std::thread([this] { run(); });
}

journal::~journal() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  ready_.notify_one();
  thread_.join();
}

void journal::append(const caf::actor& reply_to, storage::append_request request) {
  shared_->appends.fetch_add(1, std::memory_order_relaxed);
  bool was_empty = false;
  {
    std::lock_guard lock(mu_);
    was_empty = queue_.empty();
    queue_.push_back({reply_to, std::move(request)});
  }
  if (was_empty) ready_.notify_one();
}

void journal::run() {
  pthread_setname_np(pthread_self(), "reel-journal");
  std::deque<queued> taken;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing and drained
      taken.swap(queue_);
    }
    for (auto& q : taken) {
      // The callback runs on the store's answer thread: it only enqueues messages.
      store_.append_async(
          std::move(q.request),
          [shared = shared_, reply_to = std::move(q.reply_to)](storage::append_result result) {
            if (!result.ok()) shared->failures.fetch_add(1, std::memory_order_relaxed);
            if (result.ok() && !result.replayed && shared->bus) {
              caf::anon_send(shared->bus, committed_atom::value, result.last_sequence);
            }
            caf::anon_send(reply_to, appended_atom::value, std::move(result));
          });
    }
    taken.clear();
  }
}

journal_stats journal::stats() const {
  return {shared_->appends.load(std::memory_order_relaxed),
          shared_->failures.load(std::memory_order_relaxed)};
}

}  // namespace reel::actors
