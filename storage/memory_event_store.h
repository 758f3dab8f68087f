// A volatile event store in memory, for tests of the layers above storage and as a second
// implementation the conformance suite runs against. Appends complete on the caller's
// thread; nothing survives the object.
#pragma once

#include <memory>

#include "storage/event_store.h"

namespace reel::storage {

class memory_event_store final : public event_store {
 public:
  memory_event_store();
  ~memory_event_store() override;

  void append_async(append_request request, append_callback done) override;
  std::vector<events::EventRecord> read_stream(std::string_view stream_id, uint64_t from_version,
                                               size_t max_count) override;
  uint64_t stream_head(std::string_view stream_id) override;
  uint64_t global_head() override;
  std::optional<append_result> find_append(std::string_view idempotency_key) override;
  std::optional<events::EventRecord> read_event(uint64_t sequence) override;
  std::unique_ptr<log_cursor> read_log(uint64_t from_sequence) override;

  void save_snapshot(std::string_view stream_id, const snapshot& snap) override;
  std::optional<snapshot> load_snapshot(std::string_view stream_id) override;

  using event_store::commit_projection;
  void commit_projection(std::string_view projection, uint64_t checkpoint,
                         const std::vector<projection_change>& changes,
                         std::string_view digest) override;
  std::string projection_digest(std::string_view projection) override;
  uint64_t projection_checkpoint(std::string_view projection) override;
  std::optional<std::string> projection_get(std::string_view projection,
                                            std::string_view key) override;
  void projection_scan(
      std::string_view projection, std::string_view prefix,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) override;
  void reset_projection(std::string_view projection) override;
  void write_edges(const domain::edge_changes& changes) override;
  bool has_edge(std::string_view key) override;
  void scan_edges(std::string_view prefix, std::string_view after,
                  const std::function<bool(std::string_view key)>& visit) override;

  store_stats stats() override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace reel::storage
