// kill -9 at random moments: a child appends with sync on and reports each acknowledged
// append; after SIGKILL the reopened store must hold every acknowledged event, with a
// dense global log and no append partly visible. Repeated over several rounds on one
// database, some killed while the child is still opening (recovering) it.
#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <sstream>

#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

struct ack {
  uint64_t first_sequence, last_sequence;
  std::string stream;
  uint64_t first_version, last_version;
  std::string tag;
  size_t events;
};

// Runs the writer, kills it after `run_for`, returns every line it completed.
std::vector<ack> run_and_kill(const std::filesystem::path& db, int round,
                              std::chrono::milliseconds run_for, bool wait_until_ready) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    auto r = std::to_string(round);
    ::execl(REEL_CRASH_WRITER, REEL_CRASH_WRITER, db.c_str(), r.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string output;
  char buf[65536];
  auto read_some = [&](int timeout_ms) {
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    auto n = ::read(fds[0], buf, sizeof(buf));
    if (n <= 0) return false;
    output.append(buf, static_cast<size_t>(n));
    return true;
  };
  if (wait_until_ready) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (output.find("ready\n") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
      read_some(100);
    BOOST_REQUIRE_MESSAGE(output.find("ready\n") != std::string::npos,
                          "the crash writer did not start");
  }
  auto kill_at = std::chrono::steady_clock::now() + run_for;
  while (std::chrono::steady_clock::now() < kill_at) read_some(5);
  ::kill(pid, SIGKILL);
  while (read_some(1000)) {
  }  // lines written before the kill are acknowledged appends too
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_TEST_MESSAGE("round " << round << ": writer ended by signal "
                              << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
  BOOST_REQUIRE_MESSAGE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                        "the crash writer exited on its own (status " << status << ")");

  std::vector<ack> acks;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // a line cut by the kill has no newline
    if (!line.starts_with("ack ")) continue;
    std::istringstream fields(line.substr(4));
    ack a;
    fields >> a.first_sequence >> a.last_sequence >> a.stream >> a.first_version >>
        a.last_version >> a.tag >> a.events;
    BOOST_REQUIRE(!fields.fail());
    acks.push_back(a);
  }
  return acks;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash)

BOOST_AUTO_TEST_CASE(every_acknowledged_append_survives_sigkill) {
  temp_dir dir;
  auto db = dir.path() / "db";
  std::mt19937 rng(std::random_device{}());
  std::vector<ack> acknowledged;
  constexpr int rounds = 6;
  for (int round = 0; round < rounds; ++round) {
    bool during_open = round % 3 == 2;  // some kills land while the child opens and recovers
    auto run_for =
        std::chrono::milliseconds(during_open ? std::uniform_int_distribution<>(0, 20)(rng)
                                              : std::uniform_int_distribution<>(50, 400)(rng));
    auto acks = run_and_kill(db, round, run_for, !during_open);
    acknowledged.insert(acknowledged.end(), acks.begin(), acks.end());

    rocksdb_store_options options;
    options.path = db;
    auto store = rocksdb_event_store::open(options);
    uint64_t head = store->global_head();

    // Read the whole log: dense, ordered per stream, every append whole.
    std::map<uint64_t, events::EventRecord> log;
    std::map<std::string, uint64_t> stream_versions;
    std::map<std::string, size_t> group_sizes;  // tag -> events seen
    std::map<std::string, size_t> group_expected;
    auto cursor = store->read_log(1);
    events::EventRecord record;
    uint64_t expected = 1;
    while (cursor->next(record)) {
      const auto& env = record.envelope();
      BOOST_REQUIRE(env.sequence() == expected++);
      BOOST_REQUIRE(env.stream_version() == ++stream_versions[env.stream_id()]);
      auto tag = env.correlation_id().substr(0, env.correlation_id().find(':'));
      group_sizes[tag]++;
      group_expected[tag] =
          std::stoul(env.correlation_id().substr(env.correlation_id().find('/') + 1));
      log.emplace(env.sequence(), record);
    }
    BOOST_REQUIRE(expected - 1 == head);
    for (const auto& [tag, seen] : group_sizes) {
      BOOST_REQUIRE_MESSAGE(seen == group_expected[tag], "append " << tag << " is partly visible");
    }

    // Every acknowledged append of every round so far is there, where it was acknowledged.
    for (const auto& a : acknowledged) {
      BOOST_REQUIRE(a.last_sequence - a.first_sequence + 1 == a.events);
      for (uint64_t s = a.first_sequence; s <= a.last_sequence; ++s) {
        auto it = log.find(s);
        BOOST_REQUIRE_MESSAGE(it != log.end(), "acknowledged event " << s << " is lost");
        BOOST_REQUIRE(it->second.envelope().stream_id() == a.stream);
        BOOST_REQUIRE(it->second.envelope().stream_version() ==
                      a.first_version + (s - a.first_sequence));
        BOOST_REQUIRE(it->second.envelope().correlation_id().starts_with(a.tag + ":"));
      }
    }
    // The stream index was rebuilt where the crash left it behind: every stream reads whole.
    for (const auto& [stream, version] : stream_versions) {
      auto read = store->read_stream(stream, 1, SIZE_MAX);
      BOOST_REQUIRE_MESSAGE(read.size() == version, "stream " << stream << " reads " << read.size()
                                                              << " events, the log holds "
                                                              << version);
      BOOST_REQUIRE(store->stream_head(stream) == version);
    }
    // Retrying acknowledged appends commits nothing and answers as the first time.
    for (size_t i = acks.size() > 40 ? acks.size() - 40 : 0; i < acks.size(); ++i) {
      const auto& a = acks[i];
      append_request again;
      again.stream_id = a.stream;
      again.expected_version = a.first_version - 1;
      again.idempotency_key = a.tag;
      again.events.push_back(liked(a.stream, "usr_retry"));
      auto r = store->append(std::move(again));
      BOOST_REQUIRE(r.replayed);
      BOOST_REQUIRE(r.first_sequence == a.first_sequence);
      BOOST_REQUIRE(r.last_sequence == a.last_sequence);
    }
    BOOST_REQUIRE(store->global_head() == head);
    BOOST_TEST_MESSAGE("round " << round << ": " << acks.size()
                                << " acknowledged appends, log head " << head);
  }
  BOOST_TEST(acknowledged.size() > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
