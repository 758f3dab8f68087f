#include "actors/videos/videos_module.h"

#include <memory>

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/user_follow_ups.h"
#include "actors/videos/video_command.h"
#include "domain/privacy/screen_time.h"
#include "domain/videos/follow_ups.h"

namespace reel::actors {
namespace {

const char* visibility_name(domain::visibility v) {
  switch (v) {
    case domain::visibility::visible:
      return "visible";
    case domain::visibility::hidden:
      return "hidden";
    case domain::visibility::removed:
      return "removed";
  }
  return "visible";
}

video_details details_of(const domain::video_state& s) {
  video_details d;
  d.video_id = s.video_id;
  d.creator_id = s.creator_id;
  d.title = s.title;
  d.description = s.description;
  d.topics = s.topics;
  d.duration_ms = s.duration_ms;
  d.stem = s.stem;
  d.is_ad = s.is_ad;
  d.visibility = visibility_name(s.status);
  d.minimum_age = s.minimum_age;
  d.labels.assign(s.labels.begin(), s.labels.end());
  d.views = s.views;
  d.likes = s.likes;
  d.shares = s.shares;
  d.comments = s.comments;
  return d;
}

}  // namespace

videos_module::videos_module(node& n, accounts_module& accounts)
    : node_(n), accounts_(accounts), users_(accounts.users()) {
  videos_ = n.add_entity_kind<video_kind>();
  n.add_reaction(user_follow_ups("publish_grants_creator", users_, domain::follow_up_of_publish));
}

void videos_module::change_creator_settings(const caller& who, settings_change change,
                                            reply<done> answer) {
  // The booleans of before user.settings, onto its audiences: true is `everyone`, false
  // `none` (domain/privacy/teen_rules.h rules on both alike).
  auto audience_of = [](std::optional<bool> allow) -> std::optional<domain::audience> {
    if (!allow) return std::nullopt;
    return *allow ? domain::audience::everyone : domain::audience::none;
  };
  domain::privacy_change mapped;
  mapped.duet = audience_of(change.allow_duet);
  mapped.stitch = audience_of(change.allow_stitch);
  mapped.comments = audience_of(change.allow_comments);
  if (!mapped.duet && !mapped.stitch && !mapped.comments)
    return answer(command_error{errc::nothing_to_change, "name at least one setting"});
  accounts_.settings(who, std::move(mapped), [answer](outcome<domain::privacy_settings> r) {
    if (!r.ok()) return answer(r.error());
    answer(done{});
  });
}

void videos_module::publish(const caller& who, video_draft draft, reply<published> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  const auto& source_text = draft.duet_of.empty() ? draft.stitch_of : draft.duet_of;
  std::optional<uint64_t> source;
  if (!source_text.empty() && (draft.duet_of.empty() || draft.stitch_of.empty())) {
    source = parse_video(source_text);
    if (!source) return answer(command_error{errc::invalid_id, "the source is not a video id"});
  }
  auto me = *parse_user(who.user_id);
  auto video_value = node_.mint();
  auto video = video_id::from_value(video_value).str();
  start_flow(node_.system(), [this, who, me, video, video_value, draft = std::move(draft), source,
                              answer = std::move(answer)](flow* self) {
    ending<published> end{self, answer, node_.timeout()};
    auto publish = std::make_shared<domain::publish_video>();
    publish->video_id = video;
    publish->creator_id = creator_of(user_id::from_value(me)).str();
    publish->title = draft.title;
    publish->description = draft.description;
    publish->sound = draft.sound;
    publish->topics = draft.topics;
    publish->duration_ms = draft.duration_ms;
    publish->duet_of = draft.duet_of;
    publish->stitch_of = draft.stitch_of;
    publish->is_ad = draft.is_ad;
    publish->political_ad = draft.political;
    publish->stem = draft.stem;
    // Last step: publish. The creator role follows through the reactor.
    auto commit = [=, this](user_facts& mine) {
      publish->publisher_band = mine.band;
      publish->publish_suspended_until_ms = mine.publish_suspended_until_ms;
      publish->now_ms = node_.clock().now_ms();
      // The key names the request, not the freshly minted video: a retry finds the first.
      command(self, videos_, video_value, meta_for(who, "publish"), *publish, end,
              [=, this](command_reply& r) {
                if (!r.replayed) return end(published{video});
                with_first_event(self, node_.workers(), node_.journal().store(), r.first_sequence,
                                 end, [end](events::Event& first) {
                                   if (!first.has_video_published())
                                     return end.fail(errc::internal,
                                                     "the first publication is missing");
                                   end(published{first.video_published().video_id()});
                                 });
              });
    };
    with_permission(
        self, users_, who, domain::permission::publish, end, [=, this](user_facts& mine) mutable {
          if (!source) return commit(mine);
          // A duet or stitch: what the source video and its creator allow.
          ask<video_facts>(self, videos_, *source, caf::make_message(facts_atom::value), end,
                           [=, this](video_facts& v) mutable {
                             publish->source.exists = v.published;
                             publish->source.visible = v.visible;
                             publish->source.minimum_age = v.minimum_age;
                             publish->source.creator_id = v.creator_id;
                             auto owner = creator_id::parse(v.creator_id);
                             if (!v.published || !owner) return commit(mine);
                             // Across a block, or a private account's the publisher may not
                             // see: as if it did not exist.
                             unless_hidden_between(self, users_, who.user_id, mine.roles,
                                                   owner_of(v), end, [=](between& w) mutable {
                                                     publish->source.creator_band = w.b.band;
                                                     publish->source.duet = w.b.privacy.duet;
                                                     publish->source.stitch = w.b.privacy.stitch;
                                                     publish->source.publisher = w.relation;
                                                     commit(mine);
                                                   });
                           });
        });
  });
}

void videos_module::view(const caller& who, std::string video, uint32_t watch_ms,
                         events::FeedSource source, reply<done> answer) {
  // A viewer with a daily limit in force has the watch time counted once the view
  // committed (domain/privacy/screen_time.h); the answer waits for both.
  auto limited = std::make_shared<bool>(false);
  auto then_count = [this, who, video, watch_ms, limited, answer](outcome<done> r) {
    if (!r.ok() || !*limited) return answer(std::move(r));
    accounts_.count_watch_time(who, video, watch_ms, [answer, r](outcome<done> counted) {
      answer(counted.ok() ? r : counted);
    });
  };
  video_command(node_, users_, videos_, who, video, domain::permission::engage,
                across_block::allowed, then_count, [=](const user_facts& f) {
                  *limited = domain::counts_watch_time(f.privacy.daily_limit_minutes);
                  return domain::view_video{who.user_id, watch_ms, source, f.band};
                });
}

void videos_module::like(const caller& who, std::string video, reply<done> answer) {
  video_command(node_, users_, videos_, who, video, domain::permission::engage,
                across_block::refused, std::move(answer), [=](const user_facts& f) {
                  return domain::like_video{who.user_id, f.band};
                });
}

void videos_module::unlike(const caller& who, std::string video, reply<done> answer) {
  video_command(node_, users_, videos_, who, video, domain::permission::engage,
                across_block::allowed, std::move(answer),
                [=](const user_facts&) { return domain::unlike_video{who.user_id}; });
}

void videos_module::share(const caller& who, std::string video, bool confirmed,
                          reply<done> answer) {
  video_command(node_, users_, videos_, who, video, domain::permission::engage,
                across_block::refused, std::move(answer), [=](const user_facts& f) {
                  return domain::share_video{who.user_id, f.band, confirmed};
                });
}

void videos_module::not_interested(const caller& who, std::string video, reply<done> answer) {
  video_command(node_, users_, videos_, who, video, domain::permission::engage,
                across_block::allowed, std::move(answer),
                [=](const user_facts&) { return domain::mark_not_interested{who.user_id}; });
}

void videos_module::comment(const caller& who, std::string video, std::string text,
                            reply<commented> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{errc::invalid_id, "video_id is not a video id"});
  auto comment = comment_id::from_value(node_.mint()).str();
  start_flow(node_.system(), [this, who, video, id, text, comment,
                              answer = std::move(answer)](flow* self) {
    ending<commented> end{self, answer, node_.timeout()};
    with_permission(
        self, users_, who, domain::permission::comment, end, [=, this](user_facts& mine) {
          ask<video_facts>(
              self, videos_, *id, caf::make_message(facts_atom::value), end,
              [=, this](video_facts& v) {
                auto send = [=, this](domain::audience comments, domain::owner_relation relation) {
                  domain::comment_on_video cmd{who.user_id, comment,  text,
                                               comments,    relation, mine.band};
                  command(self, videos_, *id, meta_for(who, video), cmd, end,
                          [=, this](command_reply& r) {
                            if (!r.replayed) return end(commented{comment});
                            with_first_event(self, node_.workers(), node_.journal().store(),
                                             r.first_sequence, end, [end](events::Event& first) {
                                               if (!first.has_video_commented())
                                                 return end.fail(errc::internal,
                                                                 "the first comment is missing");
                                               end(commented{first.video_commented().comment_id()});
                                             });
                          });
                };
                if (!creator_id::parse(v.creator_id))  // the rules refuse it
                  return send(domain::audience::everyone, domain::owner_relation{});
                unless_hidden_between(
                    self, users_, who.user_id, mine.roles, owner_of(v), end,
                    [send](between& w) { send(w.b.privacy.comments, w.relation); });
              });
        });
  });
}

void videos_module::get_video(const caller& who, std::string video, reply<video_details> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto id = parse_video(video);
  if (!id) return answer(command_error{errc::invalid_id, "video_id is not a video id"});
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, id, me, answer = std::move(answer)](flow* self) {
    ending<video_details> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::read_profiles, end,
                    [=, this](user_facts& viewer) {
                      ask<domain::video_state>(
                          self, videos_, *id, caf::make_message(state_atom::value), end,
                          [=, this](domain::video_state& s) {
                            // Hidden, removed or age-restricted for this viewer, or across a
                            // block: as if it did not exist.
                            auto as_creator = creator_of(user_id::from_value(me)).str();
                            if (!domain::may_see_video(s, as_creator, viewer.roles, viewer.band))
                              return end.fail(errc::video_not_found, "no such video");
                            auto owner = creator_id::parse(s.creator_id);
                            auto details = details_of(s);
                            unless_hidden_between(self, users_, who.user_id, viewer.roles,
                                                  owner ? user_of(*owner).str() : std::string(),
                                                  end, [end, details](between&) { end(details); });
                          });
                    });
  });
}

}  // namespace reel::actors
