// The gateway over real sockets: the protocol's flow, its errors, and its limits.
#include <boost/test/unit_test.hpp>

#include <future>
#include <thread>

#include "gateway/ops/op_table.h"
#include "gateway_fixture.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::testing;
namespace json = boost::json;

BOOST_AUTO_TEST_SUITE(gateway_protocol)

BOOST_AUTO_TEST_CASE(register_login_follow_publish_view_like) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  auto lin = f.registered("lin");

  // A second connection logs in with the token.
  ws_client again(f.port);
  auto login = again.call("auth.login", {{"token", ada.token}});
  BOOST_REQUIRE(login.at("ok").as_bool());
  BOOST_TEST(login.at("result").at("user_id").as_string() == ada.id);
  BOOST_TEST(login.at("result").at("handle").as_string() == "ada");
  BOOST_TEST(code_of(again.call("auth.login", {{"token", lin.token}})) == "already_logged_in");
  // The same login again (a retry after a lost reply) is ok, and still the same user.
  auto retried = again.call("auth.login", {{"token", ada.token}});
  BOOST_TEST(code_of(retried) == "ok");
  BOOST_TEST(retried.at("result").at("user_id").as_string() == ada.id);
  auto subscribed = again.call("subscribe", {{"topics", json::array{"notifications"}}});
  BOOST_TEST(code_of(subscribed) == "ok");
  BOOST_TEST(code_of(again.call("subscribe", {{"topics", json::array{"gossip"}}})) == "bad_args");

  BOOST_TEST(code_of(lin.client->call("user.follow", {{"user_id", ada.id}})) == "ok");
  auto published = again.call("video.publish", {{"title", "Why the sky is blue"},
                                                {"topics", json::array{"physics"}},
                                                {"duration_ms", 42000},
                                                {"stem", true}});
  BOOST_REQUIRE_MESSAGE(published.at("ok").as_bool(), json::serialize(published));
  auto video = std::string(published.at("result").at("video_id").as_string());
  BOOST_TEST(code_of(lin.client->call("video.view", {{"video_id", video}, {"watch_ms", 42000}})) ==
             "ok");
  BOOST_TEST(code_of(lin.client->call("video.like", {{"video_id", video}})) == "ok");
  auto comment = lin.client->call("video.comment", {{"video_id", video}, {"text", "lovely"}});
  BOOST_TEST(code_of(comment) == "ok");

  // Ada hears of each, pushed as it commits.
  auto followed = again.next_push();
  BOOST_TEST(followed.at("push").as_string() == "notifications");
  BOOST_TEST(followed.at("data").at("kind").as_string() == "followed");
  BOOST_TEST(followed.at("data").at("from_user").as_string() == lin.id);
  auto liked = again.next_push();
  BOOST_TEST(liked.at("data").at("kind").as_string() == "liked");
  BOOST_TEST(liked.at("data").at("video_id").as_string() == video);
  auto commented = again.next_push();
  BOOST_TEST(commented.at("data").at("kind").as_string() == "commented");
  BOOST_TEST(commented.at("data").at("text").as_string() == "lovely");

  auto got = lin.client->call("video.get", {{"video_id", video}});
  BOOST_REQUIRE(got.at("ok").as_bool());
  BOOST_TEST(got.at("result").at("views").as_int64() == 1);
  BOOST_TEST(got.at("result").at("likes").as_int64() == 1);
  BOOST_TEST(got.at("result").at("comments").as_int64() == 1);
  BOOST_TEST(got.at("result").at("title").as_string() == "Why the sky is blue");

  // Counts come from a projection: wait until it has the follow and the video.
  for (int i = 0; i < 200; ++i) {
    auto profile = lin.client->call("user.get", {{"user_id", ada.id}});
    BOOST_REQUIRE(profile.at("ok").as_bool());
    if (profile.at("result").at("followers").as_int64() == 1 &&
        profile.at("result").at("videos").as_int64() == 1)
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_FAIL("the profile counts never showed the follow and the video");
}

