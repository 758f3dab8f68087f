// The framed record: what frame_record writes, unframe_record reads back exactly, also when
// one EventRecord is reused for many records of mixed types (as log cursors do).
#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include "domain/event_schema.h"
#include "storage/record_format.h"
#include "storage/store_error.h"

using namespace reel;
using namespace reel::storage;

namespace {

events::EventRecord record(uint64_t sequence, const events::Event& event) {
  events::EventRecord r;
  r.mutable_envelope()->set_sequence(sequence);
  r.mutable_envelope()->set_stream_id("vid_" + std::to_string(sequence));
  r.mutable_envelope()->set_stream_version(sequence);
  r.mutable_envelope()->set_type(std::string(event_type_name(event)));
  r.mutable_envelope()->set_schema_version(current_schema_version);
  if (sequence % 2) r.mutable_envelope()->set_correlation_id("req-" + std::to_string(sequence));
  *r.mutable_event() = event;
  return r;
}

std::string framed(const events::EventRecord& r) {
  return frame_record(r.envelope(), r.event().SerializeAsString());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(record_format)

BOOST_AUTO_TEST_CASE(a_reused_record_decodes_like_a_fresh_one) {
  events::Event full;
  auto* v = full.mutable_video_published();
  v->set_video_id("vid_X");
  v->set_title("a title");
  v->add_topics("physics");
  v->add_topics("cats");
  v->set_stem(true);
  events::Event sparse;  // same type, fewer fields: nothing of `full` may linger
  sparse.mutable_video_published()->set_video_id("vid_Y");
  events::Event other;
  other.mutable_video_liked()->set_user_id("usr_Z");

  std::vector<events::EventRecord> records = {record(1, full),   record(2, sparse),
                                              record(3, sparse), record(4, other),
                                              record(5, full),   record(6, other)};
  events::EventRecord reused;
  for (const auto& r : records) {
    unframe_record(r.envelope().sequence(), framed(r), reused);
    BOOST_TEST(google::protobuf::util::MessageDifferencer::Equals(reused, r),
               "record " << r.envelope().sequence() << " decoded as " << reused.ShortDebugString());
  }
}

BOOST_AUTO_TEST_CASE(a_record_without_payload_after_one_with_payload_is_refused) {
  events::Event liked;
  liked.mutable_video_liked()->set_user_id("usr_Z");
  events::EventRecord reused;
  unframe_record(1, framed(record(1, liked)), reused);
  auto empty = record(2, events::Event{});
  empty.mutable_envelope()->set_type("video_liked");  // claims a type it does not carry
  try {
    unframe_record(2, framed(empty), reused);
    BOOST_FAIL("a record without payload was accepted");
  } catch (const store_error& e) {
    BOOST_TEST((e.code() == store_errc::corrupt_record));
    BOOST_TEST(e.sequence() == 2u);
  }
}

BOOST_AUTO_TEST_CASE(a_checksum_checked_elsewhere_is_trusted_and_a_failed_one_is_named) {
  events::Event liked;
  liked.mutable_video_liked()->set_user_id("usr_C");
  auto bytes = framed(record(7, liked));
  BOOST_TEST(frame_checksum_matches(bytes));
  BOOST_TEST(!frame_checksum_matches(bytes.substr(0, 4)));  // too short to hold one
  auto damaged = bytes;
  damaged[damaged.size() - 1] ^= 0x04;
  BOOST_TEST(!frame_checksum_matches(damaged));
  events::EventRecord out;
  unframe_record(7, bytes, out, record_checks::all, /*checksum_verified=*/true);
  BOOST_TEST(out.event().video_liked().user_id() == "usr_C");
  try {
    unframe_record(7, damaged, out);
    BOOST_FAIL("a damaged record was accepted");
  } catch (const store_error& e) {
    BOOST_TEST(std::string(e.what()).find("checksum") != std::string::npos);
    BOOST_TEST(e.sequence() == 7u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
