#include "actors/moderation/moderation_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "actors/feeds/feeds_module.h"
#include "actors/moderation/case_entity.h"
#include "actors/moderation/case_follow_ups.h"
#include "actors/moderation/deadline_watch.h"
#include "actors/videos/video_command.h"
#include "actors/videos/videos_module.h"

namespace reel::actors {
namespace {

using queue_atom = caf::atom_constant<caf::atom("modqueue")>;
using case_stats_atom = caf::atom_constant<caf::atom("modstats")>;
using reporter_atom = caf::atom_constant<caf::atom("reporter")>;
using comment_atom = caf::atom_constant<caf::atom("comment")>;
using owned_atom = caf::atom_constant<caf::atom("owned")>;
using overdue_atom = caf::atom_constant<caf::atom("overdue")>;
using unannounced_atom = caf::atom_constant<caf::atom("unannoun")>;

constexpr size_t max_cases_shown = 100;

constexpr uint64_t max_history_events = 10000;

std::optional<uint64_t> parse_case(const std::string& text) {
  auto id = case_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

// Continues once projection `p` has folded everything committed before now: what the
// caller (or anyone) just did is in what it answers.
template <class T, class Next>
void after_head(flow* self, node& n, const projection_handle& p, const ending<T>& end, Next next) {
  uint64_t head = n.journal().store().global_head();
  self->request(*p.host, end.remaining(), reached_atom::value, p.index, head)
      .then([next = std::move(next)](bool) mutable { next(); },
            [end](caf::error& e) { end(from_caf(e)); });
}

// The subject a report names, as a case command lacks it: kind, owner, video.
struct subject_facts {
  std::string subject_id, video_id, owner_id;
  events::CaseSubjectKind kind = events::CASE_SUBJECT_KIND_UNSPECIFIED;
  uint64_t value = 0;  // the id's value, which the case's id shares
};

// A moderator's command on a case: `make(now_ms)` builds it once the role is checked.
template <class Answer, class Make, class Done>
void case_command(node& n, const entity_directory& users, const entity_directory& cases,
                  const caller& who, const std::string& case_text, domain::permission what,
                  reply<Answer> answer, Make make, Done done) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_case(case_text);
  if (!id) return answer(command_error{errc::invalid_id, "case_id is not a case id"});
  start_flow(n.system(), [&n, users, cases, who, case_text, id, what, make, done,
                          answer = std::move(answer)](flow* self) {
    ending<Answer> end{self, answer, n.timeout()};
    with_permission(self, users, who, what, end, [=, &n](user_facts&) {
      auto now = n.clock().now_ms();
      command(self, cases, *id, meta_for(who, case_text), make(now), end,
              [end, done, now](command_reply& r) { end(done(r, now)); });
    });
  });
}

}  // namespace

moderation_module::moderation_module(node& n, const accounts_module& accounts,
                                     const videos_module& videos, const feeds_module& feeds,
                                     domain::moderation_rules rules)
    : node_(n), rules_(rules), users_(accounts.users()), videos_(videos.videos()) {
  cases_ = n.add_entity_kind<case_kind>();
  n.add_reaction(case_follow_ups(videos_, users_));
  auto feed = feeds.model();
  auto cases = std::make_shared<projections::moderation_cases_projection>(
      rules_, [feed](std::string_view video, int64_t now_ms) {
        return feed ? feed->views_last_day(video, now_ms) : 0;
      });
  queue_ = n.add_projection(
      cases, caf::message_handler{
                 [cases](queue_atom, const domain::queue_filter& f, const std::string& cursor,
                         int64_t now_ms) { return cases->page(f, cursor, now_ms); },
                 [cases](case_stats_atom, int64_t now_ms) { return cases->stats(now_ms); },
                 [cases](owned_atom, const std::string& owner) {
                   return cases->owned_by(owner, max_cases_shown);
                 },
                 [cases](overdue_atom, int64_t now_ms, uint64_t max) {
                   return cases->overdue(now_ms, max);
                 }});
  auto reporters = std::make_shared<projections::reporter_records_projection>();
  reporters_ = n.add_projection(
      reporters, caf::message_handler{[reporters](reporter_atom, const std::string& user) {
                                        return reporters->record_of(user);
                                      },
                                      [reporters](comment_atom, const std::string& comment) {
                                        return reporters->comment(comment);
                                      },
                                      [reporters](unannounced_atom, uint64_t max) {
                                        return reporters->unannounced(max);
                                      }});
  n.adopt(spawn_deadline_watch(
      n.system(), *this,
      std::chrono::milliseconds(std::max<int64_t>(rules_.deadline_sweep_ms, 1))));
}

int64_t moderation_module::now_ms() const {
  return node_.clock().now_ms();
}

void moderation_module::report(const caller& who, report_subject subject,
                               events::ReportReason reason, std::string note,
                               reply<report_filed> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  int named = !subject.video_id.empty() + !subject.comment_id.empty() + !subject.user_id.empty();
  if (named != 1)
    return answer(command_error{errc::bad_args, "name one of video_id, comment_id, user_id"});
  start_flow(node_.system(), [this, who, subject, reason, note,
                              answer = std::move(answer)](flow* self) {
    ending<report_filed> end{self, answer, node_.timeout()};
    // Last: the command to the case, with the reporter's weight as it is now.
    auto file = [=, this](subject_facts s) {
      self->request(*reporters_.host, end.remaining(), reporter_atom::value, who.user_id)
          .then(
              [=, this](domain::reporter_record& record) {
                auto now = node_.clock().now_ms();
                if (auto no = domain::check_may_report(record, now))
                  return end.fail(no->code, no->message);
                domain::file_report cmd;
                cmd.case_id = case_id::from_value(s.value).str();
                cmd.subject_id = s.subject_id;
                cmd.kind = s.kind;
                cmd.video_id = s.video_id;
                cmd.owner_id = s.owner_id;
                cmd.reporter_id = who.user_id;
                cmd.reason = reason;
                cmd.note = note;
                cmd.weight_milli = domain::reporter_weight_milli(record, now);
                cmd.now_ms = now;
                cmd.rules = rules_;
                auto id = cmd.case_id;
                command(self, cases_, s.value, meta_for(who, id), std::move(cmd), end,
                        [end, id](command_reply& r) {
                          end(report_filed{id, r.replayed});
                        });
              },
              [end](caf::error& e) { end(from_caf(e)); });
    };
    with_permission(self, users_, who, domain::permission::report, end, [=, this](user_facts&) {
      if (!subject.video_id.empty()) {
        auto id = parse_video(subject.video_id);
        if (!id) return end.fail(errc::invalid_id, "video_id is not a video id");
        return ask<video_facts>(self, videos_, *id, caf::make_message(facts_atom::value), end,
                                [=](video_facts& v) {
                                  if (!v.published)
                                    return end.fail(errc::video_not_found, "no such video");
                                  file({subject.video_id, subject.video_id, owner_of(v),
                                        events::CASE_SUBJECT_KIND_VIDEO, *id});
                                });
      }
      if (!subject.user_id.empty()) {
        auto id = parse_user(subject.user_id);
        if (!id) return end.fail(errc::invalid_id, "user_id is not a user id");
        return ask<user_facts>(
            self, users_, *id, caf::make_message(facts_atom::value, std::string()), end,
            [=](user_facts& u) {
              if (!u.registered) return end.fail(errc::user_not_found, "no such user");
              file({subject.user_id, "", subject.user_id, events::CASE_SUBJECT_KIND_ACCOUNT, *id});
            });
      }
      auto id = comment_id::parse(subject.comment_id);
      if (!id) return end.fail(errc::invalid_id, "comment_id is not a comment id");
      after_head(self, node_, reporters_, end, [=, this] {
        self->request(*reporters_.host, end.remaining(), comment_atom::value, subject.comment_id)
            .then(
                [=](std::optional<projections::comment_origin>& c) {
                  if (!c) return end.fail(errc::comment_not_found, "no such comment");
                  file({subject.comment_id, c->video_id, c->author_id,
                        events::CASE_SUBJECT_KIND_COMMENT, id->value()});
                },
                [end](caf::error& e) { end(from_caf(e)); });
      });
    });
  });
}

void moderation_module::queue(const caller& who, domain::queue_filter filter, std::string cursor,
                              reply<projections::queue_answer> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  start_flow(node_.system(), [this, who, filter, cursor, answer = std::move(answer)](flow* self) {
    ending<projections::queue_answer> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::moderate, end, [=, this](user_facts&) {
      after_head(self, node_, queue_, end, [=, this] {
        self->request(*queue_.host, end.remaining(), queue_atom::value, filter, cursor,
                      node_.clock().now_ms())
            .then(
                [end](projections::queue_answer& page) {
                  if (!page.ok)
                    return end.fail(errc::invalid_cursor,
                                    "the cursor is not one the queue gave out");
                  end(std::move(page));
                },
                [end](caf::error& e) { end(from_caf(e)); });
      });
    });
  });
}

