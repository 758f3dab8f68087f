#include "tools/reel-load/echo_server.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <thread>
#include <vector>

namespace reel::load {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class echo_session : public std::enable_shared_from_this<echo_session> {
 public:
  explicit echo_session(tcp::socket&& socket) : ws_(std::move(socket)) {}
  void run() {
    ws_.async_accept(beast::bind_front_handler(&echo_session::on_read_ready, shared_from_this()));
  }

 private:
  void on_read_ready(beast::error_code ec) {
    if (ec) return;
    ws_.async_read(buffer_, beast::bind_front_handler(&echo_session::on_read, shared_from_this()));
  }
  void on_read(beast::error_code ec, size_t) {
    if (ec) return;
    ws_.text(ws_.got_text());
    ws_.async_write(buffer_.data(),
                    beast::bind_front_handler(&echo_session::on_write, shared_from_this()));
  }
  void on_write(beast::error_code ec, size_t) {
    if (ec) return;
    buffer_.consume(buffer_.size());
    on_read_ready({});
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

}  // namespace

struct echo_server::impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
  std::vector<std::thread> threads;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;
      socket.set_option(tcp::no_delay(true));
      std::make_shared<echo_session>(std::move(socket))->run();
      accept();
    });
  }
};

echo_server::echo_server(unsigned threads) : impl_(std::make_unique<impl>()) {
  impl_->accept();
  for (unsigned i = 0; i < std::max(1u, threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
}

echo_server::~echo_server() {
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
}

uint16_t echo_server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

}  // namespace reel::load
