// An event store that fails appends on demand, around a real one: for journal failure
// injection. `fail_next(n)` refuses the next n appends without writing them; with
// `written = true` it writes them and still reports a failure, as a store does when a write
// error leaves the outcome unknown. Backups can be held (`hold_backups`) until released,
// or failed.
//
// It also checks that nothing blocks a CAF scheduler thread: every call that may block
// (every one but global_head and stats, which read counters) made from a scheduler worker is
// counted, with the first one's name; the actor tests' fixture requires none.
#pragma once

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>

#include "storage/event_store.h"

namespace reel::testing {

class failing_event_store final : public storage::event_store {
 public:
  explicit failing_event_store(storage::event_store& inner) : inner_(inner) {}

  // Blocking calls made on a CAF scheduler thread so far, and the first one's name.
  uint64_t scheduler_calls() const { return scheduler_calls_.load(); }
  std::string first_scheduler_call() const {
    std::lock_guard lock(mu_);
    return first_scheduler_call_;
  }
  void forget_scheduler_calls() { scheduler_calls_ = 0; }

  void fail_next(int appends, bool written = false) {
    std::lock_guard lock(mu_);
    failures_left_ = appends;
    written_ = written;
  }

  void append_async(storage::append_request request, append_callback done) override {
    on_scheduler_check("append_async");
    bool fail = false, written = false;
    {
      std::lock_guard lock(mu_);
      if (failures_left_ > 0) {
        --failures_left_;
        fail = true;
        written = written_;
      }
    }
    if (!fail) return inner_.append_async(std::move(request), std::move(done));
    if (written) {
      return inner_.append_async(std::move(request), [done](storage::append_result) {
        done(storage::unsuccessful(storage::append_status::failed, "injected: disk full"));
      });
    }
    done(storage::unsuccessful(storage::append_status::failed, "injected: disk full"));
  }

  std::vector<events::EventRecord> read_stream(std::string_view s, uint64_t from,
                                               size_t n) override {
    on_scheduler_check("read_stream");
    return inner_.read_stream(s, from, n);
  }
  uint64_t stream_head(std::string_view s) override {
    on_scheduler_check("stream_head");
    return inner_.stream_head(s);
  }
  uint64_t global_head() override { return inner_.global_head(); }
  std::optional<storage::append_result> find_append(std::string_view key) override {
    on_scheduler_check("find_append");
    return inner_.find_append(key);
  }
  std::optional<events::EventRecord> read_event(uint64_t sequence) override {
    on_scheduler_check("read_event");
    return inner_.read_event(sequence);
  }
  std::unique_ptr<storage::log_cursor> read_log(uint64_t from) override {
    on_scheduler_check("read_log");
    return inner_.read_log(from);
  }
  void save_snapshot(std::string_view s, const storage::snapshot& snap) override {
    on_scheduler_check("save_snapshot");
    inner_.save_snapshot(s, snap);
  }
  std::optional<storage::snapshot> load_snapshot(std::string_view s) override {
    on_scheduler_check("load_snapshot");
    return inner_.load_snapshot(s);
  }
  using storage::event_store::commit_projection;
  void commit_projection(std::string_view p, uint64_t checkpoint,
                         const std::vector<storage::projection_change>& changes,
                         std::string_view digest) override {
    on_scheduler_check("commit_projection");
    inner_.commit_projection(p, checkpoint, changes, digest);
  }
  std::string projection_digest(std::string_view p) override {
    on_scheduler_check("projection_digest");
    return inner_.projection_digest(p);
  }
  uint64_t projection_checkpoint(std::string_view p) override {
    on_scheduler_check("projection_checkpoint");
    return inner_.projection_checkpoint(p);
  }
  std::optional<std::string> projection_get(std::string_view p, std::string_view k) override {
    on_scheduler_check("projection_get");
    return inner_.projection_get(p, k);
  }
  void projection_scan(
      std::string_view p, std::string_view prefix,
      const std::function<bool(std::string_view, std::string_view)>& visit) override {
    on_scheduler_check("projection_scan");
    inner_.projection_scan(p, prefix, visit);
  }
  void write_edges(const domain::edge_changes& changes) override {
    on_scheduler_check("write_edges");
    inner_.write_edges(changes);
  }
  bool has_edge(std::string_view key) override {
    on_scheduler_check("has_edge");
    return inner_.has_edge(key);
  }
  void scan_edges(std::string_view prefix, std::string_view after,
                  const std::function<bool(std::string_view key)>& visit) override {
    on_scheduler_check("scan_edges");
    inner_.scan_edges(prefix, after, visit);
  }
  void reset_projection(std::string_view p) override {
    on_scheduler_check("reset_projection");
    inner_.reset_projection(p);
  }
  storage::store_stats stats() override { return inner_.stats(); }

  void hold_backups(bool hold) {
    {
      std::lock_guard lock(mu_);
      hold_backups_ = hold;
    }
    backups_released_.notify_all();
  }
  void fail_backups(bool fail) {
    std::lock_guard lock(mu_);
    fail_backups_ = fail;
  }
  void backup_to(const std::filesystem::path& directory) override {
    on_scheduler_check("backup_to");
    {
      std::unique_lock lock(mu_);
      backups_released_.wait(lock, [&] { return !hold_backups_; });
      if (fail_backups_)
        throw storage::store_error(storage::store_errc::storage_failure, "injected: disk full");
    }
    inner_.backup_to(directory);
  }

 private:
  // CAF 0.17 names its scheduler's worker threads "caf.multiplexer" (detached actors run
  // on "caf.actor" threads, which may block).
  void on_scheduler_check(const char* call) {
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    if (std::strcmp(name, "caf.multiplexer") != 0) return;
    if (scheduler_calls_.fetch_add(1) == 0) {
      std::lock_guard lock(mu_);
      first_scheduler_call_ = call;
    }
  }

  storage::event_store& inner_;
  mutable std::mutex mu_;
  std::atomic<uint64_t> scheduler_calls_{0};
  std::string first_scheduler_call_;
  std::condition_variable backups_released_;
  int failures_left_ = 0;
  bool written_ = false;
  bool hold_backups_ = false, fail_backups_ = false;
};

}  // namespace reel::testing
