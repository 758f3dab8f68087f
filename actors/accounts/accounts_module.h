// The accounts module: registration, credentials, profiles and roles. It installs the
// user entity kind (actors/accounts/user_entity.h) and three projections: profile counts
// (followers, following, videos), role holders (who holds which role) and credential
// revocations (what live sessions are checked against). The credential model is in
// domain/accounts/credentials.h and docs/protocol.md.
//
// Every call answers once (actors/core/command_types.h). Codes besides the domain's:
// unauthenticated, forbidden, invalid_id, invalid_token, user_not_found, handle_taken,
// last_operator, timeout, unavailable, overloaded, conflict, storage_failure, internal.
#pragma once

#include <caf/all.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/accounts/credentials.h"
#include "domain/privacy/teen_rules.h"
#include "domain/social/profile_counts.h"
#include "reel/events.pb.h"

namespace reel::projections {
class credential_revocations_projection;
class profile_counts_projection;
class role_holders_projection;
}  // namespace reel::projections

namespace reel::actors {

// The accounts module's settings.
struct accounts_options {
  // How long a session token lives (reeld --token-ttl); within the domain's bounds
  // (domain/accounts/credentials.h), else the constructor throws std::invalid_argument.
  std::chrono::milliseconds session_token_ttl = std::chrono::hours(24 * 30);
};

// A registration, with the hashes of the credentials the gateway minted for it.
struct registration_request {
  std::string handle, birthdate;
  // The gateway gives both; in-process tools, which never log in, neither.
  std::string account_key_sha256;    // the account key it gives
  std::string session_token_sha256;  // the session token it logs the session in with
  // Optional: the SHA-256 of the client's `client_key`. A retry with the same key from any
  // connection, within a day, completes the same registration.
  std::string client_key_sha256;
  std::string timezone{};  // IANA; empty: UTC (`invalid_timezone` for an unknown name)
};

struct registered {
  std::string user_id;
  domain::credential_ref session;  // the session token issued
  bool retried = false;  // an earlier attempt registered the account: its key was replaced
};

struct user_profile {
  std::string user_id, handle;
  // Filled only for viewers who may see them (domain::may_see_account_details).
  bool details = true;
  events::AgeBand age_band = events::AGE_BAND_UNSPECIFIED;  // at registration
  std::vector<events::Role> roles;
  domain::profile_counts counts;
  bool is_private = false;  // only approved followers see its videos
};

struct login_grant {
  user_profile profile;
  domain::credential_ref session;  // the session token the session holds now
  bool issued = false;             // a new one (the login was with the account key)
};

class accounts_module {
 public:
  // Installs the kind and the projections.
  explicit accounts_module(node& n, accounts_options options = {});
  ~accounts_module();

  // Registration, in steps any of which a retry completes: claims the handle, issues the
  // account key, registers the user, issues a session token. A retry with the same
  // request id and session, or with the same client_key from anywhere within a day,
  // answers with the user id the first attempt minted; if that attempt got as far as
  // registering, its account key is replaced by this one's (the lost reply carried it).
  // Reserved handles (domain/accounts/reserved_handles.h) are refused with
  // `invalid_handle`; a client_key used for another handle, or more than a day ago, with
  // `bad_args`.
  void register_user(const caller& who, registration_request request, reply<registered> answer);
  // An account with no credentials (in-process tools and tests, which never log in). As
  // nobody can log in to it, a reserved handle is not refused.
  void register_user(const caller& who, std::string handle, std::string birthdate,
                     reply<registered> answer);
  // The same for the node itself (reeld's bootstrap operator), which may take a reserved
  // handle. The gateway never calls it.
  void register_user_by_system(const caller& who, registration_request request,
                               reply<registered> answer);

  // Logs in with the account key (issuing the session token `new_session_sha256`) or with
  // a session token (which the session then holds). `invalid_token` for anything that
  // does not log in now (domain::check_login says why).
  void login(std::string credential_sha256, std::string new_session_sha256,
             reply<login_grant> answer);
  // Revokes the session token the caller's session holds. Answers once the revocation is
  // folded into the check every session's requests pass (session_live()).
  void logout(const caller& who, domain::credential_ref session, reply<done> answer);
  // Replaces the caller's account key with `new_key_sha256`; the old one never logs in
  // again. Session tokens stay valid.
  void rotate_key(const caller& who, std::string new_key_sha256, reply<done> answer);
  // Operators only (revoke_credentials): revokes every credential of the user (account
  // key and session tokens) and gives the account the new key `new_key_sha256`, for the
  // operator to hand to its owner. Answers once live sessions would be refused.
  void revoke_credentials(const caller& who, std::string user_id, std::string new_key_sha256,
                          reply<done> answer);
  // Thread-safe, no store read: whether a session holding this token may go on (not
  // expired by the node's clock, not revoked as far as the log is folded).
  bool session_live(const domain::credential_ref& session) const;

  // Any registered caller (permission read_profiles); age band and roles only for the
  // user, moderators and operators.
  void get_user(const caller& who, std::string user_id, reply<user_profile> answer);
  // user.settings: changes the caller's privacy choices (nothing set: none) under the rules
  // of their age band today (domain/privacy/teen_rules.h), and answers the settings in
  // force. setting_not_allowed, invalid_timezone, bad_args.
  void settings(const caller& who, domain::privacy_change change,
                reply<domain::privacy_settings> answer);
  // A view's watch time against the caller's daily limit (domain/privacy/screen_time.h),
  // after the view committed; nothing for a user with no limit in force. The caller's
  // request id keys it, so a retried view counts once.
  void count_watch_time(const caller& who, std::string video_id, uint32_t watch_ms,
                        reply<done> answer);

  // Operators only (grant_roles, revoke_roles), checked on the caller's roles now. The
  // last operator's role cannot be revoked (`last_operator`). Revocations run one at a
  // time, so two operators revoking each other cannot both succeed.
  void grant_role(const caller& who, std::string user_id, events::Role role, reply<done> answer);
  void revoke_role(const caller& who, std::string user_id, events::Role role, reply<done> answer);
  // A role granted by the system itself, for reeld's first start (the operator account).
  // The gateway never calls it.
  void grant_role_by_system(std::string user_id, events::Role role, reply<done> answer);

  const entity_directory& users() const { return users_; }
  const projection_handle& profile_counts() const { return profile_counts_; }
  const projection_handle& role_holders() const { return role_holders_; }

 private:
  void register_handle(const caller& who, registration_request request, bool may_take_reserved,
                       reply<registered> answer);

  node& node_;
  accounts_options options_;
  entity_directory users_;
  projection_handle profile_counts_, role_holders_, revocations_seen_;
  std::shared_ptr<projections::credential_revocations_projection> revoked_;
  caf::actor revocations_;  // runs revocations one at a time
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::profile_counts)
