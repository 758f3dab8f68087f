#include "tools/reel-load/hostile_clients.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace reel::load {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

enum class kind { non_reader, junk, flooder, idle };

const char* name_of(kind k) {
  switch (k) {
    case kind::non_reader:
      return "non_reader";
    case kind::junk:
      return "junk";
    case kind::flooder:
      return "flooder";
    case kind::idle:
      return "idle";
  }
  return "?";
}

struct shared_state {
  hostile_options options;
  tcp::resolver::results_type endpoints;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::map<std::string, hostile_counts> counts;

  void count(kind k, uint64_t hostile_counts::*field, uint64_t n = 1) {
    std::lock_guard lock(mu);
    counts[name_of(k)].*field += n;
  }
};

// What junk clients send, in turn: each is refused with an error reply, except the last
// (larger than read_message_max), which closes the session with 1009.
std::vector<std::string> junk_frames() {
  return {"not json at all",
          R"({"id":1,"op":)",
          R"([1,2,3])",
          R"({"id":{"deep":[[[[[[[[[[1]]]]]]]]]]},"op":"ping"})",
          R"({"id":2,"op":")" + std::string(60000, 'x') + R"("})",
          R"({"id":3,"op":"user.get","args":{"user_id":"usr_)" + std::string(500, 'Z') + R"("}})",
          std::string(70 * 1024, '{')};
}

class client : public std::enable_shared_from_this<client> {
 public:
  client(net::io_context& ioc, shared_state& shared, kind k, unsigned index)
      : shared_(shared), kind_(k), index_(index), timer_(net::make_strand(ioc)) {}

  void start() { connect(); }

 private:
  void connect() {
    if (shared_.stopping.load()) return;
    shared_.count(kind_, &hostile_counts::connections);
    ws_ = std::make_unique<websocket::stream<beast::tcp_stream>>(timer_.get_executor());
    auto& tcp_layer = beast::get_lowest_layer(*ws_);
    if (kind_ == kind::non_reader) {
      // A small receive window, as a client bent on stalling reeld would set: the kernel
      // then absorbs a few KiB of replies, not megabytes, and reeld's own limits act.
      beast::error_code ignored;
      tcp_layer.socket().open(tcp::v4(), ignored);
      tcp_layer.socket().set_option(net::socket_base::receive_buffer_size(4096), ignored);
    }
    tcp_layer.expires_after(std::chrono::seconds(10));
    // One endpoint, not the range: connecting to a range reopens the socket and would
    // lose the receive window set above.
    tcp_layer.async_connect(shared_.endpoints.begin()->endpoint(),
                            [self = shared_from_this()](beast::error_code ec) {
                              if (ec) return self->reconnect_later();
                              self->connected();
                            });
  }

  void connected() {
    auto& tcp_layer = beast::get_lowest_layer(*ws_);
    if (kind_ == kind::idle) {
      // Never a byte: wait for reeld to give up on us (its first-request deadline).
      tcp_layer.expires_never();
      tcp_layer.async_read_some(
          net::buffer(byte_),
          [self = shared_from_this()](beast::error_code, size_t) { self->closed(); });
      return;
    }
    ws_->async_handshake(shared_.options.host, "/",
                         [self = shared_from_this()](beast::error_code ec) {
                           if (ec) return self->closed();
                           beast::get_lowest_layer(*self->ws_).expires_never();
                           if (self->kind_ == kind::junk) return self->send_junk();
                           self->log_in();
                         });
  }

