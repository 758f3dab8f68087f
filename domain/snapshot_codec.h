// Entity state <-> snapshot bytes (reel/snapshots.proto). A snapshot is a cache: decode()
// returns false for bytes it cannot trust, and the caller replays the whole stream instead.
// The stream version a snapshot covers is kept by the store next to the bytes.
#pragma once

#include <string>
#include <string_view>

#include "domain/accounts/user.h"
#include "domain/moderation/moderation_case.h"
#include "domain/videos/video.h"

namespace reel::domain {

// 1: the first; 2: who liked or reported a video and who blocked a user are edges
// (domain/edges.h), not snapshot state.
inline constexpr uint32_t snapshot_format = 2;

std::string encode_snapshot(const user_state& state);
std::string encode_snapshot(const video_state& state);
std::string encode_snapshot(const case_state& state);

// On success the state holds the snapshot, with `version` set to `version`.
bool decode_snapshot(std::string_view bytes, uint64_t version, user_state& state);
bool decode_snapshot(std::string_view bytes, uint64_t version, video_state& state);
bool decode_snapshot(std::string_view bytes, uint64_t version, case_state& state);

}  // namespace reel::domain
