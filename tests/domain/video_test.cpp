#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/snapshot_codec.h"
#include "domain/text.h"
#include "domain/videos/video.h"
#include "reel/snapshots.pb.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

publish_video a_video(std::string id = "vid_1", std::string creator = "crt_A") {
  publish_video p;
  p.video_id = std::move(id);
  p.creator_id = std::move(creator);
  p.publisher_band = events::AGE_BAND_ADULT;
  p.title = "Why the sky is blue";
  p.topics = {"physics", "light"};
  p.duration_ms = 42000;
  return p;
}

source_video visible_source(std::string creator, events::AgeBand band = events::AGE_BAND_ADULT) {
  source_video s;
  s.exists = s.visible = true;
  s.creator_id = std::move(creator);
  s.creator_band = band;
  auto settings = defaults_for(band);
  s.duet = settings.duet;
  s.stitch = settings.stitch;
  return s;
}

video_state published(const publish_video& p = a_video()) {
  video_state s;
  BOOST_REQUIRE(run(s, p).ok());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(video_rules)

BOOST_AUTO_TEST_CASE(video_get_shows_what_the_feeds_would) {
  auto v = published();
  auto staff = role_bit(events::ROLE_MODERATOR);
  auto adult = events::AGE_BAND_ADULT, teen = events::AGE_BAND_16_17;
  const std::string owner = v.creator_id, other = "crt_0000000000ZZZ";
  BOOST_TEST(may_see_video(v, other, 0, teen));
  v.minimum_age = 18;
  BOOST_TEST(!may_see_video(v, other, 0, teen));
  BOOST_TEST(!may_see_video(v, other, staff, teen));  // age restrictions hold for everyone
  BOOST_TEST(may_see_video(v, other, 0, adult));
  v.minimum_age = 0;
  v.status = visibility::hidden;
  BOOST_TEST(!may_see_video(v, other, 0, adult));
  BOOST_TEST(may_see_video(v, owner, 0, adult));
  BOOST_TEST(may_see_video(v, other, staff, adult));
  BOOST_TEST(may_see_video(v, other, role_bit(events::ROLE_OPERATOR), adult));
  v.status = visibility::removed;
  BOOST_TEST(!may_see_video(v, owner, 0, adult));
  BOOST_TEST(may_see_video(v, other, staff, adult));
  BOOST_TEST(!may_see_video(video_state{}, other, staff, adult));  // never published
}

BOOST_AUTO_TEST_CASE(publishing_validates_title_duration_topics_and_ads) {
  video_state s;
  BOOST_TEST(code_of(decide(s, a_video())) == "ok");
  auto p = a_video();
  p.title = "";
  BOOST_TEST(code_of(decide(s, p)) == "invalid_title");
  p.title = std::string(151, 'x');
  BOOST_TEST(code_of(decide(s, p)) == "invalid_title");
  p.title = std::string(150, 'x');
  BOOST_TEST(code_of(decide(s, p)) == "ok");
  p = a_video();
  p.title = "日本語のタイトル";  // counted in characters, not bytes
  BOOST_TEST(code_of(decide(s, p)) == "ok");
  p = a_video();
  p.duration_ms = 999;
  BOOST_TEST(code_of(decide(s, p)) == "invalid_duration");
  p.duration_ms = max_duration_ms + 1;
  BOOST_TEST(code_of(decide(s, p)) == "invalid_duration");
  p = a_video();
  p.topics = {"Physics"};
  BOOST_TEST(code_of(decide(s, p)) == "invalid_topics");
  p = a_video();
  p.political_ad = true;
  BOOST_TEST(code_of(decide(s, p)) == "political_ads_not_allowed");
  p = a_video();
  p.publisher_band = events::AGE_BAND_UNSPECIFIED;
  BOOST_TEST(code_of(decide(s, p)) == "not_registered");
  auto done = published();
  BOOST_TEST(code_of(decide(done, a_video())) == "already_published");
}

BOOST_AUTO_TEST_CASE(duets_and_stitches_follow_age_and_creator_settings) {
  video_state s;
  auto duet = a_video("vid_2", "crt_B");
  duet.duet_of = "vid_1";
  duet.source = visible_source("crt_A");
  BOOST_TEST(code_of(decide(s, duet)) == "ok");

  auto young = duet;
  young.publisher_band = events::AGE_BAND_13_15;  // under 16: no duets of others' videos
  BOOST_TEST(code_of(decide(s, young)) == "age_restricted");
  auto own = young;
  own.source.creator_id = "crt_B";  // their own video is fine
  BOOST_TEST(code_of(decide(s, own)) == "ok");

  auto of_young = duet;
  of_young.source = visible_source("crt_A", events::AGE_BAND_13_15);  // nobody duets theirs
  BOOST_TEST(code_of(decide(s, of_young)) == "remix_not_allowed");

  auto not_allowed = duet;
  not_allowed.source.duet = audience::none;
  BOOST_TEST(code_of(decide(s, not_allowed)) == "remix_not_allowed");
  auto stitch = not_allowed;
  stitch.duet_of.clear();
  stitch.stitch_of = "vid_1";  // stitches are their own setting
  BOOST_TEST(code_of(decide(s, stitch)) == "ok");

  // `friends`: mutual follows only (a 16-17's default).
  auto of_teen = duet;
  of_teen.source = visible_source("crt_A", events::AGE_BAND_16_17);
  BOOST_TEST(code_of(decide(s, of_teen)) == "audience_restricted");
  of_teen.source.publisher.follows_owner = true;
  BOOST_TEST(code_of(decide(s, of_teen)) == "audience_restricted");
  of_teen.source.publisher.followed_by_owner = true;
  BOOST_TEST(code_of(decide(s, of_teen)) == "ok");

  auto hidden = duet;
  hidden.source.visible = false;
  BOOST_TEST(code_of(decide(s, hidden)) == "source_unavailable");
  auto both = duet;
  both.stitch_of = "vid_1";
  BOOST_TEST(code_of(decide(s, both)) == "invalid_remix");
}

BOOST_AUTO_TEST_CASE(a_like_twice_is_one_like) {
  auto s = published();
  auto first = run(s, like_video{"usr_X"});
  BOOST_REQUIRE(first.events().size() == 1u);
  // The like's edge; the actor layer asks the edge index for it and sets the fact.
  auto edges = edges_of(s, first.events()[0]);
  BOOST_REQUIRE(edges.size() == 1u);
  BOOST_TEST(edges[0].present);
  BOOST_TEST(edges[0].key == like_edge(s.video_id, "usr_X"));
  BOOST_TEST(edge_asked(s, like_video{"usr_X"}) == edges[0].key);
  like_video again{"usr_X"};
  answer_edge(again, true);
  BOOST_TEST(run(s, again).events().empty());
  BOOST_TEST(s.likes == 1u);

  unlike_video unlike{"usr_X"};
  BOOST_TEST(run(s, unlike).events().empty());  // no edge: nothing to take back
  answer_edge(unlike, true);
  auto taken_back = run(s, unlike);
  BOOST_REQUIRE(taken_back.events().size() == 1u);
  auto removed = edges_of(s, taken_back.events()[0]);
  BOOST_REQUIRE(removed.size() == 1u);
  BOOST_TEST(!removed[0].present);
  BOOST_TEST(removed[0].key == edges[0].key);
  BOOST_TEST(s.likes == 0u);
}

BOOST_AUTO_TEST_CASE(a_report_asks_its_own_edge) {
  auto s = published();
  report_video report{"usr_R", events::REPORT_REASON_SPAM, ""};
  BOOST_TEST(edge_asked(s, report) == report_edge(s.video_id, "usr_R"));
  BOOST_TEST(edge_asked(s, report) != like_edge(s.video_id, "usr_R"));
  auto reported = run(s, report);
  BOOST_REQUIRE(reported.events().size() == 1u);
  auto edges = edges_of(s, reported.events()[0]);
  BOOST_REQUIRE(edges.size() == 1u);
  BOOST_TEST(edges[0].key == edge_asked(s, report));
  // An unpublished video asks nothing: its rules refuse the command without a fact.
  BOOST_TEST(edge_asked(video_state{}, report).empty());
}

BOOST_AUTO_TEST_CASE(a_snapshot_does_not_grow_with_likes) {
  auto s = published();
  BOOST_REQUIRE(run(s, like_video{"usr_0"}).ok());
  auto one = encode_snapshot(s).size();
  for (int i = 1; i < 100000; ++i)
    BOOST_REQUIRE(run(s, like_video{"usr_" + std::to_string(i)}).ok());
  BOOST_TEST(s.likes == 100000u);
  BOOST_TEST(encode_snapshot(s).size() <= one + 4);  // the count's varint, nothing per like
  video_state back;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(s), s.version, back));
  BOOST_TEST(back.likes == 100000u);
}

