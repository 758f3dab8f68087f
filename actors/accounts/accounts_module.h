// The accounts module: registration, access tokens, profiles and roles. It installs the
// user entity kind (actors/accounts/user_entity.h) and two projections: profile counts
// (followers, following, videos) and role holders (who holds which role).
//
// Every call answers once (actors/core/command_types.h). Codes besides the domain's:
// unauthenticated, forbidden, invalid_id, invalid_token, user_not_found, handle_taken,
// last_operator, timeout, unavailable, overloaded, conflict, storage_failure, internal.
#pragma once

#include <caf/all.hpp>

#include <memory>
#include <string>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "domain/social/profile_counts.h"
#include "reel/events.pb.h"

namespace reel::projections {
class profile_counts_projection;
class role_holders_projection;
}  // namespace reel::projections

namespace reel::actors {

struct registered {
  std::string user_id;
};

struct user_profile {
  std::string user_id, handle;
  // Filled only for viewers who may see them (domain::may_see_account_details).
  bool details = true;
  events::AgeBand age_band = events::AGE_BAND_UNSPECIFIED;  // at registration
  std::vector<events::Role> roles;
  domain::profile_counts counts;
};

class accounts_module {
 public:
  explicit accounts_module(node& n);  // installs the kind and the projections
  ~accounts_module();

  // Registration: claims the handle, then registers the user. A retry with the same
  // request id and session answers with the user id the first one minted. Reserved
  // handles (domain/accounts/reserved_handles.h) are refused with `invalid_handle`.
  void register_user(const caller& who, std::string handle, std::string birthdate,
                     reply<registered> answer);
  // The same for the node itself (reeld's bootstrap operator), which may take a reserved
  // handle. The gateway never calls it.
  void register_user_by_system(const caller& who, std::string handle, std::string birthdate,
                               reply<registered> answer);
  // Access tokens: the log keeps only their SHA-256 (domain/accounts/access_token.h).
  void issue_token(const caller& who, std::string user_id, std::string token_sha256,
                   reply<done> answer);
  // The user a token was issued to, with roles and counts; `invalid_token` when none.
  void login(std::string token_sha256, reply<user_profile> answer);
  // Any registered caller (permission read_profiles); age band and roles only for the
  // user, moderators and operators.
  void get_user(const caller& who, std::string user_id, reply<user_profile> answer);

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
  void register_handle(const caller& who, std::string handle, std::string birthdate,
                       bool may_take_reserved, reply<registered> answer);

  node& node_;
  entity_directory users_;
  projection_handle profile_counts_, role_holders_;
  caf::actor revocations_;  // runs revocations one at a time
};

}  // namespace reel::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(reel::domain::profile_counts)
