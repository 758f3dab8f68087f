// Online backups through the command API: one at a time, written off the actors' threads,
// and a failing disk answered as such.
#include <boost/test/unit_test.hpp>

#include <future>

#include "actor_fixture.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::testing;

namespace {

node_setup backups_in(const std::filesystem::path& folder) {
  node_setup options;
  options.modules.backup_dir = folder;
  return options;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backups)

BOOST_AUTO_TEST_CASE(one_backup_at_a_time_and_the_node_serves_meanwhile) {
  temp_dir backups;
  actor_fixture f(backups_in(backups.path()));
  auto ada = f.register_user("ada");
  f.store->hold_backups(true);
  struct release_at_exit {  // a failed check must not leave the backup thread waiting
    failing_event_store& store;
    ~release_at_exit() { store.hold_backups(false); }
  } release{*f.store};
  std::promise<actors::outcome<actors::backup_made>> first;
  f.admin().backup(f.as_operator(), [&](auto made) { first.set_value(std::move(made)); });
  // While the first is being written: a second is refused, and commands still commit.
  auto second = actors::await<actors::backup_made>(
      [&](auto reply) { f.admin().backup(f.as_operator(), reply); });
  BOOST_TEST(!second.ok());
  BOOST_TEST(second.error().code == "overloaded");
  auto lin = f.register_user("lin");
  auto followed =
      actors::await<actors::done>([&](auto reply) { f.social().follow(f.as(ada), lin, reply); });
  BOOST_TEST(followed.ok());
  f.store->hold_backups(false);
  auto made = first.get_future().get();
  BOOST_REQUIRE(made.ok());
  auto copy = open_rocksdb_store(made.value().path);
  BOOST_TEST(copy->global_head() >= made.value().global_head);
  BOOST_TEST(scan_count(*copy) == copy->global_head());
  // Done: the next one is taken.
  auto third = actors::await<actors::backup_made>(
      [&](auto reply) { f.admin().backup(f.as_operator(), reply); });
  BOOST_TEST(third.ok());
  BOOST_TEST(third.value().path != made.value().path);
}

BOOST_AUTO_TEST_CASE(a_failing_disk_is_answered_as_a_storage_failure) {
  temp_dir backups;
  actor_fixture f(backups_in(backups.path()));
  f.store->fail_backups(true);
  auto failed = actors::await<actors::backup_made>(
      [&](auto reply) { f.admin().backup(f.as_operator(), reply); });
  BOOST_TEST(!failed.ok());
  BOOST_TEST(failed.error().code == "storage_failure");
  f.store->fail_backups(false);
  BOOST_TEST(actors::await<actors::backup_made>([&](auto reply) {
               f.admin().backup(f.as_operator(), reply);
             }).ok());
}

BOOST_AUTO_TEST_SUITE_END()