BOOST_AUTO_TEST_CASE(a_snapshot_that_kept_the_like_set_is_replayed_instead) {
  // Format 1 kept who liked in the snapshot; replaying the stream writes those edges.
  snapshots::VideoSnapshot old;
  old.set_format(1);
  old.set_published(true);
  old.set_video_id("vid_1");
  old.add_liked_by("usr_A");
  video_state s;
  BOOST_TEST(!decode_snapshot(old.SerializeAsString(), 3, s));
  old.clear_liked_by();
  BOOST_TEST(decode_snapshot(old.SerializeAsString(), 3, s));
}

BOOST_AUTO_TEST_CASE(views_shares_comments_and_reports_are_validated) {
  auto s = published();
  BOOST_TEST(code_of(run(s, view_video{"usr_X", 42000, events::FEED_SOURCE_FOR_YOU,
                                       events::AGE_BAND_ADULT})) == "ok");
  BOOST_TEST(
      code_of(run(s, view_video{"usr_X", 25u * 60 * 60 * 1000, {}, events::AGE_BAND_ADULT})) ==
      "invalid_watch_time");
  BOOST_TEST(s.views == 1u);
  BOOST_TEST(code_of(run(s, share_video{"usr_X"})) == "ok");
  BOOST_TEST(s.shares == 1u);
  auto open = audience::everyone;
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_1", "nice", open, {}})) == "ok");
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_2", "", open, {}})) ==
             "invalid_comment");
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_2", std::string(501, 'x'), open, {}})) ==
             "invalid_comment");
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_3", "hi", audience::none, {}})) ==
             "comments_disabled");
  owner_relation stranger;
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_3", "hi", audience::friends,
                                             stranger})) == "audience_restricted");
  owner_relation owner;
  owner.is_owner = true;  // the owner comments whatever the audience
  BOOST_TEST(code_of(run(s, comment_on_video{"usr_X", "cmt_4", "hi", audience::none, owner})) ==
             "ok");
  BOOST_TEST(s.comments == 2u);
  BOOST_TEST(code_of(run(s, report_video{"usr_X", events::REPORT_REASON_SPAM, "bot"})) == "ok");
  BOOST_TEST(code_of(run(s, report_video{"usr_X", events::REPORT_REASON_UNSPECIFIED, ""})) ==
             "invalid_reason");
  BOOST_TEST(code_of(run(s, mark_not_interested{"usr_X"})) == "ok");
  video_state none;
  BOOST_TEST(code_of(decide(none, like_video{"usr_X"})) == "video_not_found");
}