BOOST_AUTO_TEST_CASE(every_protocol_error_keeps_the_connection_open) {
  gateway_fixture f;
  ws_client c(f.port);
  auto expect = [&](const std::string& frame, const std::string& code) {
    c.send(frame);
    auto reply = c.read();
    BOOST_TEST(code_of(reply) == code, frame << " -> " << json::serialize(reply));
    BOOST_TEST(code_of(c.call("ping")) == "ok");  // still open
    return reply;
  };
  expect("{not json", "bad_json");
  expect("[1,2]", "bad_request");
  expect(R"({"op":"ping"})", "bad_request");
  expect(R"({"id":{"a":1},"op":"ping"})", "bad_request");
  auto unknown = expect(R"({"id":"x-1","op":"video.teleport","args":{}})", "unknown_op");
  BOOST_TEST(unknown.at("id").as_string() == "x-1");  // the id is echoed
  auto unauth = expect(R"({"id":7,"op":"user.follow","args":{"user_id":"usr_0000000000001"}})",
                       "unauthenticated");
  BOOST_TEST(unauth.at("id").as_int64() == 7);
  expect(R"({"id":8,"op":"auth.register","args":{"handle":12,"birthdate":"1990-01-01"}})",
         "bad_args");
  auto missing =
      expect(R"({"id":9,"op":"auth.register","args":{"birthdate":"1990-01-01"}})", "bad_args");
  BOOST_TEST(std::string(missing.at("error").at("message").as_string()).find("args.handle") !=
             std::string::npos);
  expect(R"({"id":10,"op":"auth.login","args":{"token":"rt_nope"}})", "invalid_token");
  expect(R"({"id":11,"op":"auth.register","args":{"handle":"kid","birthdate":"2020-01-01"}})",
         "age_restricted");
  c.send("binary bytes", true);
  BOOST_TEST(code_of(c.read()) == "bad_frame");
  BOOST_TEST(code_of(c.call("ping")) == "ok");

  auto ada = f.registered("ada");
  auto forbidden =
      ada.client->call("admin.grant_role", {{"user_id", ada.id}, {"role", "moderator"}});
  BOOST_TEST(code_of(forbidden) == "forbidden");
  auto bad_id = ada.client->call("user.follow", {{"user_id", "vid_0000000000001"}});
  BOOST_TEST(code_of(bad_id) == "invalid_id");
  auto bad_video = ada.client->call(
      "video.publish", {{"title", "t"}, {"topics", json::array{}}, {"duration_ms", 10}});
  BOOST_TEST(code_of(bad_video) == "invalid_duration");
  auto political = ada.client->call("video.publish", {{"title", "vote"},
                                                      {"topics", json::array{}},
                                                      {"duration_ms", 5000},
                                                      {"is_ad", true},
                                                      {"political", true}});
  BOOST_TEST(code_of(political) == "political_ads_not_allowed");
}

BOOST_AUTO_TEST_CASE(feeds_serve_pages_with_reasons_and_cursors) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  auto bob = f.registered("bob");
  auto lin = f.registered("lin");
  // Two creators: a page never shows two videos of one creator in a row.
  for (int k = 0; k < 4; ++k) {
    auto& creator = k % 2 ? bob : ada;
    auto published = creator.client->call("video.publish", {{"title", "clip " + std::to_string(k)},
                                                            {"topics", json::array{"cats"}},
                                                            {"duration_ms", 5000},
                                                            {"stem", k == 0}});
    BOOST_REQUIRE_MESSAGE(published.at("ok").as_bool(), json::serialize(published));
  }
  auto page = lin.client->call("feed.for_you", {{"limit", 2}});
  BOOST_REQUIRE_MESSAGE(page.at("ok").as_bool(), json::serialize(page));
  const auto& items = page.at("result").at("items").as_array();
  BOOST_REQUIRE(items.size() == 2u);
  for (const auto& item : items) {
    BOOST_TEST(item.at("creator_id").as_string().starts_with("crt_"));
    BOOST_TEST(item.at("topics").as_array().at(0).as_string() == "cats");
    BOOST_TEST(!item.at("reason").as_string().empty());
  }
  auto rest = lin.client->call("feed.for_you", {{"limit", 5}});
  BOOST_REQUIRE(rest.at("ok").as_bool());
  BOOST_TEST(rest.at("result").at("items").as_array().size() == 2u);  // never the same twice

  auto following = lin.client->call("feed.following", json::object{});
  BOOST_REQUIRE(following.at("ok").as_bool());
  BOOST_TEST(following.at("result").at("items").as_array().empty());
  BOOST_TEST(following.at("result").at("cursor").is_null());
  auto stem = lin.client->call("feed.stem", json::object{});
  BOOST_TEST(stem.at("result").at("items").as_array().size() == 1u);
  BOOST_TEST(code_of(lin.client->call("feed.trending", {{"limit", 51}})) == "bad_args");
  BOOST_TEST(code_of(lin.client->call("feed.trending", {{"cursor", "x"}})) == "invalid_cursor");
  BOOST_TEST(code_of(lin.client->call("feed.trending", {{"cursor", 7}})) == "bad_args");
}

