// The messages the core's actors exchange inside a node: atoms, command metadata and the
// reply every entity gives a command. Commands themselves are the domain's command structs;
// each area's entity header (actors/<area>/*_entity.h) whitelists its own, with the facts
// its entities answer for others' rules.
//
// Every type here is whitelisted as a node-local message. Spreading entities over nodes
// (DESIGN.md, "Scale past one machine") means giving each an `inspect` overload and
// announcing it with `add_message_type`, since the middleman drops unannounced types.
#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <string>

#include "domain/error_codes.h"
#include "storage/event_store.h"

namespace reel::actors {

using route_atom = caf::atom_constant<caf::atom("route")>;          // host: deliver to an entity
using facts_atom = caf::atom_constant<caf::atom("facts")>;          // entity: facts for a rule
using state_atom = caf::atom_constant<caf::atom("state")>;          // entity: a copy of its state
using appended_atom = caf::atom_constant<caf::atom("appended")>;    // journal -> entity
using idle_atom = caf::atom_constant<caf::atom("idle")>;            // entity -> itself
using passivate_atom = caf::atom_constant<caf::atom("passivate")>;  // entity -> host
using retire_atom = caf::atom_constant<caf::atom("retire")>;        // host -> entity
using gone_atom = caf::atom_constant<caf::atom("gone")>;            // an entity died
using resident_atom = caf::atom_constant<caf::atom("resident")>;    // host: live entities
using committed_atom = caf::atom_constant<caf::atom("committed")>;  // journal -> bus
using head_atom = caf::atom_constant<caf::atom("head")>;            // bus -> subscribers
using listen_atom = caf::atom_constant<caf::atom("listen")>;        // subscribe to the bus
using catch_up_atom = caf::atom_constant<caf::atom("catchup")>;     // a follower -> itself
using status_atom = caf::atom_constant<caf::atom("status")>;        // projections, reactor
using rebuild_atom = caf::atom_constant<caf::atom("rebuild")>;      // projection: from 0
using reached_atom = caf::atom_constant<caf::atom("reached")>;      // wait for a checkpoint
using retry_atom = caf::atom_constant<caf::atom("retry")>;          // reactor -> itself

// Who sent a command and how to recognise its retry.
struct command_meta {
  std::string caused_by;        // a user id, or "system:<component>"
  std::string correlation_id;   // the client's request id, if any
  std::string idempotency_key;  // empty: none; see command_types.h for how it is formed
};

// An entity's answer to a command. The answer comes only once the events are durable.
struct command_reply {
  bool ok = false;
  bool replayed = false;       // an earlier request with the same key committed it
  errc code = errc::internal;  // when !ok
  std::string message;
  uint64_t version = 0;         // the entity's stream version afterwards
  uint64_t first_sequence = 0;  // the global sequences of its events; 0 if none written
  uint64_t last_sequence = 0;

  static command_reply failure(errc code, std::string message) {
    command_reply r;
    r.code = code;
    r.message = std::move(message);
    return r;
  }
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::command_meta)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::command_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::storage::append_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::events::AgeBand)
