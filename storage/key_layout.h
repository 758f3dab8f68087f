// Column families and key layout of the RocksDB event store (docs/storage.md has the
// table). Public so that tools and tests can read a database with plain RocksDB.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace reel::storage::layout {

inline constexpr std::string_view cf_events = "events";
inline constexpr std::string_view cf_streams = "streams";
inline constexpr std::string_view cf_snapshots = "snapshots";
inline constexpr std::string_view cf_projections = "projections";
inline constexpr std::string_view cf_idempotency = "idempotency";
inline constexpr std::string_view cf_meta = "meta";
inline constexpr std::string_view cf_edges = "edges";  // store format 3 on

// edges: the key as the entity kind derives it (domain/edges.h) -> empty. Video likes and
// reports: video id, 0x00, 'l' or 'r', user id (domain/videos/video.h).

// The on-disk format this build writes; a database with a newer one is refused, an older
// one is upgraded when opened for writing (one way: builds before it refuse it then).
//   1  event records in frame format 1 (CRC-32)
//   2  event records in frame format 2 (CRC-32C) from the upgrade on, 1 before it
//   3  the `edges` family (an older build could not keep it in step with the log)
inline constexpr uint32_t store_format = 3;

// Big-endian so that byte order is numeric order.
void put_u64(std::string& out, uint64_t value);
uint64_t get_u64(std::string_view bytes);  // reads the first 8 bytes; caller checks size

// events: sequence (8 bytes BE) -> framed record (see record_format.h).
std::string event_key(uint64_t sequence);

// streams: stream id, 0x00, version (8 bytes BE) -> sequence (8 bytes BE).
// A stream's head is its last key. Stream ids are printable ASCII, so 0x00 and 0x01
// cannot occur inside them, and stream id + 0x01 bounds the stream's keys from above.
std::string stream_event_key(std::string_view stream_id, uint64_t version);
std::string stream_events_prefix(std::string_view stream_id);
std::string stream_events_end(std::string_view stream_id);

// snapshots: stream id -> version (8 bytes BE) then the state bytes.

// projections: name, 0x00, 'c'       -> checkpoint (8 bytes BE);
//              name, 0x00, 'd'       -> digest of the state at the checkpoint (32 bytes);
//              name, 0x00, 's', key  -> state value.
std::string projection_checkpoint_key(std::string_view name);
std::string projection_digest_key(std::string_view name);
std::string projection_state_key(std::string_view name, std::string_view key);
std::string projection_prefix(std::string_view name);  // covers checkpoint and state

// idempotency: FNV-1a 64 of the key (8 bytes BE), then the key -> an append result.
// The hash prefix spreads keys over a hash memtable, so inserting random keys stays cheap.
std::string idempotency_key(std::string_view key);
inline constexpr size_t idempotency_prefix_bytes = 8;

// meta: "store_format"    -> u64 (8 bytes BE);
//       "indexed_through" -> the last sequence whose `streams` and `idempotency` entries
//                            are written (u64). Later events are indexed again at open;
//       "health_probe"    -> empty, written while the store is unavailable.
inline constexpr std::string_view meta_store_format = "store_format";
inline constexpr std::string_view meta_indexed_through = "indexed_through";
// Written (empty) while the store is unavailable, to learn when writes succeed again.
inline constexpr std::string_view meta_health_probe = "health_probe";

}  // namespace reel::storage::layout
