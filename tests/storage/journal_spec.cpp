// The event store conformance suite, after Akka persistence's JournalSpec: every store
// implementation (storage/event_store.h) must pass all of it. Add a new store by adding
// its fixture to `every_store` in support/store_fixtures.h.
#include <boost/test/unit_test.hpp>

#include "domain/event_schema.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

std::vector<events::EventRecord> whole_log(event_store& store, uint64_t from = 1) {
  std::vector<events::EventRecord> out;
  auto cursor = store.read_log(from);
  events::EventRecord record;
  while (cursor->next(record)) out.push_back(record);
  return out;
}

}  // namespace

using namespace std::string_literals;

BOOST_AUTO_TEST_SUITE(journal_spec)

BOOST_AUTO_TEST_CASE_TEMPLATE(an_empty_store_has_nothing, F, every_store) {
  F f;
  BOOST_TEST(f.store->global_head() == 0u);
  BOOST_TEST(f.store->stream_head("vid_0000000000001") == 0u);
  BOOST_TEST(f.store->read_stream("vid_0000000000001", 1, 100).empty());
  BOOST_TEST(whole_log(*f.store).empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(append_then_read_back_with_the_envelope, F, every_store) {
  F f;
  auto e = liked("vid_A", "usr_B", "req-7");
  e.recorded_at_us = 1763900000123456;
  auto r = f.store->append(append_to("vid_A", no_stream, {e, liked("vid_A", "usr_C")}));
  BOOST_REQUIRE_MESSAGE(r.ok(), r.message);
  BOOST_TEST(!r.replayed);
  BOOST_TEST(r.first_sequence == 1u);
  BOOST_TEST(r.last_sequence == 2u);
  BOOST_TEST(r.first_version == 1u);
  BOOST_TEST(r.last_version == 2u);
  BOOST_TEST(f.store->global_head() == 2u);
  BOOST_TEST(f.store->stream_head("vid_A") == 2u);

  auto read = f.store->read_stream("vid_A", 1, 10);
  BOOST_REQUIRE(read.size() == 2u);
  const auto& env = read[0].envelope();
  BOOST_TEST(env.sequence() == 1u);
  BOOST_TEST(env.stream_id() == "vid_A");
  BOOST_TEST(env.stream_version() == 1u);
  BOOST_TEST(env.type() == "video_liked");
  BOOST_TEST(env.schema_version() == current_schema_version);
  BOOST_TEST(env.recorded_at_us() == 1763900000123456);
  BOOST_TEST(env.correlation_id() == "req-7");
  BOOST_TEST(env.caused_by() == "usr_B");
  BOOST_TEST(env.idempotency_key().empty());
  BOOST_TEST(read[0].event().video_liked().user_id() == "usr_B");
  BOOST_TEST(read[1].envelope().recorded_at_us() > 0);  // "now" when not given
  BOOST_TEST(read[1].event().video_liked().user_id() == "usr_C");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(global_sequences_are_dense_across_streams, F, every_store) {
  F f;
  for (int i = 0; i < 30; ++i) {
    auto stream = "vid_" + std::to_string(i % 4);
    BOOST_REQUIRE(f.store->append(append_to(stream, any_version, {liked(stream, "usr_x")})).ok());
  }
  auto log = whole_log(*f.store);
  BOOST_REQUIRE(log.size() == 30u);
  for (size_t i = 0; i < log.size(); ++i) BOOST_TEST(log[i].envelope().sequence() == i + 1);
  BOOST_TEST(f.store->stream_head("vid_0") == 8u);
  BOOST_TEST(f.store->stream_head("vid_3") == 7u);
  auto s2 = f.store->read_stream("vid_2", 1, 100);
  for (size_t i = 0; i < s2.size(); ++i) BOOST_TEST(s2[i].envelope().stream_version() == i + 1);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_wrong_expected_version_writes_nothing, F, every_store) {
  F f;
  BOOST_REQUIRE(f.store->append(append_to("usr_A", no_stream, {liked("v", "usr_A")})).ok());

  auto again = f.store->append(append_to("usr_A", no_stream, {liked("v", "usr_A")}));
  BOOST_TEST((again.status == append_status::version_conflict));
  BOOST_TEST(again.message.find("version 1") != std::string::npos);

  auto ahead = f.store->append(append_to("usr_A", 5, {liked("v", "usr_A")}));
  BOOST_TEST((ahead.status == append_status::version_conflict));

  auto fresh = f.store->append(append_to("usr_NEW", 3, {liked("v", "usr_NEW")}));
  BOOST_TEST((fresh.status == append_status::version_conflict));
  BOOST_TEST(f.store->stream_head("usr_NEW") == 0u);

  BOOST_TEST(f.store->global_head() == 1u);
  BOOST_TEST(f.store->append(append_to("usr_A", 1, {liked("v", "usr_A")})).ok());
  BOOST_TEST(f.store->append(append_to("usr_A", any_version, {liked("v", "usr_A")})).ok());
  BOOST_TEST(f.store->stream_head("usr_A") == 3u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_retried_idempotency_key_commits_once_and_answers_the_same, F,
                              every_store) {
  F f;
  auto first =
      f.store->append(append_to("vid_A", no_stream, {liked("vid_A", "usr_B")}, "usr_B/req-1"));
  BOOST_REQUIRE(first.ok());
  // The retry carries the now stale expected version: it must still get the first answer.
  auto retry =
      f.store->append(append_to("vid_A", no_stream, {liked("vid_A", "usr_B")}, "usr_B/req-1"));
  BOOST_TEST(retry.ok());
  BOOST_TEST(retry.replayed);
  BOOST_TEST(retry.first_sequence == first.first_sequence);
  BOOST_TEST(retry.last_sequence == first.last_sequence);
  BOOST_TEST(retry.last_version == first.last_version);
  BOOST_TEST(f.store->global_head() == 1u);

  BOOST_TEST(f.store->read_stream("vid_A", 1, 1).at(0).envelope().idempotency_key() ==
             "usr_B/req-1");

  auto other = f.store->append(append_to("vid_A", 1, {liked("vid_A", "usr_B")}, "usr_B/req-2"));
  BOOST_TEST(other.ok());
  BOOST_TEST(!other.replayed);
  BOOST_TEST(f.store->global_head() == 2u);

  f.reopen();
  auto after_restart =
      f.store->append(append_to("vid_A", 0, {liked("vid_A", "usr_B")}, "usr_B/req-2"));
  if (F::durable) {
    BOOST_TEST(after_restart.replayed);
    BOOST_TEST(after_restart.first_sequence == 2u);
    BOOST_TEST(f.store->global_head() == 2u);
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(an_idempotency_key_finds_its_first_result, F, every_store) {
  F f;
  BOOST_TEST(!f.store->find_append("usr_B/req-1").has_value());
  BOOST_REQUIRE(f.store->append(append_to("vid_Z", any_version, {liked("vid_Z", "usr_C")})).ok());
  auto first = f.store->append(
      append_to("vid_A", no_stream, {liked("vid_A", "usr_B"), liked("vid_A", "usr_C")}, "k1"));
  BOOST_REQUIRE(first.ok());
  auto found = f.store->find_append("k1");
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(found->ok());
  BOOST_TEST(found->replayed);
  BOOST_TEST(found->first_sequence == 2u);
  BOOST_TEST(found->last_sequence == 3u);
  BOOST_TEST(found->last_version == 2u);
  BOOST_TEST(!f.store->find_append("k2").has_value());
  f.reopen();
  if (F::durable) BOOST_TEST(f.store->find_append("k1").has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_failed_append_does_not_burn_its_idempotency_key, F, every_store) {
  F f;
  auto conflict = f.store->append(append_to("vid_A", 4, {liked("vid_A", "usr_B")}, "k"));
  BOOST_TEST((conflict.status == append_status::version_conflict));
  auto retry = f.store->append(append_to("vid_A", no_stream, {liked("vid_A", "usr_B")}, "k"));
  BOOST_TEST(retry.ok());
  BOOST_TEST(!retry.replayed);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(malformed_appends_are_refused, F, every_store) {
  F f;
  BOOST_TEST(
      (f.store->append(append_to("vid_A", any_version, {})).status == append_status::invalid));
  BOOST_TEST((f.store->append(append_to("", any_version, {liked("v", "u")})).status ==
              append_status::invalid));
  BOOST_TEST((f.store->append(append_to("has space", any_version, {liked("v", "u")})).status ==
              append_status::invalid));
  BOOST_TEST(
      (f.store->append(append_to(std::string(129, 'a'), any_version, {liked("v", "u")})).status ==
       append_status::invalid));
  BOOST_TEST((f.store->append(append_to("vid_A", any_version, {new_event{}})).status ==
              append_status::invalid));
  // Envelope strings that protobuf could write but never read back.
  BOOST_TEST((f.store->append(append_to("vid_A", any_version, {liked("v", "u")}, "k\xff")).status ==
              append_status::invalid));
  auto bad_correlation = liked("v", "u");
  bad_correlation.correlation_id = "\xc3\x28";
  BOOST_TEST((f.store->append(append_to("vid_A", any_version, {bad_correlation})).status ==
              append_status::invalid));
  std::vector<new_event> too_many(max_events_per_append + 1, liked("v", "u"));
  BOOST_TEST((f.store->append(append_to("vid_A", any_version, too_many)).status ==
              append_status::invalid));
  BOOST_TEST(f.store->global_head() == 0u);
  BOOST_CHECK_THROW(f.store->read_stream("bad\nid", 1, 1), store_error);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(streams_read_from_a_version_and_up_to_a_count, F, every_store) {
  F f;
  for (int i = 0; i < 10; ++i)
    BOOST_REQUIRE(f.store->append(append_to("vid_A", i, {liked("vid_A", "u")})).ok());
  BOOST_REQUIRE(
      f.store->append(append_to("vid_AB", 0, {liked("vid_AB", "u")})).ok());  // a prefix neighbour
  auto part = f.store->read_stream("vid_A", 4, 3);
  BOOST_REQUIRE(part.size() == 3u);
  BOOST_TEST(part[0].envelope().stream_version() == 4u);
  BOOST_TEST(part[2].envelope().stream_version() == 6u);
  BOOST_TEST(f.store->read_stream("vid_A", 1, 100).size() == 10u);
  BOOST_TEST(f.store->read_stream("vid_A", 0, 100).size() == 10u);  // 0 reads from the start
  BOOST_TEST(f.store->read_stream("vid_A", 11, 100).empty());
  BOOST_TEST(f.store->read_stream("vid_A", 1, 0).empty());
  BOOST_TEST(f.store->read_stream("vid_AB", 1, 100).size() == 1u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_global_log_reads_from_any_sequence, F, every_store) {
  F f;
  for (int i = 0; i < 12; ++i)
    BOOST_REQUIRE(
        f.store->append(append_to("s" + std::to_string(i % 3), any_version, {liked("v", "u")}))
            .ok());
  BOOST_TEST(sequences_of(whole_log(*f.store, 10)) == (std::vector<uint64_t>{10, 11, 12}));
  BOOST_TEST(whole_log(*f.store, 13).empty());
  BOOST_TEST(whole_log(*f.store, 0).size() == 12u);

  // A cursor sees what was committed when it opened, not what comes after.
  auto cursor = f.store->read_log(1);
  BOOST_REQUIRE(f.store->append(append_to("late", any_version, {liked("v", "u")})).ok());
  events::EventRecord record;
  uint64_t seen = 0;
  while (cursor->next(record)) ++seen;
  BOOST_TEST(seen == 12u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(one_event_reads_by_its_sequence, F, every_store) {
  F f;
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE(
        f.store->append(append_to("s" + std::to_string(i), any_version, {liked("v", "u")})).ok());
  auto third = f.store->read_event(3);
  BOOST_REQUIRE(third.has_value());
  BOOST_TEST(third->envelope().sequence() == 3u);
  BOOST_TEST(third->envelope().stream_id() == "s2");
  BOOST_TEST(third->event().has_video_liked());
  BOOST_TEST(!f.store->read_event(0).has_value());
  BOOST_TEST(!f.store->read_event(6).has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(appended_events_survive_a_reopen, F, every_store) {
  F f;
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE(f.store->append(append_to("vid_A", i, {liked("vid_A", "u")})).ok());
  f.reopen();
  BOOST_TEST(f.store->global_head() == 5u);
  BOOST_TEST(f.store->stream_head("vid_A") == 5u);
  auto next = f.store->append(append_to("vid_A", 5, {liked("vid_A", "u")}));
  BOOST_REQUIRE(next.ok());
  BOOST_TEST(next.first_sequence == 6u);
  BOOST_TEST(next.first_version == 6u);
  BOOST_TEST(whole_log(*f.store).size() == 6u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(snapshots_keep_the_latest_state_per_stream, F, every_store) {
  F f;
  BOOST_TEST(!f.store->load_snapshot("usr_A").has_value());
  f.store->save_snapshot("usr_A", {3, "state-at-3"});
  f.store->save_snapshot("usr_B", {1, std::string("\0binary\xff", 8)});
  f.store->save_snapshot("usr_A", {9, "state-at-9"});
  f.reopen();
  auto a = f.store->load_snapshot("usr_A");
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->version == 9u);
  BOOST_TEST(a->state == "state-at-9");
  BOOST_TEST(f.store->load_snapshot("usr_B")->state == std::string("\0binary\xff", 8));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(edges_apply_in_order_and_scan_by_prefix, F, every_store) {
  F f;
  BOOST_TEST(!f.store->has_edge("vid_A\0lusr_1"s));
  f.store->write_edges({{"vid_A\0lusr_1"s, true},
                        {"vid_A\0lusr_2"s, true},
                        {"vid_A\0lusr_3"s, true},
                        {"vid_A\0lusr_3"s, false},  // later changes win
                        {"vid_B\0lusr_1"s, true}});
  f.store->write_edges({});
  f.reopen();
  BOOST_TEST(f.store->has_edge("vid_A\0lusr_1"s));
  BOOST_TEST(!f.store->has_edge("vid_A\0lusr_3"s));
  BOOST_TEST(!f.store->has_edge("vid_A"));
  std::vector<std::string> keys;
  f.store->scan_edges("vid_A\0l"s, "", [&](std::string_view key) {
    keys.emplace_back(key);
    return true;
  });
  BOOST_TEST(keys == (std::vector<std::string>{"vid_A\0lusr_1"s, "vid_A\0lusr_2"s}));
  keys.clear();
  // After a member: the rest, without walking what came before.
  for (const char* after : {"usr_1", "usr_10"}) {
    f.store->scan_edges("vid_A\0l"s, after, [&](std::string_view key) {
      keys.emplace_back(key);
      return true;
    });
    BOOST_TEST(keys == (std::vector<std::string>{"vid_A\0lusr_2"s}));
    keys.clear();
  }
  f.store->scan_edges("vid_", "", [&](std::string_view key) {
    keys.emplace_back(key);
    return false;  // stops at the first
  });
  BOOST_TEST(keys.size() == 1u);
  f.store->write_edges({{"vid_A\0lusr_1"s, false}});
  BOOST_TEST(!f.store->has_edge("vid_A\0lusr_1"s));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(projection_state_and_checkpoint_commit_together, F, every_store) {
  F f;
  BOOST_TEST(f.store->projection_checkpoint("trending") == 0u);
  f.store->commit_projection("trending", 10, {{"v/1", "a"}, {"v/2", "b"}, {"x", "c"}});
  f.store->commit_projection("trend", 4, {{"v/1", "other projection"}});  // a prefix neighbour
  f.store->commit_projection("trending", 12, {{"v/2", std::nullopt}, {"v/3", "d"}});
  f.reopen();
  BOOST_TEST(f.store->projection_checkpoint("trending") == 12u);
  BOOST_TEST(f.store->projection_checkpoint("trend") == 4u);
  BOOST_TEST(f.store->projection_get("trending", "v/1").value() == "a");
  BOOST_TEST(!f.store->projection_get("trending", "v/2").has_value());
  BOOST_TEST(f.store->projection_get("trend", "v/1").value() == "other projection");

  std::vector<std::string> keys;
  f.store->projection_scan("trending", "v/", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return true;
  });
  BOOST_TEST(keys == (std::vector<std::string>{"v/1", "v/3"}));
  keys.clear();
  f.store->projection_scan("trending", "", [&](std::string_view k, std::string_view) {
    keys.emplace_back(k);
    return keys.size() < 2;  // stops when asked
  });
  BOOST_TEST(keys.size() == 2u);

  f.store->reset_projection("trending");
  BOOST_TEST(f.store->projection_checkpoint("trending") == 0u);
  BOOST_TEST(!f.store->projection_get("trending", "v/1").has_value());
  BOOST_TEST(f.store->projection_get("trend", "v/1").has_value());
  BOOST_CHECK_THROW(f.store->projection_checkpoint(""), store_error);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(async_appends_answer_exactly_once, F, every_store) {
  F f;
  std::atomic<int> answers{0}, committed{0};
  for (int i = 0; i < 50; ++i) {
    // Callbacks may run on a store thread, where Boost.Test must not be called.
    f.store->append_async(append_to("vid_A", any_version, {liked("vid_A", "u")}),
                          [&](append_result r) {
                            if (r.ok()) committed.fetch_add(1);
                            answers.fetch_add(1);
                          });
  }
  BOOST_TEST(f.store->append(append_to("vid_B", any_version, {liked("vid_B", "u")}))
                 .ok());  // after the 50
  BOOST_TEST(answers.load() == 50);
  BOOST_TEST(committed.load() == 50);
  BOOST_TEST(f.store->global_head() == 51u);
}

BOOST_AUTO_TEST_SUITE_END()
