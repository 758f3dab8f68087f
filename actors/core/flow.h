// Flows: how a module API runs one request that takes more than one message. Each runs in a
// short-lived actor of its own: it gathers the facts a rule needs from entities, sends the
// command to the owning entity, and answers once, within one deadline for all its steps.
// The pieces here are what every module's flows are made of.
#pragma once

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "actors/core/command_types.h"
#include "actors/core/entity_host.h"
#include "actors/core/journal.h"
#include "actors/core/messages.h"
#include "actors/core/store_worker.h"
#include "domain/ids.h"

namespace reel::actors {

using flow = caf::event_based_actor;

inline constexpr size_t max_request_id_bytes = 128;
inline constexpr size_t max_session_bytes = 64;

// Runs `body(self)` in a new flow actor. The body travels as a spawn argument: CAF 0.17
// dereferences a null argument tuple when a functor is spawned without arguments (UBSan
// reports it), so never spawn with none.
template <class Body>
void start_flow(caf::actor_system& system, Body body) {
  system.spawn([](flow* self, Body run) { run(self); }, std::move(body));
}

// A CAF error as the caller sees it.
command_error from_caf(const caf::error& e);

// Printable ASCII only: these strings reach the log's envelopes.
bool printable(std::string_view text);

// The request id and session are fit for the log; an error otherwise.
std::optional<command_error> check_request(const caller& who);
// A logged-in caller with a fit request; `unauthenticated` without a user.
std::optional<command_error> check_caller(const caller& who);

// The idempotency key of the caller's request on `stream` (command_types.h). Without a
// request id, or for an anonymous caller without a session, there is none: two strangers
// must never share one.
std::string idempotency_key(const caller& who, std::string_view stream);
command_meta meta_for(const caller& who, std::string_view stream, std::string caused_by = {});

std::optional<uint64_t> parse_user(const std::string& text);
std::optional<uint64_t> parse_video(const std::string& text);

// Ends a flow once: the answer goes to the caller and the flow actor stops. The whole flow
// shares one deadline, however many steps it takes.
template <class T>
struct ending {
  ending(flow* self, reply<T> done, std::chrono::milliseconds budget)
      : self(self), done(std::move(done)), deadline(std::chrono::steady_clock::now() + budget) {}

  flow* self;
  reply<T> done;
  std::chrono::steady_clock::time_point deadline;

  std::chrono::milliseconds remaining() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return std::max(left, std::chrono::milliseconds(1));
  }
  void operator()(outcome<T> result) const {
    done(std::move(result));
    self->quit();
  }
  void fail(errc code, std::string message) const {
    (*this)(command_error{code, std::move(message)});
  }
};

// Asks entity `id` of `dir` and continues with its answer of type Answer.
template <class Answer, class T, class Next>
void ask(flow* self, const entity_directory& dir, uint64_t id, caf::message question,
         const ending<T>& end, Next next) {
  self->request(dir.host_for(id), end.remaining(), route_atom::value, id, std::move(question))
      .then([next = std::move(next)](Answer& answer) mutable { next(answer); },
            [end](caf::error& e) { end(from_caf(e)); });
}

// Sends a command to entity `id` and continues once it has committed.
template <class Command, class T, class Next>
void command(flow* self, const entity_directory& dir, uint64_t id, command_meta meta, Command cmd,
             const ending<T>& end, Next next) {
  ask<command_reply>(self, dir, id, caf::make_message(std::move(meta), std::move(cmd)), end,
                     [end, next = std::move(next)](command_reply& r) mutable {
                       if (!r.ok) return end.fail(r.code, r.message);
                       next(r);
                     });
}

// Sends a command and answers `done` once it has committed.
template <class Command>
void command_done(flow* self, const entity_directory& dir, uint64_t id, command_meta meta,
                  Command cmd, const ending<done>& end) {
  command(self, dir, id, std::move(meta), std::move(cmd), end,
          [end](command_reply& r) { end(done{r.replayed}); });
}

// Appends straight to a stream through the journal (claims of handles and tokens, which
// no entity owns) and continues with the durable outcome.
template <class T, class Next>
void append_claim(flow* self, actors::journal& journal, storage::append_request request,
                  const ending<T>& end, Next next) {
  journal.append(caf::actor_cast<caf::actor>(self), std::move(request));
  self->become(
      [next = std::move(next)](appended_atom, storage::append_result& r) mutable { next(r); },
      caf::after(end.remaining()) >>
          [end] {
            end.fail(errc::timeout, "no answer in time; retrying with the same request id is safe");
          });
}

// Runs a blocking store call on a store worker (never on this flow's scheduler thread) and
// continues with its answer, of type Answer; a failed call ends the flow with
// `storage_failure`. `key` picks the worker.
template <class Answer, class T, class Next>
void on_store_worker(flow* self, const store_workers& workers, uint64_t key, store_job job,
                     const ending<T>& end, Next next) {
  self->request(workers.for_key(key), end.remaining(), run_atom::value, std::move(job))
      .then([next = std::move(next)](Answer& answer) mutable { next(answer); },
            [end](caf::error& e) { end(from_caf(e)); });
}

// The event a replayed command committed first (an empty Event if there is none), read on
// a store worker, then `next(events::Event&)`: a retried publish, comment or feed page
// answers with the ids minted then, not the ones minted for the retry.
template <class T, class Next>
void with_first_event(flow* self, const store_workers& workers, storage::event_store& store,
                      uint64_t sequence, const ending<T>& end, Next next) {
  on_store_worker<events::Event>(self, workers, sequence, first_event_job(store, sequence), end,
                                 std::move(next));
}

}  // namespace reel::actors
