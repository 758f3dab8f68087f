// The gateway's limits (docs/reliability.md), each over real sockets: what a hostile or
// careless client can hold, and what it sees when it reaches the limit.
#include <boost/test/unit_test.hpp>

#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "gateway_fixture.h"
#include "support/faulty_file_system.h"

using namespace reel;
using namespace reel::testing;
namespace json = boost::json;

namespace {

// A plain TCP connection that sends nothing.
struct raw_connection {
  net::io_context ioc;
  tcp::socket socket{ioc};
  explicit raw_connection(uint16_t port, int receive_buffer = 0) {
    socket.open(tcp::v4());
    if (receive_buffer > 0)
      setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVBUF, &receive_buffer,
                 sizeof receive_buffer);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  // Whether the server closes it within `wait` (EOF or a reset, not a timeout).
  bool closed_within(std::chrono::milliseconds wait) {
    timeval tv{static_cast<time_t>(wait.count() / 1000),
               static_cast<suseconds_t>((wait.count() % 1000) * 1000)};
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char byte;
    beast::error_code ec;
    socket.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }
};

template <class Predicate>
bool eventually(Predicate p, std::chrono::seconds limit = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!p()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_limits)

BOOST_AUTO_TEST_CASE(the_connection_cap_counts_raw_tcp_connections_too) {
  gateway::gateway_options o;
  o.max_connections = 2;
  gateway_fixture f(o);
  raw_connection a(f.port), b(f.port);
  BOOST_REQUIRE(eventually([&] { return f.server->open_connections() == 2; }));
  raw_connection c(f.port);
  BOOST_TEST(c.closed_within(std::chrono::seconds(5)));
  BOOST_TEST(f.server->metrics().connections_refused.load() == 1u);
  // Once one goes, there is room again: a WebSocket session works.
  a.socket.close();
  BOOST_REQUIRE(eventually([&] { return f.server->open_connections() == 1; }));
  ws_client ok(f.port);
  BOOST_TEST(code_of(ok.call("ping")) == "ok");
}

BOOST_AUTO_TEST_CASE(one_address_holds_at_most_its_cap) {
  gateway::gateway_options o;
  o.max_connections_per_ip = 2;
  gateway_fixture f(o);
  ws_client a(f.port), b(f.port);
  raw_connection c(f.port);
  BOOST_TEST(c.closed_within(std::chrono::seconds(5)));
  BOOST_TEST(f.server->metrics().connections_refused_per_ip.load() == 1u);
  BOOST_TEST(code_of(a.call("ping")) == "ok");
}

BOOST_AUTO_TEST_CASE(a_session_that_does_not_log_in_in_time_is_closed_with_1008) {
  gateway::gateway_options o;
  o.login_timeout = std::chrono::seconds(1);
  gateway_fixture f(o);
  ws_client idle(f.port);
  BOOST_TEST(code_of(idle.call("ping")) == "ok");  // pings do not count as logging in
  BOOST_TEST(idle.read_until_closed() == 1008);
  BOOST_TEST(f.server->metrics().login_timeouts.load() == 1u);
  // A connection that never even sends its HTTP request goes at the same deadline.
  raw_connection silent(f.port);
  BOOST_TEST(silent.closed_within(std::chrono::seconds(10)));
  // Signing up counts as logging in: that session stays.
  auto ada = f.registered("ada");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  BOOST_TEST(code_of(ada.client->call("ping")) == "ok");
}

BOOST_AUTO_TEST_CASE(an_account_has_at_most_its_sessions) {
  gateway::gateway_options o;
  o.max_sessions_per_user = 2;
  gateway_fixture f(o);
  auto ada = f.registered("ada");  // the first session
  ws_client second(f.port);
  BOOST_TEST(code_of(second.call("auth.login", {{"token", ada.token}})) == "ok");
  ws_client third(f.port);
  auto refused = third.call("auth.login", {{"token", ada.token}});
  BOOST_TEST(code_of(refused) == "too_many_sessions");
  // The refused session stays logged out; once another goes, it may log in.
  ada.client.reset();
  BOOST_TEST(eventually([&] {
    return code_of(third.call("auth.login", {{"token", ada.token}})) == "ok";
  }));
}

BOOST_AUTO_TEST_CASE(replies_quote_a_short_prefix_of_what_the_client_sent) {
  gateway_fixture f;
  ws_client c(f.port);
  std::string huge(60000, 'x');
  auto r = c.call(huge);
  BOOST_TEST(code_of(r) == "unknown_op");
  auto message = std::string(r.at("error").at("message").as_string());
  BOOST_TEST(message.size() < 100u);
  BOOST_TEST(message.find("xxxx...") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_write_that_never_drains_drops_the_connection) {
  gateway::gateway_options o;
  o.write_timeout = std::chrono::seconds(1);
  o.max_outbound_bytes = size_t{256} << 20;  // the budget is not what stops it here
  o.rate_per_s = 1e6;
  o.burst = 1e6;
  gateway_fixture f(o);
  auto ada = f.registered("ada");
  // Fill the socket buffers with replies the client never reads.
  std::string big_id(120, 'i');
  auto& stream = ada.client->stream();
  for (int i = 0; i < 200000 && f.server->metrics().stalled_writes_dropped.load() == 0; ++i) {
    beast::error_code ec;
    stream.write(net::buffer(R"({"id":")" + big_id + std::to_string(i) + R"(","op":"ping"})"), ec);
    if (ec) break;
  }
  BOOST_TEST(eventually([&] { return f.server->metrics().stalled_writes_dropped.load() == 1u; }));
  BOOST_TEST(eventually([&] { return f.server->open_connections() == 0; }));
}

// Pushes wait behind a write that does not drain; past the push queue, the oldest go, and
// the next push delivered says how many were missed.
BOOST_AUTO_TEST_CASE(a_full_push_queue_drops_the_oldest_and_says_so) {
  gateway::gateway_options o;
  o.max_queued_pushes = 4;
  o.write_timeout = std::chrono::seconds(120);
  o.max_outbound_bytes = size_t{256} << 20;
  o.rate_per_s = 1e6;
  o.burst = 1e6;
  o.video_requests_per_s = 0;  // the notifications come from a like loop
  gateway_fixture f(o);
  auto lin = f.registered("lin");
  auto ada_user = f.registered("ada");
  ws_client ada(f.port, 64 << 10);
  BOOST_REQUIRE(code_of(ada.call("auth.login", {{"token", ada_user.token}})) == "ok");
  BOOST_REQUIRE(code_of(ada.call("subscribe", {{"topics", json::array{"notifications"}}})) == "ok");
  auto published = ada.call("video.publish",
                            {{"title", "t"}, {"topics", json::array{"a"}}, {"duration_ms", 5000}});
  BOOST_REQUIRE(published.at("ok").as_bool());
  auto video = std::string(published.at("result").at("video_id").as_string());
  // Ada stops reading: 7 MB of replies fill her small receive buffer and the server's send
  // buffer (at most 4 MiB by default) and queue behind them.
  std::string big_id(120, 'i');
  const int pings = 40000;
  const auto frames_before = f.server->metrics().frames_in.load();
  for (int i = 0; i < pings; ++i)
    ada.send(R"({"id":")" + big_id + std::to_string(i) + R"(","op":"ping"})");
  BOOST_REQUIRE(
      eventually([&] { return f.server->metrics().frames_in.load() >= frames_before + pings; }));
  // Then 30 notifications, a like each.
  for (int i = 0; i < 30; ++i) {
    BOOST_REQUIRE(code_of(lin.client->call("video.like", {{"video_id", video}})) == "ok");
    BOOST_REQUIRE(code_of(lin.client->call("video.unlike", {{"video_id", video}})) == "ok");
  }
  BOOST_REQUIRE(eventually([&] { return f.server->metrics().pushes.load() >= 30u; }));
  // Ada reads everything: every ping's reply, and of the pushes at most the queue's, one of
  // them with the count of those dropped.
  int replies = 0;
  size_t delivered = 0;
  uint64_t missed = 0;
  while (replies < pings || missed + delivered < 30) {
    auto frame = ada.read();
    if (!frame.contains("push")) {
      ++replies;
      continue;
    }
    ++delivered;
    if (frame.contains("missed")) missed += frame.at("missed").as_int64();
  }
  BOOST_TEST(missed + delivered == 30u);
  BOOST_TEST(delivered <= 5u);
  BOOST_TEST(f.server->metrics().pushes_dropped.load() == missed);
}

// Shutdown with work in flight: a backup being written, requests unanswered, pushes queued.
// Under ASan this is where a destroyed server would be touched.
BOOST_AUTO_TEST_CASE(shutting_down_with_a_backup_and_requests_in_flight_is_clean) {
  tools::node_setup r;
  temp_dir backups;
  r.modules.backup_dir = backups.path();
  gateway_fixture f({}, r);
  auto op = f.operator_user("root");
  auto lin = f.registered("lin");
  BOOST_REQUIRE(code_of(op.client->call("subscribe", {{"topics", json::array{"notifications"}}})) ==
                "ok");
  op.client->send(R"({"id":"b1","op":"admin.backup","args":{}})");
  for (int i = 0; i < 50; ++i)
    lin.client->send(R"({"id":)" + std::to_string(i) +
                     R"(,"op":"user.follow","args":{"user_id":")" + op.id + R"("}})");
  f.stop();  // the fixture's destructor would too; here it runs while all of that is in flight
  BOOST_TEST(f.store == nullptr);
}

// The admin listener answers probes while the public port is full, serves nothing else,
// and takes /metrics off the public port.
BOOST_AUTO_TEST_CASE(the_admin_listener_answers_health_while_the_public_port_is_full) {
  gateway::gateway_options o;
  o.max_connections = 2;
  o.admin_address = "127.0.0.1";
  gateway_fixture f(o);
  uint16_t admin = f.server->admin_port();
  BOOST_REQUIRE(admin != 0 && admin != f.port);
  std::vector<std::unique_ptr<ws_client>> holders;
  for (int i = 0; i < 2; ++i) holders.push_back(std::make_unique<ws_client>(f.port));
  int status = 0;
  auto health = json::parse(http_get(admin, "/healthz", &status)).as_object();
  BOOST_TEST(status == 200);
  BOOST_TEST(health.at("connections").as_int64() == 2);  // the public port's
  http_get(admin, "/metrics", &status);
  BOOST_TEST(status == 200);
  BOOST_CHECK_THROW(ws_client{admin}, std::exception);  // no WebSocket there
  holders.clear();
  for (int i = 0; i < 200 && f.server->open_connections() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  http_get(f.port, "/metrics", &status);
  BOOST_TEST(status == 404);
  http_get(f.port, "/healthz", &status);
  BOOST_TEST(status == 200);
}

// Sign-ups per address: loopback is exempt by default (test suites register thousands);
// asked to, the gateway limits it like any address. Reserved handles are refused.
BOOST_AUTO_TEST_CASE(sign_ups_per_address_are_limited_and_reserved_handles_refused) {
  gateway::gateway_options o;
  o.registrations_per_ip_per_hour = 1;
  o.registration_burst = 2;
  o.limit_loopback_registrations = true;
  gateway_fixture f(o);
  ws_client c(f.port);
  auto reserved = c.call("auth.register", {{"handle", "adm1n"}, {"birthdate", "1990-01-01"}});
  BOOST_TEST(code_of(reserved) == "invalid_handle");  // counted: the bucket is per attempt
  f.registered("ada");
  ws_client late(f.port);
  auto refused = late.call("auth.register", {{"handle", "bob"}, {"birthdate", "1990-01-01"}});
  BOOST_TEST(code_of(refused) == "rate_limited");
  // The session stays open and can log in with an account it already has.
  BOOST_TEST(code_of(late.call("ping")) == "ok");

  gateway_fixture exempt;  // the default: loopback sign-ups are not limited
  for (int i = 0; i < 30; ++i) exempt.registered("user" + std::to_string(i));
}

// A full disk: writes fail with storage_failure (retry with the same id), /healthz says 503
// and why, reads keep working; once space is back both recover with no restart.
BOOST_AUTO_TEST_CASE(a_full_disk_is_503_on_healthz_until_space_is_back) {
  gateway_fixture f;
  auto fs = std::make_shared<faulty_file_system>();
  f.file_system = fs;
  f.restart();
  auto ada = f.registered("ada");
  auto bob = f.registered("bob");
  // What is committed is indexed before the disk fills (an index write still pending
  // would be retried meanwhile, and reads that need it would fail until space is back).
  f.store->stream_head(bob.id);

  fs->disk_full = true;
  auto refused = ada.client->call("user.follow", {{"user_id", bob.id}}, "follow-1");
  BOOST_TEST(code_of(refused) == "storage_failure");
  int status = 0;
  auto health = json::parse(http_get(f.port, "/healthz", &status)).as_object();
  BOOST_TEST(status == 503);
  BOOST_TEST(health.at("status").as_string() == "unavailable");
  BOOST_TEST(health.at("store").at("state").as_string() == "unavailable");
  BOOST_TEST(std::string(health.at("store").at("reason").as_string()).find("No space") !=
             std::string::npos);
  BOOST_TEST(http_get(f.port, "/metrics").find("reel_store_unavailable 1") != std::string::npos);
  auto read = ada.client->call("user.get", {{"user_id", bob.id}});
  BOOST_TEST(code_of(read) == "ok", json::serialize(read));

  fs->disk_full = false;
  for (int i = 0; i < 500 && status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    health = json::parse(http_get(f.port, "/healthz", &status)).as_object();
  }
  BOOST_TEST(status == 200);
  BOOST_TEST(health.at("store").at("state").as_string() == "serving");
  // The retry (same id) now commits.
  BOOST_TEST(code_of(ada.client->call("user.follow", {{"user_id", bob.id}}, "follow-1")) == "ok");
}

BOOST_AUTO_TEST_SUITE_END()
