#include <boost/test/unit_test.hpp>

#include <string>

#include "domain/accounts/reserved_handles.h"
#include "domain/accounts/user.h"
#include "support/decisions.h"

using namespace reel;
using namespace reel::domain;
using reel::testing::code_of;
using reel::testing::run;

namespace {

const civil_date today{2026, 11, 23};

user_state registered(const std::string& id, const std::string& handle,
                      const std::string& birthdate = "1990-05-01") {
  user_state s;
  BOOST_REQUIRE(run(s, register_user{id, handle, birthdate, today}).ok());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_rules)

BOOST_AUTO_TEST_CASE(registration_keeps_the_age_band_and_refuses_under_13) {
  auto s = registered("usr_A", "ada", "2012-01-01");  // 14 on the day
  BOOST_TEST(s.registered);
  BOOST_TEST(s.age_band == events::AGE_BAND_13_15);
  BOOST_TEST(s.roles.count(events::ROLE_USER) == 1u);

  user_state young;
  BOOST_TEST(code_of(decide(young, register_user{"usr_B", "bo", "2014-01-01", today})) ==
             "invalid_handle");
  BOOST_TEST(code_of(decide(young, register_user{"usr_B", "bob", "2014-01-01", today})) ==
             "age_restricted");
  BOOST_TEST(code_of(decide(young, register_user{"usr_B", "bob", "2030-01-01", today})) ==
             "invalid_birthdate");
  BOOST_TEST(code_of(decide(young, register_user{"usr_B", "bob", "01/01/1990", today})) ==
             "invalid_birthdate");
  BOOST_TEST(code_of(decide(s, register_user{"usr_A", "ada", "1990-01-01", today})) ==
             "already_registered");
}

BOOST_AUTO_TEST_CASE(the_same_registration_twice_is_done_once) {
  // The claim's flow and the reactor both send it (handle_claim.h): the second changes
  // nothing and succeeds.
  std::string key(64, 'a');
  user_state s;
  register_user first{"usr_A", "ada", "1990-05-01", today, false, key};
  BOOST_REQUIRE(run(s, first).ok());
  auto again = decide(s, first);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again.events().empty());
  // A retry with a new key is not the same registration: the flow replaces the key.
  auto other_key = first;
  other_key.account_key_sha256 = std::string(64, 'b');
  BOOST_TEST(code_of(decide(s, other_key)) == "already_registered");
  // The reactor completing the claim: whoever registered it, there is nothing to do.
  other_key.completing = true;
  auto completed = decide(s, other_key);
  BOOST_REQUIRE(completed.ok());
  BOOST_TEST(completed.events().empty());
}

BOOST_AUTO_TEST_CASE(handles_are_validated) {
  BOOST_TEST(handle_problem("ada_l.ovelace").empty());
  BOOST_TEST(handle_problem("a1b").empty());
  BOOST_TEST(!handle_problem("ab").empty());
  BOOST_TEST(!handle_problem(std::string(25, 'a')).empty());
  BOOST_TEST(!handle_problem("Ada").empty());
  BOOST_TEST(!handle_problem("_ada").empty());
  BOOST_TEST(!handle_problem("ad a").empty());
  BOOST_TEST(!handle_problem("adé").empty());
}

BOOST_AUTO_TEST_CASE(reserved_handles_and_their_look_alikes_are_refused) {
  for (const char* taken :
       {"admin", "adm1n", "the_admin", "admin.team", "support", "support_team", "suppor7",
        "moderator", "m0derator", "reel", "reels", "reel.official", "officialreel", "official",
        "0ff1c1al", "operator", "reel_support", "reelapp"}) {
    BOOST_TEST(is_reserved_handle(taken), taken);
  }
  for (const char* free : {"ada", "badminton", "freely", "reiko", "supportive_friend_of_x",
                           "official_secrets_fan", "realtor", "moderately_spicy"}) {
    BOOST_TEST(!is_reserved_handle(free), free);
  }
  user_state s;
  BOOST_TEST(code_of(decide(s, register_user{"usr_A", "adm1n", "1990-01-01", today})) ==
             "invalid_handle");
  // The node itself (reeld's bootstrap operator) may take one.
  BOOST_TEST(code_of(decide(s, register_user{"usr_A", "operator", "1970-01-01", today, true})) ==
             "ok");
}