void moderation_module::stats(const caller& who, reply<projections::moderation_stats> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  start_flow(node_.system(), [this, who, answer = std::move(answer)](flow* self) {
    ending<projections::moderation_stats> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::moderate, end, [=, this](user_facts&) {
      after_head(self, node_, queue_, end, [=, this] {
        self->request(*queue_.host, end.remaining(), case_stats_atom::value, node_.clock().now_ms())
            .then([end](projections::moderation_stats& s) { end(std::move(s)); },
                  [end](caf::error& e) { end(from_caf(e)); });
      });
    });
  });
}

void moderation_module::claim(const caller& who, std::string case_text,
                              reply<case_claimed> answer) {
  auto lease = rules_.claim_lease_ms;
  case_command(
      node_, users_, cases_, who, case_text, domain::permission::moderate, std::move(answer),
      [who, rules = rules_](int64_t now) {
        return domain::claim_case{who.user_id, now, rules};
      },
      [case_text, lease](command_reply&, int64_t now) {
        return case_claimed{case_text, now + lease};
      });
}

void moderation_module::release(const caller& who, std::string case_text, reply<done> answer) {
  case_command(
      node_, users_, cases_, who, case_text, domain::permission::moderate, std::move(answer),
      [who](int64_t now) {
        return domain::release_case{who.user_id, now};
      },
      [](command_reply& r, int64_t) { return done{r.replayed}; });
}

