// Accounts over real sockets: account keys and session tokens, logout, expiry on the
// injected clock, revocation of a live session, key rotation, and a registration whose
// reply was lost completed from a new connection.
#include <boost/test/unit_test.hpp>

#include "gateway_fixture.h"

using namespace reel;
using namespace reel::testing;
namespace json = boost::json;

namespace {

constexpr int64_t start_us = 1780315200LL * 1000000;  // 2026-06-01T12:00:00Z
constexpr int64_t day_us = 24LL * 3600 * 1000000;

struct clocked {
  domain::manual_clock clock{start_us};
  tools::node_setup setup() {
    tools::node_setup s;
    s.node.clock = &clock;
    return s;
  }
};

struct accounts_fixture : clocked, gateway_fixture {
  accounts_fixture() : gateway_fixture({}, setup()) {}
};

std::string text(const json::object& reply, const char* field) {
  return std::string(reply.at("result").at(field).as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_accounts)

BOOST_AUTO_TEST_CASE(sessions_log_in_log_out_and_expire) {
  accounts_fixture f;
  ws_client first(f.port);
  auto reg = first.call("auth.register", {{"handle", "ada"}, {"birthdate", "1990-01-01"}});
  BOOST_REQUIRE_MESSAGE(code_of(reg) == "ok", json::serialize(reg));
  auto key = text(reg, "account_key");
  BOOST_TEST(key.substr(0, 3) == "rt_");
  BOOST_TEST(text(reg, "token") == key);  // the old name of the account key
  BOOST_TEST(text(reg, "session_token").substr(0, 3) == "rs_");
  BOOST_TEST(text(reg, "session_expires_at") == "2026-07-01T12:00:00.000Z");  // 30 days

  // A reconnect with the session token holds that same token.
  ws_client second(f.port);
  auto back = second.call("auth.login", {{"token", text(reg, "session_token")}});
  BOOST_REQUIRE(code_of(back) == "ok");
  BOOST_TEST(text(back, "session_token") == text(reg, "session_token"));
  // A login with the key gets a new one.
  ws_client third(f.port);
  auto by_key = third.call("auth.login", {{"token", key}});
  BOOST_REQUIRE(code_of(by_key) == "ok");
  auto third_token = text(by_key, "session_token");
  BOOST_TEST(third_token != text(reg, "session_token"));

  // A logout revokes the token: the session that shared it is refused at its next request,
  // and nobody logs in with it again.
  BOOST_REQUIRE(code_of(second.call("auth.logout")) == "ok");
  BOOST_TEST(code_of(second.call("ping")) == "ok");  // anonymous now: ping is for anyone
  BOOST_TEST(code_of(second.call("feed.trending")) == "unauthenticated");
  BOOST_TEST(code_of(first.call("ping")) == "unauthenticated");  // held the revoked token
  BOOST_TEST(code_of(first.call("user.get", {{"user_id", text(reg, "user_id")}})) ==
             "unauthenticated");
  ws_client fourth(f.port);
  BOOST_TEST(code_of(fourth.call("auth.login", {{"token", text(reg, "session_token")}})) ==
             "invalid_token");
  BOOST_TEST(code_of(third.call("ping")) == "ok");

  // Thirty days on, the third session's token has expired; the key still logs in.
  f.clock.advance_us(30 * day_us);
  BOOST_TEST(code_of(third.call("ping")) == "unauthenticated");
  BOOST_TEST(code_of(fourth.call("auth.login", {{"token", third_token}})) == "invalid_token");
  BOOST_TEST(code_of(fourth.call("auth.login", {{"token", key}})) == "ok");
  BOOST_TEST(code_of(fourth.call("ping")) == "ok");
}

BOOST_AUTO_TEST_CASE(an_operator_revokes_a_live_session_and_a_rotation_retires_the_key) {
  accounts_fixture f;
  auto root = f.operator_user("root");
  auto ada = f.registered("ada");
  BOOST_TEST(code_of(ada.client->call("admin.revoke_tokens", {{"user_id", root.id}})) ==
             "forbidden");
  auto revoked = root.client->call("admin.revoke_tokens", {{"user_id", ada.id}});
  BOOST_REQUIRE_MESSAGE(code_of(revoked) == "ok", json::serialize(revoked));
  BOOST_TEST(code_of(ada.client->call("ping")) == "unauthenticated");
  ws_client again(f.port);
  BOOST_TEST(code_of(again.call("auth.login", {{"token", ada.token}})) == "invalid_token");
  auto reset_key = text(revoked, "account_key");
  BOOST_REQUIRE(code_of(again.call("auth.login", {{"token", reset_key}})) == "ok");

  // The owner rotates the key the operator handed over.
  auto rotated = again.call("auth.rotate_key");
  BOOST_REQUIRE(code_of(rotated) == "ok");
  BOOST_TEST(code_of(again.call("ping")) == "ok");  // the session's token stays valid
  ws_client later(f.port);
  BOOST_TEST(code_of(later.call("auth.login", {{"token", reset_key}})) == "invalid_token");
  BOOST_TEST(code_of(later.call("auth.login", {{"token", text(rotated, "account_key")}})) == "ok");
}

BOOST_AUTO_TEST_CASE(a_lost_registration_reply_is_completed_from_a_new_connection) {
  accounts_fixture f;
  const std::string client_key = "c0ffee-c0ffee-c0ffee-c0ffee";  // 27 base64url characters
  json::object args{{"handle", "ada"}, {"birthdate", "1990-01-01"}, {"client_key", client_key}};
  std::string lost_key, user;
  {
    ws_client gone(f.port);
    auto first = gone.call("auth.register", args);
    BOOST_REQUIRE(code_of(first) == "ok");
    lost_key = text(first, "account_key");
    user = text(first, "user_id");
  }  // the connection dropped before the client read the reply
  ws_client retry(f.port);
  auto second = retry.call("auth.register", args);
  BOOST_REQUIRE_MESSAGE(code_of(second) == "ok", json::serialize(second));
  BOOST_TEST(text(second, "user_id") == user);
  BOOST_TEST(text(second, "account_key") != lost_key);
  BOOST_TEST(code_of(retry.call("ping")) == "ok");
  ws_client other(f.port);
  BOOST_TEST(code_of(other.call("auth.login", {{"token", lost_key}})) == "invalid_token");
  BOOST_TEST(code_of(other.call("auth.login", {{"token", text(second, "account_key")}})) == "ok");
  // A client key that is too short to be random is refused before anything is written.
  ws_client weak(f.port);
  BOOST_TEST(code_of(weak.call("auth.register", {{"handle", "bea"},
                                                 {"birthdate", "1990-01-01"},
                                                 {"client_key", "short"}})) == "bad_args");
}

// user.settings: the defaults of each band, what a band forbids, and the choices kept.
BOOST_AUTO_TEST_CASE(privacy_settings_follow_the_rules_of_the_band) {
  gateway_fixture f;
  auto teen = f.registered("young", "2012-06-01");  // 14 on the test's real date
  auto adult = f.registered("grown");
  auto now = teen.client->call("user.settings");
  BOOST_REQUIRE_MESSAGE(now.at("ok").as_bool(), json::serialize(now));
  BOOST_TEST(json::serialize(now.at("result")) ==
             R"({"private":true,"comments":"friends","duet":"none","stitch":"none",)"
             R"("daily_limit_minutes":60,"timezone":"UTC"})");
  BOOST_TEST(code_of(teen.client->call("user.settings", {{"comments", "everyone"}})) ==
             "setting_not_allowed");
  BOOST_TEST(code_of(teen.client->call("user.settings", {{"daily_limit_minutes", 0}})) ==
             "setting_not_allowed");
  BOOST_TEST(code_of(teen.client->call("user.settings", {{"timezone", "Mars/Olympus"}})) ==
             "invalid_timezone");
  BOOST_TEST(code_of(teen.client->call("user.settings", {{"duet", "sometimes"}})) == "bad_args");
  BOOST_TEST(code_of(teen.client->call("user.settings", {{"daily_limit_minutes", 5000}})) ==
             "bad_args");
  auto chosen = teen.client->call(
      "user.settings", {{"private", false}, {"comments", "none"}, {"timezone", "Europe/London"}});
  BOOST_REQUIRE_MESSAGE(chosen.at("ok").as_bool(), json::serialize(chosen));
  BOOST_TEST(!chosen.at("result").at("private").as_bool());
  BOOST_TEST(chosen.at("result").at("comments").as_string() == "none");
  BOOST_TEST(chosen.at("result").at("timezone").as_string() == "Europe/London");
  // Kept: a second look, from a new connection, says the same.
  ws_client again(f.port);
  BOOST_REQUIRE(code_of(again.call("auth.login", {{"token", teen.token}})) == "ok");
  BOOST_TEST(json::serialize(again.call("user.settings").at("result")) ==
             json::serialize(chosen.at("result")));
  auto grown = adult.client->call("user.settings", {{"comments", "everyone"}});
  BOOST_REQUIRE(grown.at("ok").as_bool());
  BOOST_TEST(json::serialize(grown.at("result")) ==
             R"({"private":false,"comments":"everyone","duet":"everyone","stitch":"everyone",)"
             R"("daily_limit_minutes":0,"timezone":"UTC"})");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gateway_blocks)

BOOST_AUTO_TEST_CASE(neither_side_of_a_block_sees_or_touches_the_others_videos) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  auto lin = f.registered("lin");
  auto bea = f.registered("bea");
  auto publish = [](gateway_fixture::user& u, const char* title) {
    auto r =
        u.client->call("video.publish",
                       {{"title", title}, {"duration_ms", 15000}, {"topics", json::array{"cats"}}});
    BOOST_REQUIRE_MESSAGE(code_of(r) == "ok", json::serialize(r));
    return text(r, "video_id");
  };
  auto adas = publish(ada, "ada's");
  auto lins = publish(lin, "lin's");
  BOOST_REQUIRE(code_of(lin.client->call("user.follow", {{"user_id", ada.id}})) == "ok");
  BOOST_REQUIRE(code_of(ada.client->call("user.block", {{"user_id", lin.id}})) == "ok");

  // Each side, on the other's video: as if it did not exist.
  struct side {
    gateway_fixture::user* who;
    std::string video;
  };
  for (auto [who, video] : {side{&lin, adas}, side{&ada, lins}}) {
    BOOST_TEST_CONTEXT(who->id) {
      auto& c = *who->client;
      BOOST_TEST(code_of(c.call("video.get", {{"video_id", video}})) == "video_not_found");
      BOOST_TEST(code_of(c.call("video.like", {{"video_id", video}})) == "video_not_found");
      BOOST_TEST(code_of(c.call("video.share", {{"video_id", video}})) == "video_not_found");
      BOOST_TEST(code_of(c.call("video.comment", {{"video_id", video}, {"text", "hi"}})) ==
                 "video_not_found");
      for (const char* kind : {"duet_of", "stitch_of"}) {
        BOOST_TEST(code_of(c.call("video.publish", {{"title", "x"},
                                                    {"duration_ms", 15000},
                                                    {"topics", json::array{"cats"}},
                                                    {kind, video}})) == "video_not_found");
      }
    }
  }
  // Neither follows the other (the block ended lin's follow, as its follow-up).
  BOOST_TEST(code_of(lin.client->call("user.follow", {{"user_id", ada.id}})) == "blocked");
  BOOST_TEST(code_of(ada.client->call("user.follow", {{"user_id", lin.id}})) == "blocked");
  // Others are untouched; taking back (unlike, not interested) and reports still work.
  BOOST_TEST(code_of(bea.client->call("video.like", {{"video_id", adas}})) == "ok");
  BOOST_TEST(code_of(lin.client->call("video.not_interested", {{"video_id", adas}})) == "ok");
  // Lifted, everything is back.
  BOOST_REQUIRE(code_of(ada.client->call("user.unblock", {{"user_id", lin.id}})) == "ok");
  BOOST_TEST(code_of(lin.client->call("video.like", {{"video_id", adas}})) == "ok");
  BOOST_TEST(code_of(ada.client->call("video.get", {{"video_id", lins}})) == "ok");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(gateway_honest_counts)

// The loop that once put a video above one 20 real fans liked: 150 rounds of view, like,
// unlike by one account. Returns the spammer's refused and committed requests, and the
// first video of a fresh reader's Trending.
struct loop_outcome {
  int refused = 0, committed = 0;
  bool loved_first = false;
};
loop_outcome like_loop(gateway::gateway_options options) {
  gateway_fixture f(options);
  auto creator = f.registered("maker");
  auto publish = [&](const char* title) {
    auto r = creator.client->call(
        "video.publish",
        {{"title", title}, {"duration_ms", 15000}, {"topics", json::array{"cats"}}});
    BOOST_REQUIRE(code_of(r) == "ok");
    return text(r, "video_id");
  };
  auto loved = publish("loved");
  auto pumped = publish("pumped");
  for (int i = 0; i < 20; ++i) {
    auto fan = f.registered("fan" + std::to_string(i));
    BOOST_REQUIRE(code_of(fan.client->call("video.view",
                                           {{"video_id", loved}, {"watch_ms", 15000}})) == "ok");
    BOOST_REQUIRE(code_of(fan.client->call("video.like", {{"video_id", loved}})) == "ok");
  }
  auto spammer = f.registered("spammer");
  loop_outcome out;
  for (int i = 0; i < 150; ++i) {
    for (const char* op : {"video.view", "video.like", "video.unlike"}) {
      json::object args{{"video_id", pumped}};
      if (std::string(op) == "video.view") args["watch_ms"] = 15000;
      auto code = code_of(spammer.client->call(op, args));
      out.refused += code == "rate_limited";
      out.committed += code == "ok";
    }
  }
  // Trending once the feeds have folded everything (a page is served once per viewer).
  auto head = f.store->global_head();
  BOOST_REQUIRE(actors::await<actors::done>([&](auto reply) {
                  f.rt->modules().admin.projection_reached("feeds", head, reply);
                }).ok());
  auto reader = f.registered("reader");
  auto page = reader.client->call("feed.trending", {{"limit", 10}});
  BOOST_REQUIRE_MESSAGE(code_of(page) == "ok", json::serialize(page));
  const auto& items = page.at("result").at("items").as_array();
  out.loved_first = !items.empty() && items[0].at("video_id").as_string() == loved;
  return out;
}

BOOST_AUTO_TEST_CASE(a_like_loop_no_longer_moves_trending) {
  // Counted honestly: with no rate limit every request commits, and counts once.
  gateway::gateway_options unlimited;
  unlimited.video_requests_per_s = 0;
  auto counted = like_loop(unlimited);
  BOOST_TEST(counted.committed == 450);
  BOOST_TEST(counted.loved_first);
  // With the default limit, the loop runs into it at once; its first requests pass, as a
  // person's would.
  auto limited = like_loop({});
  BOOST_TEST(limited.refused > 400);
  BOOST_TEST(limited.committed >= 3);
  BOOST_TEST(limited.loved_first);
}

BOOST_AUTO_TEST_SUITE_END()
