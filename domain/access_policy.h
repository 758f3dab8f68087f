// Who may do what: the one table of reel's permissions, and the ownership rules beside it.
// The module APIs check it on live facts (the caller's roles as they are at the request,
// read from the caller's own entity), so a role granted or revoked takes effect at the
// caller's next request; the gateway only refuses early what needs a login.
//
// Roles (events::Role): every registered account holds `user`; `creator` comes with the
// first publish; `moderator`, `auditor` and `operator` are granted by operators.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string_view>

#include "domain/decision.h"

namespace reel::domain {

enum class permission : uint8_t {
  read_profiles,        // user.get, video.get, report.records (one's own)
  follow,               // user.follow, user.unfollow, follow requests, remove_follower
  block,                // user.block, user.unblock
  publish,              // video.publish
  engage,               // video.view, like, unlike, share, not_interested
  comment,              // video.comment
  report,               // report.create
  read_feeds,           // feed.*
  grant_roles,          // admin.grant_role
  revoke_roles,         // admin.revoke_role
  read_projections,     // admin.projections, /healthz
  rebuild_projections,  // admin.rebuild_projection
  take_backups,         // admin.backup
  revoke_credentials,   // admin.revoke_tokens
  moderate,             // moderation.queue, claim, release, decide, case, stats
  appeal,               // moderation.appeal (one's own content, or one's dismissed report)
  change_settings,      // user.settings, creator.settings (one's own only)
};

// A set of roles as bits: bit r for events::Role r.
using role_set = uint32_t;
role_set roles_of(const std::set<int>& roles);
constexpr role_set role_bit(events::Role role) {
  return role_set{1} << static_cast<int>(role);
}

struct permission_row {
  permission what;
  std::string_view name;  // as docs/protocol.md prints it
  role_set roles;         // holding any one of them is enough
};

// Every permission, in enum order.
std::span<const permission_row> permission_table();
std::string_view permission_name(permission what);

// Whether an account with these roles may do it.
bool permits(permission what, role_set roles);
// The same as a decision: nothing, or `forbidden` naming the roles that would do.
std::optional<domain_error> check_permission(permission what, role_set roles);

// Suspension: an account a moderation decision suspended (AccountSuspended) keeps only
// what it needs to see and contest that decision: reading profiles and feeds, and
// appealing; and its own privacy settings. Everything else is `account_suspended`, whatever its
// roles.
bool allowed_while_suspended(permission what);
std::optional<domain_error> check_permission(permission what, role_set roles, bool suspended);

// Ownership: a user acts for their own creator only (domain/ids.h, creator_of). The APIs
// take the creator from the caller, never from the request, so no other can be named.

// Blocks: when a block stands between a user and a video's creator (whichever made it),
// the user cannot see the video, like it, comment on it, share, duet or stitch it: it is
// as if it did not exist (`video_not_found`). Unlike and not-interested stay allowed (they
// only take back), and neither follows the other (`blocked`, domain/accounts/user.h).
std::optional<domain_error> check_across_block(bool block_stands);

// Moderators and operators: they see what is hidden from others.
bool is_staff(role_set roles);

// Privacy: an account's age band and roles are shown only to the account itself, to
// moderators and to operators; to everyone else a profile is its handle and counts
// (minors' accounts must not be harvestable by age).
bool may_see_account_details(std::string_view viewer_id, role_set viewer_roles,
                             std::string_view subject_id);

// Revoking a role: refused when it would leave the node without an operator.
// `operators` is the number of accounts holding the operator role now.
std::optional<domain_error> check_revocation(events::Role role, uint64_t operators);

}  // namespace reel::domain
