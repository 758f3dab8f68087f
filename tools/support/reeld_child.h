// A reeld child process on a free port, for tests and reel-load soak: started with its
// log on a pipe, which is read until reeld says where it listens and drained after that
// (so reeld never blocks on a full pipe). kill_hard() is kill -9.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace reel::tools {

class reeld_child {
 public:
  // Runs `reeld --data <data> --listen 127.0.0.1:0 <extra...>`. Throws std::runtime_error
  // if it exits or closes its log before saying where it listens.
  reeld_child(const std::string& reeld, const std::string& data,
              const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{reeld, "--data", data, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("reeld_child: pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("reeld_child: fork failed");
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::close(out[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    log_ = ::fdopen(out[0], "r");
    std::regex serving(R"(serving WebSocket and HTTP on 127\.0\.0\.1:(\d+))");
    std::regex admin(R"(serving /healthz and /metrics on [^:]+:(\d+))");
    bool wants_admin = false;  // then the admin line follows the public one
    for (const auto& a : extra) wants_admin = wants_admin || a == "--admin-listen";
    char line[1024];
    std::string seen;
    while (std::fgets(line, sizeof line, log_)) {
      seen += line;
      std::cmatch m;
      if (std::regex_search(line, m, admin)) admin_port_ = static_cast<uint16_t>(std::stoi(m[1]));
      if (std::regex_search(line, m, serving)) port_ = static_cast<uint16_t>(std::stoi(m[1]));
      if (port_ != 0 && (!wants_admin || admin_port_ != 0)) break;
    }
    if (port_ == 0) {
      kill_hard();
      throw std::runtime_error("reeld did not start:\n" + seen);
    }
    drain_ = std::thread([f = log_] {
      char buffer[1024];
      while (std::fgets(buffer, sizeof buffer, f)) {
      }
    });
  }
  ~reeld_child() {
    if (pid_ > 0) kill_hard();
    if (drain_.joinable()) drain_.join();
    if (log_) std::fclose(log_);
  }
  reeld_child(const reeld_child&) = delete;
  reeld_child& operator=(const reeld_child&) = delete;

  uint16_t port() const { return port_; }
  uint16_t admin_port() const { return admin_port_; }  // 0 without --admin-listen
  pid_t pid() const { return pid_; }

  // Resident memory now, in KiB (VmRSS); 0 once it has exited.
  size_t rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string key;
    while (status >> key) {
      if (key == "VmRSS:") {
        size_t kib = 0;
        status >> kib;
        return kib;
      }
      status.ignore(1 << 16, '\n');
    }
    return 0;
  }

  void kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    wait();
  }
  // SIGTERM, then its exit code (-1 if it did not exit normally).
  int terminate() {
    ::kill(pid_, SIGTERM);
    return wait();
  }

 private:
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  uint16_t admin_port_ = 0;
  FILE* log_ = nullptr;
  std::thread drain_;
};

}  // namespace reel::tools
