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

}  // namespace

websocket_session::websocket_session(tcp::socket&& socket, server_context& context)
    : ws_(std::move(socket)),
      give_up_(ws_.get_executor()),
      context_(context),
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
  ws_.async_accept(request,
                   beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(beast::error_code ec) {
  if (ec) return;
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
  if (ec) return;
  context_.metrics.frames_in.fetch_add(1, std::memory_order_relaxed);
  bool text = ws_.got_text();
  auto frame = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  // Once closing, frames are read (the close handshake needs it) but not acted on.
  if (!closing_) handle_request(shared_from_this(), frame, !text, std::chrono::steady_clock::now());
  read_next();
}

void websocket_session::send(std::string frame) {
  net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
    self->enqueue(std::move(frame));
  });
}

void websocket_session::push(std::string topic, std::string frame) {
  net::post(ws_.get_executor(), [self = shared_from_this(), topic = std::move(topic),
                                 frame = std::move(frame)]() mutable {
    if (!self->topics_.count(topic)) return;
    self->context_.metrics.pushes.fetch_add(1, std::memory_order_relaxed);
    self->enqueue(std::move(frame));
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
              self->enqueue(std::move(frame));
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

void websocket_session::enqueue(std::string frame) {
  if (closing_) return;
  if (queue_.size() >= context_.options.max_queued_frames) {
    // The client does not read its replies: drop what waits (never the frame being
    // written) and close.
    context_.metrics.slow_consumers_closed.fetch_add(1);
    closing_ = true;
    close_code_ = close_slow_consumer;
    close_reason_ = "slow consumer";
    if (writing_) {
      queue_.erase(queue_.begin() + 1, queue_.end());
      // The write in flight may never finish if the client reads nothing: then drop it.
      give_up_.expires_after(std::chrono::seconds(5));
      give_up_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (ec || self->close_sent_) return;
        beast::error_code ignored;
        beast::get_lowest_layer(self->ws_).socket().close(ignored);
      });
    } else {
      queue_.clear();
      close_with(close_code_, close_reason_);
    }
    return;
  }
  queue_.push_back(std::move(frame));
  if (!writing_) write_next();
}

void websocket_session::write_next() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front()),
                  beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, size_t) {
  writing_ = false;
  if (ec) return;  // the read side sees the failure too and ends the session
  context_.metrics.frames_out.fetch_add(1, std::memory_order_relaxed);
  queue_.pop_front();
  if (!queue_.empty() && !(closing_ && close_code_ == close_slow_consumer)) return write_next();
  if (closing_) {
    queue_.clear();
    close_with(close_code_, close_reason_);
  }
}

void websocket_session::close_with(uint16_t code, const char* reason) {
  if (close_sent_) return;
  close_sent_ = true;
  give_up_.cancel();
  // The read loop stays up: it completes the close handshake (error::closed).
  ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                  [self = shared_from_this()](beast::error_code) {});
}

}  // namespace reel::gateway