  // Registers once, then logs in with the same token on every reconnect.
  void log_in() {
    std::string frame;
    if (token_.empty()) {
      auto handle = std::string("h") + name_of(kind_)[0] + std::to_string(index_) + "_" +
                    std::to_string(::getpid() % 100000);
      frame = R"({"id":"in","op":"auth.register","args":{"handle":")" + handle +
              R"(","birthdate":"1990-01-01"}})";
    } else {
      frame = R"({"id":"in","op":"auth.login","args":{"token":")" + token_ + R"("}})";
    }
    write(std::move(frame), [self = shared_from_this()] {
      self->read([self] {
        auto reply = boost::json::parse(beast::buffers_to_string(self->in_.data()));
        self->in_.consume(self->in_.size());
        auto& o = reply.as_object();
        if (!o.at("ok").as_bool()) return self->closed();
        if (self->token_.empty())
          self->token_ = std::string(o.at("result").at("token").as_string());
        if (self->kind_ == kind::flooder) return self->flood();
        self->video_.empty() ? self->publish_long_video() : self->send_without_reading();
      });
    });
  }

  // Once per account: a video whose description fills its 2,200 characters, so that each
  // video.get of it is a 2 KiB reply.
  void publish_long_video() {
    write(R"({"id":"pub","op":"video.publish","args":{"title":"long","topics":["soak"],)"
          R"("duration_ms":20000,"description":")" +
              std::string(2200, 'd') + R"("}})",
          [self = shared_from_this()] {
            self->read([self] {
              auto reply = boost::json::parse(beast::buffers_to_string(self->in_.data()));
              self->in_.consume(self->in_.size());
              auto& o = reply.as_object();
              if (!o.at("ok").as_bool()) return self->closed();
              self->video_ = std::string(o.at("result").at("video_id").as_string());
              self->send_without_reading();
            });
          });
  }

  // Requests with 2 KiB replies, paced under the rate limit so each is answered, and never
  // a read: reeld's budget for unsent replies (1 MiB) or its write timeout drops us.
  void send_without_reading() {
    auto frame = R"({"id":)" + std::to_string(++seq_) +
                 R"(,"op":"video.get","args":{"video_id":")" + video_ + R"("}})";
    write(std::move(frame), [self = shared_from_this()] {
      self->after(std::chrono::milliseconds(7), [self] { self->send_without_reading(); });
    });
  }

  // Pings at twice the rate limit, reading every reply (half of them rate_limited).
  void flood() {
    write(R"({"id":)" + std::to_string(++seq_) + R"(,"op":"ping"})", [self = shared_from_this()] {
      self->read([self] {
        self->in_.consume(self->in_.size());
        self->shared_.count(self->kind_, &hostile_counts::replies_read);
        self->after(std::chrono::microseconds(2500), [self] { self->flood(); });
      });
    });
  }

  void send_junk() {
    static const auto frames = junk_frames();
    const auto& frame = frames[seq_++ % frames.size()];
    ws_->binary(seq_ % 3 == 0);
    write(frame, [self = shared_from_this()] {
      self->read([self] {
        self->in_.consume(self->in_.size());
        self->shared_.count(self->kind_, &hostile_counts::replies_read);
        self->after(std::chrono::milliseconds(5), [self] { self->send_junk(); });
      });
    });
  }

  template <class Then>
  void write(std::string frame, Then then) {
    out_ = std::move(frame);
    ws_->async_write(net::buffer(out_),
                     [self = shared_from_this(), then](beast::error_code ec, size_t) mutable {
                       if (ec) return self->closed();
                       self->shared_.count(self->kind_, &hostile_counts::frames_sent);
                       then();
                     });
  }

  template <class Then>
  void read(Then then) {
    beast::get_lowest_layer(*ws_).expires_after(std::chrono::seconds(10));
    ws_->async_read(in_, [self = shared_from_this(), then](beast::error_code ec, size_t) mutable {
      if (ec) return self->closed();
      beast::get_lowest_layer(*self->ws_).expires_never();
      then();
    });
  }

  template <class Then>
  void after(std::chrono::steady_clock::duration wait, Then then) {
    if (shared_.stopping.load()) return;
    timer_.expires_after(wait);
    timer_.async_wait([then](beast::error_code ec) mutable {
      if (!ec) then();
    });
  }

  void closed() {
    shared_.count(kind_, &hostile_counts::closed_by_server);
    reconnect_later();
  }

  void reconnect_later() {
    in_.consume(in_.size());
    after(std::chrono::milliseconds(200), [self = shared_from_this()] { self->connect(); });
  }

  shared_state& shared_;
  kind kind_;
  unsigned index_;
  net::steady_timer timer_;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer in_;
  std::string out_;
  std::string token_;
  std::string video_;  // a non-reader's own long video
  uint64_t seq_ = 0;
  char byte_[1];
};

}  // namespace

struct hostile_clients::impl {
  net::io_context ioc;
  shared_state shared;
  std::vector<std::shared_ptr<client>> clients;
  std::vector<std::thread> threads;
  bool stopped = false;
};

hostile_clients::hostile_clients(hostile_options options) : impl_(std::make_unique<impl>()) {
  impl_->shared.options = options;
  tcp::resolver resolver(impl_->ioc);
  impl_->shared.endpoints = resolver.resolve(options.host, std::to_string(options.port));
  unsigned index = 0;
  for (auto [k, n] :
       {std::pair{kind::non_reader, options.non_readers}, std::pair{kind::junk, options.junk},
        std::pair{kind::flooder, options.flooders}, std::pair{kind::idle, options.idle}}) {
    for (unsigned i = 0; i < n; ++i) {
      impl_->clients.push_back(std::make_shared<client>(impl_->ioc, impl_->shared, k, index++));
      impl_->clients.back()->start();
    }
  }
  for (unsigned t = 0; t < std::max(1u, options.threads); ++t)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

hostile_clients::~hostile_clients() {
  stop();
}

void hostile_clients::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->shared.stopping.store(true);
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->clients.clear();
}

std::map<std::string, hostile_counts> hostile_clients::counts() const {
  std::lock_guard lock(impl_->shared.mu);
  return impl_->shared.counts;
}

}  // namespace reel::load
