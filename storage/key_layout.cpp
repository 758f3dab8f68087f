#include "storage/key_layout.h"

namespace reel::storage::layout {

void put_u64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

uint64_t get_u64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<uint8_t>(bytes[i]);
  return value;
}

std::string event_key(uint64_t sequence) {
  std::string key;
  key.reserve(8);
  put_u64(key, sequence);
  return key;
}

std::string stream_events_prefix(std::string_view stream_id) {
  std::string key(stream_id);
  key.push_back('\x00');
  return key;
}

std::string stream_event_key(std::string_view stream_id, uint64_t version) {
  std::string key = stream_events_prefix(stream_id);
  put_u64(key, version);
  return key;
}

std::string stream_events_end(std::string_view stream_id) {
  std::string key(stream_id);
  key.push_back('\x01');
  return key;
}

std::string projection_prefix(std::string_view name) {
  std::string key(name);
  key.push_back('\x00');
  return key;
}

std::string projection_checkpoint_key(std::string_view name) {
  return projection_prefix(name) + 'c';
}

std::string projection_digest_key(std::string_view name) {
  return projection_prefix(name) + 'd';
}

std::string projection_state_key(std::string_view name, std::string_view key) {
  std::string out = projection_prefix(name);
  out.push_back('s');
  out.append(key);
  return out;
}

std::string idempotency_key(std::string_view key) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64: stable across builds and platforms
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  std::string out;
  out.reserve(idempotency_prefix_bytes + key.size());
  put_u64(out, hash);
  out.append(key);
  return out;
}

}  // namespace reel::storage::layout
