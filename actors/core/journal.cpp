#include "actors/core/journal.h"

#include <pthread.h>

namespace reel::actors {

journal::journal(storage::event_store& store, caf::actor bus, size_t lanes,
                 const domain::clock* clock)
    : store_(store), shared_(std::make_shared<shared>()), clock_(clock) {
  shared_->bus = std::move(bus);
  if (lanes == 0) lanes = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 0; i < lanes; ++i) lanes_.push_back(std::make_unique<lane>());
  for (auto& l : lanes_) l->thread = std::thread([this, l = l.get()] { run(*l); });
}

journal::~journal() {
  for (auto& l : lanes_) {
    {
      std::lock_guard lock(l->mu);
      l->closing = true;
    }
    l->ready.notify_one();
  }
  for (auto& l : lanes_) l->thread.join();
}

void journal::append(const caf::actor& reply_to, storage::append_request request) {
  shared_->appends.fetch_add(1, std::memory_order_relaxed);
  if (clock_) {
    auto now = clock_->now_us();
    for (auto& e : request.events)
      if (e.recorded_at_us == 0) e.recorded_at_us = now;
  }
  auto& l = *lanes_[std::hash<std::string>{}(request.stream_id) % lanes_.size()];
  bool was_empty = false;
  {
    std::lock_guard lock(l.mu);
    was_empty = l.queue.empty();
    l.queue.push_back({reply_to, std::move(request)});
  }
  if (was_empty) l.ready.notify_one();
}

void journal::run(lane& l) {
  pthread_setname_np(pthread_self(), "reel-journal");
  std::deque<queued> taken;
  for (;;) {
    {
      std::unique_lock lock(l.mu);
      l.ready.wait(lock, [&] { return l.closing || !l.queue.empty(); });
      if (l.queue.empty()) return;  // closing and drained
      taken.swap(l.queue);
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
