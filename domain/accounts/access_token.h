// Access tokens: a client proves who it is with a token of 256 random bits. The log keeps
// only the token's SHA-256, in a stream of its own ("token:<hash>"), whose one event names
// the user: logging in reads that stream. Making and hashing tokens is the gateway's job
// (it owns the randomness); these are the rules on what is stored.
#pragma once

#include <string>
#include <string_view>

#include "domain/decision.h"

namespace reel::domain {

// True for 64 lower-case hex digits.
bool is_token_hash(std::string_view sha256_hex);

// The stream that holds the token with this hash.
std::string token_stream(std::string_view sha256_hex);

// The event that gives a token to a user, or `invalid_token` / `invalid_id`.
decision issue_token(std::string_view user_id, std::string_view sha256_hex);

}  // namespace reel::domain
