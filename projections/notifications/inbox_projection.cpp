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
          "reporter_standing_changed",
          "comment_hidden",
          "comment_restored"};
}

void inbox_projection::load(storage::event_store& store) {
  clear();
  store_ = &store;
  store.projection_scan(projection_name, "", [this](std::string_view key, std::string_view value) {
    auto rest = key.substr(std::min<size_t>(2, key.size()));
    if (key.starts_with("i/")) {
      auto user = user_value(rest);
      auto m = parsed<inbox::Inbox>(key, value);
      if (!user || !std::is_sorted(m.ids().begin(), m.ids().end())) damaged(key);
      auto& box = inboxes_[*user];
      box.ids.assign(m.ids().begin(), m.ids().end());
      box.read_up_to = m.read_up_to();
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
    } else if (key.starts_with("h/")) {
      hidden_comments_.insert(std::string(rest));
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
  hidden_comments_.clear();
  dirty_rounds_.clear();
  dirty_inboxes_.clear();
  pending_.clear();
}

void inbox_projection::deliver(uint64_t id, const domain::notice& n) {
  if (!domain::kept_in_inbox(n)) return;
  auto user = user_value(n.recipient);
  if (!user || blocks_.count(pair_key(n.recipient, n.from_user))) return;
  inboxes_[*user].add(id);
  dirty_inboxes_.insert(*user);
}

void inbox_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  const auto sequence = record.envelope().sequence();
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
    case events::Event::kCommentHidden: {
      // A page no longer quotes it (the push did, before moderation).
      const auto& id = e.comment_hidden().comment_id();
      if (hidden_comments_.insert(id).second) pending_.push_back({"h/" + id, std::string()});
      return;
    }
    case events::Event::kCommentRestored: {
      const auto& id = e.comment_restored().comment_id();
      if (hidden_comments_.erase(id)) pending_.push_back({"h/" + id, std::nullopt});
      return;
    }
    case events::Event::kNotificationsRead: {
      const auto& r = e.notifications_read();
      auto user = user_value(r.user_id());
      auto it = user ? inboxes_.find(*user) : inboxes_.end();
      if (it != inboxes_.end() && it->second.mark_read(r.up_to())) dirty_inboxes_.insert(*user);
      return;
    }
    case events::Event::kModerationCaseOpened:
    case events::Event::kModerationReportFiled: {
      const auto& c = e.has_moderation_case_opened() ? e.moderation_case_opened().case_id()
                                                     : e.moderation_report_filed().case_id();
      if (domain::observe_round(rounds_[c], e)) dirty_rounds_.insert(c);
      break;
    }
    default:
      break;
  }
  auto owner = owner_of(e);
  size_t index = 0;
  if (auto n = domain::notice_for(e, owner)) deliver(domain::notice_id(sequence, index++), *n);
  std::vector<std::string> reporters;
  if (domain::needs_reporters(e)) {
    auto it = rounds_.find(e.moderation_case_decided().case_id());
    if (it != rounds_.end()) reporters = it->second;
  }
  for (const auto& n : domain::moderation_notices(e, owner, reporters)) {
    if (index == domain::max_notices_per_event) break;
    deliver(domain::notice_id(sequence, index++), n);
  }
}

std::string inbox_projection::owner_of(const events::Event& e) const {
  auto video = domain::video_of_interest(e);
  auto v = video ? video_value(*video) : std::nullopt;
  auto it = v ? owners_.find(*v) : owners_.end();
  return it == owners_.end() ? std::string() : user_id::from_value(it->second).str();
}

std::vector<storage::projection_change> inbox_projection::take_changes() {
  auto out = std::move(pending_);
  pending_.clear();
  for (auto user : dirty_inboxes_) {
    const auto& box = inboxes_.at(user);
    inbox::Inbox m;
    m.set_format(1);
    for (auto id : box.ids) m.add_ids(id);
    m.set_read_up_to(box.read_up_to);
    out.push_back({"i/" + user_id::from_value(user).str(), serialized(m)});
  }
  dirty_inboxes_.clear();
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
    // What a notice says is its event's, read back and decided again for this user.
    auto record = store_->read_event(id >> 16);
    if (!record) continue;
    auto notice = domain::notice_for_recipient(record->event(), owner_of(record->event()), user_id);
    if (!notice) continue;
    notice->id = id;
    if (!notice->comment_id.empty() && hidden_comments_.count(notice->comment_id))
      notice->text.clear();
    out.items.push_back({id, record->envelope().recorded_at_us() / 1000, std::move(*notice)});
  }
  out.next_before = p.next_before;
  out.unread = box.unread();
  out.read_up_to = box.read_up_to;
  return out;
}

}  // namespace reel::projections
