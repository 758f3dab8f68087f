// The Creator aggregate: a creator's settings. Its stream is the creator's id.
// Younger creators get stricter defaults: under 16, nobody can duet or stitch their
// videos, and they cannot turn that on.
#pragma once

#include <optional>
#include <string>

#include "domain/decision.h"

namespace reel::domain {

struct creator_settings {
  bool allow_duet = true;
  bool allow_stitch = true;
  bool allow_comments = true;
};

// The settings a creator starts with, by the owner's age band.
creator_settings default_settings(events::AgeBand owner_band);

struct creator_state {
  uint64_t version = 0;
  bool has_settings = false;  // false until the first change: defaults apply
  creator_settings settings;
};

// The settings in force: the stored ones, or the defaults for the owner's band.
creator_settings effective_settings(const creator_state& state, events::AgeBand owner_band);

struct change_creator_settings {
  std::string creator_id;
  events::AgeBand owner_band = events::AGE_BAND_UNSPECIFIED;
  std::optional<bool> allow_duet, allow_stitch, allow_comments;  // unset: unchanged
};

decision decide(const creator_state& state, const change_creator_settings& command);
void apply(creator_state& state, const events::Event& event);

}  // namespace reel::domain
