#include "projections/moderation/reporter_records_projection.h"

#include <sstream>

#include "domain/ids.h"
#include "domain/moderation/moderation_case.h"

namespace reel::projections {
namespace {

int64_t registered_at(const std::string& user_id) {
  auto id = user_id::parse(user_id);
  return id ? id->created_at_unix_ms() : 0;
}

}  // namespace

// "v2 <activity> <warned> <suspended until> <decided> <dismissed> <announced warned>
// <announced until> <n> (<decided at> <upheld>)*n". v1 (before standings were announced)
// lacks the four in the middle; its standing counts as announced.
std::string encode_record(const domain::reporter_record& r) {
  auto flag = [](bool b) { return b ? std::string("1") : std::string("0"); };
  std::string out =
      "v2 " + std::to_string(r.activity) + " " + flag(r.warned) + " " +
      std::to_string(r.suspended_until_ms) + " " + std::to_string(r.standing_decided) + " " +
      std::to_string(r.standing_dismissed) + " " + flag(r.announced_warned) + " " +
      std::to_string(r.announced_suspended_until_ms) + " " + std::to_string(r.outcomes.size());
  for (const auto& o : r.outcomes)
    out += " " + std::to_string(o.decided_at_ms) + " " + flag(o.upheld);
  return out;
}

std::optional<domain::reporter_record> decode_record(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string format;
  domain::reporter_record r;
  int warned = 0, announced = 0;
  size_t n = 0;
  if (!(in >> format >> r.activity >> warned >> r.suspended_until_ms)) return std::nullopt;
  if (format == "v2") {
    if (!(in >> r.standing_decided >> r.standing_dismissed >> announced >>
          r.announced_suspended_until_ms))
      return std::nullopt;
  } else if (format == "v1") {
    announced = warned;
    r.announced_suspended_until_ms = r.suspended_until_ms;
  } else {
    return std::nullopt;
  }
  if (!(in >> n) || n > domain::max_outcomes_kept) return std::nullopt;
  r.warned = warned != 0;
  r.announced_warned = announced != 0;
  for (size_t i = 0; i < n; ++i) {
    domain::report_outcome o;
    int upheld = 0;
    if (!(in >> o.decided_at_ms >> upheld)) return std::nullopt;
    o.upheld = upheld != 0;
    r.outcomes.push_back(o);
  }
  std::string rest;
  if (in >> rest) return std::nullopt;
  return r;
}

std::vector<std::string_view> reporter_records_projection::consumes() const {
  return {"user_followed",
          "video_published",
          "video_viewed",
          "video_liked",
          "video_shared",
          "video_commented",
          "moderation_report_filed",
          "moderation_case_decided",
          "reporter_standing_changed"};
}

void reporter_records_projection::load(storage::event_store& store) {
  decltype(records_) records;
  decltype(pending_) pending;
  decltype(comments_) comments;
  store.projection_scan(projection_name, "", [&](std::string_view key, std::string_view value) {
    auto damaged = [&] {
      return projection_state_damaged("moderation_reporters: key " + std::string(key) +
                                      " is damaged");
    };
    if (key.substr(0, 2) == "r/") {
      auto r = decode_record(value);
      if (!r) throw damaged();
      auto user = std::string(key.substr(2));
      r->registered_at_ms = registered_at(user);
      records.emplace(std::move(user), std::move(*r));
    } else if (key.substr(0, 2) == "p/") {
      auto slash = key.find('/', 2);
      if (slash == std::string_view::npos) throw damaged();
      pending[std::string(key.substr(2, slash - 2))].insert(std::string(key.substr(slash + 1)));
    } else if (key.substr(0, 2) == "c/") {
      auto space = value.find(' ');
      if (space == std::string_view::npos) throw damaged();
      comments.emplace(std::string(key.substr(2)),
                       comment_origin{std::string(value.substr(0, space)),
                                      std::string(value.substr(space + 1))});
    } else {
      throw damaged();
    }
    return true;
  });
  records_ = std::move(records);
  pending_ = std::move(pending);
  comments_ = std::move(comments);
  changes_.clear();
  unannounced_.clear();
  for (const auto& [user, r] : records_)
    if (domain::standing_to_announce(r)) unannounced_.insert(user);
}

void reporter_records_projection::clear() {
  records_.clear();
  pending_.clear();
  comments_.clear();
  changes_.clear();
  unannounced_.clear();
}

void reporter_records_projection::touch(const std::string& key, std::optional<std::string> value) {
  changes_[key] = std::move(value);
}

// Past min_activity more actions change no weight: the record stops changing there, so a
// busy viewer costs the fold nothing.
void reporter_records_projection::count_activity(const std::string& user_id) {
  if (user_id.empty()) return;
  auto& r = records_[user_id];
  if (r.activity >= domain::min_activity) return;
  r.registered_at_ms = registered_at(user_id);
  ++r.activity;
  touch("r/" + user_id, encode_record(r));
}

void reporter_records_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  switch (e.payload_case()) {
    case events::Event::kUserFollowed:
      return count_activity(e.user_followed().follower_id());
    case events::Event::kVideoPublished: {
      auto creator = creator_id::parse(e.video_published().creator_id());
      if (creator) count_activity(user_of(*creator).str());
      return;
    }
    case events::Event::kVideoViewed:
      return count_activity(e.video_viewed().viewer_id());
    case events::Event::kVideoLiked:
      return count_activity(e.video_liked().user_id());
    case events::Event::kVideoShared:
      return count_activity(e.video_shared().user_id());
    case events::Event::kVideoCommented: {
      const auto& c = e.video_commented();
      comments_[c.comment_id()] = comment_origin{c.video_id(), c.user_id()};
      touch("c/" + c.comment_id(), c.video_id() + " " + c.user_id());
      return count_activity(c.user_id());
    }
    case events::Event::kModerationReportFiled: {
      const auto& f = e.moderation_report_filed();
      if (pending_[f.case_id()].insert(f.reporter_id()).second)
        touch("p/" + f.case_id() + "/" + f.reporter_id(), std::string());
      return;
    }
    case events::Event::kModerationCaseDecided: {
      const auto& d = e.moderation_case_decided();
      auto it = pending_.find(d.case_id());
      if (it == pending_.end() || d.on_appeal()) return;
      bool upheld = domain::restricts(d.decision());
      for (const auto& reporter : it->second) {
        auto& r = records_[reporter];
        r.registered_at_ms = registered_at(reporter);
        domain::add_outcome(r, {d.decided_at_ms(), upheld});
        if (auto s = domain::standing_due(r, d.decided_at_ms())) domain::take_standing(r, *s);
        note_announcement(reporter, r);
        touch("r/" + reporter, encode_record(r));
        touch("p/" + d.case_id() + "/" + reporter, std::nullopt);
      }
      pending_.erase(it);
      return;
    }
    case events::Event::kReporterStandingChanged: {
      const auto& c = e.reporter_standing_changed();
      auto& r = records_[c.user_id()];
      r.registered_at_ms = registered_at(c.user_id());
      r.announced_warned = c.warned();
      r.announced_suspended_until_ms = c.suspended_until_ms();
      note_announcement(c.user_id(), r);
      touch("r/" + c.user_id(), encode_record(r));
      return;
    }
    default:
      return;
  }
}

