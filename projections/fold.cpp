#include "projections/fold.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "storage/store_error.h"

namespace reel::projections {
namespace {

std::vector<bool> consumed_cases(const projection& p) {
  std::vector<bool> out;
  const auto* oneof = events::Event::descriptor()->FindOneofByName("payload");
  for (auto type : p.consumes()) {
    bool known = false;
    for (int i = 0; i < oneof->field_count(); ++i) {
      if (oneof->field(i)->name() != type) continue;
      auto number = static_cast<size_t>(oneof->field(i)->number());
      if (out.size() <= number) out.resize(number + 1);
      out[number] = true;
      known = true;
    }
    if (!known) {
      throw std::invalid_argument("projection " + std::string(p.name()) + " consumes " +
                                  std::string(type) + ", which is no event type");
    }
  }
  return out;
}

}  // namespace

fold::fold(storage::event_store& store, fold_options options) : store_(store), options_(options) {
  options_.batch_events = std::max<size_t>(options_.batch_events, 1);
  options_.commit_every_events = std::max<size_t>(options_.commit_every_events, 1);
}

fold::~fold() = default;

size_t fold::add(std::shared_ptr<projection> p) {
  for (const auto& m : members_) {
    if (m.model->name() == p->name())
      throw std::invalid_argument("two projections are called " + std::string(p->name()));
  }
  member m;
  m.consumed = consumed_cases(*p);
  m.model = std::move(p);
  members_.push_back(std::move(m));
  return members_.size() - 1;
}

void fold::load_member(member& m) {
  auto name = m.model->name();
  try {
    m.model->load(store_);
  } catch (const projection_state_damaged& e) {
    m.stopped = true;
    m.error = std::string("stored state: ") + e.what();
    return;
  }
  m.checkpoint = m.applied = store_.projection_checkpoint(name);
  m.stored.clear();
  auto stored = state_digest::decode(store_.projection_digest(name));
  if (stored) {
    m.digest = *stored;
  } else {
    // Committed before digests were kept (or the digest is unreadable): computed once.
    state_digest d;
    store_.projection_scan(name, "", [&d](std::string_view key, std::string_view value) {
      d.add(key, value);
      return true;
    });
    m.digest = d;
  }
  // Nothing stored yet (a state is only ever committed with a checkpoint past 0).
  m.tracking = m.checkpoint == 0 && m.digest == state_digest{};
  m.stopped = false;
  m.error.clear();
}

void fold::load() {
  cursor_.reset();
  for (auto& m : members_) load_member(m);
}

void fold::reload() {
  cursor_.reset();
  for (auto& m : members_) {
    if (!m.stopped) load_member(m);
  }
}

void fold::commit(member& m) {
  auto changes = m.model->take_changes();
  // One change per key, the last one: the digest subtracts what is stored now.
  std::unordered_map<std::string, size_t> last;
  for (size_t i = 0; i < changes.size(); ++i) last[changes[i].key] = i;
  if (last.size() != changes.size()) {
    std::vector<storage::projection_change> unique;
    unique.reserve(last.size());
    for (size_t i = 0; i < changes.size(); ++i) {
      if (last[changes[i].key] == i) unique.push_back(std::move(changes[i]));
    }
    changes = std::move(unique);
  }
  auto name = m.model->name();
  auto digest = m.digest;
  std::vector<std::pair<std::string, std::optional<state_digest::pair_share>>> stored;
  for (const auto& change : changes) {
    if (!m.tracking) {
      digest.change(change.key, store_.projection_get(name, change.key), change.value);
      continue;
    }
    if (auto it = m.stored.find(change.key); it != m.stored.end()) digest.remove(it->second);
    std::optional<state_digest::pair_share> share;
    if (change.value) {
      share = state_digest::share_of(change.key, *change.value);
      digest.add(*share);
    }
    stored.emplace_back(change.key, share);
  }
  store_.commit_projection(name, m.applied, changes, digest.bytes());
  m.digest = digest;
  m.checkpoint = m.applied;
  for (auto& [key, share] : stored) {
    if (share) {
      m.stored[key] = *share;
    } else {
      m.stored.erase(key);
    }
  }
}

void fold::stop_tracking(member& m) {
  m.tracking = false;
  m.stored = {};
}

void fold::stop_behind(uint64_t sequence, const std::string& why) {
  for (auto& m : members_) {
    if (!m.stopped && m.applied < sequence) {
      m.stopped = true;
      m.error = why;
    }
  }
}

size_t fold::step() {
  uint64_t from = std::numeric_limits<uint64_t>::max();
  for (const auto& m : members_) {
    if (!m.stopped) from = std::min(from, m.applied + 1);
  }
  if (from == std::numeric_limits<uint64_t>::max()) return 0;
  if (!cursor_ || cursor_next_ != from) {
    cursor_ = store_.read_log(from);
    cursor_next_ = from;
  }
  events::EventRecord record;
  size_t n = 0;
  try {
    while (n < options_.batch_events && cursor_->next(record)) {
      ++n;
      uint64_t sequence = record.envelope().sequence();
      cursor_next_ = sequence + 1;
      auto type = static_cast<size_t>(record.event().payload_case());
      for (auto& m : members_) {
        if (m.stopped || m.applied >= sequence) continue;
        if (type < m.consumed.size() && m.consumed[type]) m.model->apply(record);
        m.applied = sequence;
      }
    }
  } catch (const storage::store_error& e) {
    if (e.code() != storage::store_errc::corrupt_record &&
        e.code() != storage::store_errc::future_schema)
      throw;
    cursor_.reset();
    stop_behind(cursor_next_, e.what());
    // What was applied before the damaged record is sound: keep it.
    for (auto& m : members_) {
      if (m.applied > m.checkpoint) commit(m);
    }
    return n;
  }
  bool at_end = n < options_.batch_events;
  if (at_end) cursor_.reset();  // the next step opens one that sees newer commits
  for (auto& m : members_) {
    if (m.stopped || m.applied == m.checkpoint) continue;
    bool due = m.applied - m.checkpoint >= options_.commit_every_events;
    if (due || (at_end && (options_.commit_at_end || m.tracking))) commit(m);
  }
  // At the end of the log the commits are small: read the few keys back instead of
  // keeping a share per key.
  if (at_end) {
    for (auto& m : members_) {
      if (m.tracking && m.applied == m.checkpoint) stop_tracking(m);
    }
  }
  return n;
}

void fold::commit_pending() {
  for (auto& m : members_) {
    if (!m.stopped && m.applied > m.checkpoint) commit(m);
  }
}

bool fold::uncommitted() const {
  for (const auto& m : members_) {
    if (!m.stopped && m.applied > m.checkpoint) return true;
  }
  return false;
}

void fold::reset(size_t index) {
  auto& m = members_.at(index);
  store_.reset_projection(m.model->name());
  m.model->clear();
  m.checkpoint = m.applied = 0;
  m.digest = state_digest{};
  m.stopped = false;
  m.error.clear();
  m.tracking = true;
  m.stored.clear();
  cursor_.reset();
}

void fold_to_head(fold& f) {
  while (f.step() > 0) {
  }
  f.commit_pending();
}

}  // namespace reel::projections