BOOST_AUTO_TEST_CASE(moderation_state_gates_engagement_and_age) {
  auto s = published();
  events::Event restrict;
  restrict.mutable_video_age_restricted()->set_minimum_age(18);
  apply(s, restrict);
  BOOST_TEST(code_of(decide(s, view_video{"usr_T", 1000, {}, events::AGE_BAND_16_17})) ==
             "age_restricted");
  BOOST_TEST(code_of(decide(s, view_video{"usr_T", 1000, {}, events::AGE_BAND_ADULT})) == "ok");
  events::Event hide;
  hide.mutable_video_hidden();
  apply(s, hide);
  BOOST_TEST(code_of(decide(s, like_video{"usr_X"})) == "video_unavailable");
  events::Event restore;
  restore.mutable_video_restored();
  apply(s, restore);
  BOOST_TEST(code_of(decide(s, like_video{"usr_X", events::AGE_BAND_ADULT})) == "ok");
  BOOST_TEST(code_of(decide(s, like_video{"usr_X", events::AGE_BAND_16_17})) == "age_restricted");
  BOOST_TEST(code_of(decide(s, share_video{"usr_X", events::AGE_BAND_13_15})) == "age_restricted");
  BOOST_TEST(code_of(decide(
                 s, comment_on_video{"usr_X", "cmt_1", "hi", {}, {}, events::AGE_BAND_16_17})) ==
             "age_restricted");
  events::Event remove;
  remove.mutable_video_removed();
  apply(s, remove);
  BOOST_TEST(code_of(decide(s, share_video{"usr_X"})) == "video_not_found");
}

