#include "domain/accounts/access_token.h"

namespace reel::domain {

bool is_token_hash(std::string_view h) {
  if (h.size() != 64) return false;
  for (char c : h) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string token_stream(std::string_view sha256_hex) {
  return "token:" + std::string(sha256_hex);
}

decision issue_token(std::string_view user_id, std::string_view sha256_hex) {
  if (user_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (!is_token_hash(sha256_hex))
    return decision::reject(errc::invalid_token, "a token hash is 64 lower-case hex digits");
  events::Event e;
  e.mutable_access_token_issued()->set_user_id(std::string(user_id));
  e.mutable_access_token_issued()->set_token_sha256(std::string(sha256_hex));
  return decision::accept(std::move(e));
}

}  // namespace reel::domain
