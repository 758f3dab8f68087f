// report.create, report.records, account.status, moderation.queue, claim, release, decide,
// case, stats, appeal; the push topic `moderation`.
#include <google/protobuf/util/json_util.h>

#include "actors/moderation/moderation_module.h"
#include "domain/calendar.h"
#include "gateway/ops/module_ops.h"

namespace reel::gateway {
namespace {

namespace json = boost::json;

const char* subject_kind_name(events::CaseSubjectKind kind) {
  switch (kind) {
    case events::CASE_SUBJECT_KIND_VIDEO:
      return "video";
    case events::CASE_SUBJECT_KIND_COMMENT:
      return "comment";
    case events::CASE_SUBJECT_KIND_ACCOUNT:
      return "account";
    default:
      return "unknown";
  }
}

json::value time_or_null(int64_t unix_ms) {
  if (unix_ms <= 0) return nullptr;
  return json::value(domain::rfc3339_of_unix_ms(unix_ms));
}

json::array reasons_json(const std::vector<events::ReportReason>& reasons) {
  json::array out;
  for (auto r : reasons) {
    const auto* p = domain::policy_of(r);
    out.push_back(json::value(p ? p->name : "other"));
  }
  return out;
}

std::optional<events::ReportReason> policy_arg(op_call& c, std::string_view field,
                                               const std::string& name) {
  const auto* p = domain::policy_named(name);
  if (p) return p->reason;
  c.fail(errc::bad_args, "args." + std::string(field) + " is not a known reason");
  return std::nullopt;
}

json::value row_json(const projections::queue_row& r) {
  return json::object{
      {"case_id", r.case_id},
      {"subject", r.subject_id},
      {"subject_kind", subject_kind_name(r.kind)},
      {"video_id", r.video_id.empty() ? json::value(nullptr) : json::value(r.video_id)},
      {"state", r.state},
      {"reasons", reasons_json(r.reasons)},
      {"report_count", r.report_count},
      {"score", static_cast<double>(r.score_milli) / 1000.0},
      {"severity", r.severity},
      {"priority", r.priority},
      {"due_at", time_or_null(r.due_at_ms)},
      {"claimed_by", r.claimed_by.empty() ? json::value(nullptr) : json::value(r.claimed_by)},
      {"automated", r.automated}};
}

json::value statement_json(const domain::statement_of_reasons& s) {
  return json::object{{"decision", s.decision},
                      {"decision_visibility", s.decision_visibility},
                      {"decision_ground", s.decision_ground},
                      {"category", s.category},
                      {"policy", s.policy},
                      {"facts", s.facts},
                      {"automated_detection", s.automated_detection},
                      {"automated_decision", s.automated_decision},
                      {"source_type", s.source_type},
                      {"content_type", s.content_type},
                      {"decided_at", time_or_null(s.decided_at_ms)},
                      {"appeal_until", time_or_null(s.appeal_until_ms)},
                      {"how_to_appeal", s.how_to_appeal},
                      {"rule_version", s.rule_version}};
}

// One event of a case's stream: when, what, by whom, and its fields as protobuf's JSON
// mapping spells them (field names as in events.proto).
json::value history_json(const events::EventRecord& r) {
  std::string payload;
  google::protobuf::util::JsonPrintOptions o;
  o.preserve_proto_field_names = true;
  json::value fields = json::object{};
  if (google::protobuf::util::MessageToJsonString(r.event(), &payload, o).ok()) {
    boost::system::error_code ec;
    auto parsed = json::parse(payload, ec);
    if (!ec && parsed.is_object() && !parsed.as_object().empty())
      fields = parsed.as_object().begin()->value();
  }
  return json::object{{"at", domain::rfc3339_of_unix_ms(r.envelope().recorded_at_us() / 1000)},
                      {"type", r.envelope().type()},
                      {"by", r.envelope().caused_by()},
                      {"event", fields}};
}

json::value case_json(const actors::case_history& h, int64_t now_ms) {
  const auto& s = h.state;
  std::vector<events::ReportReason> reasons;
  for (int r : s.reasons) reasons.push_back(static_cast<events::ReportReason>(r));
  json::array statements;
  for (const auto& d : s.decisions)
    statements.push_back(statement_json(domain::statement_of(s, d)));
  json::array history;
  for (const auto& r : h.events) history.push_back(history_json(r));
  bool claimed = !s.claimed_by.empty() && s.lease_until_ms > now_ms;
  return json::object{
      {"case_id", s.case_id},
      {"subject", s.subject_id},
      {"subject_kind", subject_kind_name(s.kind)},
      {"video_id", s.video_id.empty() ? json::value(nullptr) : json::value(s.video_id)},
      {"owner_id", s.owner_id},
      {"state", std::string(domain::status_at(s, now_ms))},
      {"round", s.round},
      {"reasons", reasons_json(reasons)},
      {"report_count", s.report_count},
      {"score", static_cast<double>(s.score_milli) / 1000.0},
      {"claimed_by", claimed ? json::value(s.claimed_by) : json::value(nullptr)},
      {"lease_until", claimed ? time_or_null(s.lease_until_ms) : json::value(nullptr)},
      {"statements", statements},
      {"history", history}};
}

json::value stats_json(const projections::moderation_stats& s) {
  json::object by_state;
  for (const char* state : {"open", "claimed", "escalated", "appealed"}) {
    auto it = s.waiting_by_state.find(state);
    by_state[state] = it == s.waiting_by_state.end() ? 0 : it->second;
  }
  json::array by_severity;
  for (auto n : s.waiting_by_severity) by_severity.push_back(n);
  return json::object{{"open_by_state", by_state},
                      {"open_by_severity", by_severity},
                      {"decided", s.decided},
                      {"median_handling_ms", s.median_handling_ms},
                      {"p90_handling_ms", s.p90_handling_ms},
                      {"deadline_breaches", s.deadline_breaches}};
}

json::value reporter_json(const actors::reporter_view& v) {
  json::array outcomes;
  for (const auto& o : v.record.outcomes)
    outcomes.push_back(json::object{{"decided_at", domain::rfc3339_of_unix_ms(o.decided_at_ms)},
                                    {"upheld", o.upheld}});
  return json::object{{"weight", static_cast<double>(v.weight_milli) / 1000.0},
                      {"warned", v.record.warned},
                      {"suspended_until", time_or_null(v.record.suspended_until_ms)},
                      {"outcomes", outcomes}};
}

json::value standing_json(const actors::account_standing& a, int64_t now_ms) {
  json::array strikes;
  for (const auto& s : a.strikes)
    strikes.push_back(json::object{{"case_id", s.case_id},
                                   {"expires_at", domain::rfc3339_of_unix_ms(s.expires_at_ms)}});
  json::array cases;
  for (const auto& c : a.cases) {
    json::array statements;
    for (const auto& d : c.decisions)
      statements.push_back(statement_json(domain::statement_of(c, d)));
    cases.push_back(
        json::object{{"case_id", c.case_id},
                     {"subject", c.subject_id},
                     {"subject_kind", subject_kind_name(c.kind)},
                     {"state", std::string(domain::status_at(c, now_ms))},
                     {"statements", statements},
                     {"appeal_until", time_or_null(domain::owner_appeal_until_ms(c, now_ms))}});
  }
  return json::object{{"strikes", strikes},
                      {"publish_suspended_until", time_or_null(a.publish_suspended_until_ms)},
                      {"suspended", a.suspended},
                      {"cases", cases}};
}

// An op whose only argument is the case id, answering `done`.
op_spec case_op(actors::moderation_module& m,
                void (actors::moderation_module::*call)(const actors::caller&, std::string,
                                                        actors::reply<actors::done>)) {
  return {access::user, [&m, call](op_call& c) {
            auto id = c.args.required_string("case_id");
            if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
            (m.*call)(c.who, id, c.answer_done());
          }};
}

}  // namespace

void install_ops(op_table& table, actors::moderation_module& m) {
  // New severe cases, breaches and appeals, to every moderator watching.
  table.add_topic("moderation", {[&m](const actors::caller& who, actors::reply<actors::done> r) {
                                   m.may_watch(who, std::move(r));
                                 },
                                 true});
  table.add("report.create",
            {access::user, [&m](op_call& c) {
               actors::report_subject subject;
               subject.video_id = c.args.optional_string("video_id");
               subject.comment_id = c.args.optional_string("comment_id");
               subject.user_id = c.args.optional_string("user_id");
               auto reason_name = c.args.required_string("reason");
               auto note = c.args.optional_string("note");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               auto reason = policy_arg(c, "reason", reason_name);
               if (!reason) return;
               m.report(c.who, subject, *reason, note,
                        c.answer<actors::report_filed>([](const actors::report_filed& r) {
                          return json::object{{"case_id", r.case_id}, {"replayed", r.replayed}};
                        }));
             }});
  table.add("account.status", {access::user, [&m](op_call& c) {
                                 m.account_status(c.who,
                                                  c.answer<actors::account_standing>(
                                                      [&m](const actors::account_standing& a) {
                                                        return standing_json(a, m.now_ms());
                                                      }));
                               }});
  table.add("report.records", {access::user, [&m](op_call& c) {
                                 m.reporter(c.who, c.answer<actors::reporter_view>(reporter_json));
                               }});
  table.add(
      "moderation.queue",
      {access::user, [&m](op_call& c) {
         domain::queue_filter f;
         f.state = c.args.optional_string("state");
         auto reason_name = c.args.optional_string("reason");
         f.min_priority = static_cast<int>(c.args.optional_uint("min_priority", 0, 100, 0));
         f.limit =
             c.args.optional_uint("limit", 1, domain::max_queue_page, domain::default_queue_page);
         auto cursor = c.args.optional_string("cursor");
         if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
         if (!f.state.empty() && f.state != "open" && f.state != "claimed" &&
             f.state != "escalated" && f.state != "appealed")
           return c.fail(errc::bad_args, "args.state is one of open, claimed, escalated, appealed");
         if (!reason_name.empty()) {
           auto reason = policy_arg(c, "reason", reason_name);
           if (!reason) return;
           f.reason = *reason;
         }
         m.queue(c.who, f, cursor,
                 c.answer<projections::queue_answer>([](const projections::queue_answer& a) {
                   json::array items;
                   for (const auto& r : a.items) items.push_back(row_json(r));
                   return json::object{
                       {"items", items},
                       {"cursor", a.cursor.empty() ? json::value(nullptr) : json::value(a.cursor)}};
                 }));
       }});
  table.add("moderation.claim",
            {access::user, [&m](op_call& c) {
               auto id = c.args.required_string("case_id");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               m.claim(c.who, id, c.answer<actors::case_claimed>([](const actors::case_claimed& r) {
                 return json::object{{"case_id", r.case_id},
                                     {"lease_until", domain::rfc3339_of_unix_ms(r.lease_until_ms)}};
               }));
             }});
  table.add("moderation.release", case_op(m, &actors::moderation_module::release));
  table.add("moderation.decide",
            {access::user, [&m](op_call& c) {
               auto id = c.args.required_string("case_id");
               auto action = c.args.required_string("action");
               auto policy = c.args.required_string("policy");
               actors::case_verdict v;
               v.note = c.args.required_string("note");
               v.label = c.args.optional_string("label");
               v.minimum_age =
                   static_cast<uint32_t>(c.args.optional_uint("minimum_age", 13, 21, 0));
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               auto decision = domain::decision_named(action);
               if (!decision)
                 return c.fail(errc::bad_args,
                               "args.action is one of dismiss, remove, hide, age_restrict, "
                               "label_unverified, restore");
               v.action = *decision;
               auto reason = policy_arg(c, "policy", policy);
               if (!reason) return;
               v.policy = *reason;
               m.decide(c.who, id, v, c.answer_done());
             }});
  table.add("moderation.case",
            {access::user, [&m](op_call& c) {
               auto id = c.args.required_string("case_id");
               if (!c.args.ok()) return c.fail(errc::bad_args, c.args.problem());
               m.get_case(c.who, id,
                          c.answer<actors::case_history>([&m](const actors::case_history& h) {
                            return case_json(h, m.now_ms());
                          }));
             }});
  table.add("moderation.stats", {access::user, [&m](op_call& c) {
                                   m.stats(c.who,
                                           c.answer<projections::moderation_stats>(stats_json));
                                 }});
  table.add("moderation.appeal", {access::user, [&m](op_call& c) {
                                    auto id = c.args.required_string("case_id");
                                    auto note = c.args.required_string("note");
                                    if (!c.args.ok())
                                      return c.fail(errc::bad_args, c.args.problem());
                                    m.appeal(c.who, id, note, c.answer_done());
                                  }});
}

}  // namespace reel::gateway