std::vector<storage::projection_change> reporter_records_projection::take_changes() {
  std::vector<storage::projection_change> out;
  out.reserve(changes_.size());
  for (auto& [key, value] : changes_) out.push_back({key, std::move(value)});
  changes_.clear();
  return out;
}

void reporter_records_projection::note_announcement(const std::string& user_id,
                                                    const domain::reporter_record& r) {
  if (domain::standing_to_announce(r))
    unannounced_.insert(user_id);
  else
    unannounced_.erase(user_id);
}

std::vector<standing_change> reporter_records_projection::unannounced(size_t max) const {
  std::vector<standing_change> out;
  for (const auto& user : unannounced_) {
    if (out.size() >= max) break;
    if (auto s = domain::standing_to_announce(records_.at(user))) out.push_back({user, *s});
  }
  return out;
}

domain::reporter_record reporter_records_projection::record_of(const std::string& user_id) const {
  auto it = records_.find(user_id);
  domain::reporter_record r = it == records_.end() ? domain::reporter_record{} : it->second;
  r.registered_at_ms = registered_at(user_id);
  return r;
}

std::optional<comment_origin> reporter_records_projection::comment(
    const std::string& comment_id) const {
  auto it = comments_.find(comment_id);
  if (it == comments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace reel::projections
