#include "tools/reel-load/load_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <unistd.h>

namespace reel::load {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using clock_type = std::chrono::steady_clock;

// What every connection shares.
struct shared_run {
  load_options options;
  unsigned run_number = 0;
  std::atomic<unsigned> ready{0};
  std::atomic<unsigned> failed{0};
  std::atomic<bool> measuring{false};
  std::atomic<bool> stopping{false};
  std::mutex mu;
  latency_histogram latency;
  uint64_t requests = 0, errors = 0;
  std::map<std::string, uint64_t> codes;
  std::map<std::string, uint64_t> acknowledged_views;
  std::string first_error;
};

class connection : public std::enable_shared_from_this<connection> {
 public:
  connection(net::io_context& ioc, shared_run& run, unsigned index)
      : ws_(net::make_strand(ioc)),
        timer_(ws_.get_executor()),
        run_(run),
        index_(index),
        rng_(index) {}

  ~connection() {
    std::lock_guard lock(run_.mu);
    run_.latency.merge(latency_);
    run_.requests += requests_;
    run_.errors += errors_;
    for (const auto& [code, n] : codes_) run_.codes[code] += n;
    if (views_acked_ > 0) run_.acknowledged_views[video_] += views_acked_;
  }

  void start(const tcp::resolver::results_type& endpoints) {
    beast::get_lowest_layer(ws_).async_connect(
        endpoints, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
          if (ec) return self->fail("connect: " + ec.message());
          beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true));
          beast::get_lowest_layer(self->ws_).expires_never();
          self->ws_.async_handshake(self->run_.options.host, "/", [self](beast::error_code ec) {
            if (ec) return self->fail("handshake: " + ec.message());
            self->setup();
          });
        });
  }

 private:
  bool reel() const { return run_.options.scenario != scenario::echo; }
  bool needs_user() const {
    auto s = run_.options.scenario;
    return s == scenario::read || s == scenario::write || s == scenario::mix;
  }

  void fail(const std::string& why) {
    run_.failed.fetch_add(1);
    std::lock_guard lock(run_.mu);
    if (run_.first_error.empty()) run_.first_error = why;
  }

  // Reel scenarios that touch users and videos register one user and publish one video.
  void setup() {
    if (!needs_user()) return became_ready();
    // Unique per run of this process and per connection: 3 to 24 of a-z 0-9 _ .
    auto handle = "l" + std::to_string(run_.run_number) + "_" + std::to_string(index_) + "_" +
                  std::to_string(::getpid() % 100000);
    exchange(
        R"({"id":"setup-1","op":"auth.register","args":{"handle":")" + handle +
            R"(","birthdate":"1990-01-01"}})",
        [self = shared_from_this()](const boost::json::object& reply) {
          if (!reply.at("ok").as_bool())
            return self->fail("register: " + boost::json::serialize(reply));
          self->user_ = std::string(reply.at("result").at("user_id").as_string());
          self->exchange(
              R"({"id":"setup-2","op":"video.publish","args":{"title":"load","topics":["load"],"duration_ms":20000}})",
              [self](const boost::json::object& reply) {
                if (!reply.at("ok").as_bool())
                  return self->fail("publish: " + boost::json::serialize(reply));
                self->video_ = std::string(reply.at("result").at("video_id").as_string());
                self->became_ready();
              });
        });
  }

  template <class Then>
  void exchange(std::string frame, Then then) {
    out_ = std::move(frame);
    ws_.async_write(
        net::buffer(out_), [self = shared_from_this(), then](beast::error_code ec, size_t) mutable {
          if (ec) return self->fail("setup write: " + ec.message());
          self->ws_.async_read(self->in_, [self, then](beast::error_code ec, size_t) mutable {
            if (ec) return self->fail("setup read: " + ec.message());
            auto reply = boost::json::parse(beast::buffers_to_string(self->in_.data())).as_object();
            self->in_.consume(self->in_.size());
            then(reply);
          });
        });
  }

  void became_ready() {
    run_.ready.fetch_add(1);
    next_send_ = clock_type::now();
    send_next();
  }

  std::string next_request() {
    auto id = std::to_string(++seq_);
    switch (run_.options.scenario) {
      case scenario::echo:
      case scenario::ping:
        return R"({"id":)" + id + R"(,"op":"ping"})";
      case scenario::read:
        if (seq_ % 2)
          return R"({"id":)" + id + R"(,"op":"user.get","args":{"user_id":")" + user_ + R"("}})";
        return R"({"id":)" + id + R"(,"op":"video.get","args":{"video_id":")" + video_ + R"("}})";
      case scenario::write:
        if (seq_ % 4)
          return R"({"id":)" + id + R"(,"op":"video.view","args":{"video_id":")" + video_ +
                 R"(","watch_ms":5000}})";
        return R"({"id":)" + id + R"(,"op":"video.like","args":{"video_id":")" + video_ + R"("}})";
      case scenario::mix: {
        auto roll = rng_() % 100;
        if (roll < 40)
          return R"({"id":)" + id + R"(,"op":"user.get","args":{"user_id":")" + user_ + R"("}})";
        if (roll < 80)
          return R"({"id":)" + id + R"(,"op":"video.get","args":{"video_id":")" + video_ + R"("}})";
        if (roll < 95)
          return R"({"id":)" + id + R"(,"op":"video.view","args":{"video_id":")" + video_ +
                 R"(","watch_ms":5000}})";
        return R"({"id":)" + id + R"(,"op":"video.like","args":{"video_id":")" + video_ + R"("}})";
      }
    }
    return {};
  }

  void send_next() {
    if (run_.stopping.load()) return;
    auto& o = run_.options;
    if (o.rate > 0) {
      // Open loop: each connection sends at rate / connections, whatever the replies do.
      next_send_ += std::chrono::duration_cast<clock_type::duration>(
          std::chrono::duration<double>(static_cast<double>(o.connections) / o.rate));
      if (next_send_ > clock_type::now()) {
        timer_.expires_at(next_send_);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
          if (!ec) self->write_request();
        });
        return;
      }
    }
    write_request();
  }

  void write_request() {
    out_ = next_request();
    sending_view_ = out_.find(R"("op":"video.view")") != std::string::npos;
    sent_at_ = clock_type::now();
    ws_.async_write(net::buffer(out_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;
      self->ws_.async_read(self->in_, [self](beast::error_code ec, size_t) {
        if (ec) return;
        self->on_reply();
      });
    });
  }

  void on_reply() {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - sent_at_).count();
    bool ok = beast::buffers_to_string(in_.data()).find("\"ok\":true") != std::string::npos;
    if (sending_view_ && ok) ++views_acked_;
    if (run_.measuring.load()) {
      latency_.record(static_cast<uint64_t>(micros));
      ++requests_;
      if (reel()) {
        if (!ok) {
          ++errors_;
          try {
            auto reply = boost::json::parse(beast::buffers_to_string(in_.data())).as_object();
            ++codes_[std::string(reply.at("error").at("code").as_string())];
          } catch (const std::exception&) {
            ++codes_["unreadable"];
          }
        }
      }
    }
    in_.consume(in_.size());
    send_next();
  }

  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer timer_;
  shared_run& run_;
  unsigned index_;
  std::minstd_rand rng_;
  beast::flat_buffer in_;
  std::string out_;
  std::string user_, video_;
  uint64_t seq_ = 0;
  clock_type::time_point sent_at_, next_send_;
  latency_histogram latency_;
  uint64_t requests_ = 0, errors_ = 0;
  std::map<std::string, uint64_t> codes_;
  bool sending_view_ = false;
  uint64_t views_acked_ = 0;
};

}  // namespace

