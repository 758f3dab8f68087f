#include "domain/accounts/credentials.h"

namespace reel::domain {
namespace {

decision check_issue(std::string_view user_id, std::string_view sha256_hex) {
  if (user_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  if (!is_token_hash(sha256_hex))
    return decision::reject(errc::invalid_token, "a token hash is 64 lower-case hex digits");
  return decision::accept(std::vector<events::Event>{});
}

events::Event issued(std::string_view user_id, std::string_view sha256_hex,
                     events::CredentialKind kind, uint64_t epoch, int64_t expires_at_ms) {
  events::Event e;
  auto* t = e.mutable_access_token_issued();
  t->set_user_id(std::string(user_id));
  t->set_token_sha256(std::string(sha256_hex));
  t->set_kind(kind);
  t->set_epoch(epoch);
  t->set_expires_at_ms(expires_at_ms);
  return e;
}

std::optional<domain_error> refuse(std::string message) {
  return domain_error{errc::invalid_token, std::move(message)};
}

}  // namespace

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

bool is_account_key(events::CredentialKind kind) {
  return kind != events::CREDENTIAL_KIND_SESSION_TOKEN;
}

credential_record read_credential(const std::vector<events::Event>& stream) {
  credential_record r;
  for (const auto& e : stream) {
    if (e.has_access_token_issued() && !r.exists) {
      const auto& t = e.access_token_issued();
      r.exists = true;
      r.user_id = t.user_id();
      r.kind = t.kind();
      r.epoch = t.epoch();
      r.expires_at_ms = t.expires_at_ms();
    } else if (e.has_access_token_revoked()) {
      r.revoked = true;
    }
  }
  return r;
}

std::optional<domain_error> check_login(const credential_record& record, std::string_view sha256,
                                        const account_credentials& account, int64_t now_ms) {
  if (!record.exists || !account.registered) return refuse("no such token");
  if (record.revoked) return refuse("this token was revoked; log in with the account key");
  if (record.epoch != account.epoch)
    return refuse("this account's credentials were revoked by an operator");
  if (is_account_key(record.kind)) {
    // Accounts from before account keys: their old tokens are keys until a rotation.
    bool current = account.account_key_sha256.empty()
                       ? record.kind == events::CREDENTIAL_KIND_UNSPECIFIED
                       : account.account_key_sha256 == sha256;
    if (!current) return refuse("this account key was replaced by a newer one");
    return std::nullopt;
  }
  if (record.expires_at_ms != 0 && now_ms >= record.expires_at_ms)
    return refuse("this session token has expired; log in with the account key");
  return std::nullopt;
}

credential_ref reference_to(const credential_record& record, std::string_view sha256) {
  return {record.user_id, std::string(sha256), record.epoch, record.expires_at_ms};
}

credential_ref reference_to(const events::AccessTokenIssued& issued) {
  return {issued.user_id(), issued.token_sha256(), issued.epoch(), issued.expires_at_ms()};
}

decision issue_account_key(std::string_view user_id, std::string_view sha256_hex, uint64_t epoch) {
  if (auto checked = check_issue(user_id, sha256_hex); !checked.ok()) return checked;
  return decision::accept(
      issued(user_id, sha256_hex, events::CREDENTIAL_KIND_ACCOUNT_KEY, epoch, 0));
}

decision issue_session_token(std::string_view user_id, std::string_view sha256_hex, uint64_t epoch,
                             int64_t now_ms, int64_t ttl_ms) {
  if (auto checked = check_issue(user_id, sha256_hex); !checked.ok()) return checked;
  if (ttl_ms < min_session_ttl_ms || ttl_ms > max_session_ttl_ms)
    return decision::reject(errc::bad_args, "a session token lives from one minute to one year");
  return decision::accept(
      issued(user_id, sha256_hex, events::CREDENTIAL_KIND_SESSION_TOKEN, epoch, now_ms + ttl_ms));
}

decision revoke_session_token(const credential_record& record, std::string_view sha256_hex,
                              std::string_view reason) {
  if (!record.exists) return decision::reject(errc::invalid_token, "no such token");
  if (is_account_key(record.kind))
    return decision::reject(errc::invalid_token,
                            "an account key is not revoked by a logout; rotate it instead");
  if (record.revoked) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  auto* r = e.mutable_access_token_revoked();
  r->set_user_id(record.user_id);
  r->set_token_sha256(std::string(sha256_hex));
  r->set_expires_at_ms(record.expires_at_ms);
  r->set_reason(std::string(reason));
  return decision::accept(std::move(e));
}

}  // namespace reel::domain
