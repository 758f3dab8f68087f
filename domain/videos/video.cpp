#include "domain/videos/video.h"

#include "domain/accounts/age_policy.h"
#include "domain/moderation/strikes.h"
#include "domain/text.h"

namespace reel::domain {
namespace {

decision not_found() {
  return decision::reject(errc::video_not_found, "no such video");
}

// Engagement needs a video the user may see: published, not removed or hidden, and not
// restricted above the user's age.
std::optional<decision> unavailable(const video_state& state, events::AgeBand user_band) {
  if (!state.published || state.status == visibility::removed) return not_found();
  if (state.status == visibility::hidden) {
    return decision::reject(errc::video_unavailable, "this video is hidden");
  }
  if (!may_watch(user_band, state.minimum_age)) {
    return decision::reject(errc::age_restricted, "this video is not available at your age");
  }
  return std::nullopt;
}

// Reports, unlikes and "not interested" also reach hidden videos, but not removed ones.
std::optional<decision> gone(const video_state& state) {
  if (!state.published || state.status == visibility::removed) return not_found();
  return std::nullopt;
}

std::optional<decision> missing_id(std::string_view id, const char* what) {
  if (id.empty()) return decision::reject(errc::invalid_id, std::string(what) + " is missing");
  return std::nullopt;
}

// Text people typed: what text_problem() allows, at most `max_chars` characters (and, when
// required, at least one that is not blank).
std::optional<decision> bad_text(std::string_view text, size_t max_chars, bool required, errc code,
                                 const std::string& rule) {
  if (auto problem = text_problem(text); !problem.empty())
    return decision::reject(errc::invalid_text, problem);
  auto chars = utf8_length(text);
  if (*chars > max_chars || (required && is_blank(text))) return decision::reject(code, rule);
  return std::nullopt;
}

std::string topic_problem(const std::vector<std::string>& topics) {
  if (topics.size() > max_topics) return "at most 10 topics";
  for (const auto& t : topics) {
    if (t.empty() || t.size() > max_topic_chars) return "a topic has 1 to 32 characters";
    for (char c : t) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!ok) return "a topic uses only a-z, 0-9, '_' and '-'";
    }
  }
  return {};
}

// The rules of a duet or stitch of someone else's video, or of one's own.
std::optional<decision> remix_problem(const publish_video& c) {
  bool duet = !c.duet_of.empty();
  const char* kind = duet ? "duet" : "stitch";
  if (!c.source.exists || !c.source.visible) {
    return decision::reject(errc::source_unavailable, "the source video is not available");
  }
  if (!may_watch(c.publisher_band, c.source.minimum_age)) {
    return decision::reject(errc::age_restricted, "the source video is not available at your age");
  }
  if (c.source.creator_id == c.creator_id) return std::nullopt;
  if (!may_duet_or_stitch(c.publisher_band)) {
    return decision::reject(errc::age_restricted,
                            std::string("you can ") + kind + " others' videos from 16");
  }
  if (!may_be_dueted_or_stitched(c.source.creator_band)) {
    return decision::reject(errc::remix_not_allowed,
                            std::string("this creator's videos cannot be used in a ") + kind);
  }
  auto allowed = duet ? c.source.duet : c.source.stitch;
  if (allowed == audience::none) {
    return decision::reject(errc::remix_not_allowed,
                            std::string("this creator does not allow a ") + kind);
  }
  if (auto no = check_audience(allowed, c.source.publisher, kind))
    return decision::reject(no->code, no->message);
  return std::nullopt;
}

}  // namespace

