// How protocol v1 spells the domain's enums (docs/protocol.md), both ways.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "domain/notifications/notifications.h"
#include "reel/events.pb.h"

namespace reel::gateway {

const char* role_name(int role);  // "user", "creator", "moderator", "auditor", "operator"
std::optional<events::Role> role_from_name(std::string_view name);
const char* band_name(events::AgeBand band);  // "13-15", "16-17", "adult"
boost::json::array roles_json(const std::vector<events::Role>& roles);
// "for_you", "following", "trending", "stem", "profile", "share_link", "search"
std::optional<events::FeedSource> feed_from_name(std::string_view name);
// A notice as pushes and notifications.list carry it: its kind, id and the fields set.
boost::json::object notice_json(const domain::notice& n);

}  // namespace reel::gateway
