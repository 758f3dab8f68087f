// How the feed index is stored (proto/reel/feed_state.proto): one record per video, per
// viewer, and one of totals, each under its own key, so a commit writes only what changed.
// Keys sort videos in slot order, which restoring needs (the topic dictionary is rebuilt
// in that order).
#pragma once

#include <string>
#include <string_view>

#include "domain/feeds/feed_index.h"

namespace reel::domain {

inline constexpr uint32_t feed_state_format = 1;

std::string feed_video_key(video_slot slot);    // "v/<slot, 8 hex digits>"
std::string feed_viewer_key(uint64_t user_id);  // "u/<user id value, 16 hex digits>"
inline constexpr std::string_view feed_totals_key = "t";

std::string encode_video(const feed_index& index, video_slot slot);
std::string encode_viewer(const viewer_entry& viewer, uint64_t user_id);
std::string encode_totals(const feed_totals& totals);

// Restores one stored record into `index` (call reindex() after the last). Throws
// damaged_feed_state naming the key when it cannot be read.
void restore_record(feed_index& index, std::string_view key, std::string_view value);

}  // namespace reel::domain