BOOST_AUTO_TEST_CASE(operators_grant_roles) {
  gateway_fixture f;
  auto op = f.operator_user("boss");
  auto& c = *op.client;
  auto ada = f.registered("ada");
  BOOST_TEST(code_of(c.call("admin.grant_role", {{"user_id", ada.id}, {"role", "moderator"}})) ==
             "ok");
  BOOST_TEST(code_of(c.call("admin.grant_role", {{"user_id", ada.id}, {"role", "wizard"}})) ==
             "bad_args");
  BOOST_TEST(code_of(c.call("admin.rebuild_projection", {{"name", "feeds"}})) == "ok");
  BOOST_TEST(code_of(c.call("admin.rebuild_projection", {{"name", "nope"}})) ==
             "unknown_projection");
  BOOST_TEST(code_of(ada.client->call("admin.rebuild_projection", {{"name", "feeds"}})) ==
             "forbidden");
}

BOOST_AUTO_TEST_CASE(operators_take_online_backups_that_open_with_the_log) {
  temp_dir backups;
  tools::node_setup with_backups;
  with_backups.modules.backup_dir = backups.path() / "reel";
  gateway_fixture f({}, with_backups);
  auto op = f.operator_user("boss");
  auto& c = *op.client;
  auto ada = f.registered("ada");
  BOOST_TEST(code_of(ada.client->call("admin.backup", json::object{})) == "forbidden");

  std::vector<std::string> paths;
  for (int i = 0; i < 2; ++i) {
    auto made = c.call("admin.backup", json::object{});
    BOOST_REQUIRE(made.at("ok").as_bool());
    paths.emplace_back(made.at("result").at("path").as_string());
    uint64_t head = made.at("result").at("global_head").to_number<uint64_t>();
    BOOST_TEST(head >= 4u);  // two registrations, two events each, at least
    auto copy = testing::open_rocksdb_store(paths.back());
    BOOST_TEST(copy->global_head() >= head);
    BOOST_TEST(testing::scan_count(*copy) == copy->global_head());
  }
  BOOST_TEST(paths[0] != paths[1]);
  BOOST_TEST(std::filesystem::path(paths[0]).parent_path() == backups.path() / "reel");
}

BOOST_AUTO_TEST_CASE(a_node_without_a_backup_folder_says_so) {
  gateway_fixture f;
  auto op = f.operator_user("boss");
  auto refused = op.client->call("admin.backup", json::object{});
  BOOST_TEST(code_of(refused) == "unavailable");
  BOOST_TEST(std::string(refused.at("error").at("message").as_string()).find("--backup-dir") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_retried_request_commits_once_and_gets_the_same_reply) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  auto lin = f.registered("lin");
  auto head = f.store->global_head();
  auto first = lin.client->call("user.follow", {{"user_id", ada.id}}, "req-42");
  auto retry = lin.client->call("user.follow", {{"user_id", ada.id}}, "req-42");
  BOOST_TEST(code_of(first) == "ok");
  BOOST_TEST(code_of(retry) == "ok");
  BOOST_TEST(retry.at("result").at("replayed").as_bool());
  BOOST_TEST(f.store->global_head() == head + 1);
  auto video = lin.client->call(
      "video.publish", {{"title", "t"}, {"topics", json::array{}}, {"duration_ms", 5000}}, 5);
  auto video_again = lin.client->call(
      "video.publish", {{"title", "t"}, {"topics", json::array{}}, {"duration_ms", 5000}}, 5);
  BOOST_TEST(video.at("result").at("video_id") == video_again.at("result").at("video_id"));
}

BOOST_AUTO_TEST_CASE(requests_past_the_rate_limit_are_refused_without_closing) {
  gateway::gateway_options o;
  o.rate_per_s = 1;
  o.burst = 3;
  gateway_fixture f(o);
  ws_client c(f.port);
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    c.send(R"({"id":)" + std::to_string(i) + R"(,"op":"ping"})");
    if (code_of(c.read()) == "rate_limited") ++limited;
  }
  BOOST_TEST(limited >= 6);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST(code_of(c.call("ping")) == "ok");
}

BOOST_AUTO_TEST_CASE(an_oversized_frame_closes_with_1009) {
  gateway::gateway_options o;
  o.read_message_max = 1024;
  gateway_fixture f(o);
  ws_client c(f.port);
  c.send(R"({"id":1,"op":"ping","args":{"pad":")" + std::string(2000, 'x') + "\"}}");
  BOOST_TEST(c.read_until_closed() == 1009, c.last_error);
}

