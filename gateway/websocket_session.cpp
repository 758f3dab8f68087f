#include "gateway/websocket_session.h"

#include <openssl/rand.h>

#include "gateway/ops/op_table.h"
#include "gateway/protocol.h"

namespace reel::gateway {
namespace {

std::string random_name() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "s";
  for (unsigned char b : bytes) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 0xf]);
  }
  return out;
}

// `{"missed":N,` spliced into a push frame (`{"push":...}`): the client sees how many
// pushes were dropped before this one.
std::string with_missed(const std::string& frame, uint64_t missed) {
  return "{\"missed\":" + std::to_string(missed) + "," + frame.substr(1);
}

}  // namespace

websocket_session::websocket_session(tcp::socket&& socket, server_context& context,
                                     connection_ticket ticket,
                                     std::chrono::steady_clock::time_point accepted_at)
    : lifetime_(context.live_sessions),
      ws_(std::move(socket)),
      give_up_(ws_.get_executor()),
      login_deadline_(ws_.get_executor()),
      context_(context),
      ticket_(std::move(ticket)),
      accepted_at_(accepted_at),
      id_(context.next_session_id.fetch_add(1)),
      name_(random_name()),
      limiter_(context.options.rate_per_s, context.options.burst) {
  context_.metrics.connections_open.fetch_add(1);
}

websocket_session::~websocket_session() {
  context_.sessions.remove(id_);
  context_.metrics.connections_open.fetch_sub(1);
}

void websocket_session::run(http::request<http::string_body> request) {
  // The HTTP timeout stops here; the WebSocket has its own (NOTES.md).
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeouts{context_.options.handshake_timeout,
                                           context_.options.idle_timeout, true};
  ws_.set_option(timeouts);
  ws_.read_message_max(context_.options.read_message_max);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "reeld"); }));
  context_.sessions.add(id_, shared_from_this());
  login_deadline_.expires_at(accepted_at_ + context_.options.login_timeout);
  start_login_deadline();
  ws_.async_accept(request,
                   beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::stop_timers() {
  login_deadline_.cancel();
  give_up_.cancel();
}

void websocket_session::on_accept(beast::error_code ec) {
  if (ec) return stop_timers();  // the timers hold the session (and its ticket) otherwise
  accepted_ = true;
  if (context_.shutting_down.load()) draining_ = true;
  close_when_drained();
  read_next();
}

void websocket_session::read_next() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, size_t) {
  // closed: the close handshake is done; message_too_big: Beast has sent 1009; any other
  // error (a reset, a timeout): the connection is gone. In each case the session ends here.
  if (ec) return stop_timers();
  context_.metrics.frames_in.fetch_add(1, std::memory_order_relaxed);
  bool text = ws_.got_text();
  auto frame = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // Once closing, frames are read (the close handshake needs it) but not acted on.
  if (!closing_) handle_request(shared_from_this(), frame, !text, std::chrono::steady_clock::now());
  read_next();
}

bool websocket_session::set_login(session_login login) {
  if (!context_.sessions.bind_user(id_, login.user_id, context_.options.max_sessions_per_user))
    return false;
  login_ = std::move(login);
  login_deadline_.cancel();
  return true;
}

void websocket_session::clear_login() {
  if (!login_) return;
  login_.reset();
  topics_.clear();
  context_.sessions.unbind_user(id_);
  login_deadline_.expires_after(context_.options.login_timeout);
  start_login_deadline();
}

// An anonymous session can only sign up or log in: it has until the deadline to do so.
void websocket_session::start_login_deadline() {
  login_deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->login_ || self->closing_) return;
    self->context_.metrics.login_timeouts.fetch_add(1);
    self->closing_ = true;
    self->close_code_ = close_policy;
    self->close_reason_ = "no login in time";
    if (!self->accepted_) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->ws_).socket().close(ignored);
    } else if (!self->writing_) {
      self->close_with(self->close_code_, self->close_reason_);
    }
  });
}

void websocket_session::send(std::string frame) {
  net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
    self->enqueue(std::move(frame), false);
  });
}

void websocket_session::push(std::string topic, std::string frame) {
  net::post(ws_.get_executor(), [self = shared_from_this(), topic = std::move(topic),
                                 frame = std::move(frame)]() mutable {
    if (!self->topics_.count(topic)) return;
    // A session whose token was revoked or expired gets nothing more for its user.
    if (self->login_ && !self->context_.ops.login_stands(self->login_->credential))
      return self->clear_login();
    self->context_.metrics.pushes.fetch_add(1, std::memory_order_relaxed);
    self->enqueue(std::move(frame), true);
  });
}

void websocket_session::post(std::function<void()> work) {
  net::post(ws_.get_executor(), [self = shared_from_this(), work = std::move(work)] { work(); });
}

