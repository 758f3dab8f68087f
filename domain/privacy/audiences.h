// Who sees a user's videos and who may comment on, duet or stitch them: the owner's
// privacy settings in force (teen_rules.h, in_force) against how the two users stand.
//
//  - A private account's videos are seen by its owner, the followers it approved, and the
//    staff (who moderate them); to anyone else they are as if they did not exist
//    (`video_not_found`), like a block. What a block leaves allowed (a view, an unlike, a
//    "not interested") a private account leaves allowed too: it only takes back.
//  - `everyone` admits all; `friends` admits mutual follows; `none` admits nobody but the
//    owner (`audience_restricted`).
// Pure: the relation is an argument, gathered by the actor layer from both users' streams.
#pragma once

#include <optional>
#include <string_view>

#include "domain/access_policy.h"
#include "domain/privacy/teen_rules.h"

namespace reel::domain {

// How a user stands toward a video's owner, each side read from its own stream.
struct owner_relation {
  bool is_owner = false;
  bool follows_owner = false;  // the user follows the owner (approved, if private)
  bool followed_by_owner = false;
  bool friends() const { return is_owner || (follows_owner && followed_by_owner); }
};

bool may_see_videos_of(const privacy_settings& owner, const owner_relation& s, role_set roles);
// `video_not_found` when the owner's account is private and the user may not see it.
std::optional<domain_error> check_private_account(const privacy_settings& owner,
                                                  const owner_relation& s, role_set roles);

bool admits(audience a, const owner_relation& s);
// `audience_restricted` with a message naming `what` ("comment", "duet", "stitch").
std::optional<domain_error> check_audience(audience a, const owner_relation& s,
                                           std::string_view what);

}  // namespace reel::domain
