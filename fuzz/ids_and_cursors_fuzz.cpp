// libFuzzer target: the text a client sends as an id or a feed cursor. Ids of every kind
// parse or are refused (and what parses prints back the same); a cursor on each feed gives
// a page or "not a cursor this feed gave out", never a crash or an endless page.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "domain/feeds/feed_pages.h"
#include "domain/feeds/for_you_ranker.h"
#include "domain/ids.h"

using namespace reel;

namespace {

template <class Id>
void round_trip(const std::string& text) {
  auto id = Id::parse(text);
  if (id && Id::parse(id->str()) != id) throw std::logic_error("an id does not round-trip");
}

// A small feed: three creators' videos, some views, a follow.
const domain::feed_index& small_index() {
  static const domain::feed_index index = [] {
    domain::feed_index built;
    uint64_t sequence = 0;
    auto add = [&](events::Event e) {
      events::EventRecord r;
      r.mutable_envelope()->set_sequence(++sequence);
      r.mutable_envelope()->set_recorded_at_us(int64_t{1'790'000'000'000'000} +
                                               static_cast<int64_t>(sequence) * 1'000'000);
      *r.mutable_event() = std::move(e);
      built.apply(r);
    };
    for (uint64_t u = 1; u <= 4; ++u) {
      events::Event e;
      e.mutable_user_registered()->set_user_id(user_id::from_value(u).str());
      e.mutable_user_registered()->set_birthdate("1990-01-01");
      add(std::move(e));
    }
    for (uint64_t v = 1; v <= 30; ++v) {
      events::Event e;
      auto* p = e.mutable_video_published();
      p->set_video_id(video_id::from_value(100 + v).str());
      p->set_creator_id(creator_id::from_value(1 + v % 3).str());
      p->set_title("video");
      p->add_topics(v % 2 ? "physics" : "cats");
      p->set_duration_ms(10'000);
      p->set_stem(v % 2 == 1);
      add(std::move(e));
    }
    for (uint64_t v = 1; v <= 30; v += 3) {
      events::Event e;
      auto* w = e.mutable_video_viewed();
      w->set_video_id(video_id::from_value(100 + v).str());
      w->set_viewer_id(user_id::from_value(4).str());
      w->set_watch_ms(8'000);
      add(std::move(e));
    }
    events::Event f;
    f.mutable_user_followed()->set_follower_id(user_id::from_value(4).str());
    f.mutable_user_followed()->set_followee_id(user_id::from_value(2).str());
    add(std::move(f));
    return built;
  }();
  return index;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  round_trip<user_id>(text);
  round_trip<video_id>(text);
  round_trip<creator_id>(text);
  round_trip<comment_id>(text);
  round_trip<case_id>(text);
  round_trip<period_id>(text);
  round_trip<payout_id>(text);

  domain::page_request request;
  request.viewer = 4;
  request.limit = 1 + data[0] % 50;
  request.now_us = int64_t{1'790'000'100'000'000};
  request.today = {2026, 12, 1};
  request.cursor = text;
  const auto& index = small_index();
  std::optional<domain::feed_page> page;
  switch ((data[0] >> 6) & 3) {
    case 0:
      page = domain::following_page(index, request);
      break;
    case 1:
      page = domain::trending_page(index, request);
      break;
    case 2:
      page = domain::stem_page(index, request);
      break;
    default:
      page = domain::for_you_page(index, request);
  }
  if (page && page->items.size() > request.limit) throw std::logic_error("a page over its limit");
  return 0;
}