BOOST_AUTO_TEST_CASE(restrictions_below_18_hold_too) {
  auto s = published();
  events::Event restrict;
  restrict.mutable_video_age_restricted()->set_minimum_age(16);
  apply(s, restrict);
  BOOST_TEST(code_of(decide(s, view_video{"usr_T", 1000, {}, events::AGE_BAND_13_15})) ==
             "age_restricted");
  BOOST_TEST(code_of(decide(s, view_video{"usr_T", 1000, {}, events::AGE_BAND_16_17})) == "ok");
  BOOST_TEST(code_of(decide(s, view_video{"usr_T", 1000, {}, events::AGE_BAND_UNSPECIFIED})) ==
             "age_restricted");
}

BOOST_AUTO_TEST_CASE(a_restricted_source_cannot_be_remixed_below_its_age) {
  video_state s;
  auto duet = a_video("vid_2", "crt_B");
  duet.duet_of = "vid_1";
  duet.source = visible_source("crt_A");
  duet.source.minimum_age = 18;
  duet.publisher_band = events::AGE_BAND_16_17;
  BOOST_TEST(code_of(decide(s, duet)) == "age_restricted");
  duet.publisher_band = events::AGE_BAND_ADULT;
  BOOST_TEST(code_of(decide(s, duet)) == "ok");
  auto young_stitch = a_video("vid_3", "crt_C");
  young_stitch.stitch_of = "vid_1";
  young_stitch.source = visible_source("crt_A");
  young_stitch.publisher_band = events::AGE_BAND_13_15;
  BOOST_TEST(code_of(decide(s, young_stitch)) == "age_restricted");
  young_stitch.source.exists = false;
  BOOST_TEST(code_of(decide(s, young_stitch)) == "source_unavailable");
}

BOOST_AUTO_TEST_CASE(text_must_be_valid_utf8_within_limits) {
  video_state s;
  auto p = a_video();
  p.title = std::string("a") + std::string(1000, '\x80');  // stray continuation bytes
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "\xc0\xaf";  // overlong '/'
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "\xed\xa0\x80";  // a surrogate
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "\xf4\x90\x80\x80";  // above U+10FFFF
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "caf\xc3";  // truncated
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "bell\x07";
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
}

