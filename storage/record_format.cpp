#include "storage/record_format.h"

#include <algorithm>
#include <chrono>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <zlib.h>

#include "domain/event_schema.h"
#include "storage/crc32c.h"
#include "storage/store_error.h"

namespace reel::storage {
namespace {

// The checksum a frame format uses over the record's body.
uint32_t checksum_of(uint8_t format, std::string_view body) {
  if (format == record_frame_format) return crc32c(body);
  // zlib's CRC-32 (IEEE), the checksum of format 1.
  return static_cast<uint32_t>(::crc32(::crc32(0L, Z_NULL, 0),
                                       reinterpret_cast<const Bytef*>(body.data()),
                                       static_cast<uInt>(body.size())));
}

bool known_format(uint8_t format) {
  return format == record_frame_format || format == record_frame_format_crc32;
}

// The payload's field number in a body laid out as frame_record writes it (envelope, then
// an event whose first field is its payload), or 0 for any other layout or no payload.
uint32_t framed_payload_field(std::string_view body) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(body.data()),
                                            static_cast<int>(body.size()));
  uint32_t length = 0;
  if (in.ReadTag() != static_cast<uint32_t>((1 << 3) | 2) || !in.ReadVarint32(&length) ||
      !in.Skip(static_cast<int>(length))) {
    return 0;
  }
  if (in.ReadTag() != static_cast<uint32_t>((2 << 3) | 2) || !in.ReadVarint32(&length) ||
      length == 0)
    return 0;
  return in.ReadTag() >> 3;
}

// Empties `record` for the next decode but keeps its memory where that is safe: the
// envelope's strings keep their capacity, and when the next record has the same payload
// type the payload message is cleared in place instead of deleted and re-created.
void clear_for(events::EventRecord& record, std::string_view next_body) {
  // Looked up once: every scanned record comes through here.
  static const auto* record_reflection = events::EventRecord::GetReflection();
  static const auto* event_reflection = events::Event::GetReflection();
  static const auto* event_descriptor = events::Event::descriptor();
  record.mutable_envelope()->Clear();
  // Unknown fields (a newer writer's) must not linger into the next record.
  record_reflection->MutableUnknownFields(&record)->Clear();
  auto* event = record.mutable_event();
  event_reflection->MutableUnknownFields(event)->Clear();
  auto kept = static_cast<uint32_t>(event->payload_case());
  if (kept != 0 && kept == framed_payload_field(next_body)) {
    const auto* field = event_descriptor->FindFieldByNumber(static_cast<int>(kept));
    event_reflection->MutableMessage(event, field)->Clear();
  } else {
    event->clear_payload();
  }
}

void put_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Protobuf wire tags of EventRecord's fields: (field number << 3) | LEN (2).
constexpr char tag_envelope = (1 << 3) | 2;
constexpr char tag_event = (2 << 3) | 2;

std::string where(uint64_t sequence) {
  return "event " + std::to_string(sequence) + ": ";
}

}  // namespace

std::vector<encoded_event> encode_events(std::vector<new_event>& events) {
  auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::vector<encoded_event> out;
  out.reserve(events.size());
  for (auto& ev : events) {
    encoded_event e;
    e.type = std::string(event_type_name(ev.event));
    e.payload = ev.event.SerializeAsString();
    e.recorded_at_us = ev.recorded_at_us != 0 ? ev.recorded_at_us : now;
    e.correlation_id = std::move(ev.correlation_id);
    e.caused_by = std::move(ev.caused_by);
    out.push_back(std::move(e));
  }
  return out;
}

append_framer::append_framer(std::string_view stream_id, std::string_view idempotency_key) {
  envelope_.set_stream_id(std::string(stream_id));
  envelope_.set_schema_version(current_schema_version);
  envelope_.set_idempotency_key(std::string(idempotency_key));
}

