// How one event record is framed in the `events` column family:
//
//   byte 0      frame format: 2 (written since 2026-11-26) or 1
//   bytes 1..4  the checksum of bytes 5.., big-endian: CRC-32C (Castagnoli) in format 2,
//               CRC-32 (IEEE) in format 1
//   bytes 5..   an events::EventRecord in protobuf encoding
//
// The checksum catches damage that would still parse as protobuf. Format 2 exists only
// for speed (the CPU computes CRC-32C); both are read. The payload is serialized on the
// appending thread; the committer only adds the envelope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reel/events.pb.h"
#include "storage/event_store.h"

namespace reel::storage {

inline constexpr uint8_t record_frame_format = 2;        // what frame_record writes
inline constexpr uint8_t record_frame_format_crc32 = 1;  // still read

// An event serialized on the caller's thread, waiting for its envelope.
struct encoded_event {
  std::string type;
  std::string payload;  // events::Event, serialized
  int64_t recorded_at_us = 0;
  std::string correlation_id;
  std::string caused_by;
};

// Serializes the events of an append (on the appending thread); an event without a time
// gets the current one. Moves the strings out of `events`.
std::vector<encoded_event> encode_events(std::vector<new_event>& events);

// The framed bytes of EventRecord{envelope, event} without re-encoding the payload.
std::string frame_record(const events::Envelope& envelope, std::string_view payload);

// Frames the events of one append as a store commits them: the envelope fields shared by
// the append are set once, the rest per event.
class append_framer {
 public:
  append_framer(std::string_view stream_id, std::string_view idempotency_key);
  std::string frame(const encoded_event& event, uint64_t sequence, uint64_t stream_version);

 private:
  events::Envelope envelope_;
};

enum class record_checks {
  all,          // framing, checksum, decoding, schema version and event type
  framing_only  // framing, checksum and decoding: enough to read the envelope
};

// Whether a framed record is long enough to hold its checksum and the checksum matches.
// Lets a scan verify checksums on another thread than the one that decodes.
bool frame_checksum_matches(std::string_view framed);

// Decodes and checks a framed record read at `sequence`. Throws store_error
// (corrupt_record or future_schema) naming the sequence. Reuses `out`'s memory.
// `checksum_verified`: frame_checksum_matches() already said yes for these bytes.
void unframe_record(uint64_t sequence, std::string_view framed, events::EventRecord& out,
                    record_checks checks = record_checks::all, bool checksum_verified = false);

}  // namespace reel::storage
