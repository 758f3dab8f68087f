// The teen rules by age band, the local day in a time zone, and the daily limit.
#include <boost/test/unit_test.hpp>

#include "domain/accounts/handle_claim.h"
#include "domain/accounts/user.h"
#include "domain/notifications/inbox.h"
#include "domain/notifications/quiet_hours.h"
#include "domain/privacy/audiences.h"
#include "domain/privacy/local_time.h"
#include "domain/privacy/screen_time.h"
#include "domain/privacy/teen_rules.h"
#include "domain/snapshot_codec.h"
#include "domain/social/follow_requests.h"
#include "domain/social/follow_ups.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

privacy_choices changed(const privacy_choices& c, const privacy_change& change,
                        events::AgeBand band) {
  auto r = change_settings(c, change, band);
  BOOST_REQUIRE(std::holds_alternative<privacy_choices>(r));
  return std::get<privacy_choices>(r);
}

std::string refusal(const privacy_choices& c, const privacy_change& change, events::AgeBand band) {
  auto r = change_settings(c, change, band);
  return std::holds_alternative<domain_error>(r)
             ? std::string(code_name(std::get<domain_error>(r).code))
             : std::string("ok");
}

constexpr auto teen = events::AGE_BAND_13_15;
constexpr auto older_teen = events::AGE_BAND_16_17;
constexpr auto adult = events::AGE_BAND_ADULT;

}  // namespace

BOOST_AUTO_TEST_SUITE(teen_rules)

BOOST_AUTO_TEST_CASE(defaults_by_band) {
  auto young = in_force(choices_at_registration(teen, "UTC"), teen);
  BOOST_TEST(young.is_private);
  BOOST_TEST((young.comments == audience::friends));
  BOOST_TEST((young.duet == audience::none && young.stitch == audience::none));
  BOOST_TEST(young.daily_limit_minutes == 60u);
  auto older = in_force(choices_at_registration(older_teen, "UTC"), older_teen);
  BOOST_TEST(!older.is_private);
  BOOST_TEST((older.duet == audience::friends && older.stitch == audience::friends));
  BOOST_TEST((older.comments == audience::everyone));
  BOOST_TEST(older.daily_limit_minutes == 60u);
  auto grown = in_force(choices_at_registration(adult, "Europe/Berlin"), adult);
  BOOST_TEST(!grown.is_private);
  BOOST_TEST((grown.duet == audience::everyone));
  BOOST_TEST(grown.daily_limit_minutes == 0u);
  BOOST_TEST(grown.timezone == "Europe/Berlin");
}

BOOST_AUTO_TEST_CASE(what_the_rules_forbid_is_refused_and_the_rest_is_a_choice) {
  auto c = choices_at_registration(teen, "UTC");
  privacy_change open_comments, duets, stitches, no_limit, too_long, mars;
  open_comments.comments = audience::everyone;
  duets.duet = audience::friends;
  stitches.stitch = audience::everyone;
  no_limit.daily_limit_minutes = 0u;
  too_long.daily_limit_minutes = 1441u;
  mars.timezone = "Mars/Olympus";
  BOOST_TEST(refusal(c, open_comments, teen) == "setting_not_allowed");
  BOOST_TEST(refusal(c, duets, teen) == "setting_not_allowed");
  BOOST_TEST(refusal(c, stitches, teen) == "setting_not_allowed");
  BOOST_TEST(refusal(c, no_limit, teen) == "setting_not_allowed");
  BOOST_TEST(refusal(c, too_long, teen) == "bad_args");
  BOOST_TEST(refusal(c, mars, teen) == "invalid_timezone");
  // A teen may open the account, close comments, lengthen the limit, move.
  privacy_change mine;
  mine.is_private = false;
  mine.comments = audience::none;
  mine.daily_limit_minutes = 90u;
  mine.timezone = "Asia/Tokyo";
  auto s = in_force(changed(c, mine, teen), teen);
  BOOST_TEST(!s.is_private);
  BOOST_TEST((s.comments == audience::none));
  BOOST_TEST(s.daily_limit_minutes == 90u);
  BOOST_TEST(s.timezone == "Asia/Tokyo");
  // 16-17 may turn the limit off and open duets; adults may open comments.
  BOOST_TEST(refusal(c, no_limit, older_teen) == "ok");
  BOOST_TEST(refusal(c, duets, older_teen) == "ok");
  BOOST_TEST(refusal(c, open_comments, adult) == "ok");
}

