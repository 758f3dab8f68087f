// The deadline watch: one actor per node that, every `moderation_rules::deadline_sweep_ms`,
// has the moderation module escalate the waiting cases past their deadline
// (moderation_module::escalate_overdue), then tell reporters of a changed standing
// (moderation_module::announce_standings). One sweep runs at a time; the next is scheduled
// once it has answered, so a slow store never piles sweeps up. The breach itself is the
// case's rule (domain/moderation/moderation_case.h, escalate_case): a case escalates at most
// once a wait, however many sweeps see it.
#pragma once

#include <caf/all.hpp>

#include <chrono>

namespace reel::actors {

class moderation_module;

// `m` must outlive the actor (the node stops it before the modules go).
caf::actor spawn_deadline_watch(caf::actor_system& system, moderation_module& m,
                                std::chrono::milliseconds every);

}  // namespace reel::actors
