#include "storage/memory_event_store.h"

#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

#include "storage/record_format.h"

namespace reel::storage {
namespace {

// Projection state keys: name, 0x00, key (the same order as the RocksDB layout).
std::string state_key(std::string_view projection, std::string_view key) {
  std::string out(projection);
  out.push_back('\x00');
  out.append(key);
  return out;
}

}  // namespace

struct memory_event_store::impl {
  std::mutex mu;
  std::vector<std::string> log;  // framed records; sequence n at index n - 1
  std::unordered_map<std::string, std::vector<uint64_t>> streams;
  std::unordered_map<std::string, append_result> idempotency;
  std::unordered_map<std::string, snapshot> snapshots;
  std::map<std::string, std::string, std::less<>> projection_state;
  std::unordered_map<std::string, uint64_t> checkpoints;
  std::unordered_map<std::string, std::string> digests;
  std::set<std::string, std::less<>> edges;
  store_stats stats;
};

namespace {

// Reads up to where the log ended when the cursor was opened. Must not outlive the store.
class memory_log_cursor final : public log_cursor {
 public:
  memory_log_cursor(std::mutex& mu, const std::vector<std::string>& log, uint64_t from)
      : mu_(mu), log_(log), next_(from) {
    std::lock_guard lock(mu_);
    end_ = log_.size();
  }

  bool next(events::EventRecord& out) override {
    if (next_ > end_) return false;
    std::string framed;
    {
      std::lock_guard lock(mu_);
      framed = log_[next_ - 1];
    }
    unframe_record(next_, framed, out);
    ++next_;
    return true;
  }

 private:
  std::mutex& mu_;
  const std::vector<std::string>& log_;
  uint64_t next_;
  uint64_t end_ = 0;
};

}  // namespace

memory_event_store::memory_event_store() : impl_(std::make_unique<impl>()) {}
memory_event_store::~memory_event_store() = default;

void memory_event_store::append_async(append_request request, append_callback done) {
  if (auto problem = check_append(request); !problem.empty()) {
    done(unsuccessful(append_status::invalid, std::move(problem)));
    return;
  }
  auto encoded = encode_events(request.events);
  append_result result;
  {
    std::lock_guard lock(impl_->mu);
    if (!request.idempotency_key.empty()) {
      if (auto it = impl_->idempotency.find(request.idempotency_key);
          it != impl_->idempotency.end()) {
        result = it->second;
        result.replayed = true;
      }
    }
    if (!result.replayed) {
      auto& versions = impl_->streams[request.stream_id];
      uint64_t head = versions.size();
      if (request.expected_version != any_version && request.expected_version != head) {
        result = conflict_result(request.stream_id, head, request.expected_version);
        if (head == 0) impl_->streams.erase(request.stream_id);
      } else {
        result.status = append_status::committed;
        result.first_sequence = impl_->log.size() + 1;
        result.first_version = head + 1;
        append_framer framer(request.stream_id, request.idempotency_key);
        for (const auto& ev : encoded) {
          uint64_t sequence = impl_->log.size() + 1;
          impl_->log.push_back(framer.frame(ev, sequence, versions.size() + 1));
          versions.push_back(sequence);
        }
        result.last_sequence = impl_->log.size();
        result.last_version = versions.size();
        if (!request.idempotency_key.empty()) impl_->idempotency[request.idempotency_key] = result;
        ++impl_->stats.appends;
        ++impl_->stats.batches;
        impl_->stats.events += encoded.size();
        impl_->stats.largest_batch = std::max<uint64_t>(impl_->stats.largest_batch, encoded.size());
      }
    }
  }
  done(std::move(result));
}

std::vector<events::EventRecord> memory_event_store::read_stream(std::string_view stream_id,
                                                                 uint64_t from_version,
                                                                 size_t max_count) {
  require_valid(check_stream_id(stream_id));
  std::vector<std::pair<uint64_t, std::string>> framed;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->streams.find(std::string(stream_id));
    if (it == impl_->streams.end()) return {};
    for (uint64_t v = std::max<uint64_t>(from_version, 1);
         v <= it->second.size() && framed.size() < max_count; ++v) {
      uint64_t sequence = it->second[v - 1];
      framed.emplace_back(sequence, impl_->log[sequence - 1]);
    }
  }
  std::vector<events::EventRecord> out(framed.size());
  for (size_t i = 0; i < framed.size(); ++i)
    unframe_record(framed[i].first, framed[i].second, out[i]);
  return out;
}

uint64_t memory_event_store::stream_head(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  std::lock_guard lock(impl_->mu);
  auto it = impl_->streams.find(std::string(stream_id));
  return it == impl_->streams.end() ? 0 : it->second.size();
}

std::optional<append_result> memory_event_store::find_append(std::string_view key) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->idempotency.find(std::string(key));
  if (it == impl_->idempotency.end()) return std::nullopt;
  auto r = it->second;
  r.replayed = true;
  return r;
}

