#include "domain/moderation/follow_ups.h"

#include "domain/ids.h"
#include "domain/moderation/policies.h"

namespace reel::domain {
namespace {

std::string policy_name(events::ReportReason r) {
  const auto* p = policy_of(r);
  return p ? std::string(p->name) : std::string("other");
}

// A case's id has its subject's id value (domain/moderation/moderation_case.h).
std::string comment_of_case(const std::string& case_text) {
  auto c = case_id::parse(case_text);
  return c ? comment_id::from_value(c->value()).str() : std::string();
}

}  // namespace

case_follow_ups follow_ups_of_case(const events::Event& e) {
  case_follow_ups out;
  if (e.has_moderation_auto_acted()) {
    const auto& a = e.moderation_auto_acted();
    if (a.subject_kind() == events::CASE_SUBJECT_KIND_VIDEO && !a.video_id().empty())
      out.video = {a.video_id(), moderate_video{a.case_id(), a.action(), a.label(), 0, a.rule()}};
    if (a.subject_kind() == events::CASE_SUBJECT_KIND_COMMENT && !a.video_id().empty())
      out.comment = {a.video_id(), moderate_comment{a.case_id(), comment_of_case(a.case_id()),
                                                    a.action(), a.rule()}};
    return out;
  }
  if (!e.has_moderation_case_decided()) return out;
  const auto& d = e.moderation_case_decided();
  if (d.subject_kind() == events::CASE_SUBJECT_KIND_VIDEO && !d.video_id().empty()) {
    out.video = {d.video_id(), moderate_video{d.case_id(), d.decision(), d.label(), d.minimum_age(),
                                              policy_name(d.policy())}};
  }
  if (d.subject_kind() == events::CASE_SUBJECT_KIND_COMMENT && !d.video_id().empty()) {
    out.comment = {d.video_id(), moderate_comment{d.case_id(), comment_of_case(d.case_id()),
                                                  d.decision(), policy_name(d.policy())}};
  }
  if (d.subject_kind() == events::CASE_SUBJECT_KIND_ACCOUNT && !d.owner_id().empty()) {
    out.account = {d.owner_id(),
                   moderate_account{d.case_id(), d.decision(), policy_name(d.policy())}};
  }
  if (!d.owner_id().empty()) {
    if (d.strike()) {
      out.owner = {d.owner_id(),
                   give_strike{d.case_id(), d.decided_at_ms(), d.strike_expires_at_ms()}};
    } else if (d.on_appeal() && d.upheld_appeal() &&
               (d.decision() == events::CASE_DECISION_RESTORE ||
                d.decision() == events::CASE_DECISION_NO_VIOLATION)) {
      out.owner = {d.owner_id(), lift_strike{d.case_id()}};
    }
  }
  return out;
}

}  // namespace reel::domain
