// Unique handles. Each handle has its own stream, "handle:<handle>", whose first event
// (HandleClaimed) gives the handle to one user for good. The actor layer appends the claim
// expecting the stream not to exist yet, so the event store's version check settles races:
// of two registrations for one handle, exactly one claim commits.
#pragma once

#include <string>
#include <string_view>

#include "domain/decision.h"

namespace reel::domain {

// The stream that holds a handle's claim.
std::string handle_stream(std::string_view handle);

// The claim of a valid handle by a user, or `invalid_handle`.
decision claim_handle(std::string_view handle, std::string_view user_id);

}  // namespace reel::domain
