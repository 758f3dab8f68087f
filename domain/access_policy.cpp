#include "domain/access_policy.h"

#include <array>
#include <string>

namespace reel::domain {
namespace {

constexpr role_set anyone_registered = role_bit(events::ROLE_USER);
constexpr role_set operators = role_bit(events::ROLE_OPERATOR);
constexpr role_set moderators = role_bit(events::ROLE_MODERATOR) | operators;

constexpr std::array<permission_row, 17> table{{
    {permission::read_profiles, "read_profiles", anyone_registered},
    {permission::follow, "follow", anyone_registered},
    {permission::block, "block", anyone_registered},
    {permission::publish, "publish", anyone_registered},
    {permission::engage, "engage", anyone_registered},
    {permission::comment, "comment", anyone_registered},
    {permission::report, "report", anyone_registered},
    {permission::read_feeds, "read_feeds", anyone_registered},
    {permission::grant_roles, "grant_roles", operators},
    {permission::revoke_roles, "revoke_roles", operators},
    {permission::read_projections, "read_projections", operators},
    {permission::rebuild_projections, "rebuild_projections", operators},
    {permission::take_backups, "take_backups", operators},
    {permission::revoke_credentials, "revoke_credentials", operators},
    {permission::moderate, "moderate", moderators},
    {permission::appeal, "appeal", anyone_registered},
    {permission::change_settings, "change_settings", anyone_registered},
}};

constexpr bool table_in_enum_order() {
  for (size_t i = 0; i < table.size(); ++i) {
    if (static_cast<size_t>(table[i].what) != i) return false;
  }
  return true;
}
static_assert(table_in_enum_order(), "permission_table() is indexed by the enum");

std::string role_names(role_set roles) {
  std::string out;
  for (int r = events::ROLE_USER; r <= events::ROLE_OPERATOR; ++r) {
    if (!(roles & role_bit(static_cast<events::Role>(r)))) continue;
    std::string name = events::Role_Name(static_cast<events::Role>(r)).substr(5);  // ROLE_X
    for (auto& c : name) c = static_cast<char>(c - 'A' + 'a');
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out;
}

}  // namespace

role_set roles_of(const std::set<int>& roles) {
  role_set out = 0;
  for (int r : roles) {
    if (r > 0 && r < 32) out |= role_set{1} << r;
  }
  return out;
}

std::span<const permission_row> permission_table() {
  return table;
}

std::string_view permission_name(permission what) {
  return table[static_cast<size_t>(what)].name;
}

bool permits(permission what, role_set roles) {
  return (table[static_cast<size_t>(what)].roles & roles) != 0;
}

std::optional<domain_error> check_permission(permission what, role_set roles) {
  if (permits(what, roles)) return std::nullopt;
  return domain_error{errc::forbidden, std::string(permission_name(what)) + " needs the " +
                                           role_names(table[static_cast<size_t>(what)].roles) +
                                           " role"};
}

bool allowed_while_suspended(permission what) {
  return what == permission::read_profiles || what == permission::read_feeds ||
         what == permission::appeal || what == permission::change_settings;
}

std::optional<domain_error> check_permission(permission what, role_set roles, bool suspended) {
  if (suspended && !allowed_while_suspended(what))
    return domain_error{errc::account_suspended,
                        "this account is suspended by a moderation decision (account.status "
                        "says which); it may read and appeal, not " +
                            std::string(permission_name(what))};
  return check_permission(what, roles);
}

bool may_see_account_details(std::string_view viewer_id, role_set viewer_roles,
                             std::string_view subject_id) {
  if (!viewer_id.empty() && viewer_id == subject_id) return true;
  return is_staff(viewer_roles);
}

std::optional<domain_error> check_across_block(bool block_stands) {
  if (!block_stands) return std::nullopt;
  return domain_error{errc::video_not_found, "no such video"};
}

bool is_staff(role_set roles) {
  return (roles & (role_bit(events::ROLE_MODERATOR) | role_bit(events::ROLE_OPERATOR))) != 0;
}

std::optional<domain_error> check_revocation(events::Role role, uint64_t operators_now) {
  if (role == events::ROLE_OPERATOR && operators_now <= 1) {
    return domain_error{errc::last_operator, "the node would be left without an operator"};
  }
  return std::nullopt;
}

}  // namespace reel::domain