// A birthday changes the rules with no write: what was chosen stays, unset fields take
// the new band's defaults, and a choice made when older gives way to a younger band's rule.
BOOST_AUTO_TEST_CASE(the_band_of_the_day_decides) {
  auto c = choices_at_registration(teen, "UTC");
  BOOST_TEST((in_force(c, older_teen).duet == audience::friends));  // turned 16
  BOOST_TEST(in_force(c, older_teen).is_private);                   // chosen for them, kept
  BOOST_TEST(in_force(c, adult).is_private);
  BOOST_TEST(in_force(c, adult).daily_limit_minutes == 0u);
  privacy_choices adult_choices;
  adult_choices.comments = audience::everyone;
  adult_choices.duet = audience::everyone;
  adult_choices.daily_limit_minutes = 0u;
  auto forced = in_force(adult_choices, teen);  // e.g. a corrected birthdate
  BOOST_TEST((forced.comments == audience::friends));
  BOOST_TEST((forced.duet == audience::none));
  BOOST_TEST(forced.daily_limit_minutes == 60u);
}

// On the user's stream: registration records a teen's privacy, a change is one event with
// the whole set, the same change again is nothing, and a snapshot keeps it.
BOOST_AUTO_TEST_CASE(the_user_entity_keeps_the_choices) {
  user_state u;
  BOOST_REQUIRE(run(u, register_user{"usr_T", "teen", "2012-06-01", civil_date{2026, 6, 1}}).ok());
  BOOST_TEST(in_force(u.privacy, teen).is_private);
  privacy_change quiet;
  quiet.comments = audience::none;
  quiet.timezone = "Europe/Paris";
  BOOST_REQUIRE(run(u, change_privacy{quiet, teen}).events().size() == 1u);
  BOOST_TEST(run(u, change_privacy{quiet, teen}).events().empty());
  BOOST_TEST((in_force(u.privacy, teen).comments == audience::none));
  privacy_change everyone;
  everyone.comments = audience::everyone;
  BOOST_TEST(code_of(run(u, change_privacy{everyone, teen})) == "setting_not_allowed");
  user_state copy;
  BOOST_REQUIRE(decode_snapshot(encode_snapshot(u), u.version, copy));
  BOOST_TEST((copy.privacy == u.privacy));
  BOOST_TEST(copy.privacy.timezone == "Europe/Paris");
}

// A band changes at the user's own midnight: at 10:00 UTC on 1 June it is already 2 June
// on Kiritimati (UTC+14), the 16th birthday of someone born on 2 June 2010.
BOOST_AUTO_TEST_CASE(a_birthday_counts_from_local_midnight) {
  user_state u;
  BOOST_REQUIRE(run(u, register_user{"usr_K", "kiri", "2010-06-02", civil_date{2026, 5, 1}}).ok());
  const int64_t utc_2026_06_01_10_00 = 1780308000000;
  BOOST_TEST(current_band(u, local_today(u, utc_2026_06_01_10_00)) == teen);  // UTC
  privacy_change move;
  move.timezone = "Pacific/Kiritimati";
  BOOST_REQUIRE(run(u, change_privacy{move, teen}).ok());
  BOOST_TEST(local_today(u, utc_2026_06_01_10_00).str() == "2026-06-02");
  BOOST_TEST(current_band(u, local_today(u, utc_2026_06_01_10_00)) == older_teen);
  BOOST_TEST((in_force(u.privacy, older_teen).duet == audience::friends));  // no write
}

BOOST_AUTO_TEST_CASE(quiet_hours_by_band) {
  BOOST_TEST(in_quiet_hours(teen, 21 * 60));
  BOOST_TEST(in_quiet_hours(teen, 7 * 60 + 59));
  BOOST_TEST(!in_quiet_hours(teen, 8 * 60));
  BOOST_TEST(!in_quiet_hours(teen, 20 * 60 + 59));
  BOOST_TEST(!in_quiet_hours(older_teen, 21 * 60 + 30));
  BOOST_TEST(in_quiet_hours(older_teen, 22 * 60));
  BOOST_TEST(in_quiet_hours(older_teen, 0));
  BOOST_TEST(!in_quiet_hours(adult, 23 * 60));
}

