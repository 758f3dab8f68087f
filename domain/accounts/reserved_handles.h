// Handles that would pass for reel's own staff, refused at registration (the bootstrap
// operator, registered by reeld itself, keeps "operator"). docs/domain.md has the rule.
#pragma once

#include <string>
#include <string_view>

namespace reel::domain {

// True when `handle` (already a valid handle: a-z, 0-9, '_', '.') reads as admin,
// support, moderator, reel, official or operator, or as one of them with a short affix:
// separators are dropped and look-alikes read alike (0 as o; 1, l and i as one letter;
// 3 e, 4 a, 5 s, 7 t), other digits dropped; then the handle is reserved when it is a stem,
// or a stem followed or preceded by at most 4 letters or by another stem ("adm1n",
// "the_admin", "reel.official", "support_team", "reels", "officialreel").
bool is_reserved_handle(std::string_view handle);

// The folded form the rule compares (tests, docs).
std::string look_alike_form(std::string_view handle);

}  // namespace reel::domain
