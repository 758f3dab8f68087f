#include "domain/moderation/queue.h"

#include <algorithm>
#include <charconv>
#include <tuple>

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

// Before in the queue: higher priority, then due first, then the lower id.
auto rank_key(int priority, int64_t due_at_ms, std::string_view case_id) {
  return std::make_tuple(-priority, due_at_ms, case_id);
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

// Every case needs its exact priority only if it could reach the page: a first pass
// computes, without the reach (a lookup in another projection), a bound on each waiting
// case's priority (its severity and wait, plus the most reach can add); then cases are
// taken by bound, highest first, and the pass stops once no bound left can beat the page's
// last item. On a queue whose head is a few severities deep, that reads the reach of the
// head's cases only.
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

void waiting_cases::put(const case_state& s) {
  auto [it, added] = index_.try_emplace(s.case_id, entries_.size());
  if (added)
    entries_.push_back(entry_of(s));
  else
    entries_[it->second] = entry_of(s);
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
}

queue_page rank_queue(std::span<const queue_entry> waiting,
                      const std::function<uint64_t(std::string_view video_id)>& views_24h,
                      const queue_filter& filter, const std::optional<queue_position>& after,
                      int64_t now_ms, const moderation_rules& rules) {
  queue_page page;
  page.as_of_ms = after ? after->as_of_ms : now_ms;
  size_t limit = std::min(filter.limit, max_queue_page);
  if (limit == 0) return page;
  struct candidate {
    const queue_entry* e;
    std::string_view state;
    int bound;
    int64_t due;
  };
  std::vector<candidate> candidates;
  candidates.reserve(waiting.size());
  uint64_t wanted = filter.reason == events::REPORT_REASON_UNSPECIFIED || filter.reason >= 64
                        ? ~uint64_t{0}
                        : uint64_t{1} << filter.reason;
  for (const auto& e : waiting) {
    if (!(e.reasons & wanted)) continue;
    auto state =
        waiting_status(e.claimed && e.lease_until_ms > page.as_of_ms, e.in_appeal, e.escalated);
    if (!filter.state.empty() && state != filter.state) continue;
    int bound = priority_bound(e.severity, e.waiting_since_ms, page.as_of_ms, rules);
    if (bound < filter.min_priority) continue;
    // Behind a cursor, a case whose priority without any reach is above the cursor's was
    // on an earlier page: no lookup needed to leave it out.
    if (after &&
        priority_of(e.severity, e.waiting_since_ms, 0, page.as_of_ms, rules) > after->priority)
      continue;
    auto due = e.waiting_since_ms + rules.deadline_ms[std::clamp(e.severity, 0, 3)];
    candidates.push_back({&e, state, bound, due});
  }
  // Candidates are taken in the order their bounds would rank them: no case's rank can be
  // better than its bound's, so once the next bound ranks after the page's worst item,
  // nothing left can enter the page. A heap: only as many are ordered as are taken.
  auto bound_key = [](const candidate& k) { return rank_key(k.bound, k.due, k.e->item->case_id); };
  // The case id (a read of the case's state) only on a tie.
  auto later = [](const candidate& a, const candidate& b) {
    if (a.bound != b.bound) return a.bound < b.bound;
    if (a.due != b.due) return a.due > b.due;
    return b.e->item->case_id < a.e->item->case_id;
  };
  std::make_heap(candidates.begin(), candidates.end(), later);
  auto end = candidates.end();
  auto take = [&]() -> const candidate& {
    std::pop_heap(candidates.begin(), end, later);
    return *--end;
  };
  auto before = [](const queue_item& a, const queue_item& b) {
    return rank_key(a.priority, a.due_at_ms, a.item->case_id) <
           rank_key(b.priority, b.due_at_ms, b.item->case_id);
  };
  // A heap of the best `limit` so far, the worst on top.
  std::vector<queue_item> best;
  auto exact = [&](const candidate& k) -> std::optional<queue_item> {
    const auto* c = k.e->item;
    int priority =
        priority_of(k.e->severity, k.e->waiting_since_ms,
                    c->video_id.empty() ? 0 : views_24h(c->video_id), page.as_of_ms, rules);
    if (priority < filter.min_priority) return std::nullopt;
    if (after && rank_key(priority, k.due, c->case_id) <=
                     rank_key(after->priority, after->due_at_ms, after->case_id))
      return std::nullopt;
    return queue_item{c, std::string(k.state), priority, k.due, c->auto_hidden || c->auto_labelled};
  };
  bool more = false;
  while (end != candidates.begin()) {
    // Nothing from here on can beat the worst kept: the rest only tells whether there is
    // a next page.
    if (best.size() == limit) {
      const auto& worst = best.front();
      if (!(bound_key(candidates.front()) <
            rank_key(worst.priority, worst.due_at_ms, worst.item->case_id)))
        break;
    }
    auto item = exact(take());
    if (!item) continue;
    if (best.size() < limit) {
      best.push_back(std::move(*item));
      std::push_heap(best.begin(), best.end(), before);
    } else if (before(*item, best.front())) {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = std::move(*item);
      std::push_heap(best.begin(), best.end(), before);
      more = true;  // the one pushed out follows on a next page
    } else {
      more = true;
    }
  }
  // Whether anything unread would make the next page: with no priority filter every one
  // would; with one, read until one qualifies.
  while (!more && end != candidates.begin()) more = exact(take()).has_value();
  std::sort(best.begin(), best.end(), before);
  page.items = std::move(best);
  if (more && !page.items.empty()) {
    const auto& last = page.items.back();
    page.next = queue_position{page.as_of_ms, last.priority, last.due_at_ms, last.item->case_id};
  }
  return page;
}

}  // namespace reel::domain
