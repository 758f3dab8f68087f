// A blocking Beast WebSocket client for the gateway tests: sends protocol v1 requests and
// reads until their reply, keeping pushes that arrive in between.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <deque>
#include <stdexcept>
#include <string>

namespace reel::testing {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class ws_client {
 public:
  // `receive_buffer_bytes`, if not 0, fixes the socket's receive buffer before connecting, so
  // a client that stops reading stalls the server's writes after a known amount, not after
  // whatever the kernel's autotuning allows (32 MiB on some machines).
  explicit ws_client(uint16_t port, int receive_buffer_bytes = 0) : ws_(ioc_) {
    tcp::resolver resolver(ioc_);
    auto endpoints = resolver.resolve("127.0.0.1", std::to_string(port));
    auto& socket = ws_.next_layer();
    if (receive_buffer_bytes > 0) {
      socket.open(tcp::v4());
      socket.set_option(net::socket_base::receive_buffer_size(receive_buffer_bytes));
      socket.connect(*endpoints.begin());
    } else {
      net::connect(socket, endpoints);
    }
    ws_.handshake("127.0.0.1", "/");
  }

  // Sends {"id", "op", "args"} and returns the reply with that id.
  boost::json::object call(const std::string& op, boost::json::object args = {},
                           boost::json::value id = nullptr) {
    if (id.is_null()) id = static_cast<int64_t>(++next_id_);
    boost::json::object request{{"id", id}, {"op", op}, {"args", std::move(args)}};
    send(boost::json::serialize(request));
    return reply_to(id);
  }

  void send(const std::string& text, bool binary = false) {
    ws_.binary(binary);
    ws_.write(net::buffer(text));
  }

  // The next frame that is a reply with this id; pushes on the way are kept.
  boost::json::object reply_to(const boost::json::value& id) {
    for (;;) {
      auto frame = read();
      if (frame.contains("push")) {
        pushes.push_back(frame);
        continue;
      }
      if (frame["id"] == id) return frame;
    }
  }

  boost::json::object read() {
    beast::flat_buffer buffer;
    ws_.read(buffer);
    return parsed(buffer);
  }

  // Reads until the server closes; returns its close code (0 if the connection just broke).
  int read_until_closed() {
    beast::error_code ec;
    for (;;) {
      beast::flat_buffer buffer;
      ws_.read(buffer, ec);
      if (ec == websocket::error::closed) return static_cast<int>(ws_.reason().code);
      if (ec) {
        // The close frame may have arrived although answering it failed (the server had
        // already dropped the connection): its code is what the server said.
        if (ws_.reason().code != websocket::close_code::none)
          return static_cast<int>(ws_.reason().code);
        last_error = ec.message();
        return 0;
      }
    }
  }

  // A push, waiting at most `within` for the next frame if none has come yet: a push that
  // never comes fails the test with a message instead of hanging it until ctest's timeout.
  boost::json::object next_push(std::chrono::milliseconds within = std::chrono::seconds(10)) {
    if (pushes.empty()) {
      auto frame = read_within(within);
      if (!frame.contains("push")) throw std::runtime_error("expected a push");
      return frame;
    }
    auto p = pushes.front();
    pushes.pop_front();
    return p;
  }

  // The next frame, or std::runtime_error if none arrives in time (the stream is then no
  // longer usable: the read was cancelled).
  boost::json::object read_within(std::chrono::milliseconds within) {
    beast::flat_buffer buffer;
    beast::error_code result = net::error::would_block;
    ws_.async_read(buffer, [&](beast::error_code ec, size_t) { result = ec; });
    ioc_.restart();
    ioc_.run_for(within);
    if (result == net::error::would_block) {
      ws_.next_layer().cancel();
      ioc_.restart();
      ioc_.run();
      throw std::runtime_error("no frame within " + std::to_string(within.count()) + " ms");
    }
    if (result) throw beast::system_error(result);
    return parsed(buffer);
  }

  std::deque<boost::json::object> pushes;
  std::string last_error;  // why read_until_closed() saw no close frame
  websocket::stream<tcp::socket>& stream() { return ws_; }

 private:
  static boost::json::object parsed(const beast::flat_buffer& frame) {
    return boost::json::parse(beast::buffers_to_string(frame.data())).as_object();
  }

  net::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
  uint64_t next_id_ = 0;
};

// One GET over a fresh connection: the body, and the status in `status`.
inline std::string http_get(uint16_t port, const std::string& target, int* status = nullptr) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::resolver resolver(ioc);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  beast::http::request<beast::http::empty_body> req{beast::http::verb::get, target, 11};
  req.set(beast::http::field::host, "127.0.0.1");
  beast::http::write(stream, req);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> res;
  beast::http::read(stream, buffer, res);
  if (status) *status = static_cast<int>(res.result_int());
  return res.body();
}

inline std::string code_of(const boost::json::object& reply) {
  if (reply.at("ok").as_bool()) return "ok";
  return std::string(reply.at("error").at("code").as_string());
}

}  // namespace reel::testing
