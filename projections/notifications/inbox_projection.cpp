#include "projections/notifications/inbox_projection.h"

#include <algorithm>
#include <charconv>

#include "domain/ids.h"
#include "domain/moderation/moderation_notices.h"
#include "reel/inbox_state.pb.h"

namespace reel::projections {
namespace {

std::string pair_key(std::string_view a, std::string_view b) {
  if (b < a) std::swap(a, b);
  std::string k(a);
  k += '|';
  k += b;
  return k;
}

// "i/<user>/<id, 16 hex digits>": a user's items sort oldest first.
std::string item_key(std::string_view user, uint64_t id) {
  static const char* digits = "0123456789abcdef";
  std::string key = "i/";
  key.append(user);
  key.push_back('/');
  for (int shift = 60; shift >= 0; shift -= 4) key.push_back(digits[(id >> shift) & 0xf]);
  return key;
}

template <class Message>
std::string serialized(const Message& m) {
  std::string out;
  m.SerializeToString(&out);
  return out;
}

template <class Message>
Message parsed(std::string_view key, std::string_view value) {
  Message m;
  if (!m.ParseFromArray(value.data(), static_cast<int>(value.size())))
    throw projection_state_damaged("notification_inbox: " + std::string(key) + " is damaged");
  return m;
}

inbox::InboxItem item_message(const domain::inbox_item& item) {
  inbox::InboxItem m;
  const auto& n = item.what;
  m.set_id(item.id);
  m.set_at_ms(item.at_ms);
  m.set_topic(n.topic);
  m.set_kind(n.kind);
  m.set_from_user(n.from_user);
  m.set_video_id(n.video_id);
  m.set_comment_id(n.comment_id);
  m.set_text(n.text);
  m.set_case_id(n.case_id);
  m.set_decision(n.decision);
  m.set_policy(n.policy);
  m.set_severity(n.severity);
  m.set_until_ms(n.until_ms);
  m.set_limit_minutes(n.limit_minutes);
  return m;
}

domain::inbox_item item_of(const inbox::InboxItem& m, const std::string& recipient) {
  domain::inbox_item item;
  item.id = m.id();
  item.at_ms = m.at_ms();
  auto& n = item.what;
  n.topic = m.topic();
  n.recipient = recipient;
  n.kind = m.kind();
  n.from_user = m.from_user();
  n.video_id = m.video_id();
  n.comment_id = m.comment_id();
  n.text = m.text();
  n.case_id = m.case_id();
  n.decision = m.decision();
  n.policy = m.policy();
  n.severity = m.severity();
  n.until_ms = m.until_ms();
  n.limit_minutes = m.limit_minutes();
  return item;
}

// Keys name users and videos by their printed ids; memory holds their values.
std::optional<uint64_t> user_value(std::string_view id) {
  auto u = user_id::parse(id);
  return u ? std::optional<uint64_t>(u->value()) : std::nullopt;
}
std::optional<uint64_t> video_value(std::string_view id) {
  auto v = video_id::parse(id);
  return v ? std::optional<uint64_t>(v->value()) : std::nullopt;
}

std::string owner_key(uint64_t video) {
  return "o/" + video_id::from_value(video).str();
}

void damaged(std::string_view key) {
  throw projection_state_damaged("notification_inbox: damaged record " + std::string(key));
}

}  // namespace

std::vector<std::string_view> inbox_projection::consumes() const {
  return {"user_followed",
          "follow_requested",
          "follow_request_answered",
          "video_published",
          "video_liked",
          "video_commented",
          "screen_time_counted",
          "user_blocked",
          "user_unblocked",
          "notifications_read",
          "moderation_case_opened",
          "moderation_report_filed",
          "moderation_case_decided",
          "moderation_case_appealed",
          "moderation_case_escalated",
          "moderation_auto_acted",
          "reporter_standing_changed"};
}

void inbox_projection::load(storage::event_store& store) {
  clear();
  store_ = &store;
  store.projection_scan(projection_name, "", [this](std::string_view key, std::string_view value) {
    auto rest = key.substr(std::min<size_t>(2, key.size()));
    if (key.starts_with("i/")) {
      // In key order: each user's items oldest first.
      auto slash = rest.rfind('/');
      auto user =
          slash == std::string_view::npos ? std::nullopt : user_value(rest.substr(0, slash));
      if (!user) damaged(key);
      inboxes_[*user].ids.push_back(parsed<inbox::InboxItem>(key, value).id());
    } else if (key.starts_with("m/")) {
      uint64_t up_to = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), up_to);
      auto user = user_value(rest);
      if (ec != std::errc{} || end != value.data() + value.size() || !user) damaged(key);
      inboxes_[*user].read_up_to = up_to;
    } else if (key.starts_with("o/")) {
      auto video = video_value(rest);
      auto owner = user_value(value);
      if (!video || !owner) damaged(key);
      owners_[*video] = *owner;
    } else if (key.starts_with("r/")) {
      auto m = parsed<inbox::Round>(key, value);
      rounds_[std::string(rest)].assign(m.reporters().begin(), m.reporters().end());
    } else if (key.starts_with("b/")) {
      blocks_.insert(std::string(rest));
    } else {
      damaged(key);
    }
    return true;
  });
}

