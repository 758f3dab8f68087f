#include "domain/moderation/moderation_case.h"

#include <algorithm>
#include <cmath>

#include "domain/calendar.h"
#include "domain/text.h"
#include "domain/videos/video.h"

namespace reel::domain {
namespace {

constexpr size_t max_note_chars = 500;

decision no(errc code, std::string message) {
  return decision::reject(code, std::move(message));
}

std::optional<decision> bad_note(const std::string& note, bool required) {
  if (required && is_blank(note))
    return no(errc::invalid_decision, "a decision needs a note: what was seen, in words");
  auto length = utf8_length(note);
  if (!length || *length > max_note_chars)
    return no(errc::invalid_note, "a note has at most 500 characters");
  if (auto problem = text_problem(note); !problem.empty()) return no(errc::invalid_text, problem);
  return std::nullopt;
}

// The decision that stands: the last one a person made.
const case_decision_record* standing_decision(const case_state& s) {
  for (auto it = s.decisions.rbegin(); it != s.decisions.rend(); ++it)
    if (!it->automated) return &*it;
  return nullptr;
}

bool dismissal(events::CaseDecision a) {
  return a == events::CASE_DECISION_NO_VIOLATION || a == events::CASE_DECISION_RESTORE;
}

int severity_of(events::ReportReason r) {
  const auto* p = policy_of(r);
  return p ? p->severity : 3;
}

bool lease_live(const case_state& s, int64_t now_ms) {
  return !s.claimed_by.empty() && s.lease_until_ms > now_ms;
}

// An appeal goes to another moderator than the one whose decision it appeals.
std::optional<decision> decided_what_is_appealed(const case_state& s,
                                                 const std::string& moderator) {
  const auto* appealed = s.in_appeal ? standing_decision(s) : nullptr;
  if (!appealed || appealed->moderator_id != moderator) return std::nullopt;
  return no(errc::same_moderator, "you decided what is appealed; another moderator decides");
}

void drop_claim(case_state& s) {
  s.claimed_by.clear();
  s.lease_until_ms = 0;
}

void keep_bounded(std::vector<case_decision_record>& d) {
  if (d.size() > max_decisions_kept)
    d.erase(d.begin(), d.begin() + static_cast<long>(d.size() - max_decisions_kept));
}

bool action_fits(events::CaseSubjectKind kind, events::CaseDecision a) {
  switch (a) {
    case events::CASE_DECISION_NO_VIOLATION:
    case events::CASE_DECISION_REMOVE:
    case events::CASE_DECISION_HIDE:
    case events::CASE_DECISION_RESTORE:
      return true;
    case events::CASE_DECISION_AGE_RESTRICT:
    case events::CASE_DECISION_LABEL:
      return kind == events::CASE_SUBJECT_KIND_VIDEO;
    default:
      return false;
  }
}

}  // namespace

std::string case_reporter_edge(std::string_view case_id, std::string_view reporter_id) {
  return edge_key(case_id, 'r', reporter_id);
}

bool restricts(events::CaseDecision a) {
  return a == events::CASE_DECISION_REMOVE || a == events::CASE_DECISION_HIDE ||
         a == events::CASE_DECISION_AGE_RESTRICT || a == events::CASE_DECISION_LABEL;
}

decision decide(const case_state& s, const file_report& c) {
  if (c.case_id.empty() || c.subject_id.empty() || c.reporter_id.empty())
    return no(errc::invalid_id, "a report names its case, subject and reporter");
  if (s.exists && s.subject_id != c.subject_id)
    return no(errc::invalid_id, "the case is about another subject");
  if (!policy_of(c.reason)) return no(errc::invalid_reason, "a report needs a known reason");
  if (auto bad = bad_note(c.note, false)) return *bad;
  if (c.already_reported) return decision::accept(std::vector<events::Event>{});  // once
  std::vector<events::Event> out;
  int severity = severity_of(c.reason);
  bool open = s.awaiting && !s.in_appeal;
  bool reopen = false;
  if (!s.exists) {
    reopen = true;
  } else if (!s.awaiting) {
    const auto* last = standing_decision(s);
    if (last && dismissal(last->action)) {
      // A dismissed subject reopens with a new reason, or new reporters past the threshold.
      reopen = !s.dismissed_reasons.count(c.reason) ||
               s.score_since_dismissal + c.weight_milli >= c.rules.hide_threshold_milli[severity];
    }
  }
  if (reopen) {
    events::Event e;
    auto* o = e.mutable_moderation_case_opened();
    o->set_case_id(c.case_id);
    o->set_subject_id(c.subject_id);
    o->set_subject_kind(c.kind);
    o->set_video_id(c.video_id);
    o->set_owner_id(c.owner_id);
    o->set_source(events::CASE_SOURCE_USER_REPORT);
    o->set_reason(c.reason);
    o->set_reporter_id(c.reporter_id);
    o->set_round(s.round + 1);
    o->set_opened_at_ms(c.now_ms);
    out.push_back(std::move(e));
    open = true;
  }
  {
    events::Event e;
    auto* r = e.mutable_moderation_report_filed();
    r->set_case_id(c.case_id);
    r->set_reporter_id(c.reporter_id);
    r->set_reason(c.reason);
    r->set_note(c.note);
    r->set_weight_milli(c.weight_milli);
    r->set_rule_version(moderation_rules_version);
    out.push_back(std::move(e));
  }
  if (open) {
    // The round's score after this report (a reopening starts from nothing).
    uint64_t score = (reopen ? 0 : s.score_milli) + c.weight_milli;
    uint64_t misinformation =
        (reopen ? 0 : s.score_by_reason[events::REPORT_REASON_MISINFORMATION]) +
        (c.reason == events::REPORT_REASON_MISINFORMATION ? c.weight_milli : 0);
    int worst = reopen ? severity : std::min(s.severity, severity);
    uint32_t count = (reopen ? 0 : s.report_count) + 1;
    bool hidden = !reopen && s.auto_hidden, labelled = !reopen && s.auto_labelled;
    auto act = [&](events::CaseDecision action, std::string_view rule, uint64_t seen,
                   uint64_t threshold, std::string_view label) {
      events::Event e;
      auto* a = e.mutable_moderation_auto_acted();
      a->set_case_id(c.case_id);
      a->set_action(action);
      a->set_rule(std::string(rule));
      a->set_rule_version(moderation_rules_version);
      a->set_score_milli(seen);
      a->set_threshold_milli(threshold);
      a->set_report_count(count);
      a->set_label(std::string(label));
      a->set_acted_at_ms(c.now_ms);
      a->set_video_id(c.video_id);
      a->set_subject_kind(c.kind);
      out.push_back(std::move(e));
    };
    bool hideable = c.kind != events::CASE_SUBJECT_KIND_ACCOUNT;
    if (hideable && !hidden && score >= c.rules.hide_threshold_milli[worst]) {
      act(events::CASE_DECISION_HIDE, "report_score_hide", score,
          c.rules.hide_threshold_milli[worst], "");
    } else if (c.kind == events::CASE_SUBJECT_KIND_VIDEO && !hidden && !labelled &&
               misinformation >= c.rules.unverified_threshold_milli) {
      act(events::CASE_DECISION_LABEL, "misinformation_unverified", misinformation,
          c.rules.unverified_threshold_milli, unverified_label);
    }
  }
  return decision::accept(std::move(out));
}

decision decide(const case_state& s, const claim_case& c) {
  if (!s.exists) return no(errc::case_not_found, "no such moderation case");
  if (c.moderator_id.empty()) return no(errc::invalid_id, "a claim names its moderator");
  if (!s.awaiting) return no(errc::case_not_open, "the case is not waiting for a decision");
  if (lease_live(s, c.now_ms) && s.claimed_by != c.moderator_id)
    return no(errc::already_claimed,
              "another moderator holds this case until " + rfc3339_of_unix_ms(s.lease_until_ms));
  if (auto same = decided_what_is_appealed(s, c.moderator_id)) return *same;
  events::Event e;
  auto* m = e.mutable_moderation_case_claimed();
  m->set_case_id(s.case_id);
  m->set_moderator_id(c.moderator_id);
  m->set_lease_until_ms(c.now_ms + c.rules.claim_lease_ms);
  return decision::accept(std::move(e));
}

decision decide(const case_state& s, const release_case& c) {
  if (!s.exists) return no(errc::case_not_found, "no such moderation case");
  if (s.claimed_by != c.moderator_id || !lease_live(s, c.now_ms))
    return no(errc::not_claimed, "you hold no claim on this case");
  events::Event e;
  e.mutable_moderation_case_released()->set_case_id(s.case_id);
  e.mutable_moderation_case_released()->set_moderator_id(c.moderator_id);
  return decision::accept(std::move(e));
}

decision decide(const case_state& s, const decide_case& c) {
  if (!s.exists) return no(errc::case_not_found, "no such moderation case");
  if (!s.awaiting) return no(errc::case_not_open, "the case is not waiting for a decision");
  if (s.claimed_by != c.moderator_id) return no(errc::not_claimed, "claim the case first");
  if (!lease_live(s, c.now_ms))
    return no(errc::claim_expired, "your claim lapsed at " + rfc3339_of_unix_ms(s.lease_until_ms) +
                                       "; claim the case again");
  if (!action_fits(s.kind, c.action))
    return no(errc::invalid_decision, "this action does not apply to this kind of subject");
  if (!policy_of(c.policy)) return no(errc::invalid_decision, "a decision names its policy");
  if (auto bad = bad_note(c.note, true)) return *bad;
  if (auto same = decided_what_is_appealed(s, c.moderator_id)) return *same;
  events::Event e;
  auto* d = e.mutable_moderation_case_decided();
  d->set_case_id(s.case_id);
  d->set_moderator_id(c.moderator_id);
  d->set_decision(c.action);
  d->set_policy(c.policy);
  d->set_note(c.note);
  d->set_rule_version(moderation_rules_version);
  d->set_decided_at_ms(c.now_ms);
  d->set_video_id(s.video_id);
  d->set_owner_id(s.owner_id);
  d->set_subject_kind(s.kind);
  if (c.action == events::CASE_DECISION_LABEL)
    d->set_label(c.label.empty() ? std::string(unverified_label) : c.label);
  if (c.action == events::CASE_DECISION_AGE_RESTRICT)
    d->set_minimum_age(c.minimum_age == 0 ? 18 : c.minimum_age);
  if (s.in_appeal) {
    d->set_on_appeal(true);
    // The owner's appeal is upheld by lifting the restriction; a reporter's by imposing one.
    bool upheld = s.appeal_by_owner ? dismissal(c.action) : restricts(c.action);
    d->set_upheld_appeal(upheld);
    d->set_strike(c.action == events::CASE_DECISION_REMOVE && !s.appeal_by_owner);
  } else {
    d->set_strike(c.action == events::CASE_DECISION_REMOVE);
    d->set_appeal_until_ms(c.now_ms + c.rules.appeal_window_ms);
  }
  if (d->strike()) d->set_strike_expires_at_ms(c.now_ms + c.rules.strike_lifetime_ms);
  return decision::accept(std::move(e));
}

decision decide(const case_state& s, const appeal_case& c) {
  if (!s.exists) return no(errc::case_not_found, "no such moderation case");
  if (c.appellant_id.empty()) return no(errc::invalid_id, "an appeal names who appeals");
  if (auto bad = bad_note(c.note, false)) return *bad;
  const auto* d = standing_decision(s);
  if (s.in_appeal) return no(errc::already_appealed, "an appeal of this case is waiting already");
  if (s.awaiting || !d) return no(errc::appeal_not_allowed, "nothing is decided yet");
  if (d->appeal_until_ms == 0) return no(errc::appeal_not_allowed, "a decision on appeal is final");
  if (c.now_ms > d->appeal_until_ms)
    return no(errc::appeal_not_allowed,
              "the appeal window closed at " + rfc3339_of_unix_ms(d->appeal_until_ms));
  bool by_owner = c.appellant_id == s.owner_id;
  if (by_owner) {
    if (!restricts(d->action)) return no(errc::appeal_not_allowed, "nothing was restricted");
    if (s.owner_appealed) return no(errc::already_appealed, "this decision was appealed already");
  } else {
    if (!c.reported || !dismissal(d->action))
      return no(errc::appeal_not_allowed, "only a reporter may appeal a dismissal");
    if (s.reporter_appealed)
      return no(errc::already_appealed, "this dismissal was appealed already");
  }
  events::Event e;
  auto* a = e.mutable_moderation_case_appealed();
  a->set_case_id(s.case_id);
  a->set_appellant_id(c.appellant_id);
  a->set_note(c.note);
  a->set_by_owner(by_owner);
  a->set_appealed_at_ms(c.now_ms);
  return decision::accept(std::move(e));
}

decision decide(const case_state& s, const escalate_case& c) {
  if (!s.exists || !s.awaiting || s.escalated)
    return decision::accept(std::vector<events::Event>{});
  auto due = due_at_ms(s, c.rules);
  if (c.now_ms <= due) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  auto* x = e.mutable_moderation_case_escalated();
  x->set_case_id(s.case_id);
  x->set_due_at_ms(due);
  x->set_severity(static_cast<uint32_t>(s.severity));
  return decision::accept(std::move(e));
}

void apply(case_state& s, const events::Event& e) {
  ++s.version;
  switch (e.payload_case()) {
    case events::Event::kModerationCaseOpened: {
      const auto& o = e.moderation_case_opened();
      s.exists = true;
      s.case_id = o.case_id();
      s.subject_id = o.subject_id();
      s.kind = o.subject_kind();
      s.video_id = o.video_id();
      s.owner_id = o.owner_id();
      s.round = o.round();
      s.awaiting = true;
      s.in_appeal = false;
      s.waiting_since_ms = o.opened_at_ms();
      s.escalated = false;
      drop_claim(s);
      s.report_count = 0;
      s.score_milli = 0;
      s.score_by_reason.fill(0);
      s.severity = 3;
      s.reasons.clear();
      s.auto_hidden = s.auto_labelled = false;
      s.score_since_dismissal = 0;
      break;
    }
    case events::Event::kModerationReportFiled: {
      const auto& r = e.moderation_report_filed();
      if (s.awaiting && !s.in_appeal) {
        ++s.report_count;
        s.score_milli += r.weight_milli();
        auto reason = static_cast<size_t>(r.reason());
        if (reason < s.score_by_reason.size()) s.score_by_reason[reason] += r.weight_milli();
        s.severity = std::min(s.severity, severity_of(r.reason()));
        s.reasons.insert(r.reason());
      } else {
        s.score_since_dismissal += r.weight_milli();
      }
      break;
    }
    case events::Event::kModerationAutoActed: {
      const auto& a = e.moderation_auto_acted();
      (a.action() == events::CASE_DECISION_HIDE ? s.auto_hidden : s.auto_labelled) = true;
      case_decision_record d;
      d.round = s.round;
      d.action = a.action();
      d.label = a.label();
      d.at_ms = a.acted_at_ms();
      d.automated = true;
      d.moderator_id = "system:" + a.rule();
      // The policy of an automatic action: the most severe reason that drove it.
      for (const auto& p : all_policies()) {
        if (s.reasons.count(p.reason) && (a.action() == events::CASE_DECISION_HIDE ||
                                          p.reason == events::REPORT_REASON_MISINFORMATION)) {
          d.policy = p.reason;
          break;
        }
      }
      s.decisions.push_back(std::move(d));
      keep_bounded(s.decisions);
      break;
    }
    case events::Event::kModerationCaseClaimed:
      s.claimed_by = e.moderation_case_claimed().moderator_id();
      s.lease_until_ms = e.moderation_case_claimed().lease_until_ms();
      break;
    case events::Event::kModerationCaseReleased:
      drop_claim(s);
      break;
    case events::Event::kModerationCaseDecided: {
      const auto& x = e.moderation_case_decided();
      case_decision_record d;
      d.round = s.round;
      d.action = x.decision();
      d.policy = x.policy();
      d.moderator_id = x.moderator_id();
      d.note = x.note();
      d.label = x.label();
      d.minimum_age = x.minimum_age();
      d.at_ms = x.decided_at_ms();
      d.automated = x.automated();
      d.on_appeal = x.on_appeal();
      d.upheld_appeal = x.upheld_appeal();
      d.strike = x.strike();
      d.appeal_until_ms = x.appeal_until_ms();
      if (dismissal(d.action)) {
        s.dismissed_reasons.insert(s.reasons.begin(), s.reasons.end());
        s.score_since_dismissal = 0;
      }
      s.decisions.push_back(std::move(d));
      keep_bounded(s.decisions);
      s.awaiting = false;
      s.in_appeal = false;
      s.escalated = false;
      drop_claim(s);
      s.owner_appealed = s.reporter_appealed = false;
      break;
    }
    case events::Event::kModerationCaseAppealed:
      s.awaiting = true;
      s.in_appeal = true;
      s.appeal_by_owner = e.moderation_case_appealed().by_owner();
      (s.appeal_by_owner ? s.owner_appealed : s.reporter_appealed) = true;
      s.waiting_since_ms = e.moderation_case_appealed().appealed_at_ms();
      s.escalated = false;
      drop_claim(s);
      break;
    case events::Event::kModerationCaseEscalated:
      s.escalated = true;
      break;
    default:
      break;
  }
}

std::string edge_asked(const case_state&, const file_report& c) {
  return case_reporter_edge(c.case_id, c.reporter_id);
}

std::string edge_asked(const case_state& s, const appeal_case& c) {
  if (!s.exists) return {};
  return case_reporter_edge(s.case_id, c.appellant_id);
}

edge_changes edges_of(const case_state& s, const events::Event& e) {
  if (!e.has_moderation_report_filed()) return {};
  const auto& r = e.moderation_report_filed();
  return {
      {case_reporter_edge(r.case_id().empty() ? s.case_id : r.case_id(), r.reporter_id()), true}};
}

std::string_view waiting_status(bool lease_live, bool in_appeal, bool escalated) {
  if (lease_live) return "claimed";
  if (in_appeal) return "appealed";
  if (escalated) return "escalated";
  return "open";
}

std::string_view status_at(const case_state& s, int64_t now_ms) {
  if (!s.exists) return "none";
  if (s.awaiting) return waiting_status(lease_live(s, now_ms), s.in_appeal, s.escalated);
  const auto* d = standing_decision(s);
  bool appealable = d && d->appeal_until_ms > now_ms &&
                    ((restricts(d->action) && !s.owner_appealed) ||
                     (dismissal(d->action) && !s.reporter_appealed));
  return appealable ? "decided" : "closed";
}

int64_t owner_appeal_until_ms(const case_state& s, int64_t now_ms) {
  const auto* d = standing_decision(s);
  if (s.awaiting || !d || !restricts(d->action) || s.owner_appealed) return 0;
  return d->appeal_until_ms > now_ms ? d->appeal_until_ms : 0;
}

int64_t due_at_ms(const case_state& s, const moderation_rules& rules) {
  return s.waiting_since_ms + rules.deadline_ms[std::clamp(s.severity, 0, 3)];
}

namespace {

// The parts of a priority but the reach.
int severity_and_wait(int severity_level, int64_t waiting_since_ms, int64_t now_ms,
                      const moderation_rules& rules) {
  static constexpr int by_severity[4] = {60, 40, 20, 10};
  int severity = by_severity[std::clamp(severity_level, 0, 3)];
  int64_t span = rules.deadline_ms[std::clamp(severity_level, 0, 3)];
  int64_t waited = std::max<int64_t>(0, now_ms - waiting_since_ms);
  int wait = span <= 0 ? 15 : static_cast<int>(std::min<int64_t>(15, 15 * waited / span));
  return severity + wait;
}

constexpr int max_reach = 25;

}  // namespace

int reach_points(uint64_t views_24h) {
  return std::min(
      max_reach,
      static_cast<int>(std::lround(5.0 * std::log10(1.0 + static_cast<double>(views_24h)))));
}

int priority_with_reach(int severity, int64_t waiting_since_ms, int reach, int64_t now_ms,
                        const moderation_rules& rules) {
  return std::clamp(severity_and_wait(severity, waiting_since_ms, now_ms, rules) + reach, 0,
                    max_priority);
}

int priority_of(int severity, int64_t waiting_since_ms, uint64_t views_24h, int64_t now_ms,
                const moderation_rules& rules) {
  return priority_with_reach(severity, waiting_since_ms, reach_points(views_24h), now_ms, rules);
}

int priority_of(const case_state& s, uint64_t views_24h, int64_t now_ms,
                const moderation_rules& rules) {
  return priority_of(s.severity, s.waiting_since_ms, views_24h, now_ms, rules);
}

std::string_view decision_name(events::CaseDecision a, std::string_view label) {
  switch (a) {
    case events::CASE_DECISION_NO_VIOLATION:
      return "dismiss";
    case events::CASE_DECISION_REMOVE:
      return "remove";
    case events::CASE_DECISION_HIDE:
      return "hide";
    case events::CASE_DECISION_AGE_RESTRICT:
      return "age_restrict";
    case events::CASE_DECISION_LABEL:
      return label.empty() || label == unverified_label ? "label_unverified" : "label";
    case events::CASE_DECISION_RESTORE:
      return "restore";
    default:
      return "unspecified";
  }
}

std::optional<events::CaseDecision> decision_named(std::string_view name) {
  for (auto a : {events::CASE_DECISION_NO_VIOLATION, events::CASE_DECISION_REMOVE,
                 events::CASE_DECISION_HIDE, events::CASE_DECISION_AGE_RESTRICT,
                 events::CASE_DECISION_LABEL, events::CASE_DECISION_RESTORE}) {
    if (decision_name(a) == name) return a;
  }
  return std::nullopt;
}

const std::string& case_of(const events::Event& e) {
  static const std::string none;
  switch (e.payload_case()) {
    case events::Event::kModerationCaseOpened:
      return e.moderation_case_opened().case_id();
    case events::Event::kModerationReportFiled:
      return e.moderation_report_filed().case_id();
    case events::Event::kModerationAutoActed:
      return e.moderation_auto_acted().case_id();
    case events::Event::kModerationCaseClaimed:
      return e.moderation_case_claimed().case_id();
    case events::Event::kModerationCaseReleased:
      return e.moderation_case_released().case_id();
    case events::Event::kModerationCaseDecided:
      return e.moderation_case_decided().case_id();
    case events::Event::kModerationCaseAppealed:
      return e.moderation_case_appealed().case_id();
    case events::Event::kModerationCaseEscalated:
      return e.moderation_case_escalated().case_id();
    default:
      return none;
  }
}

statement_of_reasons statement_of(const case_state& s, const case_decision_record& d) {
  statement_of_reasons out;
  const auto* p = policy_of(d.policy);
  out.decision = std::string(decision_name(d.action, d.label));
  switch (d.action) {
    case events::CASE_DECISION_REMOVE:
      out.decision_visibility = "DECISION_VISIBILITY_CONTENT_REMOVED";
      break;
    case events::CASE_DECISION_HIDE:
      out.decision_visibility = "DECISION_VISIBILITY_CONTENT_DISABLED";
      break;
    case events::CASE_DECISION_AGE_RESTRICT:
      out.decision_visibility = "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED";
      break;
    case events::CASE_DECISION_LABEL:
      out.decision_visibility = "DECISION_VISIBILITY_CONTENT_LABELLED";
      break;
    default:
      out.decision_visibility = "DECISION_VISIBILITY_OTHER";
      break;
  }
  out.decision_ground =
      p && p->illegal ? "DECISION_GROUND_ILLEGAL_CONTENT" : "DECISION_GROUND_INCOMPATIBLE_CONTENT";
  out.category = p ? std::string(p->dsa_category) : "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE";
  out.policy = p ? std::string(p->name) : "other";
  std::string subject = s.kind == events::CASE_SUBJECT_KIND_VIDEO     ? "video"
                        : s.kind == events::CASE_SUBJECT_KIND_COMMENT ? "comment"
                                                                      : "account";
  out.content_type = s.kind == events::CASE_SUBJECT_KIND_VIDEO     ? "CONTENT_TYPE_VIDEO"
                     : s.kind == events::CASE_SUBJECT_KIND_COMMENT ? "CONTENT_TYPE_TEXT"
                                                                   : "CONTENT_TYPE_OTHER";
  out.facts = "The " + subject + " " + s.subject_id + " was reported " +
              std::to_string(s.report_count) + " time(s) in this round";
  if (p) out.facts += "; reel's guidelines forbid " + std::string(p->forbids);
  out.facts += d.automated ? ". An automatic rule acted pending review by a person."
                           : ". A moderator reviewed it: " + d.note;
  out.automated_detection = d.automated;
  out.automated_decision =
      d.automated ? "AUTOMATED_DECISION_FULLY" : "AUTOMATED_DECISION_NOT_AUTOMATED";
  out.source_type = "SOURCE_ARTICLE_16";  // every case starts from a notice (a user report)
  out.decided_at_ms = d.at_ms;
  out.appeal_until_ms = d.appeal_until_ms;
  if (d.automated) {
    out.how_to_appeal = "A moderator will review this; you will be told the decision.";
  } else if (d.appeal_until_ms == 0) {
    out.how_to_appeal = "This decision was made on appeal and is final within reel.";
  } else {
    out.how_to_appeal = "Appeal with moderation.appeal {case_id: " + s.case_id + "} until " +
                        rfc3339_of_unix_ms(d.appeal_until_ms) + "; another moderator decides.";
  }
  out.rule_version = moderation_rules_version;
  return out;
}

}  // namespace reel::domain
