#include "gateway/ops/json_forms.h"

#include <map>
#include <string>

#include "domain/calendar.h"

namespace reel::gateway {

const char* role_name(int role) {
  switch (role) {
    case events::ROLE_USER:
      return "user";
    case events::ROLE_CREATOR:
      return "creator";
    case events::ROLE_MODERATOR:
      return "moderator";
    case events::ROLE_AUDITOR:
      return "auditor";
    case events::ROLE_OPERATOR:
      return "operator";
    default:
      return "unspecified";
  }
}

std::optional<events::Role> role_from_name(std::string_view name) {
  for (int r = events::ROLE_USER; r <= events::ROLE_OPERATOR; ++r) {
    if (name == role_name(r)) return static_cast<events::Role>(r);
  }
  return std::nullopt;
}

const char* band_name(events::AgeBand band) {
  switch (band) {
    case events::AGE_BAND_13_15:
      return "13-15";
    case events::AGE_BAND_16_17:
      return "16-17";
    case events::AGE_BAND_ADULT:
      return "adult";
    default:
      return "unspecified";
  }
}

boost::json::array roles_json(const std::vector<events::Role>& roles) {
  boost::json::array out;
  for (auto r : roles) out.emplace_back(role_name(r));
  return out;
}

std::optional<events::FeedSource> feed_from_name(std::string_view name) {
  static const std::map<std::string_view, events::FeedSource> names = {
      {"for_you", events::FEED_SOURCE_FOR_YOU},   {"following", events::FEED_SOURCE_FOLLOWING},
      {"trending", events::FEED_SOURCE_TRENDING}, {"stem", events::FEED_SOURCE_STEM},
      {"profile", events::FEED_SOURCE_PROFILE},   {"share_link", events::FEED_SOURCE_SHARE_LINK},
      {"search", events::FEED_SOURCE_SEARCH}};
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

boost::json::object notice_json(const domain::notice& n) {
  boost::json::object data{{"kind", n.kind}};
  if (n.id > 0) data["id"] = n.id;
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) data[key] = v;
  };
  put("from_user", n.from_user);
  put("video_id", n.video_id);
  if (!n.comment_id.empty()) {
    data["comment_id"] = n.comment_id;
    data["text"] = n.text;
  }
  put("case_id", n.case_id);
  put("decision", n.decision);
  put("policy", n.policy);
  if (n.severity >= 0) data["severity"] = n.severity;
  if (n.limit_minutes > 0) data["limit_minutes"] = n.limit_minutes;
  if (n.until_ms > 0) {
    // A breach's deadline; a reporting suspension's end; a decision's appeal window.
    const char* key = n.kind == "case_escalated"    ? "due_at"
                      : n.kind == "report_standing" ? "suspended_until"
                                                    : "appeal_until";
    data[key] = domain::rfc3339_of_unix_ms(n.until_ms);
  }
  return data;
}

}  // namespace reel::gateway
