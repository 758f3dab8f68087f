#include "gateway/http_session.h"

#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "gateway/websocket_session.h"

namespace reel::gateway {

namespace json = boost::json;

http_session::http_session(tcp::socket&& socket, server_context& context, connection_ticket ticket,
                           port on)
    : stream_(std::move(socket)), context_(context), ticket_(std::move(ticket)), port_(on) {}

void http_session::run() {
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&http_session::read_next, shared_from_this()));
}

void http_session::read_next() {
  parser_.emplace();
  parser_->body_limit(64 * 1024);
  // A connection that never sends a request holds its place only until the login deadline.
  if (first_request_) {
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(
        context_.options.handshake_timeout, context_.options.login_timeout));
  } else {
    stream_.expires_after(context_.options.handshake_timeout);
  }
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, size_t) {
  if (ec == http::error::end_of_stream) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  if (ec) return;
  first_request_ = false;
  auto request = parser_->release();
  keep_alive_ = request.keep_alive();
  version_ = request.version();

  bool admin = port_ == port::admin_port;
  if (beast::websocket::is_upgrade(request) && !admin) {
    if (context_.shutting_down.load()) {
      return respond(http::status::service_unavailable, "application/json",
                     R"({"error":"shutting_down"})");
    }
    context_.metrics.connections_accepted.fetch_add(1);
    std::make_shared<websocket_session>(stream_.release_socket(), context_, std::move(ticket_),
                                        accepted_at_)
        ->run(std::move(request));
    return;
  }

  auto target = std::string(request.target());
  bool serves_metrics = admin || context_.options.admin_address.empty();
  if (request.method() != http::verb::get ||
      (target != "/healthz" && !(target == "/metrics" && serves_metrics))) {
    return respond(http::status::not_found, "application/json", R"({"error":"not_found"})");
  }
  // Both pages read what the projection host and the reactor last published: a health
  // probe or a scrape never messages them.
  respond_with_status(target, context_.admin.projections_now(), context_.admin.reactor_now());
}

void http_session::respond_with_status(const std::string& target,
                                       const std::vector<actors::projection_status>& projections,
                                       const actors::reactor_status& reactor) {
  auto journal = context_.admin.journal();
  if (target == "/metrics") {
    return respond(http::status::ok, "text/plain; version=0.0.4",
                   context_.metrics.render(journal, projections, reactor));
  }
  json::array lags;
  uint64_t worst = 0;
  for (const auto& p : projections) {
    lags.push_back(json::object{{"name", p.name}, {"lag", p.lag}, {"error", p.error}});
    worst = std::max(worst, p.lag);
  }
  // 503 while the store refuses writes: "unavailable" passes by itself (disk space or
  // descriptors back), "stopped" needs an operator and a restart.
  std::string_view store_state = !journal.stopped.empty()       ? "stopped"
                                 : !journal.unavailable.empty() ? "unavailable"
                                                                : "serving";
  bool healthy = !context_.shutting_down.load() && store_state == "serving";
  std::string_view status = healthy ? "ok" : store_state == "stopped" ? "stopped" : "unavailable";
  json::object store{{"state", store_state}};
  if (store_state != "serving")
    store["reason"] = !journal.stopped.empty() ? journal.stopped : journal.unavailable;
  json::object body{{"status", status},
                    {"store", std::move(store)},
                    {"journal", json::object{{"queued_events", journal.queued_events},
                                             {"events", journal.events},
                                             {"batches", journal.batches}}},
                    {"projections", lags},
                    {"max_projection_lag", worst},
                    {"reactor", json::object{{"lag", reactor.lag},
                                             {"refused", reactor.refused},
                                             {"retries", reactor.retries}}},
                    {"connections", context_.limits->open()},
                    {"sessions", context_.sessions.size()}};
  respond(healthy ? http::status::ok : http::status::service_unavailable, "application/json",
          json::serialize(body));
}

void http_session::respond(http::status status, std::string content_type, std::string body) {
  auto response = std::make_shared<http::response<http::string_body>>(status, version_);
  response->set(http::field::server, "reeld");
  response->set(http::field::content_type, content_type);
  response->keep_alive(keep_alive_);
  response->body() = std::move(body);
  response->prepare_payload();
  response_ = response;
  http::async_write(
      stream_, *response,
      beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive_));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, size_t) {
  response_.reset();
  if (ec) return;
  if (!keep_alive) {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    return;
  }
  read_next();
}

}  // namespace reel::gateway
