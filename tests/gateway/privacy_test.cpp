// Youth safety and privacy over real sockets, on an injected clock: a teen's private
// account and the follow requests it turns follows into, what a private account hides and
// from whom, the audiences of comments, duets and stitches, a birthday at local midnight
// bringing the next band's rules with no write, the daily limit's push and feed flag, and
// quiet hours across time zones with the inbox keeping what they held.
#include <boost/test/unit_test.hpp>

#include "domain/clock.h"
#include "gateway_fixture.h"
#include "socket_checks.h"

using namespace reel;
using namespace reel::testing;
namespace json = boost::json;

namespace {

// 2026-06-01T10:00:00Z: 22:00 in Auckland (NZST, UTC+12), where it is still June 1st.
constexpr int64_t start_us = 1780308000LL * 1000000;
constexpr int64_t hour_us = 3600LL * 1000000;

struct privacy_gateway {
  domain::manual_clock clock{start_us};
  gateway_fixture f{{}, [this] {
                      tools::node_setup s;
                      s.node.clock = &clock;
                      return s;
                    }()};

  gateway_fixture::user registered(const std::string& handle, const std::string& birthdate,
                                   const std::string& timezone = "") {
    gateway_fixture::user u;
    u.client = std::make_unique<ws_client>(f.port);
    json::object args{{"handle", handle}, {"birthdate", birthdate}};
    if (!timezone.empty()) args["timezone"] = timezone;
    auto r = u.client->call("auth.register", args);
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
    u.id = std::string(r.at("result").at("user_id").as_string());
    u.token = std::string(r.at("result").at("token").as_string());
    return u;
  }

  std::string publish(gateway_fixture::user& u, const std::string& title, json::object more = {}) {
    json::object args{{"title", title}, {"duration_ms", 20000}, {"topics", json::array{"cats"}}};
    for (auto& [k, v] : more) args[k] = v;
    auto r = u.client->call("video.publish", args);
    BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
    return std::string(r.at("result").at("video_id").as_string());
  }

