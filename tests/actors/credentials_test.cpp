// Credentials through the accounts module (domain/accounts/credentials.h): account keys,
// session tokens with their lifetime on the injected clock, logout, rotation, an
// operator's revocation, and registrations completed by a retry or by the reactor.
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "actor_fixture.h"
#include "domain/accounts/handle_claim.h"

using namespace reel;
using namespace reel::testing;
using actors::await;

namespace {

// 64 hex digits, distinct per n: the module only ever sees hashes.
std::string hash_of(int n) {
  char out[65];
  std::snprintf(out, sizeof out, "%064x", n);
  return out;
}

constexpr int64_t start_us = 1780315200LL * 1000000;  // 2026-06-01T12:00:00Z
constexpr int64_t day_us = 24LL * 3600 * 1000000;

struct credentials_fixture {
  domain::manual_clock clock{start_us};
  actor_fixture f{setup()};
  int next_hash = 1;

  node_setup setup() {
    node_setup s;
    s.node.clock = &clock;
    s.modules.accounts.session_token_ttl = std::chrono::hours(24);
    return s;
  }
  std::string fresh() { return hash_of(next_hash++); }

  struct account {
    std::string user, key, session;
    domain::credential_ref ref;
  };
  actors::outcome<actors::registered> try_register(const std::string& handle,
                                                   const std::string& session_name,
                                                   const std::string& key,
                                                   const std::string& client_key = "") {
    return await<actors::registered>([&](auto reply) {
      f.accounts().register_user({"", "reg-1", session_name},
                                 {handle, "1990-01-01", key, fresh(), client_key}, reply);
    });
  }
  account registered(const std::string& handle) {
    account a;
    a.key = fresh();
    auto r = try_register(handle, "session-" + handle, a.key);
    BOOST_REQUIRE_MESSAGE(r.ok(), code_of(r));
    a.user = r.value().user_id;
    a.ref = r.value().session;
    a.session = a.ref.sha256;
    return a;
  }
  actors::outcome<actors::login_grant> login(const std::string& credential) {
    return await<actors::login_grant>(
        [&](auto reply) { f.accounts().login(credential, fresh(), reply); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(credentials)

BOOST_AUTO_TEST_CASE(the_account_key_gives_session_tokens_that_expire) {
  credentials_fixture c;
  auto ada = c.registered("ada");
  BOOST_TEST(ada.ref.user_id == ada.user);
  BOOST_TEST(ada.ref.expires_at_ms == start_us / 1000 + 24 * 3600 * 1000);
  BOOST_TEST(c.f.accounts().session_live(ada.ref));

  // The key issues a new session token; a session token logs in as itself.
  auto by_key = c.login(ada.key);
  BOOST_REQUIRE(by_key.ok());
  BOOST_TEST(by_key.value().issued);
  BOOST_TEST(by_key.value().profile.handle == "ada");
  BOOST_TEST(by_key.value().session.sha256 != ada.session);
  auto by_token = c.login(ada.session);
  BOOST_REQUIRE(by_token.ok());
  BOOST_TEST(!by_token.value().issued);
  BOOST_TEST(by_token.value().session.sha256 == ada.session);
  BOOST_TEST(code_of(c.login(c.fresh())) == "invalid_token");
  BOOST_TEST(code_of(c.login("short")) == "invalid_token");

  // A day later the tokens are dead; the key is not.
  c.clock.advance_us(day_us);
  BOOST_TEST(!c.f.accounts().session_live(ada.ref));
  BOOST_TEST(code_of(c.login(ada.session)) == "invalid_token");
  BOOST_TEST(c.login(ada.key).ok());
}

BOOST_AUTO_TEST_CASE(a_logout_revokes_the_token_for_live_sessions_and_logins) {
  credentials_fixture c;
  auto ada = c.registered("ada");
  auto other = c.login(ada.key).value().session;
  auto out = await<actors::done>(
      [&](auto reply) { c.f.accounts().logout(c.f.as(ada.user), ada.ref, reply); });
  BOOST_REQUIRE(out.ok());
  // Answered only once every session's next request would see it.
  BOOST_TEST(!c.f.accounts().session_live(ada.ref));
  BOOST_TEST(code_of(c.login(ada.session)) == "invalid_token");
  BOOST_TEST(c.f.accounts().session_live(other));
  // Twice is fine; another user's token is not this caller's to revoke.
  BOOST_TEST(await<actors::done>([&](auto reply) {
               c.f.accounts().logout(c.f.as(ada.user), ada.ref, reply);
             }).ok());
  auto lin = c.registered("lin");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               c.f.accounts().logout(c.f.as(lin.user), other, reply);
             })) == "invalid_token");
  // The revocation is state of a projection: it survives a restart (sessions are all new
  // after one, and their logins read the store, so only the fold's tail is waited for).
  c.f.restart(c.setup());
  c.f.settle("credential_revocations");
  BOOST_TEST(!c.f.accounts().session_live(ada.ref));
  BOOST_TEST(c.f.accounts().session_live(other));
}

BOOST_AUTO_TEST_CASE(a_rotation_replaces_the_key_and_keeps_sessions) {
  credentials_fixture c;
  auto ada = c.registered("ada");
  auto key = c.fresh();
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  c.f.accounts().rotate_key(c.f.as(ada.user), key, reply);
                }).ok());
  BOOST_TEST(code_of(c.login(ada.key)) == "invalid_token");
  BOOST_TEST(c.login(key).ok());
  BOOST_TEST(c.f.accounts().session_live(ada.ref));
  BOOST_TEST(c.login(ada.session).ok());
}

