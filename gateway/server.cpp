#include "gateway/server.h"

#include <boost/asio.hpp>

#include <thread>

#include "domain/calendar.h"
#include "gateway/http_session.h"
#include "gateway/ops/json_forms.h"
#include "gateway/protocol.h"
#include "gateway/websocket_session.h"

namespace reel::gateway {

void session_registry::add(uint64_t id, const std::shared_ptr<websocket_session>& session) {
  std::lock_guard lock(mu_);
  sessions_[id] = session;
}

void session_registry::remove(uint64_t id) {
  std::lock_guard lock(mu_);
  sessions_.erase(id);
  unbind_locked(id);
}

void session_registry::unbind_user(uint64_t id) {
  std::lock_guard lock(mu_);
  unbind_locked(id);
}

void session_registry::unbind_locked(uint64_t id) {
  for (auto& [topic, ids] : watchers_) ids.erase(id);
  if (auto it = user_of_.find(id); it != user_of_.end()) {
    auto [from, to] = sessions_of_.equal_range(it->second);
    for (auto s = from; s != to; ++s) {
      if (s->second == id) {
        sessions_of_.erase(s);
        break;
      }
    }
    user_of_.erase(it);
  }
}

bool session_registry::bind_user(uint64_t id, const std::string& user_id, size_t max_sessions) {
  std::lock_guard lock(mu_);
  if (user_of_.count(id)) return true;  // a session logs in once
  if (sessions_of_.count(user_id) >= max_sessions) return false;
  user_of_[id] = user_id;
  sessions_of_.emplace(user_id, id);
  return true;
}

std::vector<std::shared_ptr<websocket_session>> session_registry::of_user(
    const std::string& user_id) const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<websocket_session>> out;
  auto [from, to] = sessions_of_.equal_range(user_id);
  for (auto it = from; it != to; ++it) {
    if (auto found = sessions_.find(it->second); found != sessions_.end()) {
      if (auto s = found->second.lock()) out.push_back(std::move(s));
    }
  }
  return out;
}

void session_registry::watch(uint64_t id, const std::string& topic) {
  std::lock_guard lock(mu_);
  if (user_of_.count(id)) watchers_[topic].insert(id);
}

void session_registry::unwatch(uint64_t id, const std::string& topic) {
  std::lock_guard lock(mu_);
  if (auto it = watchers_.find(topic); it != watchers_.end()) it->second.erase(id);
}

std::vector<std::shared_ptr<websocket_session>> session_registry::watching(
    const std::string& topic) const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<websocket_session>> out;
  auto it = watchers_.find(topic);
  if (it == watchers_.end()) return out;
  for (auto id : it->second) {
    if (auto found = sessions_.find(id); found != sessions_.end()) {
      if (auto s = found->second.lock()) out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<std::shared_ptr<websocket_session>> session_registry::all() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<websocket_session>> out;
  for (const auto& [id, weak] : sessions_) {
    if (auto s = weak.lock()) out.push_back(std::move(s));
  }
  return out;
}

size_t session_registry::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

namespace {

// Accepts connections and hands each to an http_session.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, tcp::endpoint endpoint, server_context& context,
           http_session::port role)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        context_(context),
        role_(role),
        limits_(role == http_session::port::admin_port ? context.admin_limits : context.limits) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void run() { accept_next(); }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  void accept_next() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      // E.g. out of file descriptors: not fatal, but do not spin; try again shortly.
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
        if (!wait_ec) self->accept_next();
      });
      return;
    }
    beast::error_code ignored;
    auto peer = socket.remote_endpoint(ignored).address();
    refusal why = refusal::none;
    auto ticket = limits_->admit(peer, why);
    if (!ticket) {
      // Over a cap: closed at once, before a byte is read (docs/reliability.md).
      (why == refusal::total ? context_.metrics.connections_refused
                             : context_.metrics.connections_refused_per_ip)
          .fetch_add(1);
      socket.close(ignored);
      return accept_next();
    }
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<http_session>(std::move(socket), context_, std::move(ticket), role_)->run();
    accept_next();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_{acceptor_.get_executor()};
  server_context& context_;
  http_session::port role_;
  std::shared_ptr<connection_limits> limits_;
};

}  // namespace

