// The admin module: what operators do to a running node. Projections' status and
// rebuilds, the reactor's status, and online backups; each checked against the caller's
// roles now (domain/access_policy.h). The one place that maps a projection's name to a
// projection is here, at the protocol edge.
#pragma once

#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/core/command_types.h"
#include "actors/core/node.h"

namespace reel::actors {

class accounts_module;

// An online backup (admin_module::backup).
struct backup_made {
  std::string path;          // the new folder
  uint64_t global_head = 0;  // the copy holds at least the log up to here
};

// The journal's counters, for health and metrics pages.
struct journal_status {
  uint64_t events = 0;         // committed
  uint64_t batches = 0;        // group commits, one WAL sync each
  uint64_t largest_batch = 0;  // events in the largest group commit
  uint64_t queued_events = 0;  // waiting for the next group commit
  std::string unavailable;     // why writes fail for now (disk full, out of descriptors)
  std::string stopped;         // why the store stopped for good (a restart is needed)
};

class admin_module {
 public:
  // `backup_dir`: where online backups go; empty: none are taken.
  admin_module(node& n, const accounts_module& accounts, std::filesystem::path backup_dir = {});
  ~admin_module();  // waits for a backup still being written

  // Returns once no backup is being written (its answer has been given). At shutdown,
  // call it while whatever the answer reaches (the gateway's sessions) still exists.
  void wait_for_backup();

  // Every projection's status, for /healthz and /metrics (no caller: the node's own pages).
  void projections(reply<std::vector<projection_status>> answer);
  // The reactor's status (lag, follow-ups, refusals, retries).
  void reactor(reply<reactor_status> answer);
  // The same as last published by the projection host and the reactor after their latest
  // step (any thread, no messaging): what /healthz and /metrics read on every request.
  std::vector<projection_status> projections_now() const;
  reactor_status reactor_now() const;
  // The journal's counters now (any thread; no waiting).
  journal_status journal() const;

  // Operators (rebuild_projections): rebuild a projection from sequence 1 while serving.
  void rebuild_projection(const caller& who, std::string name, reply<done> answer);
  // Answers once the projection has applied the log up to `sequence` (read your writes;
  // tools and tests).
  void projection_reached(std::string name, uint64_t sequence, reply<done> answer);
  // Answers once every follow-up of events up to `sequence` has run (tools and tests).
  void reactor_reached(uint64_t sequence, reply<done> answer);

  // Operators (take_backups): a consistent copy of the store, taken while the node serves,
  // in a new folder `reel-<UTC time>` of the backup folder. One at a time (`overloaded`
  // while one runs); `unavailable` when the node has no backup folder. Written on a thread
  // of its own; the answer comes from there.
  void backup(const caller& who, reply<backup_made> answer);

 private:
  // Writes the backup on its own thread; the slot (backup_running_) is already taken.
  void start_backup(reply<backup_made> answer);
  const projection_handle* find(const std::string& name) const;

  node& node_;
  entity_directory users_;
  std::filesystem::path backup_dir_;
  std::mutex backup_mu_;
  bool backup_running_ = false;
  std::thread backup_thread_;
};

}  // namespace reel::actors
