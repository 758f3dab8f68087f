// Unique handles. Each handle has its own stream, "handle:<handle>", whose first event
// (HandleClaimed) gives the handle to one user for good. The actor layer appends the claim
// expecting the stream not to exist yet, so the event store's version check settles races:
// of two registrations for one handle, exactly one claim commits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/decision.h"

namespace reel::domain {

// The stream that holds a handle's claim.
std::string handle_stream(std::string_view handle);

// The claim of a valid handle by a user, or `invalid_handle`.
decision claim_handle(std::string_view handle, std::string_view user_id);

// How long a client_key completes its registration.
inline constexpr int64_t client_key_lifetime_us = 24LL * 3600 * 1000 * 1000;

// Whether a retried registration, whose first attempt claimed `claimed_handle`
// `age_us` ago, may complete it for `handle`: `bad_args` when a client_key registered
// another handle or is older than a day. Retries by the same session keep no deadline.
std::optional<domain_error> check_registration_retry(std::string_view claimed_handle,
                                                     std::string_view handle, bool by_client_key,
                                                     int64_t age_us);

}  // namespace reel::domain
