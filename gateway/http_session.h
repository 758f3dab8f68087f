// A plain HTTP connection: GET /healthz and GET /metrics, 404 for anything else, or an
// upgrade to a WebSocket session (refused with 503 during shutdown), which takes over the
// connection's ticket (connection_limits.h). Keeps the connection alive between requests,
// as HTTP/1.1 does; the first request must come within the login deadline. On the admin
// listener: /healthz and /metrics only; on the public port /metrics only when there is no
// admin listener (gateway_options::admin_address).
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <optional>

#include "gateway/server_context.h"

namespace reel::gateway {

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  enum class port { public_port, admin_port };
  http_session(boost::asio::ip::tcp::socket&& socket, server_context& context,
               connection_ticket ticket, port on = port::public_port);
  void run();

 private:
  void read_next();
  void on_read(boost::beast::error_code ec, size_t bytes);
  void respond(boost::beast::http::status status, std::string content_type, std::string body);
  // /healthz or /metrics, from what the projections and the reactor last published.
  void respond_with_status(const std::string& target,
                           const std::vector<actors::projection_status>& projections,
                           const actors::reactor_status& reactor);
  void on_write(bool keep_alive, boost::beast::error_code ec, size_t bytes);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  server_context& context_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> response_;  // the response being written
  connection_ticket ticket_;
  port port_;
  std::chrono::steady_clock::time_point accepted_at_ = std::chrono::steady_clock::now();
  bool first_request_ = true;
  bool keep_alive_ = false;
  unsigned version_ = 11;
};

}  // namespace reel::gateway
