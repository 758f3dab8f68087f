// The reactor: durable, exactly-once follow-ups to committed events. A block ends the
// follow both ways; a first publish grants the creator role; later a moderation decision
// hides a video and a closed fund period accrues. Each module adds its reactions
// (node::add_reaction); their rules are in domain/ (e.g. domain/social/follow_ups.h).
//
// How it holds:
//  - One detached actor follows the log from its checkpoint (kept in the store like a
//    projection's, under the name "reactor"), in global order.
//  - A follow-up is a command to an entity, sent with the idempotency key
//    "reactor:<sequence>:<n>", so however often it is sent, it commits once. For a stream
//    no entity owns (an account key's), it is an append that creates the stream, under the
//    append's own idempotency key; the stream existing already counts as done.
//  - The checkpoint passes an event only when each of its follow-ups has committed or was
//    refused by the domain. A refusal is terminal: it is recorded (in the store, and in
//    status) and not retried. An infrastructure failure (timeout, unavailable, storage) is
//    retried with backoff (0.1 s doubling to 30 s) until it goes through.
//  - Replies to clients never wait for follow-ups: their usual lag is one hop through the
//    bus and one command (docs/architecture.md). Rebuilding projections never runs it.
//  - On a database that had events before the reactor first started, it starts at the head
//    of the log: the builds before it ran those follow-ups inline.
//
// Messages:
//   (head_atom, sequence)            from the event bus
//   (status_atom) -> reactor_status
//   (reached_atom, sequence) -> bool answers once every follow-up of events up to there ran
#pragma once

#include <caf/all.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/core/entity_host.h"
#include "actors/core/messages.h"
#include "reel/events.pb.h"
#include "storage/event_store.h"

namespace reel::actors {

class journal;

// One command an event obliges an entity to run, or one stream it obliges to exist.
struct follow_up {
  entity_directory entities;  // the hosts of the entity's kind
  uint64_t entity = 0;
  caf::message command;  // the domain command alone; the reactor adds the command_meta
  // Instead of a command: appended through the journal, expecting no stream (`no_stream`);
  // the stream existing already, whoever wrote it, counts as done.
  std::optional<storage::append_request> creates{};
  bool settled = false;  // committed or refused; the reactor's own mark
};

class reaction {
 public:
  virtual ~reaction() = default;
  virtual std::string_view name() const = 0;
  // The follow-ups of one committed event; most events have none.
  virtual std::vector<follow_up> react(const events::EventRecord& record) const = 0;
};

struct reactor_status {
  uint64_t checkpoint = 0;  // every follow-up of events up to here has run
  uint64_t head = 0;
  uint64_t lag = 0;
  uint64_t follow_ups = 0;  // committed (or found committed) since start
  uint64_t refused = 0;     // refused by the rules since start (terminal)
  uint64_t retries = 0;     // infrastructure failures retried since start
  std::string last_problem;
};

class status_board;

struct reactor_state {
  storage::event_store* store = nullptr;
  actors::journal* journal = nullptr;  // for the follow-ups that create a stream
  status_board* board = nullptr;       // where its status is published (may be null)
  std::vector<std::shared_ptr<reaction>> reactions;
  std::chrono::milliseconds command_timeout{5000};
  uint64_t checkpoint = 0;  // committed
  uint64_t position = 0;    // read; events between checkpoint and position had no follow-up
  uint64_t head = 0;
  bool scheduled = false;
  // The event whose follow-ups are running, and those not yet settled.
  uint64_t current = 0;
  std::vector<follow_up> outstanding;  // the n-th of the event's follow-ups at slot n
  std::vector<storage::projection_change> refusals;
  std::chrono::milliseconds backoff{100};
  reactor_status counters;
  std::vector<std::pair<uint64_t, caf::response_promise>> waiting;
};

// `board` (may be null) receives its status after every change.
// On a database no reactor ever ran on, marks the events already there as followed up
// (older builds ran them inline). Blocking store calls: node::start calls it before it
// spawns the reactor, so that nothing appended after the start can be mistaken for them
// (the reactor's own start runs on its thread, later).
void mark_reactor_start(storage::event_store& store);

caf::behavior reactor(caf::stateful_actor<reactor_state>* self, actors::journal* journal,
                      std::vector<std::shared_ptr<reaction>> reactions, caf::actor bus,
                      std::chrono::milliseconds command_timeout, status_board* board);

inline constexpr std::string_view reactor_checkpoint_name = "reactor";

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::reactor_status)