load_result run_load(const load_options& options) {
  static std::atomic<unsigned> runs{0};
  shared_run run;
  run.options = options;
  run.run_number = runs.fetch_add(1);
  load_result result;
  {
    net::io_context ioc;  // destroyed last in this block: connections fold their counts first
    tcp::resolver resolver(ioc);
    auto endpoints = resolver.resolve(options.host, std::to_string(options.port));
    std::vector<std::shared_ptr<connection>> connections;
    for (unsigned i = 0; i < options.connections; ++i) {
      connections.push_back(std::make_shared<connection>(ioc, run, i));
      connections.back()->start(endpoints);
    }
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < std::max(1u, options.threads); ++t)
      threads.emplace_back([&] { ioc.run(); });
    auto deadline = clock_type::now() + std::chrono::seconds(120);
    while (run.ready.load() + run.failed.load() < options.connections &&
           clock_type::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (run.failed.load() > 0 || run.ready.load() < options.connections) {
      result.setup_error =
          run.first_error.empty() ? "connections did not get ready in time" : run.first_error;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));  // warm up
      auto start = clock_type::now();
      run.measuring.store(true);
      std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));
      run.measuring.store(false);
      result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    }
    run.stopping.store(true);
    ioc.stop();
    for (auto& t : threads) t.join();
    connections.clear();  // each folds its counts into `run`
  }
  result.requests = run.requests;
  result.errors = run.errors;
  result.latency = run.latency;
  result.error_codes = run.codes;
  result.acknowledged_views = run.acknowledged_views;
  return result;
}

}  // namespace reel::load
