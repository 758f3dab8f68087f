// The access policy: the permission table, ownership, and the last operator, plus the
// follow-ups the reactor runs (a block, a first publish).
#include <boost/test/unit_test.hpp>

#include "domain/access_policy.h"
#include "domain/ids.h"
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
  BOOST_TEST(up->command.followee_id == "usr_A");
  BOOST_TEST(up->command.if_following);
  events::Event other;
  other.mutable_user_followed()->set_follower_id("usr_A");
  BOOST_TEST(!domain::follow_up_of_block(other).has_value());
  // Not following is no error for the follow-up, and commits nothing.
  domain::user_state b;
  b.registered = true;
  b.user_id = "usr_B";
  auto d = domain::decide(b, up->command);
  BOOST_TEST(d.ok());
  BOOST_TEST(d.events().empty());
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
