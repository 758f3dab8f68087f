// reeld as a process: kill -9 during writes loses no acknowledged write; SIGTERM stops it
// cleanly with exit code 0.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <thread>

#include "support/temp_dir.h"
#include "tools/support/reeld_child.h"
#include "ws_client.h"

using namespace reel::testing;
namespace json = boost::json;

namespace {

// A reeld child on a free port (tools/support/reeld_child.h).
struct reeld_process : reel::tools::reeld_child {
  explicit reeld_process(const std::string& data, const std::vector<std::string>& extra = {})
      : reeld_child(REEL_REELD, data, extra) {}
};

std::string read_first_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reeld_process_tests)

BOOST_AUTO_TEST_CASE(kill_9_during_writes_loses_no_acknowledged_write) {
  temp_dir dir;
  auto data = (dir.path() / "data").string();
  std::string token, video;
  int64_t acknowledged = 0;
  std::mt19937 rng(7);
  for (int round = 0; round < 3; ++round) {
    reeld_process reeld(data);
    ws_client c(reeld.port());
    if (round == 0) {
      auto reg = c.call("auth.register", {{"handle", "crashy"}, {"birthdate", "1990-01-01"}});
      BOOST_REQUIRE(reg.at("ok").as_bool());
      token = std::string(reg.at("result").at("token").as_string());
      auto pub = c.call("video.publish",
                        {{"title", "t"}, {"topics", json::array{}}, {"duration_ms", 5000}});
      BOOST_REQUIRE(pub.at("ok").as_bool());
      video = std::string(pub.at("result").at("video_id").as_string());
    } else {
      BOOST_REQUIRE(c.call("auth.login", {{"token", token}}).at("ok").as_bool());
      // Every view acknowledged before the kill is there.
      auto got = c.call("video.get", {{"video_id", video}});
      BOOST_REQUIRE(got.at("ok").as_bool());
      BOOST_TEST(got.at("result").at("views").as_int64() >= acknowledged);
      acknowledged = got.at("result").at("views").as_int64();
    }
    // Write until killed at a random moment.
    std::thread killer([&reeld, delay = 50 + rng() % 200] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      reeld.kill_hard();
    });
    for (int i = 0;; ++i) {
      boost::json::object request{{"id", "r" + std::to_string(round) + "-" + std::to_string(i)},
                                  {"op", "video.view"},
                                  {"args", {{"video_id", video}, {"watch_ms", 3000}}}};
      try {
        c.send(json::serialize(request));
        auto reply = c.reply_to(request.at("id"));
        if (reply.at("ok").as_bool()) ++acknowledged;
      } catch (const std::exception&) {
        break;  // the server is gone
      }
    }
    killer.join();
  }
  reeld_process last(data);
  ws_client c(last.port());
  BOOST_REQUIRE(c.call("auth.login", {{"token", token}}).at("ok").as_bool());
  auto got = c.call("video.get", {{"video_id", video}});
  BOOST_TEST(got.at("result").at("views").as_int64() >= acknowledged);
  BOOST_TEST(acknowledged > 0);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_reeld_cleanly) {
  temp_dir dir;
  reeld_process reeld((dir.path() / "data").string());
  ws_client c(reeld.port());
  BOOST_TEST(c.call("ping").at("ok").as_bool());
  // The client keeps reading, as clients do, so the close handshake completes.
  auto closed = std::async(std::launch::async, [&] { return c.read_until_closed(); });
  BOOST_TEST(reeld.terminate() == 0);
  BOOST_TEST(closed.get() == 1001);
}

BOOST_AUTO_TEST_CASE(rotate_operator_token_replaces_the_operators_key) {
  temp_dir dir;
  auto data = dir.path() / "data";
  std::string old_token;
  {
    reeld_process reeld(data.string());
    old_token = read_first_line(data / "operator.token");
    ws_client c(reeld.port());
    BOOST_TEST(code_of(c.call("auth.login", {{"token", old_token}})) == "ok");
    BOOST_TEST(reeld.terminate() == 0);
  }
  reeld_process reeld(data.string(), {"--rotate-operator-token"});
  auto new_token = read_first_line(data / "operator.token");
  BOOST_TEST(new_token != old_token);
  ws_client c(reeld.port());
  BOOST_TEST(code_of(c.call("auth.login", {{"token", old_token}})) == "invalid_token");
  auto login = c.call("auth.login", {{"token", new_token}});
  BOOST_REQUIRE(code_of(login) == "ok");
  BOOST_TEST(login.at("result").at("roles").as_array().size() == 2u);  // user, operator
  BOOST_TEST(reeld.terminate() == 0);
}

BOOST_AUTO_TEST_CASE(a_bad_token_ttl_stops_reeld_before_it_serves) {
  temp_dir dir;
  for (std::string bad : {"0", "30s", "2y", "400d", "-5m", "d"}) {
    BOOST_CHECK_THROW(reeld_process((dir.path() / "data").string(), {"--token-ttl", bad}),
                      std::runtime_error);
  }
  reeld_process ok((dir.path() / "data").string(), {"--token-ttl", "12h"});
  BOOST_TEST(ok.terminate() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