BOOST_AUTO_TEST_CASE(audience_names_round_trip) {
  for (auto a : {audience::everyone, audience::friends, audience::none})
    BOOST_TEST((audience_named(audience_name(a)) == a));
  BOOST_TEST(!audience_named("Everyone").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(local_time_and_screen_time)

// 2026-03-29 is the EU's spring change: 02:00 local becomes 03:00 in Berlin.
BOOST_AUTO_TEST_CASE(the_local_day_follows_the_zone_and_its_changes) {
  const int64_t utc_2026_03_28_23_30 = 1774740600000;  // 00:30 on the 29th in Berlin (CET)
  auto berlin = local_time("Europe/Berlin", utc_2026_03_28_23_30);
  BOOST_REQUIRE(berlin.has_value());
  BOOST_TEST(berlin->date.str() == "2026-03-29");
  BOOST_TEST(berlin->minute_of_day == 30);
  BOOST_TEST(berlin->day_start_ms == utc_2026_03_28_23_30 - 30 * 60000);
  auto later = local_time("Europe/Berlin", utc_2026_03_28_23_30 + 3 * 3600000);  // 02:30 UTC
  BOOST_REQUIRE(later.has_value());
  BOOST_TEST(later->minute_of_day == 4 * 60 + 30);  // CEST since 01:00 UTC
  auto tokyo = local_time("Asia/Tokyo", utc_2026_03_28_23_30);
  BOOST_TEST(tokyo->date.str() == "2026-03-29");
  BOOST_TEST(tokyo->minute_of_day == 8 * 60 + 30);
  BOOST_TEST(local_time("UTC", utc_2026_03_28_23_30)->date.str() == "2026-03-28");
  // UTC skips the database; it answers as the database's own UTC does.
  for (int64_t at :
       {int64_t{0}, utc_2026_03_28_23_30, int64_t{-86400001}, int64_t{4102444799999}}) {
    auto fast = local_time("UTC", at), database = local_time("Etc/UTC", at);
    BOOST_REQUIRE((fast && database));
    BOOST_TEST(fast->date.str() == database->date.str());
    BOOST_TEST(fast->minute_of_day == database->minute_of_day);
    BOOST_TEST(fast->day_start_ms == database->day_start_ms);
  }
  BOOST_TEST(!local_time("Nowhere/City", 0).has_value());
  BOOST_TEST(!local_time("", 0).has_value());
  BOOST_TEST(is_known_timezone("UTC"));
  BOOST_TEST(!is_known_timezone("europe/berlin"));
}

BOOST_AUTO_TEST_CASE(the_daily_limit_tells_once_a_local_day) {
  screen_day d;
  civil_date monday{2026, 6, 1}, tuesday{2026, 6, 2};
  BOOST_TEST(!add_watch_time(d, monday, 59 * 60000, 60));
  BOOST_TEST(!past_limit(d, monday, 60));
  BOOST_TEST(add_watch_time(d, monday, 60000, 60));  // the 60th minute
  BOOST_TEST(past_limit(d, monday, 60));
  BOOST_TEST(!add_watch_time(d, monday, 60000, 60));  // told already
  BOOST_TEST(!past_limit(d, tuesday, 60));            // a new day
  BOOST_TEST(!add_watch_time(d, tuesday, 10 * 60000, 60));
  BOOST_TEST(d.watched_ms == 10u * 60000);
  BOOST_TEST(!add_watch_time(d, tuesday, 600 * 60000, 0));  // no limit
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(follow_requests_and_audiences)

// On the followee's stream: a request, once; an answer, once; the edge each sets and
// clears; an approval's follow-up is a follow on the follower's stream.
BOOST_AUTO_TEST_CASE(a_request_waits_for_one_answer) {
  user_state teen;
  BOOST_REQUIRE(
      run(teen, register_user{"usr_T", "teen", "2012-06-01", civil_date{2026, 6, 1}}).ok());
  request_follow ask{"usr_A"};
  auto asked = decide(teen, ask);
  BOOST_REQUIRE(asked.ok());
  auto edges = edges_of(teen, asked.events().front());
  BOOST_REQUIRE(edges.size() == 1u);
  BOOST_TEST(edges.front().key == follow_request_edge("usr_T", "usr_A"));
  BOOST_TEST(edges.front().present);
  ask.pending = true;
  BOOST_TEST(code_of(decide(teen, ask)) == "already_requested");
  privacy_settings closed;
  closed.is_private = true;
  BOOST_TEST(follow_is_request(closed, true, false));
  BOOST_TEST(!follow_is_request(closed, true, true));    // oneself: the follow refuses it
  BOOST_TEST(!follow_is_request(closed, false, false));  // nobody: user_not_found
  BOOST_TEST(!follow_is_request(privacy_settings{}, true, false));
  request_follow full{"usr_A"};
  full.follower_following_full = true;
  BOOST_TEST(code_of(decide(teen, full)) == "following_limit");
  request_follow follows{"usr_A", "", true};
  BOOST_TEST(code_of(decide(teen, follows)) == "already_following");
  BOOST_TEST(code_of(decide(teen, request_follow{"usr_T"})) == "cannot_follow_self");

  answer_follow_request approve{"usr_A", true};
  BOOST_TEST(code_of(decide(teen, approve)) == "no_follow_request");
  approve.pending = true;
  auto approved = decide(teen, approve);
  BOOST_REQUIRE(approved.ok());
  BOOST_TEST(!edges_of(teen, approved.events().front()).front().present);
  auto up = follow_up_of_approval(approved.events().front());
  BOOST_REQUIRE(up.has_value());
  BOOST_TEST(up->user_id == "usr_A");
  BOOST_TEST(up->command.followee_id == "usr_T");
  // Across a block, nothing is approved: the request ends as the block's.
  approve.follower_blocked_followee = true;
  BOOST_TEST((decide(teen, approve).events().front().follow_request_answered().outcome() ==
              events::FOLLOW_REQUEST_BLOCKED));
  BOOST_TEST(!follow_up_of_approval(decide(teen, approve).events().front()).has_value());

  // The approval's follow on a follower who follows already commits nothing.
  user_state adult;
  BOOST_REQUIRE(
      run(adult, register_user{"usr_A", "adult", "1990-01-01", civil_date{2026, 6, 1}}).ok());
  BOOST_REQUIRE(run(adult, up->command).ok());
  BOOST_TEST(adult.following.count("usr_T") == 1u);
  BOOST_TEST(run(adult, up->command).events().empty());

  // Removing a follower ends the follow on their stream; a stranger is not a follower.
  BOOST_TEST(code_of(decide(teen, remove_follower{"usr_A"})) == "not_your_follower");
  auto removed = decide(teen, remove_follower{"usr_A", true});
  BOOST_REQUIRE(removed.ok());
  auto ends = follow_up_of_removal(removed.events().front());
  BOOST_REQUIRE(ends.has_value());
  BOOST_REQUIRE(run(adult, ends->command).ok());
  BOOST_TEST(adult.following.empty());
  BOOST_TEST(run(adult, ends->command).events().empty());  // already ended: nothing
}

BOOST_AUTO_TEST_CASE(a_block_ends_a_waiting_request) {
  user_state teen;
  BOOST_REQUIRE(
      run(teen, register_user{"usr_T", "teen", "2012-06-01", civil_date{2026, 6, 1}}).ok());
  block_user block{"usr_A", true};
  BOOST_TEST(edge_asked(teen, block) == follow_request_edge("usr_T", "usr_A"));
  answer_edge(block, true);
  auto d = decide(teen, block);
  BOOST_REQUIRE(d.ok());
  BOOST_REQUIRE(d.events().size() == 2u);
  BOOST_TEST(
      (d.events().front().follow_request_answered().outcome() == events::FOLLOW_REQUEST_BLOCKED));
}

BOOST_AUTO_TEST_CASE(audiences_admit_by_relation) {
  owner_relation stranger, fan, friends, owner;
  fan.follows_owner = true;
  friends.follows_owner = friends.followed_by_owner = true;
  owner.is_owner = true;
  BOOST_TEST(admits(audience::everyone, stranger));
  BOOST_TEST(!admits(audience::friends, stranger));
  BOOST_TEST(!admits(audience::friends, fan));
  BOOST_TEST(admits(audience::friends, friends));
  BOOST_TEST(!admits(audience::none, friends));
  BOOST_TEST(admits(audience::none, owner));
  BOOST_TEST(check_audience(audience::friends, fan, "stitch")->message.find("stitch") !=
             std::string::npos);

  privacy_settings closed;
  closed.is_private = true;
  BOOST_TEST(!may_see_videos_of(closed, stranger, role_bit(events::ROLE_USER)));
  BOOST_TEST(may_see_videos_of(closed, fan, role_bit(events::ROLE_USER)));
  BOOST_TEST(may_see_videos_of(closed, owner, role_bit(events::ROLE_USER)));
  BOOST_TEST(may_see_videos_of(closed, stranger, role_bit(events::ROLE_MODERATOR)));
  BOOST_TEST(may_see_videos_of(privacy_settings{}, stranger, role_bit(events::ROLE_USER)));
}

BOOST_AUTO_TEST_CASE(registration_takes_a_time_zone) {
  user_state u;
  register_user r{"usr_K", "kiwi", "2010-06-02", civil_date{2026, 6, 1}};
  r.timezone = "Pacific/Auckland";
  BOOST_REQUIRE(run(u, r).ok());
  BOOST_TEST(u.privacy.timezone == "Pacific/Auckland");
  user_state v;
  r.timezone = "Mars/Olympus";
  BOOST_TEST(code_of(decide(v, r)) == "invalid_timezone");
  // The claim carries it, so a registration completed by the reactor keeps it.
  r.timezone = "Pacific/Auckland";
  auto claim = claim_handle(r);
  BOOST_REQUIRE(claim.ok());
  auto completing = registration_of_claim(claim.events().front());
  BOOST_REQUIRE(completing.has_value());
  BOOST_TEST(completing->command.timezone == "Pacific/Auckland");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(notification_inbox)

BOOST_AUTO_TEST_CASE(the_inbox_keeps_the_newest_and_counts_the_unread) {
  inbox box;
  for (uint64_t id = 1; id <= max_inbox_items; ++id) BOOST_TEST(!box.add(id * 10).has_value());
  BOOST_TEST(box.add(max_inbox_items * 10 + 10).value() == 10u);  // the oldest goes
  BOOST_TEST(box.ids.size() == max_inbox_items);
  BOOST_TEST(box.unread() == max_inbox_items);
  box.mark_read(1000);
  BOOST_TEST(box.unread() == max_inbox_items - 99);  // 20..1000 read
  BOOST_TEST(!box.mark_read(500));                   // less than before: nothing
  BOOST_TEST(box.read_up_to == 1000u);

  auto first = page_of(box, 3, std::nullopt);
  BOOST_TEST((first.ids == std::vector<uint64_t>{2010, 2000, 1990}));
  BOOST_REQUIRE(first.next_before.has_value());
  auto second = page_of(box, 3, first.next_before);
  BOOST_TEST((second.ids == std::vector<uint64_t>{1980, 1970, 1960}));
  auto last = page_of(box, 500, 30);
  BOOST_TEST((last.ids == std::vector<uint64_t>{20}));
  BOOST_TEST(!last.next_before.has_value());
  BOOST_TEST(page_of(inbox{}, 5, std::nullopt).ids.empty());
  BOOST_TEST(box.mark_read(uint64_t{1} << 50));  // all read, but no further than held
  BOOST_TEST(box.read_up_to == box.ids.back());
  box.add(box.ids.back() + 1);
  BOOST_TEST(box.unread() == 1u);  // what comes later is unread
  BOOST_TEST(!inbox{}.mark_read(5));
  // Ids: in log order, several per event.
  BOOST_TEST(notice_id(7, 1) > notice_id(7, 0));
  BOOST_TEST(notice_id(8, 0) > notice_id(7, max_notices_per_event - 1));
}

BOOST_AUTO_TEST_CASE(quiet_hours_follow_the_band_and_the_zone) {
  recipient_clock teen{{2012, 3, 1}, "Asia/Tokyo"};
  const int64_t utc_2026_06_01_13_00 = 1780318800000;  // 22:00 in Tokyo
  BOOST_TEST(push_held(teen, utc_2026_06_01_13_00));
  BOOST_TEST(!push_held(teen, utc_2026_06_01_13_00 - 3 * 3600000));  // 19:00
  recipient_clock older{{2009, 3, 1}, "Asia/Tokyo"};                 // 17: from 22:00
  BOOST_TEST(push_held(older, utc_2026_06_01_13_00));
  BOOST_TEST(!push_held(older, utc_2026_06_01_13_00 - 3600000));  // 21:00
  recipient_clock adult{{1990, 3, 1}, "Asia/Tokyo"};
  BOOST_TEST(!push_held(adult, utc_2026_06_01_13_00));
  BOOST_TEST(!push_held(recipient_clock{}, utc_2026_06_01_13_00));  // unknown: pushed
  recipient_clock lost{{2012, 3, 1}, "Nowhere/City"};               // read as UTC: 13:00
  BOOST_TEST(!push_held(lost, utc_2026_06_01_13_00));
  // The clock follows the registration and the settings.
  recipient_clock c;
  events::Event registered;
  registered.mutable_user_registered()->set_user_id("usr_T");
  registered.mutable_user_registered()->set_birthdate("2012-03-01");
  registered.mutable_user_registered()->set_timezone("Asia/Tokyo");
  BOOST_TEST(update_clock(c, registered));
  BOOST_TEST(clock_owner(registered) == "usr_T");
  BOOST_TEST(push_held(c, utc_2026_06_01_13_00));
  events::Event moved;
  moved.mutable_privacy_settings_changed()->set_user_id("usr_T");
  moved.mutable_privacy_settings_changed()->set_timezone("Europe/London");
  BOOST_TEST(update_clock(c, moved));
  BOOST_TEST(!push_held(c, utc_2026_06_01_13_00));  // 14:00 in London
}

BOOST_AUTO_TEST_SUITE_END()