decision decide(const video_state& state, const publish_video& c) {
  if (state.published)
    return decision::reject(errc::already_published, "this video is already published");
  if (auto no = missing_id(c.video_id, "video id")) return *no;
  if (auto no = missing_id(c.creator_id, "creator id")) return *no;
  if (!is_known_band(c.publisher_band))
    return decision::reject(errc::not_registered, "register first");
  if (auto no = check_may_publish(c.publish_suspended_until_ms, c.now_ms))
    return decision::reject(no->code, no->message);
  if (c.political_ad)
    return decision::reject(errc::political_ads_not_allowed, "reel does not run political ads");
  if (auto no = bad_text(c.title, max_title_chars, true, errc::invalid_title,
                         "a title has 1 to 150 characters")) {
    return *no;
  }
  if (auto no = bad_text(c.description, max_description_chars, false, errc::invalid_description,
                         "a description has at most 2200 characters")) {
    return *no;
  }
  if (auto no = bad_text(c.sound, max_title_chars, false, errc::invalid_sound,
                         "a sound name has at most 150 characters")) {
    return *no;
  }
  if (c.duration_ms < min_duration_ms || c.duration_ms > max_duration_ms) {
    return decision::reject(errc::invalid_duration, "a video lasts 1 second to 10 minutes");
  }
  if (auto problem = topic_problem(c.topics); !problem.empty())
    return decision::reject(errc::invalid_topics, problem);
  if (!c.duet_of.empty() && !c.stitch_of.empty()) {
    return decision::reject(errc::invalid_remix, "a video is a duet or a stitch, not both");
  }
  if (!c.duet_of.empty() || !c.stitch_of.empty()) {
    if (auto no = remix_problem(c)) return *no;
  }
  events::Event e;
  auto* v = e.mutable_video_published();
  v->set_video_id(c.video_id);
  v->set_creator_id(c.creator_id);
  v->set_title(c.title);
  v->set_description(c.description);
  for (const auto& t : c.topics) v->add_topics(t);
  v->set_duration_ms(c.duration_ms);
  v->set_sound(c.sound);
  v->set_duet_of(c.duet_of);
  v->set_stitch_of(c.stitch_of);
  v->set_is_ad(c.is_ad);
  v->set_stem(c.stem);
  return decision::accept(std::move(e));
}

bool may_see_video(const video_state& video, std::string_view viewer_creator_id,
                   role_set viewer_roles, events::AgeBand viewer_band) {
  if (!video.published) return false;
  if (!may_watch(viewer_band, video.minimum_age)) return false;
  bool staff = is_staff(viewer_roles);
  switch (video.status) {
    case visibility::visible:
      return true;
    case visibility::hidden:
      return staff || (!viewer_creator_id.empty() && viewer_creator_id == video.creator_id);
    case visibility::removed:
      return staff;
  }
  return false;
}

