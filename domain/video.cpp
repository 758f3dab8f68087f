#include "domain/video.h"

#include "domain/age_policy.h"

namespace reel::domain {
namespace {

decision not_found() {
  return decision::reject("video_not_found", "no such video");
}

// Engagement needs a video people can see; the viewer's age decides for restricted ones.
std::optional<decision> unavailable(const video_state& state) {
  if (!state.published || state.status == visibility::removed) return not_found();
  if (state.status == visibility::hidden)
    return decision::reject("video_unavailable", "this video is hidden");
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

}  // namespace

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

decision decide(const video_state& state, const publish_video& c) {
  if (state.published)
    return decision::reject("already_published", "this video is already published");
  if (c.publisher_band == events::AGE_BAND_UNSPECIFIED)
    return decision::reject("not_registered", "register first");
  if (c.political_ad)
    return decision::reject("political_ads_not_allowed", "reel does not run political ads");
  auto title_chars = utf8_length(c.title);
  if (title_chars == 0 || title_chars > max_title_chars) {
    return decision::reject("invalid_title", "a title has 1 to 150 characters");
  }
  if (utf8_length(c.description) > max_description_chars) {
    return decision::reject("invalid_description", "a description has at most 2200 characters");
  }
  if (c.duration_ms < min_duration_ms || c.duration_ms > max_duration_ms) {
    return decision::reject("invalid_duration", "a video lasts 1 second to 10 minutes");
  }
  if (auto problem = topic_problem(c.topics); !problem.empty())
    return decision::reject("invalid_topics", problem);
  if (!c.duet_of.empty() && !c.stitch_of.empty()) {
    return decision::reject("invalid_remix", "a video is a duet or a stitch, not both");
  }
  bool duet = !c.duet_of.empty();
  if (duet || !c.stitch_of.empty()) {
    const char* kind = duet ? "duet" : "stitch";
    if (!c.source.exists || !c.source.visible)
      return decision::reject("source_unavailable", "the source video is not available");
    if (c.source.creator_id != c.creator_id) {
      if (!may_duet_or_stitch(c.publisher_band)) {
        return decision::reject("age_restricted",
                                std::string("you can ") + kind + " others' videos from 16");
      }
      if (!may_be_dueted_or_stitched(c.source.creator_band)) {
        return decision::reject("remix_not_allowed",
                                std::string("this creator's videos cannot be used in a ") + kind);
      }
      bool allowed = duet ? c.source.settings.allow_duet : c.source.settings.allow_stitch;
      if (!allowed)
        return decision::reject("remix_not_allowed",
                                std::string("this creator does not allow a ") + kind);
    }
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

decision decide(const video_state& state, const view_video& c) {
  if (auto no = unavailable(state)) return *no;
  if (state.minimum_age >= adult_age && !may_watch_age_restricted(c.viewer_band)) {
    return decision::reject("age_restricted", "this video is for adults");
  }
  // A view longer than a day is a broken client, not a viewer.
  if (c.watch_ms > 24u * 60 * 60 * 1000)
    return decision::reject("invalid_watch_time", "watch time is too long");
  events::Event e;
  auto* v = e.mutable_video_viewed();
  v->set_video_id(state.video_id);
  v->set_viewer_id(c.viewer_id);
  v->set_watch_ms(c.watch_ms);
  v->set_source(c.source);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const like_video& c) {
  if (auto no = unavailable(state)) return *no;
  if (state.liked_by.count(c.user_id))
    return decision::accept(std::vector<events::Event>{});  // one like
  events::Event e;
  e.mutable_video_liked()->set_video_id(state.video_id);
  e.mutable_video_liked()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const unlike_video& c) {
  if (!state.published) return not_found();
  if (!state.liked_by.count(c.user_id)) return decision::accept(std::vector<events::Event>{});
  events::Event e;
  e.mutable_video_unliked()->set_video_id(state.video_id);
  e.mutable_video_unliked()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const share_video& c) {
  if (auto no = unavailable(state)) return *no;
  events::Event e;
  e.mutable_video_shared()->set_video_id(state.video_id);
  e.mutable_video_shared()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const comment_on_video& c) {
  if (auto no = unavailable(state)) return *no;
  if (!c.creator.allow_comments)
    return decision::reject("comments_disabled", "the creator turned comments off");
  auto chars = utf8_length(c.text);
  if (chars == 0 || chars > max_comment_chars) {
    return decision::reject("invalid_comment", "a comment has 1 to 500 characters");
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
  if (!state.published) return not_found();
  events::Event e;
  e.mutable_video_not_interested()->set_video_id(state.video_id);
  e.mutable_video_not_interested()->set_user_id(c.user_id);
  return decision::accept(std::move(e));
}

decision decide(const video_state& state, const report_video& c) {
  if (!state.published) return not_found();
  if (c.reason == events::REPORT_REASON_UNSPECIFIED || !events::ReportReason_IsValid(c.reason)) {
    return decision::reject("invalid_reason", "a report needs a reason");
  }
  if (utf8_length(c.note) > max_report_note_chars) {
    return decision::reject("invalid_note", "a report note has at most 500 characters");
  }
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
      state.liked_by.insert(event.video_liked().user_id());
      break;
    case events::Event::kVideoUnliked:
      state.liked_by.erase(event.video_unliked().user_id());
      break;
    case events::Event::kVideoShared:
      ++state.shares;
      break;
    case events::Event::kVideoCommented:
      ++state.comments;
      break;
    case events::Event::kVideoHidden:
      state.status = visibility::hidden;
      break;
    case events::Event::kVideoRemoved:
      state.status = visibility::removed;
      break;
    case events::Event::kVideoRestored:
      state.status = visibility::visible;
      break;
    case events::Event::kVideoAgeRestricted:
      state.minimum_age = event.video_age_restricted().minimum_age();
      break;
    case events::Event::kVideoLabelled:
      state.labels.insert(event.video_labelled().label());
      break;
    default:
      break;
  }
}

}  // namespace reel::domain
