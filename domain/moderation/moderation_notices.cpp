#include "domain/moderation/moderation_notices.h"

#include <algorithm>

#include "domain/moderation/moderation_case.h"

namespace reel::domain {
namespace {

std::string policy_name(events::ReportReason reason) {
  const auto* p = policy_of(reason);
  return p ? std::string(p->name) : std::string();
}

notice for_moderators(std::string kind, std::string case_id) {
  notice n;
  n.topic = "moderation";
  n.kind = std::move(kind);
  n.case_id = std::move(case_id);
  return n;
}

}  // namespace

bool needs_reporters(const events::Event& e) {
  return e.has_moderation_case_decided();
}

bool observe_round(std::vector<std::string>& round, const events::Event& e) {
  if (e.has_moderation_case_opened()) {
    round.clear();
    if (!e.moderation_case_opened().reporter_id().empty())
      round.push_back(e.moderation_case_opened().reporter_id());
    return true;
  }
  if (e.has_moderation_report_filed()) {
    const auto& who = e.moderation_report_filed().reporter_id();
    if (who.empty() || std::find(round.begin(), round.end(), who) != round.end()) return false;
    round.push_back(who);
    return true;
  }
  return false;
}

std::vector<std::string> reporters_of_round(const std::vector<events::Event>& case_events) {
  std::vector<std::string> out;
  for (const auto& e : case_events) observe_round(out, e);
  return out;
}

std::vector<notice> moderation_notices(const events::Event& e, std::string_view video_owner,
                                       const std::vector<std::string>& reporters) {
  std::vector<notice> out;
  if (e.has_moderation_case_opened()) {
    const auto& o = e.moderation_case_opened();
    const auto* p = policy_of(o.reason());
    if (!p || p->severity > 1) return out;
    auto n = for_moderators("case_opened", o.case_id());
    n.video_id = o.video_id();
    n.policy = std::string(p->name);
    n.severity = p->severity;
    out.push_back(std::move(n));
  } else if (e.has_moderation_case_escalated()) {
    const auto& x = e.moderation_case_escalated();
    auto n = for_moderators("case_escalated", x.case_id());
    n.severity = static_cast<int>(x.severity());
    n.until_ms = x.due_at_ms();
    out.push_back(std::move(n));
  } else if (e.has_moderation_case_appealed()) {
    out.push_back(for_moderators("case_appealed", e.moderation_case_appealed().case_id()));
  } else if (e.has_moderation_auto_acted()) {
    const auto& a = e.moderation_auto_acted();
    if (video_owner.empty()) return out;
    notice n;
    n.recipient = std::string(video_owner);
    n.kind = "moderation_action";
    n.case_id = a.case_id();
    n.video_id = a.video_id();
    n.decision = std::string(decision_name(a.action(), a.label()));
    out.push_back(std::move(n));
  } else if (e.has_reporter_standing_changed()) {
    const auto& c = e.reporter_standing_changed();
    notice n;
    n.recipient = c.user_id();
    n.kind = "report_standing";
    n.decision = c.suspended_until_ms() > 0 ? "suspended" : c.warned() ? "warned" : "restored";
    n.until_ms = c.suspended_until_ms();
    out.push_back(std::move(n));
  } else if (e.has_moderation_case_decided()) {
    const auto& d = e.moderation_case_decided();
    notice n;
    n.case_id = d.case_id();
    n.video_id = d.video_id();
    n.decision = std::string(decision_name(d.decision(), d.label()));
    n.policy = policy_name(d.policy());
    n.until_ms = d.appeal_until_ms();
    if (!d.owner_id().empty() && d.owner_id() != d.moderator_id()) {
      auto to_owner = n;
      to_owner.recipient = d.owner_id();
      to_owner.kind = "moderation_decision";
      out.push_back(std::move(to_owner));
    }
    for (const auto& r : reporters) {
      if (r == d.owner_id() || r == d.moderator_id()) continue;
      auto to_reporter = n;
      to_reporter.recipient = r;
      to_reporter.kind = "report_outcome";
      // A reporter may appeal a dismissal of theirs; the window is the decision's.
      bool dismissal = d.decision() == events::CASE_DECISION_NO_VIOLATION ||
                       d.decision() == events::CASE_DECISION_RESTORE;
      if (!dismissal) to_reporter.until_ms = 0;
      out.push_back(std::move(to_reporter));
    }
  }
  return out;
}

}  // namespace reel::domain