decision decide(const video_state& state, const view_video& c) {
  if (auto no = missing_id(c.viewer_id, "viewer id")) return *no;
  if (auto no = unavailable(state, c.viewer_band)) return *no;
  if (!events::FeedSource_IsValid(c.source))
    return decision::reject(errc::invalid_source, "unknown feed");
  // A view longer than a day is a broken client, not a viewer.
  if (c.watch_ms > 24u * 60 * 60 * 1000) {
    return decision::reject(errc::invalid_watch_time, "watch time is too long");
  }
  events::Event e;
  auto* v = e.mutable_video_viewed();
  v->set_video_id(state.video_id);
  v->set_viewer_id(c.viewer_id);
  v->set_watch_ms(c.watch_ms);
  v->set_source(c.source);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const like_video& c) {
  if (auto no = missing_id(c.user_id, "user id")) return *no;
  if (auto no = unavailable(state, c.user_band)) return *no;
  if (c.liked) return decision::accept(std::vector<events::Event>{});  // one like
  events::Event e;
  e.mutable_video_liked()->set_video_id(state.video_id);
  e.mutable_video_liked()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const unlike_video& c) {
  if (auto no = missing_id(c.user_id, "user id")) return *no;
  if (auto no = gone(state)) return *no;
  if (!c.liked) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  e.mutable_video_unliked()->set_video_id(state.video_id);
  e.mutable_video_unliked()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const share_video& c) {
  if (auto no = missing_id(c.user_id, "user id")) return *no;
  if (auto no = unavailable(state, c.user_band)) return *no;
  if (state.labels.count(std::string(unverified_label)) && !c.confirmed)
    return decision::reject(errc::unverified_content,
                            "this video is labelled unverified; share it with confirm: true");
  events::Event e;
  e.mutable_video_shared()->set_video_id(state.video_id);
  e.mutable_video_shared()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const comment_on_video& c) {
  if (auto no = missing_id(c.user_id, "user id")) return *no;
  if (auto no = missing_id(c.comment_id, "comment id")) return *no;
  if (auto no = unavailable(state, c.user_band)) return *no;
  if (c.comments == audience::none && !c.commenter.is_owner)
    return decision::reject(errc::comments_disabled, "the creator turned comments off");
  if (auto no = check_audience(c.comments, c.commenter, "comment on"))
    return decision::reject(no->code, no->message);
  if (auto no = bad_text(c.text, max_comment_chars, true, errc::invalid_comment,
                         "a comment has 1 to 500 characters")) {
    return *no;
  }
  events::Event e;
  auto* m = e.mutable_video_commented();
  m->set_video_id(state.video_id);
  m->set_user_id(c.user_id);
  m->set_comment_id(c.comment_id);
  m->set_text(c.text);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const mark_not_interested& c) {
  if (auto no = missing_id(c.user_id, "user id")) return *no;
  if (auto no = gone(state)) return *no;
  events::Event e;
  e.mutable_video_not_interested()->set_video_id(state.video_id);
  e.mutable_video_not_interested()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const moderate_video& c) {
  if (!state.published) return decision::reject(errc::video_not_found, "no such video");
  events::Event e;
  auto nothing = decision::accept(std::vector<events::Event>{});
  switch (c.action) {
    case events::CASE_DECISION_HIDE: {
      if (state.status != visibility::visible) return nothing;
      auto* h = e.mutable_video_hidden();
      h->set_video_id(state.video_id);
      h->set_case_id(c.case_id);
      h->set_reason(c.reason);
      break;
    }
    case events::CASE_DECISION_REMOVE: {
      if (state.status == visibility::removed) return nothing;
      auto* r = e.mutable_video_removed();
      r->set_video_id(state.video_id);
      r->set_case_id(c.case_id);
      r->set_reason(c.reason);
      break;
    }
    case events::CASE_DECISION_AGE_RESTRICT: {
      if (state.minimum_age == c.minimum_age) return nothing;
      auto* a = e.mutable_video_age_restricted();
      a->set_video_id(state.video_id);
      a->set_case_id(c.case_id);
      a->set_minimum_age(c.minimum_age);
      break;
    }
    case events::CASE_DECISION_LABEL: {
      if (c.label.empty() || state.labels.count(c.label)) return nothing;
      auto* l = e.mutable_video_labelled();
      l->set_video_id(state.video_id);
      l->set_case_id(c.case_id);
      l->set_label(c.label);
      break;
    }
    case events::CASE_DECISION_RESTORE:
    case events::CASE_DECISION_NO_VIOLATION: {
      bool restricted = state.status != visibility::visible ||
                        (state.minimum_age != 0 && state.age_restricted_by == c.case_id) ||
                        (!state.labels.empty() && state.labelled_by == c.case_id);
      if (!restricted) return nothing;
      auto* r = e.mutable_video_restored();
      r->set_video_id(state.video_id);
      r->set_case_id(c.case_id);
      r->set_reason(c.reason);
      break;
    }
    default:
      return decision::reject(errc::invalid_decision, "not an action on a video");
  }
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const moderate_comment& c) {
  if (!state.published) return decision::reject(errc::video_not_found, "no such video");
  if (c.comment_id.empty()) return decision::reject(errc::invalid_id, "no comment named");
  auto nothing = decision::accept(std::vector<events::Event>{});
  auto hidden = state.hidden_comments.find(c.comment_id);
  events::Event e;
  switch (c.action) {
    case events::CASE_DECISION_HIDE:
    case events::CASE_DECISION_REMOVE: {
      if (hidden != state.hidden_comments.end()) return nothing;
      auto* h = e.mutable_comment_hidden();
      h->set_video_id(state.video_id);
      h->set_comment_id(c.comment_id);
      h->set_case_id(c.case_id);
      h->set_reason(c.reason);
      h->set_removed(c.action == events::CASE_DECISION_REMOVE);
      break;
    }
    case events::CASE_DECISION_RESTORE:
    case events::CASE_DECISION_NO_VIOLATION: {
      if (hidden == state.hidden_comments.end() || hidden->second != c.case_id) return nothing;
      auto* r = e.mutable_comment_restored();
      r->set_video_id(state.video_id);
      r->set_comment_id(c.comment_id);
      r->set_case_id(c.case_id);
      r->set_reason(c.reason);
      break;
    }
    default:
      return nothing;
  }
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const report_video& c) {
  if (auto no = missing_id(c.reporter_id, "reporter id")) return *no;
  if (auto no = gone(state)) return *no;
  if (c.reason == events::REPORT_REASON_UNSPECIFIED || !events::ReportReason_IsValid(c.reason)) {
    return decision::reject(errc::invalid_reason, "a report needs a reason");
  }
  if (auto no = bad_text(c.note, max_report_note_chars, false, errc::invalid_note,
                         "a report note has at most 500 characters")) {
    return *no;
  }
  // A report twice is one report: the moderation queue should not count a person twice.
  if (c.reported) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  auto* r = e.mutable_video_reported();
  r->set_video_id(state.video_id);
  r->set_reporter_id(c.reporter_id);
  r->set_reason(c.reason);
  r->set_note(c.note);
  return decision::accept(std::move(e));
}