void websocket_session::finish(std::string frame, std::string op, std::string outcome,
                               std::chrono::steady_clock::time_point started) {
  net::post(ws_.get_executor(),
            [self = shared_from_this(), frame = std::move(frame), op = std::move(op),
             outcome = std::move(outcome), started]() mutable {
              auto seconds =
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
              self->context_.metrics.request_done(op, outcome, seconds);
              if (self->in_flight_ > 0) --self->in_flight_;
              self->enqueue(std::move(frame), false);
              self->close_when_drained();
            });
}

void websocket_session::shut_down() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    self->draining_ = true;
    self->close_when_drained();  // only once accepted: on_accept closes it otherwise
  });
}

void websocket_session::drop() {
  net::post(ws_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

void websocket_session::close_when_drained() {
  if (draining_ && accepted_ && in_flight_ == 0 && !closing_) {
    closing_ = true;
    close_code_ = close_going_away;
    close_reason_ = "server shutting down";
    if (!writing_) close_with(close_code_, close_reason_);
  }
}

void websocket_session::enqueue(std::string frame, bool push) {
  if (closing_) return;
  const size_t budget = context_.options.max_outbound_bytes;
  auto over = [&] { return !queue_.empty() && queued_bytes_ + frame.size() > budget; };
  if (push) {
    // Pushes give way to each other, oldest first; only replies close the session.
    if (queued_pushes_ >= context_.options.max_queued_pushes) drop_oldest_push();
    while (over() && drop_oldest_push()) {
    }
    if (over()) {
      ++missed_pushes_;
      context_.metrics.pushes_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  } else if (over()) {
    return close_slow_consumer();
  }
  queued_bytes_ += frame.size();
  if (push) ++queued_pushes_;
  queue_.push_back({std::move(frame), push});
  if (!writing_) write_next();
}

bool websocket_session::drop_oldest_push() {
  // Never the frame being written.
  for (auto it = queue_.begin() + (writing_ ? 1 : 0); it != queue_.end(); ++it) {
    if (!it->push) continue;
    queued_bytes_ -= it->frame.size();
    --queued_pushes_;
    queue_.erase(it);
    ++missed_pushes_;
    context_.metrics.pushes_dropped.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  return false;
}

// The client does not read its replies: drop what waits (never the frame being written) and
// close. The write in flight has its timeout (write_next), so a client that reads nothing
// at all is dropped then.
void websocket_session::close_slow_consumer() {
  context_.metrics.slow_consumers_closed.fetch_add(1);
  closing_ = true;
  close_code_ = close_policy;
  close_reason_ = "slow consumer";
  auto kept = writing_ ? queue_.begin() + 1 : queue_.begin();
  for (auto it = kept; it != queue_.end(); ++it) queued_bytes_ -= it->frame.size();
  queue_.erase(kept, queue_.end());
  queued_pushes_ = (writing_ && queue_.front().push) ? 1 : 0;
  if (!writing_) close_with(close_code_, close_reason_);
}

void websocket_session::write_next() {
  writing_ = true;
  auto& next = queue_.front();
  if (next.push && missed_pushes_ > 0) {
    queued_bytes_ -= next.frame.size();
    next.frame = with_missed(next.frame, missed_pushes_);
    queued_bytes_ += next.frame.size();
    missed_pushes_ = 0;
  }
  // A write that makes no progress (the client reads nothing) cannot carry a close frame
  // either: the connection is dropped.
  give_up_.expires_after(context_.options.write_timeout);
  give_up_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || !self->writing_) return;
    self->context_.metrics.stalled_writes_dropped.fetch_add(1);
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
  ws_.text(true);
  ws_.async_write(net::buffer(next.frame),
                  beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, size_t) {
  writing_ = false;
  give_up_.cancel();
  if (ec) return;  // the read side sees the failure too and ends the session
  context_.metrics.frames_out.fetch_add(1, std::memory_order_relaxed);
  queued_bytes_ -= queue_.front().frame.size();
  if (queue_.front().push) --queued_pushes_;
  queue_.pop_front();
  // Shutting down (1001), what is queued still goes out; over the budget, nothing more.
  if (!queue_.empty() && !(closing_ && close_code_ == close_policy)) return write_next();
  if (closing_) {
    queue_.clear();
    queued_bytes_ = queued_pushes_ = 0;
    close_with(close_code_, close_reason_);
  }
}

void websocket_session::close_with(uint16_t code, const char* reason) {
  if (close_sent_) return;
  close_sent_ = true;
  login_deadline_.cancel();
  // The read loop stays up: it completes the close handshake (error::closed).
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                  [self = shared_from_this()](beast::error_code) {});
}

}  // namespace reel::gateway