uint64_t memory_event_store::global_head() {
  std::lock_guard lock(impl_->mu);
  return impl_->log.size();
}

std::optional<events::EventRecord> memory_event_store::read_event(uint64_t sequence) {
  std::string framed;
  {
    std::lock_guard lock(impl_->mu);
    if (sequence == 0 || sequence > impl_->log.size()) return std::nullopt;
    framed = impl_->log[sequence - 1];
  }
  events::EventRecord out;
  unframe_record(sequence, framed, out);
  return out;
}

std::unique_ptr<log_cursor> memory_event_store::read_log(uint64_t from_sequence) {
  return std::make_unique<memory_log_cursor>(impl_->mu, impl_->log,
                                             std::max<uint64_t>(from_sequence, 1));
}

void memory_event_store::save_snapshot(std::string_view stream_id, const snapshot& snap) {
  require_valid(check_stream_id(stream_id));
  std::lock_guard lock(impl_->mu);
  impl_->snapshots[std::string(stream_id)] = snap;
}

std::optional<snapshot> memory_event_store::load_snapshot(std::string_view stream_id) {
  require_valid(check_stream_id(stream_id));
  std::lock_guard lock(impl_->mu);
  auto it = impl_->snapshots.find(std::string(stream_id));
  if (it == impl_->snapshots.end()) return std::nullopt;
  return it->second;
}

void memory_event_store::commit_projection(std::string_view projection, uint64_t checkpoint,
                                           const std::vector<projection_change>& changes,
                                           std::string_view digest) {
  require_valid(check_projection_name(projection));
  std::lock_guard lock(impl_->mu);
  for (const auto& change : changes) {
    auto key = state_key(projection, change.key);
    if (change.value) {
      impl_->projection_state[key] = *change.value;
    } else {
      impl_->projection_state.erase(key);
    }
  }
  impl_->checkpoints[std::string(projection)] = checkpoint;
  impl_->digests[std::string(projection)] = std::string(digest);
}

std::string memory_event_store::projection_digest(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::lock_guard lock(impl_->mu);
  auto it = impl_->digests.find(std::string(projection));
  return it == impl_->digests.end() ? std::string() : it->second;
}

uint64_t memory_event_store::projection_checkpoint(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::lock_guard lock(impl_->mu);
  auto it = impl_->checkpoints.find(std::string(projection));
  return it == impl_->checkpoints.end() ? 0 : it->second;
}

void memory_event_store::write_edges(const domain::edge_changes& changes) {
  std::lock_guard lock(impl_->mu);
  for (const auto& c : changes) {
    if (c.present) {
      impl_->edges.insert(c.key);
    } else {
      impl_->edges.erase(c.key);
    }
  }
}

bool memory_event_store::has_edge(std::string_view key) {
  std::lock_guard lock(impl_->mu);
  return impl_->edges.find(key) != impl_->edges.end();
}

void memory_event_store::scan_edges(std::string_view prefix, std::string_view after,
                                    const std::function<bool(std::string_view key)>& visit) {
  std::vector<std::string> keys;  // visited without the lock: `visit` may call the store
  {
    std::string start(prefix);
    start.append(after);
    std::lock_guard lock(impl_->mu);
    auto it = after.empty() ? impl_->edges.lower_bound(start) : impl_->edges.upper_bound(start);
    for (; it != impl_->edges.end() && std::string_view(*it).starts_with(prefix); ++it)
      keys.push_back(*it);
  }
  for (const auto& k : keys)
    if (!visit(k)) return;
}

std::optional<std::string> memory_event_store::projection_get(std::string_view projection,
                                                              std::string_view key) {
  require_valid(check_projection_name(projection));
  std::lock_guard lock(impl_->mu);
  auto it = impl_->projection_state.find(state_key(projection, key));
  if (it == impl_->projection_state.end()) return std::nullopt;
  return it->second;
}

void memory_event_store::projection_scan(
    std::string_view projection, std::string_view prefix,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) {
  require_valid(check_projection_name(projection));
  auto start = state_key(projection, prefix);
  auto skip = state_key(projection, "").size();
  std::vector<std::pair<std::string, std::string>> found;
  {
    std::lock_guard lock(impl_->mu);
    for (auto it = impl_->projection_state.lower_bound(start);
         it != impl_->projection_state.end() && it->first.starts_with(start); ++it) {
      found.emplace_back(it->first.substr(skip), it->second);
    }
  }
  for (const auto& [key, value] : found) {
    if (!visit(key, value)) return;
  }
}

void memory_event_store::reset_projection(std::string_view projection) {
  require_valid(check_projection_name(projection));
  std::lock_guard lock(impl_->mu);
  auto start = state_key(projection, "");
  auto it = impl_->projection_state.lower_bound(start);
  while (it != impl_->projection_state.end() && it->first.starts_with(start))
    it = impl_->projection_state.erase(it);
  impl_->checkpoints.erase(std::string(projection));
  impl_->digests.erase(std::string(projection));
}

store_stats memory_event_store::stats() {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

}  // namespace reel::storage
