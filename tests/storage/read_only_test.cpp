// A read-only look (reelctl) at a database a running node has open. The node writes its
// stream and idempotency index without the WAL, so a read-only instance sees only what
// the node last flushed; its stream reads must still see every committed event.
#include <boost/test/unit_test.hpp>

#include "storage/key_layout.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

BOOST_AUTO_TEST_SUITE(read_only)

BOOST_AUTO_TEST_CASE(a_read_only_look_at_a_live_database_reads_every_committed_event) {
  temp_dir dir;
  auto path = dir.path() / "db";
  {
    // Closed cleanly: these five are in the index on disk.
    auto node = open_rocksdb_store(path);
    for (int i = 0; i < 3; ++i)
      BOOST_REQUIRE(node->append(append_to("vid_A", any_version, {liked("vid_A", "u")})).ok());
    BOOST_REQUIRE(node->append(append_to("vid_B", any_version, {liked("vid_B", "u")}, "k1")).ok());
    BOOST_REQUIRE(node->append(append_to("vid_B", any_version, {liked("vid_B", "u")})).ok());
  }
  auto node = open_rocksdb_store(path);
  // Still running: these are in the node's log, but their index entries are in its memory.
  std::vector<new_event> two(2, liked("vid_A", "u"));
  BOOST_REQUIRE(node->append(append_to("vid_A", 3, two, "k2")).ok());                    // 6, 7
  BOOST_REQUIRE(node->append(append_to("vid_C", 0, {liked("vid_C", "u")}, "k3")).ok());  // 8
  BOOST_REQUIRE(node->append(append_to("vid_B", 2, {liked("vid_B", "u")})).ok());        // 9

  auto look = open_rocksdb_store(path, /*read_only=*/true);
  BOOST_TEST(look->global_head() == 9u);
  BOOST_TEST(sequences_of(look->read_stream("vid_A", 1, SIZE_MAX)) ==
                 (std::vector<uint64_t>{1, 2, 3, 6, 7}),
             boost::test_tools::per_element());
  BOOST_TEST(sequences_of(look->read_stream("vid_A", 4, 1)) == std::vector<uint64_t>{6},
             boost::test_tools::per_element());
  BOOST_TEST(sequences_of(look->read_stream("vid_B", 2, SIZE_MAX)) == (std::vector<uint64_t>{5, 9}),
             boost::test_tools::per_element());
  BOOST_TEST(look->stream_head("vid_A") == 5u);
  BOOST_TEST(look->stream_head("vid_B") == 3u);
  BOOST_TEST(look->stream_head("vid_C") == 1u);
  BOOST_TEST(look->stream_head("vid_D") == 0u);
  auto k2 = look->find_append("k2");
  BOOST_REQUIRE(k2.has_value());
  BOOST_TEST(k2->first_sequence == 6u);
  BOOST_TEST(k2->last_sequence == 7u);
  BOOST_TEST(k2->first_version == 4u);
  BOOST_TEST(k2->last_version == 5u);
  BOOST_TEST(look->find_append("k1").has_value());
  BOOST_TEST(look->find_append("k3")->first_sequence == 8u);
  BOOST_TEST(!look->find_append("k4").has_value());
}

// reelctl may look at a database written before the edge index: it has no `edges` family,
// which a read-only instance cannot create. It opens, and has no edges.
BOOST_AUTO_TEST_CASE(a_database_from_before_the_edge_index_opens_read_only) {
  temp_dir dir;
  auto path = dir.path() / "db";
  {
    auto node = open_rocksdb_store(path);
    BOOST_REQUIRE(node->append(append_to("vid_A", any_version, {liked("vid_A", "u")})).ok());
    node->write_edges({{"vid_A-lu", true}});
  }
  {
    raw_db raw(path);
    raw.drop_family(layout::cf_edges);
  }
  auto look = open_rocksdb_store(path, /*read_only=*/true);
  BOOST_TEST(look->global_head() == 1u);
  BOOST_TEST(!look->has_edge("vid_A-lu"));
  BOOST_CHECK_THROW(look->write_edges({{"k", true}}), store_error);
  look.reset();
  auto node = open_rocksdb_store(path);  // opened for writing, it has the family again
  node->write_edges({{"k", true}});
  BOOST_TEST(node->has_edge("k"));
}

BOOST_AUTO_TEST_SUITE_END()