BOOST_AUTO_TEST_CASE(follow_rules) {
  auto s = registered("usr_A", "ada");
  BOOST_TEST(code_of(run(s, follow_user{"usr_A", true, false, ""})) == "cannot_follow_self");
  BOOST_TEST(code_of(run(s, follow_user{"usr_X", false, false, ""})) == "user_not_found");
  BOOST_TEST(code_of(run(s, follow_user{"usr_B", true, true, ""})) == "blocked");  // B blocked A
  BOOST_TEST(code_of(run(s, follow_user{"usr_B", true, false, "vid_1"})) == "ok");
  BOOST_TEST(code_of(run(s, follow_user{"usr_B", true, false, ""})) == "already_following");
  BOOST_TEST(s.following.size() == 1u);
  BOOST_TEST(code_of(run(s, unfollow_user{"usr_B"})) == "ok");
  BOOST_TEST(code_of(run(s, unfollow_user{"usr_B"})) == "not_following");
  BOOST_TEST(s.following.empty());

  user_state nobody;
  BOOST_TEST(code_of(decide(nobody, follow_user{"usr_B", true, false, ""})) == "not_registered");
}

BOOST_AUTO_TEST_CASE(blocking_ends_a_follow_and_prevents_new_ones) {
  auto s = registered("usr_A", "ada");
  BOOST_REQUIRE(run(s, follow_user{"usr_B", true, false, ""}).ok());
  auto d = run(s, block_user{"usr_B", true});
  BOOST_REQUIRE(d.ok());
  BOOST_REQUIRE(d.events().size() == 2u);
  BOOST_TEST(d.events()[0].has_user_unfollowed());
  BOOST_TEST(d.events()[1].has_user_blocked());
  BOOST_TEST(s.following.empty());
  BOOST_TEST(code_of(run(s, follow_user{"usr_B", true, false, ""})) == "blocked");
  BOOST_TEST(code_of(run(s, block_user{"usr_B", true})) == "already_blocked");
  BOOST_TEST(code_of(run(s, block_user{"usr_A", true})) == "cannot_block_self");
  BOOST_TEST(code_of(run(s, unblock_user{"usr_B"})) == "ok");
  BOOST_TEST(code_of(run(s, unblock_user{"usr_B"})) == "not_blocked");
  BOOST_TEST(code_of(run(s, follow_user{"usr_B", true, false, ""})) == "ok");
}

// The sets a user's state holds are its own choices, bounded; who blocked it is an edge.
BOOST_AUTO_TEST_CASE(follows_and_blocks_are_bounded) {
  auto s = registered("usr_A", "ada");
  for (size_t i = 0; i < max_following; ++i)
    BOOST_REQUIRE(run(s, follow_user{"usr_F" + std::to_string(i), true, false, ""}).ok());
  BOOST_TEST(code_of(run(s, follow_user{"usr_G", true, false, ""})) == "following_limit");
  BOOST_TEST(code_of(run(s, follow_user{"usr_F7", true, false, ""})) == "already_following");
  BOOST_REQUIRE(run(s, unfollow_user{"usr_F7"}).ok());
  BOOST_TEST(code_of(run(s, follow_user{"usr_G", true, false, ""})) == "ok");
  for (size_t i = 0; i < max_blocks; ++i)
    BOOST_REQUIRE(run(s, block_user{"usr_K" + std::to_string(i), true}).ok());
  BOOST_TEST(code_of(run(s, block_user{"usr_L", true})) == "block_limit");
  BOOST_TEST(code_of(run(s, block_user{"usr_K1", true})) == "already_blocked");

  // A block of this user is noted as an edge, asked by the next follow.
  auto noted = run(s, note_block{"usr_M", true});
  BOOST_REQUIRE(noted.events().size() == 1u);
  auto edges = edges_of(s, noted.events()[0]);
  BOOST_REQUIRE(edges.size() == 1u);
  follow_user follow{"usr_M", true, false, ""};
  BOOST_TEST(edge_asked(s, follow) == edges[0].key);
  BOOST_TEST(edge_asked(user_state{}, follow).empty());  // not registered: nothing to ask
}