struct server::impl {
  impl(gateway_options options, const op_table& ops, actors::admin_module& admin,
       actors::notifications_module& notices)
      : context{std::move(options), ops, admin, {}, {}, {}, {}, {}, {}, {}, {}, {}},
        notices(notices),
        ioc(static_cast<int>(std::max(1u, context.options.threads))) {
    context.limits = std::make_shared<connection_limits>(context.options.max_connections,
                                                         context.options.max_connections_per_ip);
    context.registrations = std::make_shared<registration_limits>(
        context.options.registrations_per_ip_per_hour, context.options.registration_burst,
        context.options.limit_loopback_registrations);
    context.video_requests = std::make_shared<keyed_rate_limits>(
        context.options.video_requests_per_s, context.options.video_request_burst,
        context.options.max_video_request_buckets);
    context.admin_limits = std::make_shared<connection_limits>(
        context.options.max_admin_connections, context.options.max_admin_connections);
  }

  // The context outlives the io_context: handlers destroyed with it end sessions, which
  // then unregister from the context.
  server_context context;
  actors::notifications_module& notices;
  net::io_context ioc;
  std::shared_ptr<listener> acceptor;
  std::shared_ptr<listener> admin_acceptor;  // when options.admin_address is set
  std::vector<std::thread> threads;
  bool running = false;
};

server::server(gateway_options options, const op_table& ops, actors::admin_module& admin,
               actors::notifications_module& notices)
    : impl_(std::make_unique<impl>(std::move(options), ops, admin, notices)) {}

server::~server() {
  stop();
  // A flow that has answered may still hold a session for a moment; its sockets must be
  // closed before the io_context goes. Bounded: a flow lives at most its deadline.
  auto deadline = std::chrono::steady_clock::now() + impl_->context.options.shutdown_grace;
  while (impl_->context.live_sessions.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

gateway_metrics& server::metrics() {
  return impl_->context.metrics;
}

uint16_t server::admin_port() const {
  return impl_->admin_acceptor ? impl_->admin_acceptor->port() : 0;
}

size_t server::open_connections() const {
  return impl_->context.limits->open();
}

uint16_t server::start() {
  auto& o = impl_->context.options;
  auto address = net::ip::make_address(o.address);
  impl_->acceptor = std::make_shared<listener>(impl_->ioc, tcp::endpoint(address, o.port),
                                               impl_->context, http_session::port::public_port);
  if (!o.admin_address.empty()) {
    impl_->admin_acceptor = std::make_shared<listener>(
        impl_->ioc, tcp::endpoint(net::ip::make_address(o.admin_address), o.admin_port),
        impl_->context, http_session::port::admin_port);
  }
  // Notices go to the sessions their recipient has subscribed with, or, on a broadcast
  // topic, to every session watching it.
  impl_->notices.on_notice([context = &impl_->context](const domain::notice& n) {
    if (n.topic.empty()) {
      if (n.kind == "roles_changed")
        for (auto& s : context->sessions.of_user(n.recipient)) s->post([s] { recheck_topics(s); });
      return;
    }
    auto sessions = n.recipient.empty() ? context->sessions.watching(n.topic)
                                        : context->sessions.of_user(n.recipient);
    if (sessions.empty()) return;
    auto frame = push_frame(n.topic, notice_json(n));
    for (auto& s : sessions) s->push(n.topic, frame);
  });
  impl_->acceptor->run();
  if (impl_->admin_acceptor) impl_->admin_acceptor->run();
  for (unsigned i = 0; i < std::max(1u, o.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->running = true;
  return impl_->acceptor->port();
}

void server::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  auto& context = impl_->context;
  context.shutting_down.store(true);
  impl_->acceptor->close();
  if (impl_->admin_acceptor) impl_->admin_acceptor->close();
  for (auto& session : context.sessions.all()) session->shut_down();
  // Sessions close once their answers are out; wait for them, up to the grace period.
  auto deadline = std::chrono::steady_clock::now() + context.options.shutdown_grace;
  while (context.sessions.size() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Clients that never answered the close frame are cut off.
  for (auto& session : context.sessions.all()) session->drop();
  impl_->notices.on_notice(nullptr);
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace reel::gateway
