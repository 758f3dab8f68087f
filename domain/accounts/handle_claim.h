// Unique handles. Each handle has its own stream, "handle:<handle>", whose first event
// (HandleClaimed) gives the handle to one user for good. The actor layer appends the claim
// expecting the stream not to exist yet, so the event store's version check settles races:
// of two registrations for one handle, exactly one claim commits.
//
// The claim is the registration's commit point. It carries the whole registration, so a
// claim is always followed by its account: the flow that claimed registers the user, and
// the reactor does too (registration_of_claim), whichever is first; the other finds it
// done. So no handle is ever left claimed with no account, even for a client that never
// retries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/accounts/user.h"
#include "domain/decision.h"

namespace reel::domain {

// The stream that holds a handle's claim.
std::string handle_stream(std::string_view handle);

// The claim of the handle `registration` registers, carrying the registration, or
// `invalid_handle` / `invalid_id`. Decide the registration first: the claim checks only
// the handle.
decision claim_handle(const register_user& registration);

// The registration a committed claim obliges (the command its flow sends, marked
// `completing`), or none: another event, or a claim from before claims carried it.
struct registration_follow_up {
  std::string user_id;
  register_user command;
};
std::optional<registration_follow_up> registration_of_claim(const events::Event& event);

// How long a client_key completes its registration.
inline constexpr int64_t client_key_lifetime_us = 24LL * 3600 * 1000 * 1000;

// Whether a retried registration, whose first attempt claimed `claimed_handle`
// `age_us` ago, may complete it for `handle`: `bad_args` when a client_key registered
// another handle or is older than a day. Retries by the same session keep no deadline.
std::optional<domain_error> check_registration_retry(std::string_view claimed_handle,
                                                     std::string_view handle, bool by_client_key,
                                                     int64_t age_us);

}  // namespace reel::domain