  void settle(const std::string& projection) {
    auto head = f.store->global_head();
    auto r = actors::await<actors::done>(
        [&](auto reply) { f.rt->modules().admin.projection_reached(projection, head, reply); });
    BOOST_REQUIRE(r.ok());
  }
};

json::object follow(gateway_fixture::user& who, const gateway_fixture::user& whom) {
  return who.client->call("user.follow", {{"user_id", whom.id}});
}

void subscribe(gateway_fixture::user& u) {
  BOOST_REQUIRE(code_of(u.client->call("subscribe", {{"topics", json::array{"notifications"}}})) ==
                "ok");
}

bool screen_time_exceeded(gateway_fixture::user& u) {
  auto page = u.client->call("feed.for_you", {{"limit", 5}});
  BOOST_REQUIRE_MESSAGE(code_of(page) == "ok", json::serialize(page));
  return page.at("result").at("screen_time_exceeded").as_bool();
}

std::string setting(gateway_fixture::user& u, const char* name) {
  auto r = u.client->call("user.settings");
  BOOST_REQUIRE_MESSAGE(r.at("ok").as_bool(), json::serialize(r));
  const auto& v = r.at("result").at(name);
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gateway_privacy)

BOOST_AUTO_TEST_CASE(a_teens_private_account_turns_follows_into_requests) {
  privacy_gateway p;
  auto teen = p.registered("teen", "2012-03-01");  // 14
  auto adult = p.registered("adult", "1990-01-01");
  auto other = p.registered("other", "1991-01-01");
  auto video = p.publish(teen, "teen's cats");

  auto profile = adult.client->call("user.get", {{"user_id", teen.id}});
  BOOST_REQUIRE(code_of(profile) == "ok");
  BOOST_TEST(profile.at("result").at("private").as_bool());

  // A follow is a request; asking twice is one request.
  auto asked = follow(adult, teen);
  BOOST_REQUIRE_MESSAGE(code_of(asked) == "ok", json::serialize(asked));
  BOOST_TEST(asked.at("result").at("requested").as_bool());
  BOOST_TEST(code_of(follow(adult, teen)) == "already_requested");
  BOOST_REQUIRE(follow(other, teen).at("result").at("requested").as_bool());

  // Until approved, the teen's videos are as if they did not exist to them.
  auto& a = *adult.client;
  BOOST_TEST(code_of(a.call("video.get", {{"video_id", video}})) == "video_not_found");
  BOOST_TEST(code_of(a.call("video.like", {{"video_id", video}})) == "video_not_found");
  BOOST_TEST(code_of(a.call("video.comment", {{"video_id", video}, {"text", "hi"}})) ==
             "video_not_found");
  BOOST_TEST(code_of(a.call("video.publish", {{"title", "x"},
                                              {"duration_ms", 15000},
                                              {"topics", json::array{"cats"}},
                                              {"stitch_of", video}})) == "video_not_found");
  p.settle("feeds");
  for (const char* feed : {"feed.following", "feed.for_you", "feed.trending", "feed.stem"})
    BOOST_TEST(!page_has(a, feed, video), feed);

  // The teen lists the requests, with handles, a page at a time.
  auto first = teen.client->call("user.follow_requests", {{"limit", 1}});
  BOOST_REQUIRE_MESSAGE(code_of(first) == "ok", json::serialize(first));
  BOOST_REQUIRE(first.at("result").at("items").as_array().size() == 1u);
  auto cursor = first.at("result").at("cursor");
  BOOST_REQUIRE(cursor.is_string());
  auto second = teen.client->call("user.follow_requests", {{"limit", 1}, {"cursor", cursor}});
  BOOST_REQUIRE(second.at("result").at("items").as_array().size() == 1u);
  BOOST_TEST(second.at("result").at("cursor").is_null());
  std::set<std::string> handles;
  for (const auto* page : {&first, &second})
    handles.insert(std::string(page->at("result").at("items").at(0).at("handle").as_string()));
  BOOST_TEST((handles == std::set<std::string>{"adult", "other"}));

  // Approved: the follow commits on the adult's stream (a follow-up) and they see it all
  // in Following; declined: nothing, and nothing left to answer.
  BOOST_REQUIRE(code_of(teen.client->call("user.approve_follower", {{"user_id", adult.id}})) ==
                "ok");
  BOOST_REQUIRE(code_of(teen.client->call("user.decline_follower", {{"user_id", other.id}})) ==
                "ok");
  BOOST_TEST(code_of(teen.client->call("user.approve_follower", {{"user_id", other.id}})) ==
             "no_follow_request");
  BOOST_TEST(eventually([&] {
    return code_of(a.call("video.get", {{"video_id", video}})) == "ok";
  }));
  BOOST_TEST(eventually([&] { return page_has(a, "feed.following", video); }));
  BOOST_TEST(code_of(a.call("video.like", {{"video_id", video}})) == "ok");
  BOOST_TEST(code_of(other.client->call("video.get", {{"video_id", video}})) == "video_not_found");
  // Never recommended: a 13-15's videos stay out of For You, and a private account's out
  // of Trending and STEM, followers included.
  p.settle("feeds");
  for (const char* feed : {"feed.for_you", "feed.trending", "feed.stem"})
    BOOST_TEST(!page_has(a, feed, video), feed);
  BOOST_TEST(teen.client->call("user.follow_requests").at("result").at("items").as_array().empty());

  // Any account may remove a follower; the follow ends as a follow-up.
  BOOST_REQUIRE(code_of(teen.client->call("user.remove_follower", {{"user_id", adult.id}})) ==
                "ok");
  BOOST_TEST(eventually([&] {
    return code_of(a.call("video.get", {{"video_id", video}})) == "video_not_found";
  }));
  BOOST_TEST(code_of(teen.client->call("user.remove_follower", {{"user_id", adult.id}})) ==
             "not_your_follower");
  // A request withdrawn with user.unfollow; then nothing to withdraw.
  BOOST_REQUIRE(follow(adult, teen).at("result").at("requested").as_bool());
  BOOST_TEST(code_of(a.call("user.unfollow", {{"user_id", teen.id}})) == "ok");
  BOOST_TEST(code_of(a.call("user.unfollow", {{"user_id", teen.id}})) == "not_following");
  // A block ends a waiting request in its own append.
  BOOST_REQUIRE(follow(adult, teen).at("result").at("requested").as_bool());
  BOOST_REQUIRE(code_of(teen.client->call("user.block", {{"user_id", adult.id}})) == "ok");
  BOOST_TEST(teen.client->call("user.follow_requests").at("result").at("items").as_array().empty());

  // An adult's public account: a follow is a follow.
  auto plain = follow(other, adult);
  BOOST_REQUIRE(code_of(plain) == "ok");
  BOOST_TEST(!plain.at("result").at("requested").as_bool());
}

BOOST_AUTO_TEST_CASE(comments_duets_and_stitches_follow_the_owners_audience) {
  privacy_gateway p;
  auto owner = p.registered("owner", "1990-01-01");
  auto stranger = p.registered("stranger", "1990-01-01");
  auto sixteen = p.registered("sixteen", "2009-05-01");  // 17: duets and stitches by friends
  auto fourteen = p.registered("fourteen", "2012-01-01");
  auto owners = p.publish(owner, "owner's");
  auto sixteens = p.publish(sixteen, "sixteen's");

  auto comment = [](gateway_fixture::user& u, const std::string& video) {
    return code_of(u.client->call("video.comment", {{"video_id", video}, {"text", "nice"}}));
  };
  BOOST_REQUIRE(code_of(owner.client->call("user.settings", {{"comments", "friends"}})) == "ok");
  BOOST_TEST(comment(stranger, owners) == "audience_restricted");
  BOOST_TEST(comment(owner, owners) == "ok");  // the owner always may
  BOOST_REQUIRE(code_of(follow(stranger, owner)) == "ok");
  BOOST_TEST(comment(stranger, owners) == "audience_restricted");  // one way is not friends
  BOOST_REQUIRE(code_of(follow(owner, stranger)) == "ok");
  BOOST_TEST(comment(stranger, owners) == "ok");

  // creator.settings keeps working: its booleans are user.settings' `everyone` and `none`.
  BOOST_REQUIRE(code_of(owner.client->call("creator.settings", {{"allow_comments", false}})) ==
                "ok");
  BOOST_TEST(setting(owner, "comments") == "none");
  BOOST_TEST(comment(stranger, owners) == "comments_disabled");
  BOOST_REQUIRE(code_of(owner.client->call("creator.settings", {{"allow_comments", true}})) ==
                "ok");
  BOOST_TEST(setting(owner, "comments") == "everyone");

  auto remix = [&](gateway_fixture::user& u, const char* kind, const std::string& video) {
    return code_of(u.client->call("video.publish", {{"title", "remix"},
                                                    {"duration_ms", 15000},
                                                    {"topics", json::array{"cats"}},
                                                    {kind, video}}));
  };
  // 16-17: friends by default.
  BOOST_TEST(setting(sixteen, "duet") == "friends");
  for (const char* kind : {"duet_of", "stitch_of"})
    BOOST_TEST(remix(stranger, kind, sixteens) == "audience_restricted", kind);
  BOOST_REQUIRE(code_of(follow(stranger, sixteen)) == "ok");
  BOOST_REQUIRE(code_of(follow(sixteen, stranger)) == "ok");
  for (const char* kind : {"duet_of", "stitch_of"})
    BOOST_TEST(remix(stranger, kind, sixteens) == "ok", kind);
  // 13-15: nobody, approved friends included; they cannot open it, nor their comments to all.
  BOOST_TEST(code_of(fourteen.client->call("user.settings", {{"duet", "everyone"}})) ==
             "setting_not_allowed");
  BOOST_TEST(code_of(fourteen.client->call("creator.settings", {{"allow_stitch", true}})) ==
             "setting_not_allowed");
  BOOST_TEST(code_of(fourteen.client->call("user.settings", {{"comments", "everyone"}})) ==
             "setting_not_allowed");
  auto fourteens = p.publish(fourteen, "fourteen's");
  BOOST_REQUIRE(follow(stranger, fourteen).at("result").at("requested").as_bool());
  BOOST_REQUIRE(
      code_of(fourteen.client->call("user.approve_follower", {{"user_id", stranger.id}})) == "ok");
  BOOST_REQUIRE(code_of(follow(fourteen, stranger)) == "ok");
  BOOST_REQUIRE(eventually([&] {
    return code_of(stranger.client->call("video.get", {{"video_id", fourteens}})) == "ok";
  }));
  BOOST_TEST(remix(stranger, "duet_of", fourteens) == "remix_not_allowed");
  BOOST_TEST(comment(stranger, fourteens) == "ok");  // friends comment
}

BOOST_AUTO_TEST_CASE(a_birthday_at_local_midnight_brings_the_next_bands_rules) {
  privacy_gateway p;
  // Born 2010-06-02: 15 until midnight where each lives. At the start it is 22:00 on June
  // 1st in Auckland and 10:00 in UTC.
  auto kiwi = p.registered("kiwi", "2010-06-02", "Pacific/Auckland");
  auto brit = p.registered("brit", "2010-06-02");
  {
    ws_client c(p.f.port);
    BOOST_TEST(code_of(c.call("auth.register", {{"handle", "mars"},
                                                {"birthdate", "1990-01-01"},
                                                {"timezone", "Mars/Olympus"}})) ==
               "invalid_timezone");
  }
  BOOST_TEST(setting(kiwi, "timezone") == "Pacific/Auckland");
  for (auto* u : {&kiwi, &brit}) {
    BOOST_TEST(setting(*u, "duet") == "none");
    BOOST_TEST(setting(*u, "comments") == "friends");
  }
  p.clock.advance_us(2 * hour_us + 60LL * 1000000);  // 00:01 on June 2nd in Auckland
  BOOST_TEST(setting(kiwi, "duet") == "friends");    // 16: the 16-17 defaults
  BOOST_TEST(setting(kiwi, "comments") == "everyone");
  BOOST_TEST(code_of(kiwi.client->call("user.settings", {{"comments", "everyone"}})) == "ok");
  BOOST_TEST(setting(brit, "duet") == "none");  // still 15 in UTC
  BOOST_TEST(code_of(brit.client->call("user.settings", {{"comments", "everyone"}})) ==
             "setting_not_allowed");
  // Private stays: the registration chose it for them, and only they open it.
  BOOST_TEST(setting(kiwi, "private") == "true");
}

BOOST_AUTO_TEST_CASE(the_daily_limit_tells_once_and_flags_the_feeds) {
  privacy_gateway p;
  auto teen = p.registered("teen", "2012-03-01");  // 14, UTC: 10:00, no quiet hours
  auto adult = p.registered("adult", "1990-01-01");
  auto video = p.publish(adult, "cats");
  subscribe(teen);
  auto view = [&](gateway_fixture::user& u, int minutes) {
    auto r = u.client->call("video.view", {{"video_id", video}, {"watch_ms", minutes * 60 * 1000}});
    BOOST_REQUIRE_MESSAGE(code_of(r) == "ok", json::serialize(r));
  };
  view(teen, 30);
  BOOST_TEST(!screen_time_exceeded(teen));
  view(teen, 31);  // past 60 minutes: one push
  auto told = push_of(*teen.client, "screen_time");
  BOOST_TEST(told.at("data").at("limit_minutes").as_int64() == 60);
  BOOST_TEST(screen_time_exceeded(teen));  // the feeds still answer, and say so
  view(teen, 10);  // past it again: no second push; the next push is the follow request
  BOOST_REQUIRE(follow(adult, teen).at("result").at("requested").as_bool());
  BOOST_TEST(teen.client->next_push().at("data").at("kind").as_string() == "follow_requested");
  // An adult has no limit; the teen's next local day starts from zero.
  view(adult, 120);
  BOOST_TEST(!screen_time_exceeded(adult));
  p.clock.advance_us(24 * hour_us);
  BOOST_TEST(!screen_time_exceeded(teen));
  // An adult who chose a limit hears of it too.
  BOOST_REQUIRE(code_of(adult.client->call("user.settings", {{"daily_limit_minutes", 1}})) == "ok");
  subscribe(adult);
  view(adult, 2);
  BOOST_TEST(push_of(*adult.client, "screen_time").at("data").at("limit_minutes").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(quiet_hours_hold_pushes_and_the_inbox_keeps_them) {
  privacy_gateway p;
  // 10:00 UTC is 19:00 in Tokyo (13-15: quiet from 21:00 to 08:00) and 11:00 in London.
  auto tokyo = p.registered("tokyo", "2012-03-01", "Asia/Tokyo");
  auto london = p.registered("london", "2012-03-01", "Europe/London");
  std::vector<gateway_fixture::user> fans;
  for (int i = 0; i < 3; ++i) fans.push_back(p.registered("fan" + std::to_string(i), "1990-01-01"));
  subscribe(tokyo);
  subscribe(london);

  BOOST_REQUIRE(follow(fans[0], tokyo).at("result").at("requested").as_bool());
  auto evening = push_of(*tokyo.client, "follow_requested");
  BOOST_TEST(evening.at("data").at("from_user").as_string() == fans[0].id);

  p.clock.advance_us(3 * hour_us);  // 22:00 in Tokyo: quiet; 14:00 in London: not
  BOOST_REQUIRE(follow(fans[1], tokyo).at("result").at("requested").as_bool());
  BOOST_REQUIRE(follow(fans[1], london).at("result").at("requested").as_bool());
  BOOST_TEST(push_of(*london.client, "follow_requested").at("data").at("from_user").as_string() ==
             fans[1].id);

  p.clock.advance_us(10 * hour_us + 30LL * 60 * 1000000);  // 08:30 in Tokyo
  BOOST_REQUIRE(follow(fans[2], tokyo).at("result").at("requested").as_bool());
  // The next push Tokyo gets is the morning's: the night's was held.
  auto morning = tokyo.client->next_push();
  BOOST_TEST(morning.at("data").at("from_user").as_string() == fans[2].id);

  // The inbox has all three, newest first, with the pushes' ids.
  auto box = tokyo.client->call("notifications.list");
  BOOST_REQUIRE_MESSAGE(code_of(box) == "ok", json::serialize(box));
  const auto& items = box.at("result").at("items").as_array();
  BOOST_REQUIRE(items.size() == 3u);
  BOOST_TEST(box.at("result").at("unread").as_int64() == 3);
  for (size_t i = 0; i < 3; ++i) {
    BOOST_TEST(items[i].at("kind").as_string() == "follow_requested");
    BOOST_TEST(items[i].at("data").at("from_user").as_string() == fans[2 - i].id);
    BOOST_TEST(!items[i].at("read").as_bool());
  }
  BOOST_TEST(items[0].at("id") == morning.at("data").at("id"));
  BOOST_TEST(items[2].at("id") == evening.at("data").at("id"));
  BOOST_TEST(std::string(items[1].at("at").as_string()) == "2026-06-01T13:00:00.000Z");

  // Read up to the night's: one unread left; a page at a time with the cursor.
  BOOST_REQUIRE(code_of(tokyo.client->call("notifications.read", {{"up_to", items[1].at("id")}})) ==
                "ok");
  auto first = tokyo.client->call("notifications.list", {{"limit", 2}});
  BOOST_TEST(first.at("result").at("unread").as_int64() == 1);
  BOOST_TEST(!first.at("result").at("items").at(0).at("read").as_bool());
  BOOST_TEST(first.at("result").at("items").at(1).at("read").as_bool());
  auto rest = tokyo.client->call("notifications.list",
                                 {{"limit", 2}, {"cursor", first.at("result").at("cursor")}});
  BOOST_REQUIRE(rest.at("result").at("items").as_array().size() == 1u);
  BOOST_TEST(rest.at("result").at("cursor").is_null());
  BOOST_TEST(code_of(tokyo.client->call("notifications.list", {{"cursor", "x"}})) == "bad_args");
  BOOST_TEST(code_of(tokyo.client->call("notifications.read")) == "bad_args");
}

BOOST_AUTO_TEST_SUITE_END()