BOOST_AUTO_TEST_CASE(an_operator_revokes_everything_and_hands_out_a_new_key) {
  credentials_fixture c;
  auto ada = c.registered("ada");
  auto second = c.login(ada.key).value().session;
  auto reset_key = c.fresh();
  // Not for users.
  auto lin = c.registered("lin");
  BOOST_TEST(code_of(await<actors::done>([&](auto reply) {
               c.f.accounts().revoke_credentials(c.f.as(lin.user), ada.user, reset_key, reply);
             })) == "forbidden");
  BOOST_REQUIRE(await<actors::done>([&](auto reply) {
                  c.f.accounts().revoke_credentials(c.f.as_operator(), ada.user, reset_key, reply);
                }).ok());
  BOOST_TEST(!c.f.accounts().session_live(ada.ref));
  BOOST_TEST(!c.f.accounts().session_live(second));
  BOOST_TEST(code_of(c.login(ada.key)) == "invalid_token");
  BOOST_TEST(code_of(c.login(ada.session)) == "invalid_token");
  BOOST_TEST(c.f.accounts().session_live(lin.ref));
  // The new key logs in, and its sessions live under the new epoch.
  auto fresh = c.login(reset_key);
  BOOST_REQUIRE(fresh.ok());
  BOOST_TEST(fresh.value().session.epoch == 1u);
  BOOST_TEST(c.f.accounts().session_live(fresh.value().session));
}

BOOST_AUTO_TEST_CASE(a_client_key_completes_a_registration_from_another_session) {
  credentials_fixture c;
  auto client = c.fresh();
  auto first_key = c.fresh();
  auto first = c.try_register("ada", "session-a", first_key, client);
  BOOST_REQUIRE(first.ok());
  // The reply was lost; the client retries from a new connection with a new key.
  auto second_key = c.fresh();
  auto second = c.try_register("ada", "session-b", second_key, client);
  BOOST_REQUIRE_MESSAGE(second.ok(), code_of(second));
  BOOST_TEST(second.value().user_id == first.value().user_id);
  BOOST_TEST(second.value().retried);
  BOOST_TEST(code_of(c.login(first_key)) == "invalid_token");
  BOOST_TEST(c.login(second_key).ok());
  // Without the client key, from another session, the handle is taken.
  BOOST_TEST(code_of(c.try_register("ada", "session-c", c.fresh())) == "handle_taken");
  // The same client key for another handle, or a day later: refused.
  BOOST_TEST(code_of(c.try_register("bea", "session-d", c.fresh(), client)) == "bad_args");
  c.clock.advance_us(day_us + 1);
  BOOST_TEST(code_of(c.try_register("ada", "session-e", c.fresh(), client)) == "bad_args");
}

