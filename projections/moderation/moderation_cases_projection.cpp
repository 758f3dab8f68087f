#include "projections/moderation/moderation_cases_projection.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "domain/snapshot_codec.h"

namespace reel::projections {
namespace {

constexpr std::string_view handled_key = "handled";

// "<decided> <breaches> <handling ms>..."
std::string encode_handled(uint64_t decided, uint64_t breaches, const std::deque<int64_t>& ms) {
  std::string out = std::to_string(decided) + " " + std::to_string(breaches);
  for (auto m : ms) out += " " + std::to_string(m);
  return out;
}

int64_t percentile(std::vector<int64_t> v, double q) {
  if (v.empty()) return 0;
  auto k = static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

}  // namespace

moderation_cases_projection::moderation_cases_projection(
    domain::moderation_rules rules,
    std::function<uint64_t(std::string_view, int64_t now_ms)> views_24h)
    : rules_(rules), views_24h_(std::move(views_24h)) {}

std::vector<std::string_view> moderation_cases_projection::consumes() const {
  return {"moderation_case_opened",   "moderation_report_filed",  "moderation_auto_acted",
          "moderation_case_claimed",  "moderation_case_released", "moderation_case_decided",
          "moderation_case_appealed", "moderation_case_escalated"};
}

void moderation_cases_projection::load(storage::event_store& store) {
  std::unordered_map<std::string, domain::case_state> cases;
  std::deque<int64_t> handled;
  uint64_t decided = 0, breaches = 0;
  store.projection_scan(projection_name, "", [&](std::string_view key, std::string_view value) {
    if (key == handled_key) {
      std::istringstream in{std::string(value)};
      if (!(in >> decided >> breaches))
        throw projection_state_damaged("moderation_cases: the handling record is damaged");
      for (int64_t ms; in >> ms;) handled.push_back(ms);
      return true;
    }
    domain::case_state s;
    if (!domain::decode_snapshot(value, 0, s) || s.case_id != key)
      throw projection_state_damaged("moderation_cases: case " + std::string(key) + " is damaged");
    cases.emplace(std::string(key), std::move(s));
    return true;
  });
  cases_ = std::move(cases);
  waiting_.clear();
  by_owner_.clear();
  for (auto& [id, s] : cases_) {
    if (s.awaiting) waiting_.put(s);
    if (!s.owner_id.empty()) by_owner_[s.owner_id].insert(id);
  }
  handled_ms_ = std::move(handled);
  decided_ = decided;
  breaches_ = breaches;
  dirty_.clear();
  handled_dirty_ = false;
}

void moderation_cases_projection::clear() {
  cases_.clear();
  waiting_.clear();
  by_owner_.clear();
  handled_ms_.clear();
  decided_ = breaches_ = 0;
  dirty_.clear();
  handled_dirty_ = false;
}

void moderation_cases_projection::apply(const events::EventRecord& record) {
  const auto& e = record.event();
  const auto& id = domain::case_of(e);
  if (id.empty()) return;
  auto& s = cases_[id];
  if (e.has_moderation_case_decided()) {
    ++decided_;
    if (s.awaiting) {
      handled_ms_.push_back(
          std::max<int64_t>(0, e.moderation_case_decided().decided_at_ms() - s.waiting_since_ms));
      if (handled_ms_.size() > handling_sample) handled_ms_.pop_front();
    }
    handled_dirty_ = true;
  } else if (e.has_moderation_case_escalated()) {
    ++breaches_;
    handled_dirty_ = true;
  }
  domain::apply(s, e);
  if (s.case_id.empty()) {  // an event before its case's opening: nothing to show
    cases_.erase(id);
    return;
  }
  if (!s.owner_id.empty()) by_owner_[s.owner_id].insert(id);
  if (s.awaiting) {
    if (waiting_.put(s) && !s.video_id.empty()) {
      int64_t at = record.envelope().recorded_at_us() / 1000;
      waiting_.set_reach(id, views_24h_(s.video_id, at), at);
    }
  } else {
    waiting_.drop(id);
  }
  dirty_.insert(id);
}

std::vector<storage::projection_change> moderation_cases_projection::take_changes() {
  std::vector<storage::projection_change> out;
  out.reserve(dirty_.size() + 1);
  for (const auto& id : dirty_) {
    auto it = cases_.find(id);
    if (it == cases_.end()) {
      out.push_back({id, std::nullopt});
    } else {
      out.push_back({id, domain::encode_snapshot(it->second)});
    }
  }
  dirty_.clear();
  if (handled_dirty_) {
    out.push_back({std::string(handled_key), encode_handled(decided_, breaches_, handled_ms_)});
    handled_dirty_ = false;
  }
  return out;
}

std::vector<std::string> moderation_cases_projection::overdue(int64_t now_ms, size_t max) const {
  std::vector<std::pair<int64_t, std::string>> late;
  for (const auto& entry : waiting_.entries()) {
    const auto* s = entry.item;
    const auto& id = s->case_id;
    if (s->escalated) continue;
    auto due = domain::due_at_ms(*s, rules_);
    if (now_ms > due) late.emplace_back(due, id);
  }
  std::sort(late.begin(), late.end());
  if (late.size() > max) late.resize(max);
  std::vector<std::string> out;
  for (auto& [due, id] : late) out.push_back(std::move(id));
  return out;
}

queue_answer moderation_cases_projection::page(const domain::queue_filter& filter,
                                               const std::string& cursor, int64_t now_ms) {
  queue_answer answer;
  std::optional<domain::queue_position> after;
  if (!cursor.empty()) {
    after = domain::parse_queue_cursor(cursor);
    if (!after) {
      answer.ok = false;
      return answer;
    }
  }
  waiting_.refresh_reach([&](std::string_view video) { return views_24h_(video, now_ms); }, now_ms,
                         reach_max_age_ms, reach_reads_per_page);
  auto page = domain::rank_queue(waiting_.entries(), filter, after, now_ms, rules_);
  for (const auto& item : page.items) {
    const auto& s = *item.item;
    queue_row row;
    row.case_id = s.case_id;
    row.subject_id = s.subject_id;
    row.video_id = s.video_id;
    row.kind = s.kind;
    row.state = item.state;
    row.claimed_by = item.state == "claimed" ? s.claimed_by : std::string();
    for (int r : s.reasons) row.reasons.push_back(static_cast<events::ReportReason>(r));
    row.report_count = s.report_count;
    row.score_milli = s.score_milli;
    row.priority = item.priority;
    row.severity = s.severity;
    row.due_at_ms = item.due_at_ms;
    row.automated = item.automated;
    answer.items.push_back(std::move(row));
  }
  if (page.next) answer.cursor = domain::print_queue_cursor(*page.next);
  return answer;
}

std::vector<domain::case_state> moderation_cases_projection::owned_by(const std::string& owner_id,
                                                                      size_t max) const {
  std::vector<domain::case_state> out;
  auto it = by_owner_.find(owner_id);
  if (it == by_owner_.end()) return out;
  for (auto c = it->second.rbegin(); c != it->second.rend() && out.size() < max; ++c)
    out.push_back(cases_.at(*c));
  return out;
}

moderation_stats moderation_cases_projection::stats(int64_t now_ms) const {
  moderation_stats out;
  for (const auto& entry : waiting_.entries()) {
    const auto* s = entry.item;
    ++out.waiting_by_state[std::string(domain::status_at(*s, now_ms))];
    ++out.waiting_by_severity[std::clamp(s->severity, 0, 3)];
  }
  out.decided = decided_;
  out.deadline_breaches = breaches_;
  std::vector<int64_t> handled(handled_ms_.begin(), handled_ms_.end());
  out.median_handling_ms = percentile(handled, 0.5);
  out.p90_handling_ms = percentile(handled, 0.9);
  return out;
}

}  // namespace reel::projections
