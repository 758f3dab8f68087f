#include <boost/test/unit_test.hpp>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <set>

#include "domain/event_schema.h"

using namespace reel;
namespace pb = google::protobuf;

namespace {

// Sets every field of `message` to a value that is not its default.
void fill(pb::Message& message, int seed) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* f = descriptor->field(i);
    int v = seed + i + 1;
    if (f->is_repeated()) {
      BOOST_REQUIRE(f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING);
      reflection->AddString(&message, f, "topic-" + std::to_string(v));
      reflection->AddString(&message, f, "topic-" + std::to_string(v + 1));
      continue;
    }
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, f, "text-" + std::to_string(v));
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        reflection->SetUInt32(&message, f, static_cast<uint32_t>(v));
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT64:
        reflection->SetUInt64(&message, f, static_cast<uint64_t>(v) << 33);
        break;
      case pb::FieldDescriptor::CPPTYPE_INT64:
        reflection->SetInt64(&message, f, -(int64_t{v} << 33));
        break;
      case pb::FieldDescriptor::CPPTYPE_BOOL:
        reflection->SetBool(&message, f, true);
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        reflection->SetEnum(&message, f, f->enum_type()->value(f->enum_type()->value_count() - 1));
        break;
      default:
        BOOST_FAIL("event field of an unexpected type: " << f->full_name());
    }
  }
}

events::Event event_of_type(const pb::FieldDescriptor* field, int seed) {
  events::Event event;
  auto* payload = event.GetReflection()->MutableMessage(&event, field);
  fill(*payload, seed);
  return event;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(event_schema)

BOOST_AUTO_TEST_CASE(the_schema_holds_every_event_of_the_product) {
  std::set<std::string_view> names(all_event_type_names().begin(), all_event_type_names().end());
  for (std::string_view required : {"user_registered",
                                    "user_followed",
                                    "user_unfollowed",
                                    "user_blocked",
                                    "role_granted",
                                    "role_revoked",
                                    "creator_settings_changed",
                                    "video_published",
                                    "video_viewed",
                                    "video_liked",
                                    "video_unliked",
                                    "video_shared",
                                    "video_commented",
                                    "video_not_interested",
                                    "video_reported",
                                    "moderation_case_opened",
                                    "moderation_case_claimed",
                                    "moderation_case_decided",
                                    "moderation_case_appealed",
                                    "video_hidden",
                                    "video_removed",
                                    "video_restored",
                                    "video_age_restricted",
                                    "video_labelled",
                                    "fund_period_opened",
                                    "fund_period_funded",
                                    "fund_period_closed",
                                    "view_qualified",
                                    "view_rejected",
                                    "fund_accrued",
                                    "payout_issued",
                                    "entry_reversed"}) {
    BOOST_TEST(names.count(required) == 1u, "missing event type " << required);
  }
}

BOOST_AUTO_TEST_CASE(every_event_type_round_trips_through_the_wire_and_json) {
  const auto* oneof = events::Event::descriptor()->FindOneofByName("payload");
  BOOST_REQUIRE(oneof != nullptr);
  BOOST_TEST(static_cast<size_t>(oneof->field_count()) == all_event_type_names().size());
  for (int i = 0; i < oneof->field_count(); ++i) {
    const auto* field = oneof->field(i);
    BOOST_TEST_CONTEXT("event type " << field->name()) {
      auto event = event_of_type(field, i * 100);
      BOOST_TEST(event_type_name(event) == field->name());

      events::EventRecord record;
      auto* env = record.mutable_envelope();
      env->set_sequence(42);
      env->set_stream_id("usr_01J5Z8Q3W9K2M");
      env->set_stream_version(7);
      env->set_type(field->name());
      env->set_schema_version(current_schema_version);
      env->set_recorded_at_us(1763900000000000);
      env->set_correlation_id("req-1");
      env->set_caused_by("usr_01J5Z8Q3W9K2M");
      *record.mutable_event() = event;

      events::EventRecord decoded;
      BOOST_REQUIRE(decoded.ParseFromString(record.SerializeAsString()));
      BOOST_TEST(pb::util::MessageDifferencer::Equals(record, decoded));
      BOOST_TEST((check_record(decoded) == record_problem::none));

      events::EventRecord from_json;
      BOOST_REQUIRE(pb::util::JsonStringToMessage(to_json(record), &from_json).ok());
      BOOST_TEST(pb::util::MessageDifferencer::Equals(record, from_json));
      BOOST_TEST(to_json(record).find("\"" + field->name() + "\"") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(records_a_reader_cannot_use_are_named) {
  events::EventRecord record;
  record.mutable_envelope()->set_schema_version(current_schema_version);
  BOOST_TEST((check_record(record) == record_problem::unknown_type));

  record.mutable_event()->mutable_video_liked()->set_video_id("vid_0000000000001");
  record.mutable_envelope()->set_type("video_unliked");
  BOOST_TEST((check_record(record) == record_problem::type_mismatch));

  record.mutable_envelope()->set_type("video_liked");
  BOOST_TEST((check_record(record) == record_problem::none));

  record.mutable_envelope()->set_schema_version(current_schema_version + 1);
  BOOST_TEST((check_record(record) == record_problem::future_schema));
  BOOST_TEST(!describe(record_problem::future_schema).empty());
}

BOOST_AUTO_TEST_CASE(money_is_integer_minor_units) {
  for (const auto* type : {events::FundPeriodFunded::descriptor(),
                           events::FundAccrued::descriptor(), events::PayoutIssued::descriptor()}) {
    const auto* amount = type->FindFieldByName("amount_minor");
    BOOST_REQUIRE(amount != nullptr);
    BOOST_TEST(amount->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64);
  }
}

BOOST_AUTO_TEST_SUITE_END()
