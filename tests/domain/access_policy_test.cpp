// The access policy: the permission table, ownership, and the last operator, plus the
// follow-ups the reactor runs (a block, a first publish).
#include <boost/test/unit_test.hpp>

#include "domain/access_policy.h"
#include "domain/ids.h"
#include "domain/notifications/notifications.h"
#include "domain/social/follow_ups.h"
#include "domain/videos/follow_ups.h"

using namespace reel;
using domain::permission;

BOOST_AUTO_TEST_SUITE(access_policy)

BOOST_AUTO_TEST_CASE(operators_alone_run_the_node_and_every_account_uses_it) {
  auto user = domain::role_bit(events::ROLE_USER);
  auto op = user | domain::role_bit(events::ROLE_OPERATOR);
  for (const auto& row : domain::permission_table()) {
    BOOST_TEST(domain::permission_name(row.what) == row.name);
    BOOST_TEST(domain::permits(row.what, op), row.name);  // operators are users too
  }
  BOOST_TEST(domain::permits(permission::publish, user));
  BOOST_TEST(domain::permits(permission::read_feeds, user));
  BOOST_TEST(!domain::permits(permission::grant_roles, user));
  BOOST_TEST(!domain::permits(permission::take_backups, user));
  BOOST_TEST(!domain::permits(permission::publish, 0));  // no roles: not registered
  auto no = domain::check_permission(permission::rebuild_projections,
                                     user | domain::role_bit(events::ROLE_MODERATOR));
  BOOST_REQUIRE(no.has_value());
  BOOST_TEST(no->code == errc::forbidden);
  BOOST_TEST(no->message.find("operator") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(roles_become_bits) {
  auto set = domain::roles_of({events::ROLE_USER, events::ROLE_CREATOR, 0, 99});
  BOOST_TEST(set == (domain::role_bit(events::ROLE_USER) | domain::role_bit(events::ROLE_CREATOR)));
}

BOOST_AUTO_TEST_CASE(a_user_acts_for_their_own_creator_only) {
  auto me = user_id::from_value(42);
  BOOST_TEST(creator_of(me).value() == 42u);
  BOOST_TEST((user_of(creator_of(me)) == me));
  BOOST_TEST(creator_of(me).str() != me.str());  // printed with the creator prefix
}

BOOST_AUTO_TEST_CASE(the_last_operator_keeps_the_role) {
  BOOST_TEST(domain::check_revocation(events::ROLE_OPERATOR, 1)->code == errc::last_operator);
  BOOST_TEST(domain::check_revocation(events::ROLE_OPERATOR, 0)->code == errc::last_operator);
  BOOST_TEST(!domain::check_revocation(events::ROLE_OPERATOR, 2).has_value());
  BOOST_TEST(!domain::check_revocation(events::ROLE_MODERATOR, 1).has_value());
}

BOOST_AUTO_TEST_CASE(a_block_obliges_the_blocked_to_stop_following) {
  events::Event e;
  e.mutable_user_blocked()->set_blocker_id("usr_A");
  e.mutable_user_blocked()->set_blocked_id("usr_B");
  auto up = domain::follow_up_of_block(e);
  BOOST_REQUIRE(up.has_value());
  BOOST_TEST(up->user_id == "usr_B");
  BOOST_TEST(up->command.blocker_id == "usr_A");
  BOOST_TEST(up->command.blocked);
  events::Event other;
  other.mutable_user_followed()->set_follower_id("usr_A");
  BOOST_TEST(!domain::follow_up_of_block(other).has_value());
  // Not following: the block is only noted.
  domain::user_state b;
  b.registered = true;
  b.user_id = "usr_B";
  auto d = domain::decide(b, up->command);
  BOOST_REQUIRE(d.ok());
  BOOST_REQUIRE(d.events().size() == 1u);
  BOOST_TEST(d.events().front().has_block_noted());
  domain::apply(b, d.events().front());
  // Noted, as B's blocked_by edge, which B's follow of A asks: B's own entity refuses it,
  // whatever facts the flow gathered before the block (a follow decided before it cannot
  // commit after it).
  domain::follow_user late_follow{"usr_A", true, false, ""};
  auto noted = domain::edges_of(b, d.events().front());
  BOOST_REQUIRE(noted.size() == 1u);
  BOOST_TEST(noted[0].present);
  BOOST_TEST(noted[0].key == domain::edge_asked(b, late_follow));
  BOOST_TEST(noted[0].key == domain::blocked_by_edge("usr_B", "usr_A"));
  domain::answer_edge(late_follow, true);
  auto late = domain::decide(b, late_follow);
  BOOST_TEST(late.error().code == errc::blocked);
  // Following: the follow ends in the same append; twice is nothing.
  domain::user_state c;
  c.registered = true;
  c.user_id = "usr_C";
  c.following.insert("usr_A");
  auto ends = domain::decide(c, domain::note_block{"usr_A", true});
  BOOST_REQUIRE(ends.events().size() == 2u);
  BOOST_TEST(ends.events().front().has_user_unfollowed());
  for (const auto& ev : ends.events()) domain::apply(c, ev);
  domain::note_block again{"usr_A", true};
  domain::answer_edge(again, true);  // the edge the first note wrote
  BOOST_TEST(domain::decide(c, again).events().empty());
  // An unblock lifts the note.
  events::Event lifted;
  lifted.mutable_user_unblocked()->set_blocker_id("usr_A");
  lifted.mutable_user_unblocked()->set_blocked_id("usr_C");
  auto lift = domain::follow_up_of_block(lifted);
  BOOST_REQUIRE(lift.has_value());
  BOOST_TEST(!lift->command.blocked);
  auto lift_command = lift->command;
  domain::answer_edge(lift_command, true);
  auto lifted_note = domain::decide(c, lift_command);
  BOOST_REQUIRE(lifted_note.events().size() == 1u);
  auto removed = domain::edges_of(c, lifted_note.events().front());
  BOOST_REQUIRE(removed.size() == 1u);
  BOOST_TEST(!removed[0].present);
  for (const auto& ev : lifted_note.events()) domain::apply(c, ev);
  BOOST_TEST(domain::decide(c, domain::follow_user{"usr_A", true, false, ""}).ok());
}

BOOST_AUTO_TEST_CASE(a_publish_grants_the_creator_role_once) {
  events::Event e;
  e.mutable_video_published()->set_creator_id(creator_id::from_value(7).str());
  auto up = domain::follow_up_of_publish(e);
  BOOST_REQUIRE(up.has_value());
  BOOST_TEST(up->user_id == user_id::from_value(7).str());
  BOOST_TEST(up->command.role == events::ROLE_CREATOR);
  domain::user_state creator;
  creator.registered = true;
  creator.roles = {events::ROLE_USER, events::ROLE_CREATOR};
  auto d = domain::decide(creator, up->command);
  BOOST_TEST(d.ok());
  BOOST_TEST(d.events().empty());  // holding it already: nothing to do
}

BOOST_AUTO_TEST_CASE(account_details_are_the_user_s_and_the_staff_s) {
  using domain::may_see_account_details;
  using domain::role_bit;
  BOOST_TEST(may_see_account_details("usr_A", role_bit(events::ROLE_USER), "usr_A"));
  BOOST_TEST(!may_see_account_details("usr_B", role_bit(events::ROLE_USER), "usr_A"));
  BOOST_TEST(!may_see_account_details("usr_B", role_bit(events::ROLE_CREATOR), "usr_A"));
  BOOST_TEST(!may_see_account_details("usr_B", role_bit(events::ROLE_AUDITOR), "usr_A"));
  BOOST_TEST(may_see_account_details("usr_B", role_bit(events::ROLE_MODERATOR), "usr_A"));
  BOOST_TEST(may_see_account_details("usr_B", role_bit(events::ROLE_OPERATOR), "usr_A"));
  BOOST_TEST(!may_see_account_details("", 0, ""));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(blocks)

BOOST_AUTO_TEST_CASE(across_a_block_a_video_does_not_exist) {
  BOOST_TEST(!domain::check_across_block(false).has_value());
  BOOST_TEST(domain::check_across_block(true)->code == errc::video_not_found);
}

BOOST_AUTO_TEST_CASE(no_notice_crosses_a_block_the_notifier_has_seen) {
  domain::recent_blocks seen(2);
  events::Event block;
  block.mutable_user_blocked()->set_blocker_id("usr_A");
  block.mutable_user_blocked()->set_blocked_id("usr_B");
  seen.observe(block);
  BOOST_TEST(seen.between("usr_A", "usr_B"));
  BOOST_TEST(seen.between("usr_B", "usr_A"));  // whichever made it
  BOOST_TEST(!seen.between("usr_A", "usr_C"));
  events::Event lifted;
  lifted.mutable_user_unblocked()->set_blocker_id("usr_A");
  lifted.mutable_user_unblocked()->set_blocked_id("usr_B");
  seen.observe(lifted);
  BOOST_TEST(!seen.between("usr_A", "usr_B"));
  // Bounded: past its capacity it forgets everything at once.
  for (const char* other : {"usr_C", "usr_D", "usr_E"}) {
    block.mutable_user_blocked()->set_blocked_id(other);
    seen.observe(block);
  }
  BOOST_TEST(seen.between("usr_A", "usr_E"));
  BOOST_TEST(!seen.between("usr_A", "usr_C"));
}

BOOST_AUTO_TEST_SUITE_END()
