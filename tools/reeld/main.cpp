// reeld: the reel server. Opens the event store, starts the actors and the gateway, and
// serves until SIGTERM or SIGINT, then shuts down gracefully (docs/operations.md).
// Exit codes: 0 stopped cleanly, 1 unexpected error, 2 bad usage, 3 storage error, 4 cannot listen,
// 5 the operator account could not be set up.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <caf/all.hpp>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>

#include "gateway/access_tokens.h"
#include "gateway/ops/module_ops.h"
#include "gateway/server.h"
#include "storage/rocksdb_event_store.h"
#include "tools/reeld/fd_limit.h"
#include "tools/support/module_list.h"

namespace {

using namespace reel;
namespace fs = std::filesystem;

struct bootstrap_failed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Writes a secret file (0600) whole or not at all.
void write_secret(const fs::path& path, const std::string& text) {
  auto temp = path;
  temp += ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw bootstrap_failed("cannot write " + temp.string());
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::fsync(fd) == 0 && written;
  ::close(fd);
  if (!written) throw bootstrap_failed("cannot write " + temp.string());
  fs::rename(temp, path);
}

template <class T>
T must(actors::outcome<T> r, const char* what) {
  if (!r.ok())
    throw bootstrap_failed(std::string(what) + ": " + std::string(code_name(r.error().code)) +
                           ": " + r.error().message);
  return std::move(r.value());
}

// On first start: an operator account, its account key written to <data>/operator.token
// (0600). With `rotate`, an existing operator's key is replaced and the file rewritten.
void ensure_operator(actors::accounts_module& api, const fs::path& data, bool rotate) {
  auto path = data / "operator.token";
  auto key = gateway::mint_token(gateway::token_kind::account_key);
  if (fs::exists(path)) {
    if (!rotate) return;
    std::ifstream in(path);
    std::string old;
    std::getline(in, old);
    auto session = gateway::mint_token(gateway::token_kind::session_token);
    auto grant = must(actors::await<actors::login_grant>([&](auto reply) {
                        api.login(gateway::token_sha256(old), session.sha256_hex, reply);
                      }),
                      "logging in with the operator token");
    auto user = grant.profile.user_id;
    actors::caller self{user, "rotate-operator-" + key.sha256_hex.substr(0, 16), "reeld"};
    must(actors::await<actors::done>(
             [&](auto reply) { api.rotate_key(self, key.sha256_hex, reply); }),
         "rotating the operator token");
    write_secret(path, key.token + "\n");
    spdlog::info("reeld: the operator token of {} was replaced; the new one is in {}", user,
                 path.string());
    return;
  }
  auto session = gateway::mint_token(gateway::token_kind::session_token);
  auto reg = must(actors::await<actors::registered>([&](auto reply) {
                    api.register_user_by_system(
                        {"", "bootstrap-operator", "reeld"},
                        {"operator", "1970-01-01", key.sha256_hex, session.sha256_hex, ""}, reply);
                  }),
                  "registering the operator");
  auto granted = actors::await<actors::done>(
      [&](auto reply) { api.grant_role_by_system(reg.user_id, events::ROLE_OPERATOR, reply); });
  if (!granted.ok() && !(granted.error().code == errc::already_has_role))
    must(std::move(granted), "granting the operator role");
  write_secret(path, key.token + "\n");
  spdlog::info("reeld: operator account {} created; its token is in {}", reg.user_id,
               path.string());
}

// "90s", "45m", "12h", "30d" (a bare number is seconds); nullopt for anything else.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) || n > 1'000'000'000)
    return std::nullopt;
  auto unit = text.substr(used);
  int64_t seconds = 0;
  if (unit.empty() || unit == "s")
    seconds = 1;
  else if (unit == "m")
    seconds = 60;
  else if (unit == "h")
    seconds = 3600;
  else if (unit == "d")
    seconds = 86400;
  else
    return std::nullopt;
  return std::chrono::milliseconds(static_cast<int64_t>(n) * seconds * 1000);
}

