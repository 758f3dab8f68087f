#include "domain/event_schema.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>

namespace reel {
namespace {

const google::protobuf::OneofDescriptor& payload_oneof() {
  static const auto* oneof = events::Event::descriptor()->FindOneofByName("payload");
  return *oneof;
}

template <class Message>
std::string json_of(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = false;
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!status.ok()) return std::string("{\"error\":\"json encoding failed\"}");
  return out;
}

}  // namespace

std::string_view event_type_name(const events::Event& event) {
  // Indexed by field number: this runs for every event written and read.
  static const std::vector<std::string_view> by_number = [] {
    const auto& oneof = payload_oneof();
    int largest = 0;
    for (int i = 0; i < oneof.field_count(); ++i)
      largest = std::max(largest, oneof.field(i)->number());
    std::vector<std::string_view> out(static_cast<size_t>(largest) + 1);
    for (int i = 0; i < oneof.field_count(); ++i) {
      out[static_cast<size_t>(oneof.field(i)->number())] = oneof.field(i)->name();
    }
    return out;
  }();
  auto number = static_cast<size_t>(event.payload_case());
  return number < by_number.size() ? by_number[number] : std::string_view();
}

const std::vector<std::string_view>& all_event_type_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    const auto& oneof = payload_oneof();
    for (int i = 0; i < oneof.field_count(); ++i) out.emplace_back(oneof.field(i)->name());
    return out;
  }();
  return names;
}

record_problem check_record(const events::EventRecord& record) {
  if (record.envelope().schema_version() == 0) return record_problem::no_schema_version;
  if (record.envelope().schema_version() > current_schema_version)
    return record_problem::future_schema;
  auto name = event_type_name(record.event());
  if (name.empty()) return record_problem::unknown_type;
  if (name != record.envelope().type()) return record_problem::type_mismatch;
  return record_problem::none;
}

std::string_view describe(record_problem problem) {
  switch (problem) {
    case record_problem::none:
      return "ok";
    case record_problem::no_schema_version:
      return "envelope names no schema version";
    case record_problem::future_schema:
      return "written by a newer schema version than this build reads";
    case record_problem::unknown_type:
      return "holds no event type this build knows";
    case record_problem::type_mismatch:
      return "envelope type does not match its payload";
  }
  return "unknown problem";
}

std::string to_json(const events::EventRecord& record) {
  return json_of(record);
}
std::string to_json(const events::Event& event) {
  return json_of(event);
}

}  // namespace reel
