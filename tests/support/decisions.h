// Helpers for tests of the domain's decide/apply pairs.
#pragma once

#include <string>

#include "domain/decision.h"

namespace reel::testing {

// Runs a command; on success applies its events, so the state moves on as an actor's would.
template <class State, class Command>
domain::decision run(State& state, const Command& command) {
  auto d = decide(state, command);
  if (d.ok()) {
    for (const auto& e : d.events()) apply(state, e);
  }
  return d;
}

// "ok", or the error code.
inline std::string code_of(const domain::decision& d) {
  return d.ok() ? std::string("ok") : std::string(code_name(d.error().code));
}

}  // namespace reel::testing