BOOST_AUTO_TEST_CASE(roles_are_granted_and_revoked_once) {
  auto s = registered("usr_A", "ada");
  BOOST_TEST(code_of(run(s, grant_role{events::ROLE_MODERATOR, "usr_OP"})) == "ok");
  BOOST_TEST(code_of(run(s, grant_role{events::ROLE_MODERATOR, "usr_OP"})) == "already_has_role");
  BOOST_TEST(code_of(run(s, grant_role{events::ROLE_UNSPECIFIED, "usr_OP"})) == "invalid_role");
  BOOST_TEST(code_of(run(s, revoke_role{events::ROLE_MODERATOR, "usr_OP"})) == "ok");
  BOOST_TEST(code_of(run(s, revoke_role{events::ROLE_MODERATOR, "usr_OP"})) == "role_not_held");
}

BOOST_AUTO_TEST_CASE(the_base_role_stays_and_ids_are_required) {
  auto s = registered("usr_A", "ada");
  BOOST_TEST(code_of(run(s, revoke_role{events::ROLE_USER, "usr_OP"})) ==
             "cannot_revoke_base_role");
  BOOST_TEST(code_of(run(s, grant_role{static_cast<events::Role>(99), "usr_OP"})) ==
             "invalid_role");
  BOOST_TEST(code_of(run(s, follow_user{"", true, false, ""})) == "invalid_id");
  BOOST_TEST(code_of(run(s, block_user{"usr_X", false})) == "user_not_found");
  user_state fresh;
  BOOST_TEST(code_of(decide(fresh, register_user{"", "bob", "1990-01-01", today})) == "invalid_id");
}

BOOST_AUTO_TEST_CASE(bands_move_on_as_users_age) {
  auto s = registered("usr_A", "ada", "2012-01-01");  // 14 at registration
  BOOST_TEST(s.age_band == events::AGE_BAND_13_15);
  BOOST_TEST(current_band(s, civil_date{2028, 1, 1}) == events::AGE_BAND_16_17);
  BOOST_TEST(current_band(s, civil_date{2030, 1, 1}) == events::AGE_BAND_ADULT);
  BOOST_TEST(current_band(user_state{}, today) == events::AGE_BAND_UNSPECIFIED);
}

BOOST_AUTO_TEST_CASE(state_is_rebuilt_from_its_events) {
  auto s = registered("usr_A", "ada");
  std::vector<events::Event> history;
  auto record = [&](const decision& d) {
    for (const auto& e : d.events()) history.push_back(e);
  };
  user_state fresh;
  record(decide(fresh, register_user{"usr_A", "ada", "1990-05-01", today}));
  record(run(s, follow_user{"usr_B", true, false, ""}));
  record(run(s, follow_user{"usr_C", true, false, ""}));
  record(run(s, block_user{"usr_B", true}));
  record(run(s, grant_role{events::ROLE_CREATOR, "system:test"}));
  user_state replayed;
  for (const auto& e : history) apply(replayed, e);
  BOOST_TEST(replayed.following == s.following);
  BOOST_TEST(replayed.blocked == s.blocked);
  BOOST_TEST(replayed.roles == s.roles);
  BOOST_TEST(replayed.handle == s.handle);
  BOOST_TEST(replayed.version == s.version);
}

BOOST_AUTO_TEST_SUITE_END()
