// Credentials: how a client proves who it is, and how that proof ends.
//
// Two kinds, both 256 random bits, of which the log keeps only the SHA-256, each in a
// stream of its own ("token:<hash>") whose first event names the user:
//  - the account key, given at registration and replaced by a rotation. It never expires;
//    it is valid while it is the key the user's own state names.
//  - session tokens, given by every login with the account key, for reconnects. Each
//    expires (a lifetime the node is configured with) and can be revoked on its own (a
//    logout: a second event in its stream).
// Every credential also carries the user's credential epoch at issue: an operator's
// revocation of all of a user's credentials bumps the epoch, and nothing issued under an
// older one is valid again.
//
// Making and hashing tokens is the gateway's job (it owns the randomness); these are the
// rules on what is stored and what logs in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/decision.h"

namespace reel::domain {

// True for 64 lower-case hex digits.
bool is_token_hash(std::string_view sha256_hex);

// The stream that holds the credential with this hash.
std::string token_stream(std::string_view sha256_hex);

// Session token lifetimes a node accepts: one minute to one year.
inline constexpr int64_t min_session_ttl_ms = 60'000;
inline constexpr int64_t max_session_ttl_ms = 366LL * 24 * 3600 * 1000;

// What a credential's stream says about it.
struct credential_record {
  bool exists = false;
  std::string user_id;
  events::CredentialKind kind = events::CREDENTIAL_KIND_UNSPECIFIED;  // unspecified: an old key
  uint64_t epoch = 0;
  int64_t expires_at_ms = 0;  // 0: never
  bool revoked = false;
};

// Folds a credential's stream, in order.
credential_record read_credential(const std::vector<events::Event>& stream);

// What the user's own state says about its credentials (domain/accounts/user.h).
struct account_credentials {
  bool registered = false;
  std::string account_key_sha256;  // empty: an account from before account keys
  uint64_t epoch = 0;              // revocations of everything so far
};

// The session token a session is logged in with (a login with the account key gives the
// session a new one), checked again at every request of that session: its expiry, and what
// has been revoked since (projections/accounts/credential_revocations_projection.h).
struct credential_ref {
  std::string user_id;
  std::string sha256;
  uint64_t epoch = 0;
  int64_t expires_at_ms = 0;
};

bool is_account_key(events::CredentialKind kind);

// Whether the credential with hash `sha256` logs its bearer in at `now_ms`. Refusals are
// `invalid_token`: no such credential, revoked, replaced, expired, or of an account that
// is not registered (the message says which; none of it names another user).
std::optional<domain_error> check_login(const credential_record& record, std::string_view sha256,
                                        const account_credentials& account, int64_t now_ms);

// The reference a session keeps for a session token check_login accepted or that was
// just issued.
credential_ref reference_to(const credential_record& record, std::string_view sha256);
credential_ref reference_to(const events::AccessTokenIssued& issued);

// The first event of an account key's stream, or `invalid_token` / `invalid_id`.
decision issue_account_key(std::string_view user_id, std::string_view sha256_hex, uint64_t epoch);

// The first event of a session token's stream: valid for `ttl_ms` from `now_ms`, under the
// account's current epoch. `invalid_token` / `invalid_id` / `bad_args` (a lifetime
// outside min_session_ttl_ms..max_session_ttl_ms).
decision issue_session_token(std::string_view user_id, std::string_view sha256_hex, uint64_t epoch,
                             int64_t now_ms, int64_t ttl_ms);

// A logout's revocation of a session token. Nothing to append when it is revoked already;
// `invalid_token` for an account key (a logout ends the session, never the key; a
// rotation replaces the key) or a token that does not exist.
decision revoke_session_token(const credential_record& record, std::string_view sha256_hex,
                              std::string_view reason);

}  // namespace reel::domain