void apply(video_state& state, const events::Event& event) {
  ++state.version;
  switch (event.payload_case()) {
    case events::Event::kVideoPublished: {
      const auto& v = event.video_published();
      state.published = true;
      state.video_id = v.video_id();
      state.creator_id = v.creator_id();
      state.title = v.title();
      state.description = v.description();
      state.duration_ms = v.duration_ms();
      state.is_ad = v.is_ad();
      state.stem = v.stem();
      state.topics.assign(v.topics().begin(), v.topics().end());
      break;
    }
    case events::Event::kVideoViewed:
      ++state.views;
      break;
    case events::Event::kVideoLiked:
      ++state.likes;  // decide likes only what is not liked yet
      break;
    case events::Event::kVideoUnliked:
      if (state.likes > 0) --state.likes;
      break;
    case events::Event::kVideoShared:
      ++state.shares;
      break;
    case events::Event::kVideoCommented:
      ++state.comments;
      break;
    case events::Event::kVideoReported:
      ++state.reports;
      break;
    case events::Event::kVideoHidden:
      state.status = visibility::hidden;
      break;
    case events::Event::kVideoRemoved:
      state.status = visibility::removed;
      break;
    case events::Event::kVideoRestored: {
      // What the restoring case set is lifted at once.
      const auto& by = event.video_restored().case_id();
      state.status = visibility::visible;
      if (!by.empty() && state.age_restricted_by == by) {
        state.minimum_age = 0;
        state.age_restricted_by.clear();
      }
      if (!by.empty() && state.labelled_by == by) {
        state.labels.clear();
        state.labelled_by.clear();
      }
      break;
    }
    case events::Event::kVideoAgeRestricted:
      state.minimum_age = event.video_age_restricted().minimum_age();
      state.age_restricted_by = event.video_age_restricted().case_id();
      break;
    case events::Event::kVideoLabelled:
      state.labels.insert(event.video_labelled().label());
      state.labelled_by = event.video_labelled().case_id();
      break;
    case events::Event::kCommentHidden: {
      const auto& h = event.comment_hidden();
      if (state.hidden_comments.emplace(h.comment_id(), h.case_id()).second && state.comments > 0)
        --state.comments;
      break;
    }
    case events::Event::kCommentRestored:
      if (state.hidden_comments.erase(event.comment_restored().comment_id())) ++state.comments;
      break;
    default:
      break;
  }
}

std::string like_edge(std::string_view video_id, std::string_view user_id) {
  return edge_key(video_id, 'l', user_id);
}

std::string report_edge(std::string_view video_id, std::string_view reporter_id) {
  return edge_key(video_id, 'r', reporter_id);
}

edge_changes edges_of(const video_state&, const events::Event& event) {
  switch (event.payload_case()) {
    case events::Event::kVideoLiked:
      return {{like_edge(event.video_liked().video_id(), event.video_liked().user_id()), true}};
    case events::Event::kVideoUnliked:
      return {
          {like_edge(event.video_unliked().video_id(), event.video_unliked().user_id()), false}};
    case events::Event::kVideoReported:
      return {{report_edge(event.video_reported().video_id(), event.video_reported().reporter_id()),
               true}};
    default:
      return {};
  }
}

std::string edge_asked(const video_state& state, const like_video& c) {
  if (!state.published) return {};
  return like_edge(state.video_id, c.user_id);
}
std::string edge_asked(const video_state& state, const unlike_video& c) {
  if (!state.published) return {};
  return like_edge(state.video_id, c.user_id);
}
std::string edge_asked(const video_state& state, const report_video& c) {
  if (!state.published) return {};
  return report_edge(state.video_id, c.reporter_id);
}

}  // namespace reel::domain
