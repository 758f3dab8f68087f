// Rules around the aggregates: handle claims, snapshots of entity state, profile counts.
#include <boost/test/unit_test.hpp>

#include "domain/accounts/handle_claim.h"
#include "domain/ids.h"
#include "domain/notifications/notifications.h"
#include "domain/snapshot_codec.h"
#include "domain/social/profile_counts.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

const civil_date today{2026, 11, 23};

events::Event followed(const std::string& a, const std::string& b) {
  events::Event e;
  e.mutable_user_followed()->set_follower_id(a);
  e.mutable_user_followed()->set_followee_id(b);
  return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(entity_support)

BOOST_AUTO_TEST_CASE(a_handle_claim_names_its_stream_and_checks_the_handle) {
  BOOST_TEST(handle_stream("ada") == "handle:ada");
  register_user ada{"usr_A", "ada", "1990-01-01", today};
  auto ok = claim_handle(ada);
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(ok.events().at(0).handle_claimed().user_id() == "usr_A");
  auto bad = ada;
  bad.handle = "Ada!";
  BOOST_TEST(code_of(claim_handle(bad)) == "invalid_handle");
  auto nobody = ada;
  nobody.user_id.clear();
  BOOST_TEST(code_of(claim_handle(nobody)) == "invalid_id");
}

BOOST_AUTO_TEST_CASE(a_claim_carries_the_registration_the_reactor_completes) {
  register_user ada{
      "usr_A", "ada", "2010-06-01", today, false, std::string(64, 'a'), std::string(64, 'c')};
  auto claim = claim_handle(ada).events().at(0);
  auto up = registration_of_claim(claim);
  BOOST_REQUIRE(up.has_value());
  BOOST_TEST(up->user_id == "usr_A");
  BOOST_TEST(up->command.completing);
  BOOST_TEST(up->command.today.str() == today.str());  // the claim's day, not the reactor's
  BOOST_TEST(up->command.account_key_sha256 == ada.account_key_sha256);
  BOOST_TEST(up->command.client_key_sha256 == ada.client_key_sha256);
  // The same decision as the flow's.
  BOOST_TEST(decide(user_state{}, up->command).ok() == decide(user_state{}, ada).ok());
  // Claims from before claims carried their registration oblige nothing.
  events::Event old;
  old.mutable_handle_claimed()->set_handle("ada");
  old.mutable_handle_claimed()->set_user_id("usr_A");
  BOOST_TEST(!registration_of_claim(old).has_value());
  BOOST_TEST(!registration_of_claim(events::Event{}).has_value());
}

BOOST_AUTO_TEST_CASE(snapshots_round_trip_every_entity_state) {
  user_state u;
  BOOST_REQUIRE(run(u, register_user{"usr_A", "ada", "1990-01-01", today}).ok());
  BOOST_REQUIRE(run(u, follow_user{"usr_B", true, false, ""}).ok());
  BOOST_REQUIRE(run(u, block_user{"usr_C", true}).ok());
  BOOST_REQUIRE(run(u, grant_role{events::ROLE_MODERATOR, "usr_OP"}).ok());
  user_state u2;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(u), u.version, u2));
  BOOST_TEST(u2.version == u.version);
  BOOST_TEST(u2.handle == "ada");
  BOOST_TEST(u2.following == u.following);
  BOOST_TEST(u2.blocked == u.blocked);
  BOOST_TEST(u2.roles == u.roles);
  BOOST_TEST(encode_snapshot(u2) == encode_snapshot(u));

  video_state v;
  publish_video p;
  p.video_id = "vid_A";
  p.creator_id = "crt_A";
  p.publisher_band = events::AGE_BAND_ADULT;
  p.title = "t";
  p.topics = {"physics", "sky"};
  p.duration_ms = 5000;
  p.stem = true;
  BOOST_REQUIRE(run(v, p).ok());
  BOOST_REQUIRE(run(v, like_video{"usr_B", events::AGE_BAND_ADULT}).ok());
  BOOST_REQUIRE(
      run(v, view_video{"usr_B", 3000, events::FEED_SOURCE_FOR_YOU, events::AGE_BAND_ADULT}).ok());
  video_state v2;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(v), v.version, v2));
  BOOST_TEST(encode_snapshot(v2) == encode_snapshot(v));
  BOOST_TEST(v2.topics == v.topics);
  BOOST_TEST(v2.likes == 1u);
  BOOST_TEST(v2.views == 1u);
}

BOOST_AUTO_TEST_CASE(a_snapshot_that_cannot_be_trusted_is_refused) {
  user_state u;
  BOOST_TEST(!decode_snapshot("\xff\xff\xff", 3, u));
  // Written by a newer snapshot format.
  auto bytes = encode_snapshot(user_state{});
  bytes[1] = 9;  // field 1 (format) holds 1; make it 9
  BOOST_TEST(!decode_snapshot(bytes, 0, u));
}

BOOST_AUTO_TEST_CASE(profile_counts_follow_unfollow_and_publish) {
  auto a = user_id::from_value(1).str(), b = user_id::from_value(2).str();
  profile_counts ca, cb;
  auto apply_all = [&](const events::Event& e) {
    for (const auto& ch : count_changes(e)) apply(ch.user == 1 ? ca : cb, ch);
  };
  apply_all(followed(a, b));
  BOOST_TEST(ca.following == 1u);
  BOOST_TEST(cb.followers == 1u);
  events::Event unf;
  unf.mutable_user_unfollowed()->set_follower_id(a);
  unf.mutable_user_unfollowed()->set_followee_id(b);
  apply_all(unf);
  apply_all(unf);  // never below zero
  BOOST_TEST(ca.following == 0u);
  BOOST_TEST(cb.followers == 0u);
  events::Event pub;
  pub.mutable_video_published()->set_creator_id(creator_id::from_value(2).str());
  apply_all(pub);
  BOOST_TEST(cb.videos == 1u);
  events::Event like;
  like.mutable_video_liked()->set_user_id(a);
  BOOST_TEST(count_changes(like).empty());
}

BOOST_AUTO_TEST_CASE(notices_go_to_the_followee_and_the_video_owner_never_to_oneself) {
  auto n = notice_for(followed("usr_A", "usr_B"), "");
  BOOST_REQUIRE(n.has_value());
  BOOST_TEST(n->recipient == "usr_B");
  BOOST_TEST(n->kind == "followed");
  events::Event like;
  like.mutable_video_liked()->set_video_id("vid_V");
  like.mutable_video_liked()->set_user_id("usr_A");
  BOOST_TEST(video_of_interest(like).value() == "vid_V");
  BOOST_TEST(notice_for(like, "usr_C")->recipient == "usr_C");
  BOOST_TEST(!notice_for(like, "usr_A").has_value());  // liking your own video
  BOOST_TEST(!notice_for(like, "").has_value());       // owner unknown
  events::Event view;
  view.mutable_video_viewed()->set_video_id("vid_V");
  BOOST_TEST(!notice_for(view, "usr_C").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
