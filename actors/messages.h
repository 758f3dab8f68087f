// The messages actors exchange inside a node: atoms, command metadata and replies, and the
// facts one entity answers about itself so another can decide. Commands themselves are the
// domain's command structs (domain/user.h, domain/video.h, domain/creator.h).
//
// Every type here is whitelisted as a node-local message. Spreading entities over nodes
// (DESIGN.md, "Scale past one machine") means giving each an `inspect` overload and
// announcing it with `add_message_type`, since the middleman drops unannounced types.
#pragma once

#include <caf/all.hpp>

#include <cstdint>
#include <string>

#include "domain/creator.h"
#include "domain/user.h"
#include "domain/video.h"
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
using catch_up_atom = caf::atom_constant<caf::atom("catchup")>;     // projection -> itself
using status_atom = caf::atom_constant<caf::atom("status")>;        // projection status
using rebuild_atom = caf::atom_constant<caf::atom("rebuild")>;      // projection: from 0
using reached_atom = caf::atom_constant<caf::atom("reached")>;      // wait for a checkpoint
using counts_atom = caf::atom_constant<caf::atom("counts")>;        // profile counts query
using feed_atom = caf::atom_constant<caf::atom("feed")>;            // feed page query

// Who sent a command and how to recognise its retry.
struct command_meta {
  std::string caused_by;        // a user id, or "system:<component>"
  std::string correlation_id;   // the client's request id, if any
  std::string idempotency_key;  // empty: none; see command_api.h for how it is formed
};

// An entity's answer to a command. The answer comes only once the events are durable.
struct command_reply {
  bool ok = false;
  bool replayed = false;  // an earlier request with the same key committed it
  std::string code;       // when !ok: a stable snake_case code
  std::string message;
  uint64_t version = 0;         // the entity's stream version afterwards
  uint64_t first_sequence = 0;  // the global sequences of its events; 0 if none written
  uint64_t last_sequence = 0;

  static command_reply failure(std::string code, std::string message) {
    command_reply r;
    r.code = std::move(code);
    r.message = std::move(message);
    return r;
  }
};

// What a user entity tells others about itself.
struct user_facts {
  bool registered = false;
  events::AgeBand band = events::AGE_BAND_UNSPECIFIED;  // today's band
  bool blocks_other = false;  // has blocked the user named in the question
  bool is_operator = false;
  bool is_creator = false;
};

// What a video entity tells others about itself.
struct video_facts {
  bool published = false;
  bool visible = false;
  uint32_t minimum_age = 0;
  std::string creator_id;
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::command_meta)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::command_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::user_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::actors::video_facts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::storage::append_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::events::AgeBand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::creator_settings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::user_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::video_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::creator_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::register_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::follow_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unfollow_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::block_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unblock_user)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::grant_role)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::revoke_role)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::change_creator_settings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::publish_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::view_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::like_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::unlike_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::share_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::comment_on_video)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::mark_not_interested)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::report_video)