bool parse_listen(const std::string& text, std::string& address, uint16_t& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  try {
    size_t used = 0;
    auto number = std::stoul(text.substr(colon + 1), &used);
    if (number > 65535 || used != text.size() - colon - 1) return false;
    address = text.substr(0, colon);
    port = static_cast<uint16_t>(number);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reeld: the reel server"};
  std::string data = "./data";
  std::string listen = "127.0.0.1:8080";
  std::string admin_listen;
  std::string log_level = "info";
  gateway::gateway_options gw;
  unsigned idle_s = 300;
  actors::node_options node_options;
  tools::module_options module_options;
  app.add_option("--data", data, "folder of the RocksDB database")->envname("REEL_DATA");
  app.add_option("--listen", listen, "address:port for WebSocket and HTTP")->envname("REEL_LISTEN");
  app.add_option("--admin-listen", admin_listen,
                 "address:port serving only /healthz and /metrics (then not /metrics on --listen)")
      ->envname("REEL_ADMIN_LISTEN");
  app.add_option("--threads", gw.threads, "gateway io threads")
      ->envname("REEL_THREADS")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--max-connections", gw.max_connections,
                 "TCP connections at most (WebSocket, HTTP, half-open)")
      ->envname("REEL_MAX_CONNECTIONS")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  app.add_option("--max-connections-per-ip", gw.max_connections_per_ip,
                 "TCP connections from one address at most")
      ->envname("REEL_MAX_CONNECTIONS_PER_IP")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  app.add_option("--max-sessions-per-user", gw.max_sessions_per_user,
                 "logged-in sessions of one account at most")
      ->envname("REEL_MAX_SESSIONS_PER_USER")
      ->check(CLI::Range(size_t{1}, size_t{10000}));
  app.add_option("--registrations-per-ip", gw.registrations_per_ip_per_hour,
                 "sign-ups per hour from one address (bursts of --registration-burst; 0: no limit)")
      ->envname("REEL_REGISTRATIONS_PER_IP")
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--registration-burst", gw.registration_burst, "sign-ups at once from one address")
      ->envname("REEL_REGISTRATION_BURST")
      ->check(CLI::Range(1.0, 1e6));
  app.add_flag("--limit-loopback-registrations", gw.limit_loopback_registrations,
               "apply --registrations-per-ip to loopback addresses too")
      ->envname("REEL_LIMIT_LOOPBACK_REGISTRATIONS");
  unsigned login_s = static_cast<unsigned>(gw.login_timeout.count());
  app.add_option("--login-timeout", login_s, "seconds a new connection has to log in or sign up")
      ->envname("REEL_LOGIN_TIMEOUT")
      ->check(CLI::Range(1u, 3600u));
  app.add_option("--max-outbound-bytes", gw.max_outbound_bytes,
                 "replies and pushes queued for one session, bytes")
      ->envname("REEL_MAX_OUTBOUND_BYTES")
      ->check(CLI::Range(size_t{64} << 10, size_t{1} << 30));
  app.add_option("--max-queued-pushes", gw.max_queued_pushes,
                 "pushes queued for one session before the oldest is dropped")
      ->envname("REEL_MAX_QUEUED_PUSHES")
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  unsigned write_s = static_cast<unsigned>(gw.write_timeout.count());
  app.add_option("--write-timeout", write_s,
                 "seconds a write to a client may take before the connection is dropped")
      ->envname("REEL_WRITE_TIMEOUT")
      ->check(CLI::Range(1u, 3600u));
  app.add_option("--read-message-max", gw.read_message_max, "largest inbound frame, bytes")
      ->envname("REEL_READ_MESSAGE_MAX")
      ->check(CLI::Range(size_t{256}, size_t{16} << 20));
  app.add_option("--rate", gw.rate_per_s, "requests per second per connection")
      ->envname("REEL_RATE")
      ->check(CLI::Range(0.1, 1e6));
  app.add_option("--burst", gw.burst, "request burst per connection")
      ->envname("REEL_BURST")
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--idle-timeout", idle_s, "seconds without traffic before a session closes")
      ->envname("REEL_IDLE_TIMEOUT")
      ->check(CLI::Range(1u, 86400u));
  app.add_option("--backup-dir", module_options.backup_dir,
                 "folder for online backups (admin.backup); none without it")
      ->envname("REEL_BACKUP_DIR");
  app.add_option("--fresh-share", module_options.feeds.fresh_share,
                 "share of For You slots for fresh videos")
      ->envname("REEL_FRESH_SHARE")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--fresh-audience", module_options.feeds.fresh_audience,
                 "viewers a new video is shown to before it competes on quality")
      ->envname("REEL_FRESH_AUDIENCE")
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--video-rate", gw.video_requests_per_s,
                 "one viewer's requests per second on one video (view, like, share, ...); 0: none")
      ->envname("REEL_VIDEO_RATE")
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--video-burst", gw.video_request_burst,
                 "one viewer's requests at once on one video")
      ->envname("REEL_VIDEO_BURST")
      ->check(CLI::Range(1.0, 1e6));
  std::string token_ttl = "30d";
  app.add_option("--token-ttl", token_ttl,
                 "lifetime of session tokens: 90s, 45m, 12h, 30d (one minute to one year)")
      ->envname("REEL_TOKEN_TTL");
  bool rotate_operator_token = false;
  app.add_flag("--rotate-operator-token", rotate_operator_token,
               "replace the operator's account key in <data>/operator.token, then serve");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->envname("REEL_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  try {
    app.parse(argc, argv);
    if (!parse_listen(listen, gw.address, gw.port))
      throw CLI::ValidationError("--listen", "expected address:port");
    if (!admin_listen.empty() && !parse_listen(admin_listen, gw.admin_address, gw.admin_port))
      throw CLI::ValidationError("--admin-listen", "expected address:port");
    auto ttl = parse_duration(token_ttl);
    if (!ttl || ttl->count() < domain::min_session_ttl_ms ||
        ttl->count() > domain::max_session_ttl_ms)
      throw CLI::ValidationError("--token-ttl", "expected 1m to 366d, e.g. 12h or 30d");
    module_options.accounts.session_token_ttl = *ttl;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  gw.idle_timeout = std::chrono::seconds(idle_s);
  gw.login_timeout = std::chrono::seconds(login_s);
  gw.write_timeout = std::chrono::seconds(write_s);
  spdlog::set_level(spdlog::level::from_str(log_level));

  // Signals are taken by sigwait() below: block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  actors::node_system_config config;
  caf::actor_system system{config};
  try {
    fs::create_directories(data);
    storage::rocksdb_store_options options;
    options.path = data;
    // Idle sockets must never take the descriptors the store needs.
    auto fds = tools::raise_fd_limit();
    auto reserve = tools::store_fd_reserve(options.max_open_files) +
                   (gw.admin_address.empty() ? 0 : gw.max_admin_connections);
    auto fitting = tools::connections_that_fit(gw.max_connections, fds, reserve);
    if (fitting < gw.max_connections) {
      spdlog::warn("reeld: {} file descriptors allow {} connections, not {} (raise the hard limit)",
                   fds, fitting, gw.max_connections);
      gw.max_connections = fitting;
    }
    auto store = storage::rocksdb_event_store::open(options);
    spdlog::info("reeld: event store open at {} (global head {})", data, store->global_head());
    tools::running_node node(system, *store, node_options, module_options);
    auto& modules = node.modules();
    ensure_operator(modules.accounts, data, rotate_operator_token);
    // Every module's op rows, from the one module list.
    gateway::op_table ops;
    gateway::install_session_ops(ops);
    modules.each([&ops](auto& module) { gateway::install_ops(ops, module); });
    gateway::server server(gw, ops, modules.admin, modules.notifications);
    uint16_t port = 0;
    try {
      port = server.start();
    } catch (const std::exception& e) {
      spdlog::error("reeld: cannot listen on {}{}: {}", listen,
                    admin_listen.empty() ? "" : " and " + admin_listen, e.what());
      return 4;
    }
    spdlog::info("reeld: serving WebSocket and HTTP on {}:{}", gw.address, port);
    if (server.admin_port() != 0)
      spdlog::info("reeld: serving /healthz and /metrics on {}:{}", gw.admin_address,
                   server.admin_port());
    int signal = 0;
    sigwait(&stop_signals, &signal);
    spdlog::info("reeld: {} received; shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    server.stop();
    // A backup still being written answers a session: while the server (stopped, not yet
    // destroyed) can still take the answer.
    modules.admin.wait_for_backup();
    node.stop();
    spdlog::info("reeld: stopped; {} events durable in {}", store->global_head(), data);
  } catch (const storage::store_error& e) {
    spdlog::error("reeld: {}: {}", storage::code_name(e.code()), e.what());
    return 3;
  } catch (const bootstrap_failed& e) {
    spdlog::error("reeld: {}", e.what());
    return 5;
  } catch (const fs::filesystem_error& e) {
    spdlog::error("reeld: {}", e.what());
    return 3;
  } catch (const std::exception& e) {
    spdlog::error("reeld: unexpected: {}", e.what());
    return 1;
  }
  return 0;
}
