#include "actors/core/journal.h"

namespace reel::actors {

journal::journal(storage::event_store& store, caf::actor bus)
    : store_(store), shared_(std::make_shared<shared>()) {
  shared_->bus = std::move(bus);
}

void journal::append(const caf::actor& reply_to, storage::append_request request) {
  shared_->appends.fetch_add(1, std::memory_order_relaxed);
  // The callback runs on the store's answer thread: it only enqueues messages.
  store_.append_async(std::move(request),
                      [shared = shared_, reply_to](storage::append_result result) {
                        if (!result.ok()) shared->failures.fetch_add(1, std::memory_order_relaxed);
                        if (result.ok() && !result.replayed && shared->bus) {
                          caf::anon_send(shared->bus, committed_atom::value, result.last_sequence);
                        }
                        caf::anon_send(reply_to, appended_atom::value, std::move(result));
                      });
}

journal_stats journal::stats() const {
  return {shared_->appends.load(std::memory_order_relaxed),
          shared_->failures.load(std::memory_order_relaxed)};
}

}  // namespace reel::actors
