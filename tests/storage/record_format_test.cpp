// The framed record: what frame_record writes, unframe_record reads back exactly, also when
// one EventRecord is reused for many records of mixed types (as log cursors do).
#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>
#include <zlib.h>

#include "domain/event_schema.h"
#include "storage/crc32c.h"
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

BOOST_AUTO_TEST_CASE(crc32c_gives_the_standard_check_values) {
  BOOST_TEST(crc32c("123456789") == 0xe3069283u);  // the catalogue's check value
  BOOST_TEST(crc32c("") == 0u);
  std::string zeros(32, '\0');
  BOOST_TEST(crc32c(zeros) == 0x8a9136aau);  // RFC 3720, B.4: 32 bytes of zeros
  std::string ones(32, '\xff');
  BOOST_TEST(crc32c(ones) == 0x62a8ab43u);  // RFC 3720, B.4: 32 bytes of ones
  // The instruction and the table agree, at every length and alignment.
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>((i * 7919) & 0xff));
  for (size_t at = 0; at < 8; ++at) {
    for (size_t n = 0; at + n <= bytes.size(); n += 13) {
      auto piece = std::string_view(bytes).substr(at, n);
      BOOST_REQUIRE(crc32c(piece) == crc32c_by_table(piece));
    }
  }
}

BOOST_AUTO_TEST_CASE(records_of_frame_format_1_are_still_read) {
  events::Event liked;
  liked.mutable_video_liked()->set_user_id("usr_OLD");
  auto current = framed(record(3, liked));
  BOOST_TEST(static_cast<int>(current[0]) == static_cast<int>(record_frame_format));
  // The same record as a build before 2026-11-26 wrote it: format 1, zlib's CRC-32.
  auto old = current;
  old[0] = static_cast<char>(record_frame_format_crc32);
  auto body = std::string_view(old).substr(5);
  auto crc = static_cast<uint32_t>(::crc32(::crc32(0L, Z_NULL, 0),
                                           reinterpret_cast<const Bytef*>(body.data()),
                                           static_cast<uInt>(body.size())));
  for (int i = 0; i < 4; ++i) old[1 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
  BOOST_TEST(frame_checksum_matches(old));
  events::EventRecord out;
  unframe_record(3, old, out);
  BOOST_TEST(out.event().video_liked().user_id() == "usr_OLD");
  // A format-1 frame with a format-2 checksum is damage, not a record.
  auto mixed = current;
  mixed[0] = static_cast<char>(record_frame_format_crc32);
  BOOST_TEST(!frame_checksum_matches(mixed));
  BOOST_CHECK_THROW(unframe_record(3, mixed, out), store_error);
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
  // A wrong checksum over a record that still decodes: trusted when the caller says it
  // verified the bytes itself (the scan's reader thread), refused otherwise. This is what
  // shows the flag skips the check rather than being ignored.
  auto wrong_checksum = bytes;
  wrong_checksum[1] ^= 0x10;
  BOOST_TEST(!frame_checksum_matches(wrong_checksum));
  out.Clear();
  unframe_record(7, wrong_checksum, out, record_checks::all, /*checksum_verified=*/true);
  BOOST_TEST(out.event().video_liked().user_id() == "usr_C");
  BOOST_CHECK_THROW(unframe_record(7, wrong_checksum, out), store_error);
  try {
    unframe_record(7, damaged, out);
    BOOST_FAIL("a damaged record was accepted");
  } catch (const store_error& e) {
    BOOST_TEST(std::string(e.what()).find("checksum") != std::string::npos);
    BOOST_TEST(e.sequence() == 7u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
