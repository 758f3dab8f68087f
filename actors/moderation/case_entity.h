// The moderation case entity: one actor per case (its stream is the case id, whose value
// is the subject's), over domain/moderation/moderation_case.h. Reports, claims, decisions
// and appeals are its commands, so two moderators claiming at once are decided one after
// the other against the same state: exactly one wins.
//
// Queries: (state_atom) -> domain::case_state, the whole case for moderation.case.
#pragma once

#include "actors/core/entity.h"
#include "domain/moderation/moderation_case.h"

namespace reel::actors {

struct case_kind {
  using state = domain::case_state;
  using commands = command_list<domain::file_report, domain::claim_case, domain::release_case,
                                domain::decide_case, domain::appeal_case, domain::escalate_case>;
  static constexpr id_kind kind = id_kind::moderation_case;
};

std::optional<caf::message> answer_query(entity_actor<case_kind>* self,
                                         const caf::type_erased_tuple& xs);

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::case_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::file_report)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::claim_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::release_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::decide_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::appeal_case)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::escalate_case)
