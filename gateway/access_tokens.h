// Access tokens for clients: 256 random bits from OpenSSL, printed as "rt_" and 43
// base64url characters. Only the token's SHA-256 is ever stored (domain/access_token.h).
#pragma once

#include <string>
#include <string_view>

namespace reel::gateway {

struct minted_token {
  std::string token;       // shown to its owner once
  std::string sha256_hex;  // what the log keeps
};

// Throws std::runtime_error if OpenSSL cannot produce random bytes.
minted_token mint_token();

// The SHA-256 of a token as 64 lower-case hex digits.
std::string token_sha256(std::string_view token);

// True when the text has a token's shape (the login then looks it up).
bool looks_like_token(std::string_view token);

}  // namespace reel::gateway
