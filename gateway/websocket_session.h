// One WebSocket client. Everything the session owns runs on its strand: at most one read
// and one write in flight, the login state, and an outbound queue bounded in bytes
// (`max_outbound_bytes`): a client that stops reading is closed with 1008 "slow consumer"
// instead of growing memory, a write that does not finish within `write_timeout` drops
// the connection, and pushes beyond `max_queued_pushes` drop the oldest one (the next push
// says how many were missed). A session that has not logged in within `login_timeout` of
// its connection is closed with 1008. Replies and pushes may be queued from any thread.
// Modelled on Beast's advanced_server example.
#pragma once

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>

#include <string>
#include "domain/accounts/credentials.h"

#include "gateway/rate_limiter.h"
#include "gateway/server_context.h"

namespace reel::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Close codes the gateway uses (docs/protocol.md).
inline constexpr uint16_t close_going_away = 1001;  // shutdown
inline constexpr uint16_t close_policy = 1008;      // over the outbound budget; no login in time
// 1009 (message too big) is sent by Beast when a frame exceeds read_message_max.

struct session_login {
  std::string user_id;
  std::string handle;
  domain::credential_ref credential;  // the session token it holds, checked per request
};

class websocket_session : public std::enable_shared_from_this<websocket_session> {
 public:
  websocket_session(tcp::socket&& socket, server_context& context, connection_ticket ticket,
                    std::chrono::steady_clock::time_point accepted_at);
  ~websocket_session();

  // Accepts the upgrade request and starts reading.
  void run(http::request<http::string_body> request);

  // Thread-safe. Queues a frame (a reply or a push).
  void send(std::string frame);
  // Thread-safe. Queues a push frame if the session subscribed to `topic`.
  void push(std::string topic, std::string frame);
  // Thread-safe. Runs `work` on the session's strand.
  void post(std::function<void()> work);
  // Thread-safe. A request's answer: queues it and records the request in the metrics.
  void finish(std::string frame, std::string op, std::string outcome,
              std::chrono::steady_clock::time_point started);
  // Thread-safe. Stops taking requests, answers what is in flight, closes with 1001.
  void shut_down();
  // Thread-safe. Closes the connection without a close handshake (end of the shutdown grace).
  void drop();

  // Strand only.
  uint64_t id() const { return id_; }
  // 128 random bits: anonymous callers' idempotency keys are scoped by it, so no other
  // session, now or after a restart, can replay a registration.
  const std::string& name() const { return name_; }
  bool allow_request(std::chrono::steady_clock::time_point now) { return limiter_.allow(now); }
  bool draining() const { return draining_; }
  void reply_now(std::string frame) { enqueue(std::move(frame), false); }
  const std::optional<session_login>& login() const { return login_; }
  // False, leaving the session logged out, when the user is logged in on as many sessions
  // as `max_sessions_per_user` allows.
  bool set_login(session_login login);
  // Logged out (auth.logout, or a credential found revoked or expired): anonymous again,
  // no pushes for the user, and the login deadline runs anew.
  void clear_login();
  std::set<std::string>& topics() { return topics_; }
  server_context& context() { return context_; }
  const boost::asio::ip::address& peer() const { return ticket_.peer(); }
  void started_request() { ++in_flight_; }

 private:
  void stop_timers();
  void start_login_deadline();
  void on_accept(beast::error_code ec);
  void read_next();
  void on_read(beast::error_code ec, size_t bytes);
  void enqueue(std::string frame, bool push);
  bool drop_oldest_push();
  void close_slow_consumer();
  void write_next();
  void on_write(beast::error_code ec, size_t bytes);
  void close_with(uint16_t code, const char* reason);
  void close_when_drained();

  struct outbound {
    std::string frame;
    bool push = false;
  };

  // Counts the session in server_context::live_sessions until its very last member is
  // gone (it is destroyed last): the server keeps its io_context until then, since the
  // last reference may be dropped on a CAF thread by a module's flow after the answer.
  struct lifetime {
    explicit lifetime(std::atomic<size_t>& live) : live(live) { live.fetch_add(1); }
    ~lifetime() { live.fetch_sub(1); }
    lifetime(const lifetime&) = delete;
    lifetime& operator=(const lifetime&) = delete;
    std::atomic<size_t>& live;
  };
  lifetime lifetime_;
  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer give_up_;         // the write in flight must finish before it fires
  net::steady_timer login_deadline_;  // cancelled by the login
  server_context& context_;
  connection_ticket ticket_;
  std::chrono::steady_clock::time_point accepted_at_;
  uint64_t id_;
  std::string name_;
  bool accepted_ = false;
  beast::flat_buffer buffer_;
  std::deque<outbound> queue_;  // the front is being written while writing_
  size_t queued_bytes_ = 0;
  size_t queued_pushes_ = 0;
  uint64_t missed_pushes_ = 0;  // dropped since the last push written
  bool writing_ = false;
  bool closing_ = false;   // a close is due or sent: queue nothing more
  bool draining_ = false;  // shutting down: answer in-flight requests, then close
  bool close_sent_ = false;
  uint16_t close_code_ = close_going_away;
  const char* close_reason_ = "";
  size_t in_flight_ = 0;
  rate_limiter limiter_;
  std::optional<session_login> login_;
  std::set<std::string> topics_;
};

}  // namespace reel::gateway
