// reelctl as operators run it: the real binary, its output and its exit codes (0 ok,
// 1 damaged data, 2 bad usage, 3 storage error), against a database this test also
// holds open, the way a running reeld would.
#define BOOST_TEST_MODULE reel tools
#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "domain/moderation/moderation_case.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"

using namespace reel;
using namespace reel::storage;
using namespace reel::testing;

namespace {

struct run_result {
  int exit_code = -1;
  std::string out, err;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs reelctl with `args`, its output captured in files (no pipe to fill up).
run_result reelctl(const temp_dir& scratch, std::vector<std::string> args) {
  auto out_path = scratch.path() / "reelctl.out";
  auto err_path = scratch.path() / "reelctl.err";
  std::vector<char*> argv{const_cast<char*>(REELCTL)};
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  BOOST_REQUIRE(out_fd >= 0 && err_fd >= 0);
  // Other threads (a store's) run in this process: the child only calls what is safe
  // after a fork, then execs.
  pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
    ::execv(REELCTL, argv.data());
    ::_exit(127);
  }
  ::close(out_fd);
  ::close(err_fd);
  int status = 0;
  BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
  run_result r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

size_t lines_in(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

void append_likes(event_store& store, const std::string& video, int count) {
  for (int i = 0; i < count; ++i)
    BOOST_REQUIRE(store.append(append_to(video, any_version, {liked(video, "usr_A")})).ok());
}

// Runs a case command against `state` and appends what it decided to the case's stream.
template <class Command>
void commit(event_store& store, domain::case_state& state, const Command& command) {
  auto d = decide(state, command);
  BOOST_REQUIRE(d.ok());
  if (d.events().empty()) return;
  std::vector<new_event> batch;
  for (const auto& e : d.events()) {
    domain::apply(state, e);
    batch.push_back({e, 0, "", "usr_00000000000M1"});
  }
  BOOST_REQUIRE(store.append(append_to(state.case_id, any_version, std::move(batch))).ok());
}

domain::file_report report_on(const std::string& video, const std::string& reporter,
                              events::ReportReason reason, uint32_t weight, int64_t now_ms) {
  domain::file_report r;
  r.case_id = "cas_" + video.substr(4);
  r.subject_id = r.video_id = video;
  r.kind = events::CASE_SUBJECT_KIND_VIDEO;
  r.owner_id = "usr_00000000000OW";
  r.reporter_id = reporter;
  r.reason = reason;
  r.weight_milli = weight;
  r.now_ms = now_ms;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reelctl_cli)

BOOST_AUTO_TEST_CASE(export_sor_writes_each_statement_of_reasons_of_the_period) {
  temp_dir scratch;
  auto db = scratch.path() / "db";
  const int64_t june_1 = 1780272000000LL;  // 2026-06-01T00:00:00Z
  const int64_t day = 24LL * 3600 * 1000;
  {
    auto store = open_rocksdb_store(db);
    // A video hidden by the report rule on 1 June, then removed by a moderator that day.
    domain::case_state hidden;
    commit(*store, hidden,
           report_on("vid_0000000000001", "usr_00000000000R1", events::REPORT_REASON_HATE, 6000,
                     june_1 + 3600000));
    commit(*store, hidden, domain::claim_case{"usr_00000000000M1", june_1 + 7200000});
    commit(*store, hidden,
           domain::decide_case{"usr_00000000000M1", events::CASE_DECISION_REMOVE,
                               events::REPORT_REASON_HATE, "slurs in the caption", "", 0,
                               june_1 + 7300000});
    // Another dismissed on 3 June.
    domain::case_state dismissed;
    commit(*store, dismissed,
           report_on("vid_0000000000002", "usr_00000000000R2", events::REPORT_REASON_SPAM, 500,
                     june_1 + 2 * day));
    commit(*store, dismissed, domain::claim_case{"usr_00000000000M1", june_1 + 2 * day + 1000});
    commit(*store, dismissed,
           domain::decide_case{"usr_00000000000M1", events::CASE_DECISION_NO_VIOLATION,
                               events::REPORT_REASON_SPAM, "not spam", "", 0,
                               june_1 + 2 * day + 2000});
  }
  auto first_day = reelctl(scratch, {"--data", db.string(), "moderation", "export-sor", "--from",
                                     "2026-06-01", "--to", "2026-06-01"});
  BOOST_TEST(first_day.exit_code == 0, first_day.err);
  BOOST_TEST(lines_in(first_day.out) == 2u);  // the automatic hide and the removal
  auto first = first_day.out.substr(0, first_day.out.find('\n'));
  BOOST_TEST(first.find("\"automated_detection\":\"Yes\"") != std::string::npos, first);
  BOOST_TEST(first.find("\"decision_visibility\":[\"DECISION_VISIBILITY_CONTENT_DISABLED\"]") !=
                 std::string::npos,
             first);
  BOOST_TEST(first.find("\"puid\":\"cas_0000000000001/1\"") != std::string::npos, first);
  BOOST_TEST(first.find("\"application_date\":\"2026-06-01\"") != std::string::npos, first);
  BOOST_TEST(first_day.out.find("\"automated_decision\":\"AUTOMATED_DECISION_NOT_AUTOMATED\"") !=
             std::string::npos);
  BOOST_TEST(first_day.out.find("slurs in the caption") != std::string::npos);
  auto three_days = reelctl(scratch, {"--data", db.string(), "moderation", "export-sor", "--from",
                                      "2026-06-01", "--to", "2026-06-03"});
  BOOST_TEST(three_days.exit_code == 0);
  BOOST_TEST(lines_in(three_days.out) == 3u);
  BOOST_TEST(three_days.out.find("\"decision\":\"dismiss\"") != std::string::npos);
  // Dates that are not dates, or the wrong way round: usage errors, nothing written.
  for (auto args :
       std::vector<std::vector<std::string>>{{"--from", "June", "--to", "2026-06-03"},
                                             {"--from", "2026-06-03", "--to", "2026-06-01"}}) {
    std::vector<std::string> full{"--data", db.string(), "moderation", "export-sor"};
    full.insert(full.end(), args.begin(), args.end());
    auto bad = reelctl(scratch, full);
    BOOST_TEST(bad.exit_code == 2);
    BOOST_TEST(bad.out.empty());
    BOOST_TEST(!bad.err.empty());
  }
}

BOOST_AUTO_TEST_CASE(wrong_usage_exits_2_with_a_message_and_touches_nothing) {
  temp_dir scratch;
  auto db = (scratch.path() / "db").string();
  {
    auto store = open_rocksdb_store(db);
    append_likes(*store, "vid_A", 2);
  }
  auto missing = reelctl(scratch, {"--data", (scratch.path() / "nothing").string(), "head"});
  BOOST_TEST(missing.exit_code == 2);
  BOOST_TEST(missing.err.find("no reel database at") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(scratch.path() / "nothing"));  // nothing was created

  auto from_zero = reelctl(scratch, {"--data", db, "events", "--from", "0"});
  BOOST_TEST(from_zero.exit_code == 2);
  BOOST_TEST(from_zero.err.find("start at 1") != std::string::npos);

  auto bad_stream = reelctl(scratch, {"--data", db, "stream", "vid A"});
  BOOST_TEST(bad_stream.exit_code == 2);
  BOOST_TEST(bad_stream.err.find("stream id has a space") != std::string::npos);

  BOOST_TEST(reelctl(scratch, {"--data", db}).exit_code == 2);  // no command
  BOOST_TEST(reelctl(scratch, {"--data", db, "events", "--limit", "x"}).exit_code == 2);
  auto existing = reelctl(scratch, {"--data", db, "backup", db});
  BOOST_TEST(existing.exit_code == 2);
  BOOST_TEST(existing.err.find("already exists") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_a_database_a_running_node_has_open) {
  temp_dir scratch;
  auto db = scratch.path() / "db";
  {
    auto store = open_rocksdb_store(db);
    append_likes(*store, "vid_A", 3);
  }
  auto node = open_rocksdb_store(db);  // stays open, as reeld would; its newest index is unflushed
  append_likes(*node, "vid_A", 2);
  append_likes(*node, "vid_B", 1);

  auto head = reelctl(scratch, {"--data", db.string(), "head"});
  BOOST_TEST(head.exit_code == 0);
  BOOST_TEST(head.out == "{\"global_head\":6}\n");

  auto stream = reelctl(scratch, {"--data", db.string(), "stream", "vid_A"});
  BOOST_TEST(stream.exit_code == 0);
  BOOST_TEST(lines_in(stream.out) == 5u);
  BOOST_TEST(stream.out.find("\"stream_version\":\"5\"") != std::string::npos);

  auto page =
      reelctl(scratch, {"--data", db.string(), "stream", "vid_A", "--from", "4", "--limit", "1"});
  BOOST_TEST(lines_in(page.out) == 1u);
  BOOST_TEST(page.out.find("\"sequence\":\"4\"") != std::string::npos);

  auto events = reelctl(scratch, {"--data", db.string(), "events", "--from", "6"});
  BOOST_TEST(events.exit_code == 0);
  BOOST_TEST(lines_in(events.out) == 1u);
  BOOST_TEST(events.out.find("\"stream_id\":\"vid_B\"") != std::string::npos);

  auto verify = reelctl(scratch, {"--data", db.string(), "verify"});
  BOOST_TEST(verify.exit_code == 0);
  BOOST_TEST(verify.out == "{\"verified_events\":6,\"global_head\":6}\n");

  // A backup needs the database to itself: refused while the node has it open.
  auto busy =
      reelctl(scratch, {"--data", db.string(), "backup", (scratch.path() / "copy").string()});
  BOOST_TEST(busy.exit_code == 3);
  BOOST_TEST(busy.err.find("storage_failure") != std::string::npos);
  BOOST_TEST(!std::filesystem::exists(scratch.path() / "copy"));
}

BOOST_AUTO_TEST_CASE(verify_exits_1_naming_the_first_damaged_event) {
  temp_dir scratch;
  auto db = scratch.path() / "db";
  {
    auto store = open_rocksdb_store(db);
    append_likes(*store, "vid_A", 5);
  }
  raw_db(db).damage_record(3);
  auto verify = reelctl(scratch, {"--data", db.string(), "verify"});
  BOOST_TEST(verify.exit_code == 1);
  BOOST_TEST(verify.err.find("event 3") != std::string::npos);
  BOOST_TEST(verify.err.find("after 2 good events") != std::string::npos);
  // The records after it still read, for salvage.
  auto rest = reelctl(scratch, {"--data", db.string(), "events", "--from", "4"});
  BOOST_TEST(rest.exit_code == 0);
  BOOST_TEST(lines_in(rest.out) == 2u);
}

BOOST_AUTO_TEST_CASE(a_backup_of_a_stopped_node_verifies_and_opens_with_every_event) {
  temp_dir scratch;
  auto db = scratch.path() / "db";
  auto copy = scratch.path() / "copy";
  {
    auto store = open_rocksdb_store(db);
    append_likes(*store, "vid_A", 4);
  }
  auto backup = reelctl(scratch, {"--data", db.string(), "backup", copy.string()});
  BOOST_TEST(backup.exit_code == 0);
  BOOST_TEST(backup.out.find("\"global_head\":4") != std::string::npos);
  auto verify = reelctl(scratch, {"--data", copy.string(), "verify"});
  BOOST_TEST(verify.exit_code == 0);
  BOOST_TEST(verify.out == "{\"verified_events\":4,\"global_head\":4}\n");
  auto restored = open_rocksdb_store(copy);
  BOOST_TEST(restored->stream_head("vid_A") == 4u);
  BOOST_TEST(restored->append(append_to("vid_A", 4, {liked("vid_A", "usr_B")})).ok());
}

BOOST_AUTO_TEST_SUITE_END()