BOOST_AUTO_TEST_CASE(a_client_that_stops_reading_is_closed_with_1008) {
  gateway::gateway_options o;
  o.max_outbound_bytes = 4096;
  o.rate_per_s = 1e6;
  o.burst = 1e6;
  gateway_fixture f(o);
  ws_client c(f.port);
  // Fill the socket buffers with replies the client does not read.
  std::string big_id(120, 'i');
  for (int i = 0; i < 60000; ++i) {
    beast::error_code ec;
    c.stream().write(net::buffer(R"({"id":")" + big_id + std::to_string(i) + R"(","op":"ping"})"),
                     ec);
    if (ec) break;
    if (f.server->metrics().slow_consumers_closed.load() > 0) break;
  }
  for (int i = 0; i < 200 && f.server->metrics().slow_consumers_closed.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  BOOST_TEST(f.server->metrics().slow_consumers_closed.load() == 1u);
  BOOST_TEST(c.read_until_closed() == 1008);
}

BOOST_AUTO_TEST_CASE(a_restart_keeps_every_acknowledged_write) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  auto published = ada.client->call(
      "video.publish", {{"title", "kept"}, {"topics", json::array{"a"}}, {"duration_ms", 5000}});
  BOOST_REQUIRE(published.at("ok").as_bool());
  auto video = std::string(published.at("result").at("video_id").as_string());
  BOOST_REQUIRE(code_of(ada.client->call("video.like", {{"video_id", video}})) == "ok");
  ada.client.reset();
  f.restart();
  ws_client c(f.port);
  BOOST_REQUIRE(c.call("auth.login", {{"token", ada.token}}).at("ok").as_bool());
  auto got = c.call("video.get", {{"video_id", video}});
  BOOST_REQUIRE(got.at("ok").as_bool());
  BOOST_TEST(got.at("result").at("likes").as_int64() == 1);
  BOOST_TEST(got.at("result").at("title").as_string() == "kept");
}

BOOST_AUTO_TEST_CASE(shutdown_answers_what_is_in_flight_then_closes_with_1001) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  ada.client->send(
      R"({"id":"last","op":"video.publish","args":{"title":"t","topics":[],"duration_ms":5000}})");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto stopping = std::async(std::launch::async, [&] { f.server->stop(); });
  auto reply = ada.client->reply_to("last");
  BOOST_TEST(code_of(reply) == "ok");
  BOOST_TEST(ada.client->read_until_closed() == 1001);
  stopping.get();
  BOOST_TEST(f.store->read_stream(std::string(reply.at("result").at("video_id").as_string()), 1, 1)
                 .size() == 1u);
}

// A minor's account cannot be found by its age: age band and roles are the user's own,
// and moderators' and operators'.
BOOST_AUTO_TEST_CASE(age_bands_and_roles_are_private) {
  gateway_fixture f;
  auto teen = f.registered("teen", "2012-06-01");
  auto bob = f.registered("bob");
  auto op = f.operator_user("root");
  auto seen_by_bob = bob.client->call("user.get", {{"user_id", teen.id}});
  BOOST_REQUIRE(code_of(seen_by_bob) == "ok");
  const auto& stranger_view = seen_by_bob.at("result").as_object();
  BOOST_TEST(stranger_view.at("handle").as_string() == "teen");
  BOOST_TEST(!stranger_view.contains("age_band"));
  BOOST_TEST(!stranger_view.contains("roles"));
  auto own = teen.client->call("user.get", {{"user_id", teen.id}});
  BOOST_TEST(own.at("result").at("age_band").as_string() == "13-15");
  auto staff = op.client->call("user.get", {{"user_id", teen.id}});
  BOOST_TEST(staff.at("result").at("age_band").as_string() == "13-15");
  BOOST_TEST(staff.at("result").at("roles").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(health_and_metrics_over_http) {
  gateway_fixture f;
  auto ada = f.registered("ada");
  BOOST_REQUIRE(code_of(ada.client->call("ping")) == "ok");
  int status = 0;
  auto health = json::parse(http_get(f.port, "/healthz", &status)).as_object();
  BOOST_TEST(status == 200);
  BOOST_TEST(health.at("status").as_string() == "ok");
  // counts, roles, revocations, inbox, feeds, moderation cases, moderation reporters
  BOOST_TEST(health.at("projections").as_array().size() == 7u);
  auto metrics = http_get(f.port, "/metrics", &status);
  BOOST_TEST(status == 200);
  BOOST_TEST(metrics.find("reel_requests_total{op=\"ping\",outcome=\"ok\"} 1") !=
             std::string::npos);
  BOOST_TEST(metrics.find("reel_request_seconds_bucket{op=\"auth.register\"") != std::string::npos);
  BOOST_TEST(metrics.find("reel_projection_lag_events{projection=\"profile_counts\"}") !=
             std::string::npos);
  BOOST_TEST(metrics.find("reel_projection_lag_events{projection=\"feeds\"}") != std::string::npos);
  http_get(f.port, "/nothing", &status);
  BOOST_TEST(status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
