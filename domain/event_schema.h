// What the code knows of the event schema: its version, the stable type names, checks a
// reader runs on every decoded record, and the JSON form used by tools and docs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reel/events.pb.h"

namespace reel {

// The schema version this build writes and the newest it reads. Bump it only for a change
// old readers must not misread (docs/events.md, rule 5).
inline constexpr uint32_t current_schema_version = 1;

// The stable type name of an event: the name of its `Event.payload` field, e.g.
// "video_published". Empty when no payload is set.
std::string_view event_type_name(const events::Event& event);

// Every type name the schema defines, in field-number order.
const std::vector<std::string_view>& all_event_type_names();

// Why a decoded record cannot be used, if it cannot.
enum class record_problem {
  none,
  no_schema_version,  // the writer did not say which schema it used
  future_schema,      // written by a newer schema than this build reads
  unknown_type,       // no payload this build knows (a newer event type, or garbage)
  type_mismatch,      // the envelope's type names another payload than the one present
};
record_problem check_record(const events::EventRecord& record);
std::string_view describe(record_problem problem);

// One-line JSON of a record (proto3 JSON mapping, field names as in the .proto).
std::string to_json(const events::EventRecord& record);
std::string to_json(const events::Event& event);

}  // namespace reel
