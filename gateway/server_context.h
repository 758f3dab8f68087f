// What every session of a gateway shares: settings, the op table, the admin module (for
// the health and metrics pages), metrics, and the table of live sessions (for pushes and
// shutdown). Internal to gateway/.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "actors/admin/admin_module.h"
#include "gateway/connection_limits.h"
#include "gateway/gateway_options.h"
#include "gateway/keyed_rate_limits.h"
#include "gateway/metrics.h"
#include "gateway/ops/op_table.h"
#include "gateway/registration_limits.h"

namespace reel::gateway {

class websocket_session;

class session_registry {
 public:
  void add(uint64_t id, const std::shared_ptr<websocket_session>& session);
  void remove(uint64_t id);
  std::vector<std::shared_ptr<websocket_session>> all() const;
  size_t size() const;
  // Binds a session to the user it logged in as (for pushes); false, binding nothing, when
  // the user has `max_sessions` bound already.
  bool bind_user(uint64_t id, const std::string& user_id, size_t max_sessions);
  // Unbinds it (a logout); the session stays in the table.
  void unbind_user(uint64_t id);
  std::vector<std::shared_ptr<websocket_session>> of_user(const std::string& user_id) const;
  // Marks a logged-in session as watching a broadcast topic (op_table::topic_spec); a
  // logout or the session's end stops it.
  void watch(uint64_t id, const std::string& topic);
  void unwatch(uint64_t id, const std::string& topic);
  std::vector<std::shared_ptr<websocket_session>> watching(const std::string& topic) const;

 private:
  void unbind_locked(uint64_t id);

  mutable std::mutex mu_;
  std::unordered_map<uint64_t, std::weak_ptr<websocket_session>> sessions_;
  std::unordered_map<uint64_t, std::string> user_of_;
  std::unordered_multimap<std::string, uint64_t> sessions_of_;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> watchers_;  // by topic
};

struct server_context {
  gateway_options options;
  const op_table& ops;
  actors::admin_module& admin;
  gateway_metrics metrics;
  session_registry sessions;
  std::atomic<uint64_t> next_session_id{1};
  std::atomic<bool> shutting_down{false};
  std::atomic<size_t> live_sessions{0};                // sessions not yet wholly destroyed
  std::shared_ptr<connection_limits> limits;           // set by the server from `options`
  std::shared_ptr<connection_limits> admin_limits;     // the admin listener's, when there is one
  std::shared_ptr<registration_limits> registrations;  // sign-ups per address
  std::shared_ptr<keyed_rate_limits> video_requests;   // per viewer and video
};

}  // namespace reel::gateway
