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

queue_page rank_queue(std::span<const case_state* const> waiting,
                      const std::function<uint64_t(std::string_view video_id)>& views_24h,
                      const queue_filter& filter, const std::optional<queue_position>& after,
                      int64_t now_ms, const moderation_rules& rules) {
  queue_page page;
  page.as_of_ms = after ? after->as_of_ms : now_ms;
  size_t limit = std::min(filter.limit, max_queue_page);
  if (limit == 0) return page;
  std::vector<queue_item> ranked;
  for (const auto* c : waiting) {
    if (!c->awaiting) continue;
    if (filter.reason != events::REPORT_REASON_UNSPECIFIED && !c->reasons.count(filter.reason))
      continue;
    auto state = status_at(*c, page.as_of_ms);
    if (!filter.state.empty() && state != filter.state) continue;
    int priority =
        priority_of(*c, c->video_id.empty() ? 0 : views_24h(c->video_id), page.as_of_ms, rules);
    if (priority < filter.min_priority) continue;
    auto due = due_at_ms(*c, rules);
    if (after && rank_key(priority, due, c->case_id) <=
                     rank_key(after->priority, after->due_at_ms, after->case_id))
      continue;
    ranked.push_back({c, std::string(state), priority, due, c->auto_hidden || c->auto_labelled});
  }
  auto before = [](const queue_item& a, const queue_item& b) {
    return rank_key(a.priority, a.due_at_ms, a.item->case_id) <
           rank_key(b.priority, b.due_at_ms, b.item->case_id);
  };
  // Only the page is sorted: the rest of a long queue needs no order.
  bool more = ranked.size() > limit;
  if (more) {
    std::nth_element(ranked.begin(), ranked.begin() + limit, ranked.end(), before);
    ranked.resize(limit);
  }
  std::sort(ranked.begin(), ranked.end(), before);
  page.items = std::move(ranked);
  if (more) {
    const auto& last = page.items.back();
    page.next = queue_position{page.as_of_ms, last.priority, last.due_at_ms, last.item->case_id};
  }
  return page;
}

}  // namespace reel::domain
