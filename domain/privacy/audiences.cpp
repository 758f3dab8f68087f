#include "domain/privacy/audiences.h"

#include <string>

namespace reel::domain {

bool may_see_videos_of(const privacy_settings& owner, const owner_relation& s, role_set roles) {
  return !owner.is_private || s.is_owner || s.follows_owner || is_staff(roles);
}

std::optional<domain_error> check_private_account(const privacy_settings& owner,
                                                  const owner_relation& s, role_set roles) {
  if (may_see_videos_of(owner, s, roles)) return std::nullopt;
  return domain_error{errc::video_not_found, "no such video"};
}

bool admits(audience a, const owner_relation& s) {
  if (s.is_owner) return true;
  switch (a) {
    case audience::everyone:
      return true;
    case audience::friends:
      return s.friends();
    case audience::none:
      return false;
  }
  return false;
}

std::optional<domain_error> check_audience(audience a, const owner_relation& s,
                                           std::string_view what) {
  if (admits(a, s)) return std::nullopt;
  std::string who = a == audience::friends ? "only friends (mutual follows)" : "nobody";
  return domain_error{errc::audience_restricted,
                      "the owner lets " + who + " " + std::string(what) + " their videos"};
}

}  // namespace reel::domain
