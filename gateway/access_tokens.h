// Credentials for clients (domain/accounts/credentials.h): 256 random bits from OpenSSL,
// printed as a prefix and 43 base64url characters: "rt_" for account keys, "rs_" for
// session tokens. Only a credential's SHA-256 is ever stored.
#pragma once

#include <string>
#include <string_view>

namespace reel::gateway {

struct minted_token {
  std::string token;       // shown to its owner once
  std::string sha256_hex;  // what the log keeps
};

enum class token_kind { account_key, session_token };

// Throws std::runtime_error if OpenSSL cannot produce random bytes.
minted_token mint_token(token_kind kind);

// The SHA-256 of a token as 64 lower-case hex digits.
std::string token_sha256(std::string_view token);

// True when the text has a credential's shape, of either kind (the login then looks it up).
bool looks_like_token(std::string_view token);

// True for a client's registration key: 22 to 86 base64url characters (128 to 512 bits).
bool looks_like_client_key(std::string_view key);

}  // namespace reel::gateway
