#include "domain/snapshot_codec.h"

#include "domain/privacy/local_time.h"
#include "domain/privacy/teen_rules.h"

#include "reel/snapshots.pb.h"

namespace reel::domain {
namespace {

template <class Message>
bool parse(std::string_view bytes, Message& out) {
  return out.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) && out.format() >= 1 &&
         out.format() <= snapshot_format;
}

template <class Message>
std::string serialize(Message& m) {
  m.set_format(snapshot_format);
  return m.SerializeAsString();
}

}  // namespace

std::string encode_snapshot(const user_state& s) {
  snapshots::UserSnapshot m;
  m.set_registered(s.registered);
  m.set_user_id(s.user_id);
  m.set_handle(s.handle);
  m.set_birthdate(s.birthdate);
  m.set_age_band(s.age_band);
  for (const auto& f : s.following) m.add_following(f);
  for (const auto& b : s.blocked) m.add_blocked(b);
  for (int r : s.roles) m.add_roles(static_cast<events::Role>(r));
  m.set_account_key_sha256(s.account_key_sha256);
  m.set_key_generation(s.key_generation);
  m.set_credential_epoch(s.credential_epoch);
  m.set_client_key_sha256(s.client_key_sha256);
  for (const auto& k : s.strikes) {
    auto* out = m.add_strikes();
    out->set_case_id(k.case_id);
    out->set_expires_at_ms(k.expires_at_ms);
  }
  m.set_suspended_by(s.suspended_by);
  *m.mutable_privacy() = privacy_event(s.user_id, s.privacy);
  if (s.screen.day.year > 0) m.set_screen_day(s.screen.day.str());
  m.set_screen_watched_ms(s.screen.watched_ms);
  m.set_screen_told(s.screen.told);
  return serialize(m);
}

bool decode_snapshot(std::string_view bytes, uint64_t version, user_state& s) {
  snapshots::UserSnapshot m;
  if (!parse(bytes, m)) return false;
  // Format 1 kept who blocked the user in the state; replaying the stream writes those
  // edges instead (actors/core/entity.h, load_entity).
  if (m.format() < 2 && m.blocked_by_size() > 0) return false;
  s = user_state{};
  s.version = version;
  s.registered = m.registered();
  s.user_id = m.user_id();
  s.handle = m.handle();
  s.birthdate = m.birthdate();
  s.age_band = m.age_band();
  s.following.insert(m.following().begin(), m.following().end());
  s.blocked.insert(m.blocked().begin(), m.blocked().end());
  for (int r : m.roles()) s.roles.insert(r);
  s.account_key_sha256 = m.account_key_sha256();
  s.key_generation = m.key_generation();
  s.credential_epoch = m.credential_epoch();
  s.client_key_sha256 = m.client_key_sha256();
  for (const auto& k : m.strikes()) s.strikes.push_back({k.case_id(), k.expires_at_ms()});
  s.suspended_by = m.suspended_by();
  s.privacy = m.has_privacy() ? choices_of(m.privacy())
                              : choices_at_registration(s.age_band, std::string(default_timezone));
  if (!m.screen_day().empty()) {
    auto day = parse_date(m.screen_day());
    if (!day) return false;
    s.screen = {*day, m.screen_watched_ms(), m.screen_told()};
  }
  return true;
}

std::string encode_snapshot(const video_state& s) {
  snapshots::VideoSnapshot m;
  m.set_published(s.published);
  m.set_video_id(s.video_id);
  m.set_creator_id(s.creator_id);
  m.set_title(s.title);
  m.set_description(s.description);
  m.set_duration_ms(s.duration_ms);
  m.set_is_ad(s.is_ad);
  m.set_stem(s.stem);
  for (const auto& t : s.topics) m.add_topics(t);
  m.set_status(static_cast<snapshots::Visibility>(s.status));
  m.set_minimum_age(s.minimum_age);
  for (const auto& l : s.labels) m.add_labels(l);
  m.set_age_restricted_by(s.age_restricted_by);
  m.set_labelled_by(s.labelled_by);
  for (const auto& [comment, by] : s.hidden_comments) (*m.mutable_hidden_comments())[comment] = by;
  m.set_likes(s.likes);
  m.set_reports(s.reports);
  m.set_views(s.views);
  m.set_shares(s.shares);
  m.set_comments(s.comments);
  return serialize(m);
}

