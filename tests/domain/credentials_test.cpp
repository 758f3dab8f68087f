// The credential rules (domain/accounts/credentials.h) and the user's side of them.
#include <boost/test/unit_test.hpp>

#include "domain/accounts/credentials.h"
#include "domain/accounts/user.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

const std::string key_a(64, 'a'), key_b(64, 'b'), token(64, 'c');
constexpr int64_t now = 1'780'315'200'000;
constexpr int64_t day = 24LL * 3600 * 1000;

credential_record record_of(decision d) {
  return read_credential(std::move(d).events());
}

user_state account_with_key(const std::string& key) {
  user_state s;
  register_user r{"usr_A", "ada", "1990-01-01", {2026, 6, 1}};
  r.account_key_sha256 = key;
  BOOST_REQUIRE(run(s, r).ok());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(credential_rules)

BOOST_AUTO_TEST_CASE(an_account_key_logs_in_while_it_is_the_accounts_key) {
  auto s = account_with_key(key_a);
  auto key = record_of(issue_account_key("usr_A", key_a, 0));
  BOOST_TEST(!check_login(key, key_a, credentials_of(s), now));
  BOOST_TEST(!check_login(key, key_a, credentials_of(s), now + 1000 * day));  // never expires
  BOOST_REQUIRE(run(s, set_account_key{key_b, 0, "rotated"}).ok());
  BOOST_TEST(s.key_generation == 1u);
  BOOST_TEST(check_login(key, key_a, credentials_of(s), now)->code == errc::invalid_token);
  auto next = record_of(issue_account_key("usr_A", key_b, 0));
  BOOST_TEST(!check_login(next, key_b, credentials_of(s), now));
  // Nothing logs in to an account that is not registered, or with no such credential.
  BOOST_TEST(check_login(next, key_b, account_credentials{}, now).has_value());
  BOOST_TEST(check_login(credential_record{}, key_b, credentials_of(s), now).has_value());
}

BOOST_AUTO_TEST_CASE(old_tokens_are_keys_until_a_rotation_or_a_revocation) {
  auto s = account_with_key("");  // registered before account keys
  credential_record legacy{true, "usr_A", events::CREDENTIAL_KIND_UNSPECIFIED, 0, 0, false};
  BOOST_TEST(!check_login(legacy, key_a, credentials_of(s), now));
  auto revoked = s;
  BOOST_REQUIRE(run(revoked, revoke_credentials{"usr_OP", 0, ""}).ok());
  BOOST_TEST(check_login(legacy, key_a, credentials_of(revoked), now).has_value());
  BOOST_REQUIRE(run(s, set_account_key{key_b, 0, "rotated"}).ok());
  BOOST_TEST(check_login(legacy, key_a, credentials_of(s), now).has_value());
}

BOOST_AUTO_TEST_CASE(session_tokens_expire_and_a_logout_revokes_them) {
  auto s = account_with_key(key_a);
  BOOST_TEST(code_of(issue_session_token("usr_A", token, 0, now, 1000)) == "bad_args");
  BOOST_TEST(code_of(issue_session_token("usr_A", "nothex", 0, now, day)) == "invalid_token");
  auto issued = record_of(issue_session_token("usr_A", token, 0, now, day));
  BOOST_TEST(issued.expires_at_ms == now + day);
  BOOST_TEST(!check_login(issued, token, credentials_of(s), now + day - 1));
  BOOST_TEST(check_login(issued, token, credentials_of(s), now + day).has_value());

  auto first = issue_session_token("usr_A", token, 0, now, day).events();
  auto logout = revoke_session_token(read_credential(first), token, "logout");
  BOOST_REQUIRE(logout.ok());
  BOOST_REQUIRE(logout.events().size() == 1u);
  first.push_back(logout.events().front());
  auto revoked = read_credential(first);
  BOOST_TEST(revoked.revoked);
  BOOST_TEST(check_login(revoked, token, credentials_of(s), now).has_value());
  // Twice is nothing to append; an account key is never revoked by a logout.
  auto again = revoke_session_token(revoked, token, "logout");
  BOOST_TEST(again.ok());
  BOOST_TEST(again.events().empty());
  auto key = record_of(issue_account_key("usr_A", key_a, 0));
  BOOST_TEST(code_of(revoke_session_token(key, key_a, "logout")) == "invalid_token");
}

BOOST_AUTO_TEST_CASE(an_operators_revocation_ends_every_credential_of_the_older_epoch) {
  auto s = account_with_key(key_a);
  auto session = record_of(issue_session_token("usr_A", token, 0, now, day));
  BOOST_TEST(code_of(run(s, revoke_credentials{"usr_OP", 1, key_b})) == "conflict");
  BOOST_REQUIRE(run(s, revoke_credentials{"usr_OP", 0, key_b}).ok());
  BOOST_TEST(s.credential_epoch == 1u);
  BOOST_TEST(check_login(session, token, credentials_of(s), now).has_value());
  BOOST_TEST(
      check_login(record_of(issue_account_key("usr_A", key_a, 0)), key_a, credentials_of(s), now)
          .has_value());
  // The reset key is issued under the new epoch and logs in; a rotation racing with the
  // revocation (issued under the old epoch) is refused.
  BOOST_TEST(
      !check_login(record_of(issue_account_key("usr_A", key_b, 1)), key_b, credentials_of(s), now));
  BOOST_TEST(code_of(run(s, set_account_key{key_a, 0, "rotated"})) == "conflict");
}

BOOST_AUTO_TEST_SUITE_END()