std::string append_framer::frame(const encoded_event& event, uint64_t sequence,
                                 uint64_t stream_version) {
  envelope_.set_sequence(sequence);
  envelope_.set_stream_version(stream_version);
  envelope_.set_type(event.type);
  envelope_.set_recorded_at_us(event.recorded_at_us);
  envelope_.set_correlation_id(event.correlation_id);
  envelope_.set_caused_by(event.caused_by);
  return frame_record(envelope_, event.payload);
}

std::string frame_record(const events::Envelope& envelope, std::string_view payload) {
  std::string env = envelope.SerializeAsString();
  std::string out;
  out.reserve(5 + 2 * 5 + env.size() + payload.size());
  out.push_back(static_cast<char>(record_frame_format));
  out.append(4, '\0');  // checksum, filled below
  out.push_back(tag_envelope);
  put_varint(out, env.size());
  out.append(env);
  out.push_back(tag_event);
  put_varint(out, payload.size());
  out.append(payload);
  uint32_t crc = checksum_of(record_frame_format, std::string_view(out).substr(5));
  for (int i = 0; i < 4; ++i) out[1 + i] = static_cast<char>((crc >> (24 - 8 * i)) & 0xff);
  return out;
}

namespace {

uint32_t stored_checksum(std::string_view framed) {
  uint32_t stored = 0;
  for (int i = 1; i <= 4; ++i) stored = (stored << 8) | static_cast<uint8_t>(framed[i]);
  return stored;
}

}  // namespace

bool frame_checksum_matches(std::string_view framed) {
  if (framed.size() < 5) return false;
  auto format = static_cast<uint8_t>(framed[0]);
  return known_format(format) && checksum_of(format, framed.substr(5)) == stored_checksum(framed);
}

void unframe_record(uint64_t sequence, std::string_view framed, events::EventRecord& out,
                    record_checks checks, bool checksum_verified) {
  if (framed.size() < 5) {
    throw store_error(
        store_errc::corrupt_record,
        where(sequence) + "record is truncated (" + std::to_string(framed.size()) + " bytes)",
        sequence);
  }
  auto format = static_cast<uint8_t>(framed[0]);
  if (!known_format(format)) {
    throw store_error(store_errc::corrupt_record,
                      where(sequence) + "unknown frame format " + std::to_string(format), sequence);
  }
  auto body = framed.substr(5);
  if (!checksum_verified && checksum_of(format, body) != stored_checksum(framed)) {
    throw store_error(store_errc::corrupt_record, where(sequence) + "checksum mismatch", sequence);
  }
  clear_for(out, body);
  // Merge into the emptied record: the same result as a parse, with fewer allocations.
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(body.data()),
                                               static_cast<int>(body.size()));
  if (!out.MergeFromCodedStream(&input) || !input.ConsumedEntireMessage()) {
    out.Clear();
    throw store_error(store_errc::corrupt_record, where(sequence) + "record does not decode",
                      sequence);
  }
  if (out.envelope().sequence() != sequence) {
    throw store_error(
        store_errc::corrupt_record,
        where(sequence) + "envelope names sequence " + std::to_string(out.envelope().sequence()),
        sequence);
  }
  if (checks == record_checks::framing_only) return;
  auto problem = check_record(out);
  if (problem == record_problem::future_schema) {
    throw store_error(
        store_errc::future_schema,
        where(sequence) + "schema version " + std::to_string(out.envelope().schema_version()) +
            " is newer than this build reads (" + std::to_string(current_schema_version) + ")",
        sequence);
  }
  const auto& known = all_event_type_names();
  if (problem == record_problem::unknown_type && !out.envelope().type().empty() &&
      std::find(known.begin(), known.end(), out.envelope().type()) == known.end()) {
    // A type added after this build (docs/events.md, rule 3): refuse, never skip.
    throw store_error(
        store_errc::future_schema,
        where(sequence) + "event type '" + out.envelope().type() + "' is unknown to this build",
        sequence);
  }
  if (problem != record_problem::none) {
    throw store_error(store_errc::corrupt_record,
                      where(sequence) + std::string(describe(problem)) + " (type '" +
                          out.envelope().type() + "')",
                      sequence);
  }
}

}  // namespace reel::storage