bool decode_snapshot(std::string_view bytes, uint64_t version, video_state& s) {
  snapshots::VideoSnapshot m;
  if (!parse(bytes, m) || !snapshots::Visibility_IsValid(m.status())) return false;
  // An older snapshot kept who liked and reported in the state; replaying the stream
  // instead writes those edges (actors/core/entity.h, load_entity).
  if (m.format() < 2 && (m.liked_by_size() > 0 || m.reported_by_size() > 0)) return false;
  s = video_state{};
  s.version = version;
  s.published = m.published();
  s.video_id = m.video_id();
  s.creator_id = m.creator_id();
  s.title = m.title();
  s.description = m.description();
  s.duration_ms = m.duration_ms();
  s.is_ad = m.is_ad();
  s.stem = m.stem();
  s.topics.assign(m.topics().begin(), m.topics().end());
  s.status = static_cast<visibility>(m.status());
  s.minimum_age = m.minimum_age();
  s.labels.insert(m.labels().begin(), m.labels().end());
  s.age_restricted_by = m.age_restricted_by();
  s.labelled_by = m.labelled_by();
  s.hidden_comments.insert(m.hidden_comments().begin(), m.hidden_comments().end());
  s.likes = m.likes();
  s.reports = m.reports();
  s.views = m.views();
  s.shares = m.shares();
  s.comments = m.comments();
  return true;
}

std::string encode_snapshot(const case_state& s) {
  snapshots::CaseSnapshot m;
  m.set_exists(s.exists);
  m.set_case_id(s.case_id);
  m.set_subject_id(s.subject_id);
  m.set_video_id(s.video_id);
  m.set_owner_id(s.owner_id);
  m.set_kind(s.kind);
  m.set_round(s.round);
  m.set_awaiting(s.awaiting);
  m.set_in_appeal(s.in_appeal);
  m.set_appeal_by_owner(s.appeal_by_owner);
  m.set_waiting_since_ms(s.waiting_since_ms);
  m.set_escalated(s.escalated);
  m.set_claimed_by(s.claimed_by);
  m.set_lease_until_ms(s.lease_until_ms);
  m.set_report_count(s.report_count);
  m.set_score_milli(s.score_milli);
  for (auto v : s.score_by_reason) m.add_score_by_reason(v);
  m.set_severity(s.severity);
  for (int r : s.reasons) m.add_reasons(r);
  m.set_auto_hidden(s.auto_hidden);
  m.set_auto_labelled(s.auto_labelled);
  for (int r : s.dismissed_reasons) m.add_dismissed_reasons(r);
  m.set_score_since_dismissal(s.score_since_dismissal);
  for (const auto& d : s.decisions) {
    auto* out = m.add_decisions();
    out->set_round(d.round);
    out->set_action(d.action);
    out->set_policy(d.policy);
    out->set_moderator_id(d.moderator_id);
    out->set_note(d.note);
    out->set_label(d.label);
    out->set_minimum_age(d.minimum_age);
    out->set_at_ms(d.at_ms);
    out->set_automated(d.automated);
    out->set_on_appeal(d.on_appeal);
    out->set_upheld_appeal(d.upheld_appeal);
    out->set_strike(d.strike);
    out->set_appeal_until_ms(d.appeal_until_ms);
  }
  m.set_owner_appealed(s.owner_appealed);
  m.set_reporter_appealed(s.reporter_appealed);
  return serialize(m);
}

bool decode_snapshot(std::string_view bytes, uint64_t version, case_state& s) {
  snapshots::CaseSnapshot m;
  if (!parse(bytes, m) || m.score_by_reason_size() > static_cast<int>(s.score_by_reason.size()))
    return false;
  s = case_state{};
  s.version = version;
  s.exists = m.exists();
  s.case_id = m.case_id();
  s.subject_id = m.subject_id();
  s.video_id = m.video_id();
  s.owner_id = m.owner_id();
  s.kind = m.kind();
  s.round = m.round();
  s.awaiting = m.awaiting();
  s.in_appeal = m.in_appeal();
  s.appeal_by_owner = m.appeal_by_owner();
  s.waiting_since_ms = m.waiting_since_ms();
  s.escalated = m.escalated();
  s.claimed_by = m.claimed_by();
  s.lease_until_ms = m.lease_until_ms();
  s.report_count = m.report_count();
  s.score_milli = m.score_milli();
  for (int i = 0; i < m.score_by_reason_size(); ++i)
    s.score_by_reason[static_cast<size_t>(i)] = m.score_by_reason(i);
  s.severity = m.severity();
  s.reasons.insert(m.reasons().begin(), m.reasons().end());
  s.auto_hidden = m.auto_hidden();
  s.auto_labelled = m.auto_labelled();
  s.dismissed_reasons.insert(m.dismissed_reasons().begin(), m.dismissed_reasons().end());
  s.score_since_dismissal = m.score_since_dismissal();
  for (const auto& d : m.decisions()) {
    case_decision_record r;
    r.round = d.round();
    r.action = d.action();
    r.policy = d.policy();
    r.moderator_id = d.moderator_id();
    r.note = d.note();
    r.label = d.label();
    r.minimum_age = d.minimum_age();
    r.at_ms = d.at_ms();
    r.automated = d.automated();
    r.on_appeal = d.on_appeal();
    r.upheld_appeal = d.upheld_appeal();
    r.strike = d.strike();
    r.appeal_until_ms = d.appeal_until_ms();
    s.decisions.push_back(std::move(r));
  }
  s.owner_appealed = m.owner_appealed();
  s.reporter_appealed = m.reporter_appealed();
  return true;
}

}  // namespace reel::domain