void moderation_module::decide(const caller& who, std::string case_text, case_verdict v,
                               reply<done> answer) {
  case_command(
      node_, users_, cases_, who, case_text, domain::permission::moderate, std::move(answer),
      [who, v, rules = rules_](int64_t now) {
        return domain::decide_case{who.user_id, v.action,      v.policy, v.note,
                                   v.label,     v.minimum_age, now,      rules};
      },
      [](command_reply& r, int64_t) { return done{r.replayed}; });
}

void moderation_module::appeal(const caller& who, std::string case_text, std::string note,
                               reply<done> answer) {
  case_command(
      node_, users_, cases_, who, case_text, domain::permission::appeal, std::move(answer),
      [who, note](int64_t now) {
        return domain::appeal_case{who.user_id, note, now};
      },
      [](command_reply& r, int64_t) { return done{r.replayed}; });
}

void moderation_module::get_case(const caller& who, std::string case_text,
                                 reply<case_history> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_case(case_text);
  if (!id) return answer(command_error{errc::invalid_id, "case_id is not a case id"});
  start_flow(node_.system(), [this, who, case_text, id, answer = std::move(answer)](flow* self) {
    ending<case_history> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::moderate, end, [=, this](user_facts&) {
      ask<domain::case_state>(
          self, cases_, *id, caf::make_message(state_atom::value), end,
          [=, this](domain::case_state& s) {
            if (!s.exists) return end.fail(errc::case_not_found, "no such moderation case");
            on_store_worker<std::vector<events::EventRecord>>(
                self, node_.workers(), *id,
                stream_records_job(node_.journal().store(), case_text, max_history_events), end,
                [end, s](std::vector<events::EventRecord>& records) {
                  end(case_history{s, std::move(records)});
                });
          });
    });
  });
}

void moderation_module::account_status(const caller& who, reply<account_standing> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, me, answer = std::move(answer)](flow* self) {
    ending<account_standing> end{self, answer, node_.timeout()};
    with_permission(
        self, users_, who, domain::permission::appeal, end, [=, this](user_facts& me_now) {
          bool suspended = me_now.suspended;
          ask<std::vector<domain::strike>>(
              self, users_, me, caf::make_message(strikes_atom::value), end,
              [=, this](std::vector<domain::strike>& strikes) {
                after_head(self, node_, queue_, end, [=, this] {
                  self->request(*queue_.host, end.remaining(), owned_atom::value, who.user_id)
                      .then(
                          [=, this](std::vector<domain::case_state>& cases) {
                            auto now = node_.clock().now_ms();
                            account_standing out;
                            out.strikes = domain::strikes_in_force(strikes, now);
                            out.publish_suspended_until_ms =
                                domain::publish_suspended_until(strikes, now, rules_);
                            out.suspended = suspended;
                            out.cases = std::move(cases);
                            end(std::move(out));
                          },
                          [end](caf::error& e) { end(from_caf(e)); });
                });
              });
        });
  });
}