// What hides text or reorders it is refused; what scripts and emoji need stays.
BOOST_AUTO_TEST_CASE(text_refuses_controls_reordering_and_invisible_characters) {
  for (const char* refused : {
           "a\rb",       // C0 other than tab and newline
           "a\x7f",      // DEL
           "a\xc2\x85",  // U+0085 NEL (C1)
           "a\xc2\x9b",  // U+009B CSI (C1)
           "\xe2\x80\xae"
           "evil.exe",       // U+202E right-to-left override
           "a\xe2\x80\xaa",  // U+202A left-to-right embedding
           "a\xe2\x80\xac",  // U+202C pop directional formatting
           "\xe2\x81\xa6"
           "a",                  // U+2066 left-to-right isolate
           "a\xe2\x81\xa9",      // U+2069 pop directional isolate
           "ad\xe2\x80\x8bmin",  // U+200B zero-width space
           "a\xe2\x81\xa0"
           "b",                  // U+2060 word joiner
           "\xef\xbb\xbfhello",  // U+FEFF byte order mark
       }) {
    BOOST_TEST(!text_problem(refused).empty(), refused);
  }
  for (const char* allowed : {
           "tab\there\nand a new line",
           "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",  // woman technologist: ZWJ
           "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88\xd8\xa7\xd9\x85",  // Persian, ZWNJ
           "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xe2\x80\x8f!",                // Hebrew with RLM
           "\xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2\xf3\xa0\x81\xa5\xf3\xa0"
           "\x81\xae\xf3\xa0\x81\xa7\xf3\xa0\x81\xbf",  // England's flag: tag characters
           "\xe2\x9d\xa4\xef\xb8\x8f",                  // heart + variation selector 16
           "co\xc2\xadop",                              // soft hyphen
       }) {
    BOOST_TEST(text_problem(allowed).empty(), allowed << ": " << text_problem(allowed));
  }
  video_state s;
  auto p = a_video();
  p.title =
      "\xe2\x80\xae"
      "evil";
  BOOST_TEST(code_of(decide(s, p)) == "invalid_text");
  p.title = "   \n";
  BOOST_TEST(code_of(decide(s, p)) == "invalid_title");
  p.title = "x";
  BOOST_TEST(code_of(decide(s, p)) == "ok");
  p.description = std::string(2200, 'd');
  BOOST_TEST(code_of(decide(s, p)) == "ok");
  p.description += "d";
  BOOST_TEST(code_of(decide(s, p)) == "invalid_description");
  p = a_video();
  p.topics = std::vector<std::string>(11, "t");
  BOOST_TEST(code_of(decide(s, p)) == "invalid_topics");
  p.topics = {std::string(33, 't')};
  BOOST_TEST(code_of(decide(s, p)) == "invalid_topics");
  p = a_video();
  p.video_id.clear();
  BOOST_TEST(code_of(decide(s, p)) == "invalid_id");
  auto v = published();
  BOOST_TEST(code_of(decide(v, like_video{""})) == "invalid_id");
  BOOST_TEST(code_of(decide(v, comment_on_video{"usr_X", "cmt_1", "\x01", {}, {}})) ==
             "invalid_text");
  BOOST_TEST(code_of(decide(v, report_video{"usr_X", events::REPORT_REASON_SPAM,
                                            std::string(501, 'n')})) == "invalid_note");
  BOOST_TEST(code_of(decide(v, report_video{"usr_X", static_cast<events::ReportReason>(99), ""})) ==
             "invalid_reason");
  BOOST_TEST(code_of(decide(v, view_video{"usr_X", 1, static_cast<events::FeedSource>(99), {}})) ==
             "invalid_source");
}

BOOST_AUTO_TEST_CASE(reports_count_once_per_person_and_reach_hidden_videos) {
  auto s = published();
  BOOST_TEST(run(s, report_video{"usr_X", events::REPORT_REASON_SPAM, ""}).events().size() == 1u);
  report_video again{"usr_X", events::REPORT_REASON_HATE, ""};
  answer_edge(again, true);  // the report edge the first one wrote
  BOOST_TEST(run(s, again).events().empty());
  BOOST_TEST(s.reports == 1u);
  events::Event hide;
  hide.mutable_video_hidden();
  apply(s, hide);
  BOOST_TEST(code_of(run(s, report_video{"usr_Y", events::REPORT_REASON_SPAM, ""})) == "ok");
  BOOST_TEST(code_of(run(s, unlike_video{"usr_Y"})) == "ok");
  events::Event remove;
  remove.mutable_video_removed();
  apply(s, remove);
  BOOST_TEST(code_of(run(s, report_video{"usr_Z", events::REPORT_REASON_SPAM, ""})) ==
             "video_not_found");
  BOOST_TEST(code_of(run(s, mark_not_interested{"usr_Z"})) == "video_not_found");
}

BOOST_AUTO_TEST_CASE(video_state_rebuilds_from_its_events) {
  auto s = published();
  std::vector<events::Event> history;
  video_state fresh;
  for (auto& e : decide(fresh, a_video()).events()) history.push_back(e);
  unlike_video unlike{"usr_A"};
  answer_edge(unlike, true);
  for (auto d : {run(s, like_video{"usr_A"}), run(s, like_video{"usr_B"}), run(s, unlike),
                 run(s, share_video{"usr_B"}),
                 run(s, report_video{"usr_C", events::REPORT_REASON_SPAM, ""})}) {
    for (auto& e : d.events()) history.push_back(e);
  }
  video_state replayed;
  for (const auto& e : history) apply(replayed, e);
  BOOST_TEST(replayed.likes == 1u);
  BOOST_TEST(replayed.likes == s.likes);
  BOOST_TEST(replayed.reports == s.reports);
  BOOST_TEST(replayed.shares == s.shares);
  BOOST_TEST(replayed.version == s.version);
}

BOOST_AUTO_TEST_SUITE_END()