BOOST_AUTO_TEST_CASE(a_registration_retry_on_the_same_session_replaces_the_lost_key) {
  credentials_fixture c;
  auto first_key = c.fresh();
  auto first = c.try_register("ada", "session-a", first_key);
  auto second_key = c.fresh();
  auto second = c.try_register("ada", "session-a", second_key);
  BOOST_REQUIRE(first.ok());
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(second.value().user_id == first.value().user_id);
  BOOST_TEST(code_of(c.login(first_key)) == "invalid_token");
  BOOST_TEST(c.login(second_key).ok());
}

BOOST_AUTO_TEST_CASE(a_claim_whose_flow_stopped_is_completed_by_the_reactor) {
  credentials_fixture c;
  // What a registration's flow commits first, the claim, and then nothing more: the node
  // stopped, or the flow's step failed, and the client never retries.
  auto key = c.fresh();
  auto client = c.fresh();
  domain::register_user lost{user_id::from_value(c.f.node().mint()).str(),
                             "ada",
                             "1990-01-01",
                             domain::date_of_unix_ms(start_us / 1000),
                             false,
                             key,
                             client};
  storage::append_request claim;
  claim.stream_id = domain::handle_stream("ada");
  claim.expected_version = storage::no_stream;
  claim.idempotency_key = "register|" + client;  // as the flow keys a client_key's claim
  for (auto& e : domain::claim_handle(lost).events()) claim.events.push_back({e, 0, "reg-1", ""});
  caf::scoped_actor self{c.f.system};
  c.f.node().journal().append(self, std::move(claim));
  self->receive([](actors::appended_atom, storage::append_result& r) { BOOST_REQUIRE(r.ok()); });
  c.f.settle_follow_ups();
  BOOST_TEST(c.f.reactor_now().refused == 0u);
  auto account = c.f.state_of<domain::user_state>(c.f.accounts().users(),
                                                  user_id::parse(lost.user_id)->value());
  BOOST_TEST(account.registered);
  BOOST_TEST(account.handle == "ada");
  auto in = c.login(key);  // the key the lost reply carried works: its stream was written
  BOOST_REQUIRE_MESSAGE(in.ok(), code_of(in));
  BOOST_TEST(in.value().profile.user_id == lost.user_id);
  // A retry after all finds the account and replaces the key, as before.
  auto second_key = c.fresh();
  auto retry = c.try_register("ada", "session-b", second_key, client);
  BOOST_REQUIRE_MESSAGE(retry.ok(), code_of(retry));
  BOOST_TEST(retry.value().user_id == lost.user_id);
  BOOST_TEST(retry.value().retried);
  BOOST_TEST(code_of(c.login(key)) == "invalid_token");
  BOOST_TEST(c.login(second_key).ok());
}

BOOST_AUTO_TEST_CASE(a_registration_beside_the_reactor_finishes_once) {
  // Every registration's flow races the reactor's completion of its claim: neither is
  // refused, the account registers once, and its first reply is not a retry.
  credentials_fixture c;
  for (const char* handle : {"ada", "bea", "cai", "dev"}) {
    auto key = c.fresh();
    auto r = c.try_register(handle, std::string("session-") + handle, key);
    BOOST_REQUIRE_MESSAGE(r.ok(), code_of(r));
    BOOST_TEST(!r.value().retried);
    BOOST_TEST(c.login(key).ok());
    c.f.settle_follow_ups();
    BOOST_TEST(c.f.state_of<domain::user_state>(c.f.accounts().users(),
                                                user_id::parse(r.value().user_id)->value())
                   .version == 1u);
  }
  BOOST_TEST(c.f.reactor_now().refused == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