void inbox_projection::clear() {
  inboxes_.clear();
  owners_.clear();
  rounds_.clear();
  blocks_.clear();
  dirty_rounds_.clear();
  pending_.clear();
}

void inbox_projection::deliver(uint64_t id, int64_t at_ms, const domain::notice& n) {
  // Personal notices only: moderators' queue broadcasts and the gateway's own are not.
  if (n.topic != "notifications" || n.recipient.empty()) return;
  auto user = user_value(n.recipient);
  if (!user || blocks_.count(pair_key(n.recipient, n.from_user))) return;
  // One key per item, so a notice writes one small record however full the inbox.
  if (auto dropped = inboxes_[*user].add(id))
    pending_.push_back({item_key(n.recipient, *dropped), std::nullopt});
  pending_.push_back({item_key(n.recipient, id), serialized(item_message({id, at_ms, n}))});
}

void inbox_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  const auto sequence = record.envelope().sequence();
  const auto at_ms = record.envelope().recorded_at_us() / 1000;
  switch (e.payload_case()) {
    case events::Event::kVideoPublished: {
      const auto& p = e.video_published();
      auto video = video_value(p.video_id());
      auto creator = creator_id::parse(p.creator_id());
      if (!video || !creator) return;
      auto owner = user_of(*creator);
      owners_[*video] = owner.value();
      pending_.push_back({owner_key(*video), owner.str()});
      return;
    }
    case events::Event::kUserBlocked: {
      auto k = pair_key(e.user_blocked().blocker_id(), e.user_blocked().blocked_id());
      if (blocks_.insert(k).second) pending_.push_back({"b/" + k, std::string()});
      return;
    }
    case events::Event::kUserUnblocked: {
      // Lifted by one side; if the other had blocked too, the ops still refuse.
      auto k = pair_key(e.user_unblocked().blocker_id(), e.user_unblocked().blocked_id());
      if (blocks_.erase(k)) pending_.push_back({"b/" + k, std::nullopt});
      return;
    }
    case events::Event::kNotificationsRead: {
      const auto& r = e.notifications_read();
      auto user = user_value(r.user_id());
      auto it = user ? inboxes_.find(*user) : inboxes_.end();
      if (it == inboxes_.end() || r.up_to() <= it->second.read_up_to) return;
      it->second.mark_read(r.up_to());
      pending_.push_back({"m/" + r.user_id(), std::to_string(r.up_to())});
      return;
    }
    case events::Event::kModerationCaseOpened: {
      const auto& o = e.moderation_case_opened();
      auto& round = rounds_[o.case_id()];
      round.clear();
      if (!o.reporter_id().empty()) round.push_back(o.reporter_id());
      dirty_rounds_.insert(o.case_id());
      break;
    }
    case events::Event::kModerationReportFiled: {
      const auto& f = e.moderation_report_filed();
      auto& round = rounds_[f.case_id()];
      if (!f.reporter_id().empty() &&
          std::find(round.begin(), round.end(), f.reporter_id()) == round.end()) {
        round.push_back(f.reporter_id());
        dirty_rounds_.insert(f.case_id());
      }
      break;
    }
    default:
      break;
  }
  std::string owner;
  if (auto video = domain::video_of_interest(e)) {
    auto v = video_value(*video);
    auto it = v ? owners_.find(*v) : owners_.end();
    if (it != owners_.end()) owner = user_id::from_value(it->second).str();
  }
  size_t index = 0;
  if (auto n = domain::notice_for(e, owner))
    deliver(domain::notice_id(sequence, index++), at_ms, *n);
  std::vector<std::string> reporters;
  if (domain::needs_reporters(e)) {
    auto it = rounds_.find(e.moderation_case_decided().case_id());
    if (it != rounds_.end()) reporters = it->second;
  }
  for (const auto& n : domain::moderation_notices(e, owner, reporters)) {
    if (index == domain::max_notices_per_event) break;
    deliver(domain::notice_id(sequence, index++), at_ms, n);
  }
}

std::vector<storage::projection_change> inbox_projection::take_changes() {
  auto out = std::move(pending_);
  pending_.clear();
  for (const auto& c : dirty_rounds_) {
    inbox::Round m;
    for (const auto& r : rounds_.at(c)) m.add_reporters(r);
    out.push_back({"r/" + c, serialized(m)});
  }
  dirty_rounds_.clear();
  return out;
}

inbox_answer inbox_projection::page(const std::string& user_id, size_t limit,
                                    std::optional<uint64_t> before) const {
  inbox_answer out;
  auto user = user_value(user_id);
  auto it = user ? inboxes_.find(*user) : inboxes_.end();
  if (it == inboxes_.end() || !store_) return out;
  const auto& box = it->second;
  auto p = domain::page_of(box, std::min(limit, domain::max_inbox_page), before);
  for (auto id : p.ids) {
    // An item folded but not committed yet is not in the store: the page is what the
    // checkpoint holds (the caller waited for it).
    auto value = store_->projection_get(projection_name, item_key(user_id, id));
    if (!value) continue;
    out.items.push_back(item_of(parsed<inbox::InboxItem>(user_id, *value), user_id));
  }
  out.next_before = p.next_before;
  out.unread = box.unread();
  out.read_up_to = box.read_up_to;
  return out;
}

}  // namespace reel::projections
