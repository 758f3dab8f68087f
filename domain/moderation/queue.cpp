#include "domain/moderation/queue.h"

#include <algorithm>
#include <charconv>

#include "domain/ids.h"

namespace reel::domain {
namespace {

template <class Int>
bool read_number(std::string_view& text, Int& out) {
  auto dot = text.find('.');
  auto part = text.substr(0, dot);
  auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
  if (ec != std::errc() || end != part.data() + part.size() || part.empty()) return false;
  text = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  return dot != std::string_view::npos;
}

}  // namespace

std::string print_queue_cursor(const queue_position& p) {
  return "q1." + std::to_string(p.as_of_ms) + "." + std::to_string(p.priority) + "." +
         std::to_string(p.due_at_ms) + "." + p.case_id;
}

std::optional<queue_position> parse_queue_cursor(std::string_view text) {
  if (text.substr(0, 3) != "q1.") return std::nullopt;
  text.remove_prefix(3);
  queue_position p;
  if (!read_number(text, p.as_of_ms) || !read_number(text, p.priority) ||
      !read_number(text, p.due_at_ms))
    return std::nullopt;
  if (!case_id::parse(text) || p.priority < 0 || p.priority > 100) return std::nullopt;
  p.case_id = std::string(text);
  return p;
}

queue_entry entry_of(const case_state& s) {
  queue_entry e;
  e.item = &s;
  e.waiting_since_ms = s.waiting_since_ms;
  e.lease_until_ms = s.lease_until_ms;
  for (int r : s.reasons)
    if (r >= 0 && r < 64) e.reasons |= uint64_t{1} << r;
  e.severity = s.severity;
  e.claimed = !s.claimed_by.empty();
  e.in_appeal = s.in_appeal;
  e.escalated = s.escalated;
  return e;
}

bool waiting_cases::put(const case_state& s) {
  auto [it, added] = index_.try_emplace(s.case_id, entries_.size());
  if (added) {
    entries_.push_back(entry_of(s));
    return true;
  }
  auto& e = entries_[it->second];
  auto kept = entry_of(s);
  kept.reach = e.reach;
  kept.reach_read_ms = e.reach_read_ms;
  e = kept;
  return false;
}

void waiting_cases::drop(const std::string& case_id) {
  auto it = index_.find(case_id);
  if (it == index_.end()) return;
  size_t at = it->second;
  index_.erase(it);
  if (at + 1 != entries_.size()) {
    entries_[at] = entries_.back();
    index_[entries_[at].item->case_id] = at;
  }
  entries_.pop_back();
}

void waiting_cases::clear() {
  entries_.clear();
  index_.clear();
  next_refresh_ = 0;
}

void waiting_cases::set_reach(const std::string& case_id, uint64_t views_24h, int64_t now_ms) {
  auto it = index_.find(case_id);
  if (it == index_.end()) return;
  entries_[it->second].reach = reach_points(views_24h);
  entries_[it->second].reach_read_ms = now_ms;
}

size_t waiting_cases::refresh_reach(
    const std::function<uint64_t(std::string_view video_id)>& views_24h, int64_t now_ms,
    int64_t max_age_ms, size_t budget) {
  size_t read = 0;
  for (size_t looked = 0; looked < entries_.size() && read < budget; ++looked) {
    if (next_refresh_ >= entries_.size()) next_refresh_ = 0;
    auto& e = entries_[next_refresh_++];
    if (e.reach_read_ms >= 0 && e.reach_read_ms >= now_ms - max_age_ms) continue;
    const auto& video = e.item->video_id;
    e.reach = video.empty() ? 0 : reach_points(views_24h(video));
    e.reach_read_ms = now_ms;
    ++read;
  }
  return read;
}

queue_page rank_queue(std::span<const queue_entry> waiting, const queue_filter& filter,
                      const std::optional<queue_position>& after, int64_t now_ms,
                      const moderation_rules& rules) {
  queue_page page;
  page.as_of_ms = after ? after->as_of_ms : now_ms;
  size_t limit = std::min(filter.limit, max_queue_page);
  if (limit == 0) return page;
  uint64_t wanted = filter.reason == events::REPORT_REASON_UNSPECIFIED || filter.reason >= 64
                        ? ~uint64_t{0}
                        : uint64_t{1} << filter.reason;
  struct ranked {
    const queue_entry* e;
    int priority;
    int64_t due;
  };
  // Before in the queue; the case id (a read of the case's state) only on a tie.
  auto before = [](const ranked& a, const ranked& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.due != b.due) return a.due < b.due;
    return a.e->item->case_id < b.e->item->case_id;
  };
  // The case id (a pointer away, a cache miss on a long queue) only on a tie.
  auto behind_cursor = [&](const ranked& r) {
    if (!after) return true;
    if (r.priority != after->priority) return r.priority < after->priority;
    if (r.due != after->due_at_ms) return r.due > after->due_at_ms;
    return r.e->item->case_id > after->case_id;
  };
  // A heap of the best `limit` so far, the worst on top; `more` once one more qualified.
  std::vector<ranked> best;
  best.reserve(limit);
  bool more = false;
  for (const auto& e : waiting) {
    if (!(e.reasons & wanted)) continue;
    if (!filter.state.empty() && waiting_status(e.claimed && e.lease_until_ms > page.as_of_ms,
                                                e.in_appeal, e.escalated) != filter.state)
      continue;
    ranked r{&e, priority_with_reach(e.severity, e.waiting_since_ms, e.reach, page.as_of_ms, rules),
             e.waiting_since_ms + rules.deadline_ms[std::clamp(e.severity, 0, 3)]};
    if (r.priority < filter.min_priority || !behind_cursor(r)) continue;
    if (best.size() < limit) {
      best.push_back(r);
      std::push_heap(best.begin(), best.end(), before);
      continue;
    }
    more = true;
    if (before(r, best.front())) {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = r;
      std::push_heap(best.begin(), best.end(), before);
    }
  }
  std::sort(best.begin(), best.end(), before);
  page.items.reserve(best.size());
  for (const auto& r : best) {
    const auto* c = r.e->item;
    auto state = waiting_status(r.e->claimed && r.e->lease_until_ms > page.as_of_ms, r.e->in_appeal,
                                r.e->escalated);
    page.items.push_back(
        queue_item{c, std::string(state), r.priority, r.due, c->auto_hidden || c->auto_labelled});
  }
  if (more && !page.items.empty()) {
    const auto& last = page.items.back();
    page.next = queue_position{page.as_of_ms, last.priority, last.due_at_ms, last.item->case_id};
  }
  return page;
}

}  // namespace reel::domain