void moderation_module::reporter(const caller& who, reply<reporter_view> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  start_flow(node_.system(), [this, who, answer = std::move(answer)](flow* self) {
    ending<reporter_view> end{self, answer, node_.timeout()};
    with_permission(
        self, users_, who, domain::permission::read_profiles, end, [=, this](user_facts&) {
          after_head(self, node_, reporters_, end, [=, this] {
            self->request(*reporters_.host, end.remaining(), reporter_atom::value, who.user_id)
                .then(
                    [=, this](domain::reporter_record& r) {
                      end(reporter_view{r,
                                        domain::reporter_weight_milli(r, node_.clock().now_ms())});
                    },
                    [end](caf::error& e) { end(from_caf(e)); });
          });
        });
  });
}

void moderation_module::may_watch(const caller& who, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  start_flow(node_.system(), [this, who, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::moderate, end,
                    [end](user_facts&) { end(done{}); });
  });
}

void moderation_module::escalate_overdue(reply<size_t> answer) {
  if (!node_.running()) return answer(size_t{0});  // its timer may fire before the start
  start_flow(node_.system(), [this, answer = std::move(answer)](flow* self) {
    ending<size_t> end{self, answer, node_.timeout()};
    after_head(self, node_, queue_, end, [=, this] {
      auto now = node_.clock().now_ms();
      self->request(*queue_.host, end.remaining(), overdue_atom::value, now,
                    max_escalations_per_sweep)
          .then(
              [=, this](std::vector<std::string>& late) {
                if (late.empty()) return end(size_t{0});
                // Every case is asked; the answer waits for them all.
                auto left = std::make_shared<size_t>(late.size());
                auto escalated = std::make_shared<size_t>(0);
                auto one_done = [end, left, escalated](bool wrote) {
                  if (wrote) ++*escalated;
                  if (--*left == 0) end(*escalated);
                };
                for (const auto& text : late) {
                  auto id = parse_case(text);
                  if (!id) {
                    one_done(false);
                    continue;
                  }
                  command_meta meta{"system:deadline_watch", "", ""};
                  self->request(
                          cases_.host_for(*id), end.remaining(), route_atom::value, *id,
                          caf::make_message(std::move(meta), domain::escalate_case{now, rules_}))
                      .then([one_done](command_reply& r) { one_done(r.ok && r.last_sequence > 0); },
                            [one_done](caf::error&) { one_done(false); });
                }
              },
              [end](caf::error& e) { end(from_caf(e)); });
    });
  });
}

void moderation_module::announce_standings(reply<size_t> answer) {
  if (!node_.running()) return answer(size_t{0});
  start_flow(node_.system(), [this, answer = std::move(answer)](flow* self) {
    ending<size_t> end{self, answer, node_.timeout()};
    after_head(self, node_, reporters_, end, [=, this] {
      self->request(*reporters_.host, end.remaining(), unannounced_atom::value,
                    max_announcements_per_sweep)
          .then(
              [=, this](std::vector<projections::standing_change>& due) {
                if (due.empty()) return end(size_t{0});
                auto left = std::make_shared<size_t>(due.size());
                auto told = std::make_shared<size_t>(0);
                auto one_done = [end, left, told](bool wrote) {
                  if (wrote) ++*told;
                  if (--*left == 0) end(*told);
                };
                for (const auto& [user, s] : due) {
                  auto id = parse_user(user);
                  if (!id) {
                    one_done(false);
                    continue;
                  }
                  // The change itself is the key: a sweep that runs again before the
                  // projection folds the event appends nothing more.
                  command_meta meta{"system:moderation", "",
                                    "standing:" + user + ":" + (s.warned ? "w" : "-") + ":" +
                                        std::to_string(s.suspended_until_ms)};
                  domain::announce_standing cmd{s.warned, s.suspended_until_ms, s.decided,
                                                s.dismissed, domain::standing_rule_version};
                  self->request(users_.host_for(*id), end.remaining(), route_atom::value, *id,
                                caf::make_message(std::move(meta), std::move(cmd)))
                      .then([one_done](command_reply& r) { one_done(r.ok); },
                            [one_done](caf::error&) { one_done(false); });
                }
              },
              [end](caf::error& e) { end(from_caf(e)); });
    });
  });
}

}  // namespace reel::actors
