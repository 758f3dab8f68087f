// reelctl: the operators' and auditors' tool. Reads a reel database directly, also while
// reeld runs (as a RocksDB secondary instance), and never writes to it except `backup`,
// which needs the database to itself.
//
// Exit codes: 0 ok, 1 the data is damaged (verify), 2 bad usage, 3 storage error.
#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unordered_map>

#include "domain/calendar.h"
#include "domain/error_codes.h"
#include "domain/event_schema.h"
#include "domain/moderation/moderation_case.h"
#include "storage/rocksdb_event_store.h"

namespace {

using namespace reel;
using storage::rocksdb_event_store;

std::unique_ptr<rocksdb_event_store> open_read_only(const std::string& data) {
  if (!std::filesystem::exists(std::filesystem::path(data) / "CURRENT")) {
    throw storage::store_error(storage::store_errc::invalid_argument,
                               "no reel database at " + data);
  }
  storage::rocksdb_store_options options;
  options.path = data;
  options.read_only = true;
  return rocksdb_event_store::open(options);
}

int print_events(const std::string& data, uint64_t from, uint64_t limit) {
  auto store = open_read_only(data);
  auto cursor = store->read_log(from);
  events::EventRecord record;
  for (uint64_t n = 0; (limit == 0 || n < limit) && cursor->next(record); ++n) {
    std::cout << to_json(record) << '\n';
  }
  return 0;
}

int print_stream(const std::string& data, const std::string& stream, uint64_t from,
                 uint64_t limit) {
  storage::require_valid(storage::check_stream_id(stream));  // before touching the database
  auto store = open_read_only(data);
  for (const auto& record : store->read_stream(stream, from, limit == 0 ? SIZE_MAX : limit)) {
    std::cout << to_json(record) << '\n';
  }
  return 0;
}

int print_head(const std::string& data) {
  auto store = open_read_only(data);
  std::cout << "{\"global_head\":" << store->global_head() << "}\n";
  return 0;
}

int verify(const std::string& data) {
  auto store = open_read_only(data);
  auto cursor = store->read_log(1);
  events::EventRecord record;
  uint64_t count = 0;
  try {
    while (cursor->next(record)) ++count;
  } catch (const storage::store_error& e) {
    std::cerr << "reelctl verify: " << storage::code_name(e.code()) << ": " << e.what()
              << " (after " << count << " good events)\n";
    return 1;
  }
  std::cout << "{\"verified_events\":" << count << ",\"global_head\":" << store->global_head()
            << "}\n";
  return 0;
}

int backup(const std::string& data, const std::string& target) {
  if (std::filesystem::exists(target)) {
    std::cerr << "reelctl backup: " << target << " already exists\n";
    return 2;
  }
  storage::rocksdb_store_options options;
  options.path = data;
  auto store = rocksdb_event_store::open(options);
  store->backup_to(target);
  std::cout << "{\"backup\":\"" << target << "\",\"global_head\":" << store->global_head() << "}\n";
  return 0;
}

int64_t unix_ms_of(const domain::civil_date& d) {
  using namespace std::chrono;
  sys_days day{year{d.year} / month{static_cast<unsigned>(d.month)} /
               std::chrono::day{static_cast<unsigned>(d.day)}};
  return duration_cast<milliseconds>(day.time_since_epoch()).count();
}

// One statement of reasons as a JSON line, with the field names of the DSA transparency
// database (and reel's own, for tracing it back to the log).
boost::json::object sor_json(const domain::case_state& c, size_t index,
                             const domain::statement_of_reasons& s) {
  bool illegal = s.decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT";
  boost::json::object o{
      {"puid", c.case_id + "/" + std::to_string(index + 1)},
      {"decision_visibility", boost::json::array{s.decision_visibility}},
      {"decision_ground", s.decision_ground},
      {"category", s.category},
      {"content_type", boost::json::array{s.content_type}},
      {"automated_detection", s.automated_detection ? "Yes" : "No"},
      {"automated_decision", s.automated_decision},
      {"source_type", s.source_type},
      {"application_date", domain::date_of_unix_ms(s.decided_at_ms).str()},
      {"decision_facts", s.facts},
      {illegal ? "illegal_content_legal_ground" : "incompatible_content_ground", s.policy},
      {"case_id", c.case_id},
      {"subject_id", c.subject_id},
      {"decision", s.decision},
      {"decided_at", domain::rfc3339_of_unix_ms(s.decided_at_ms)},
      {"rule_version", s.rule_version},
      {"how_to_appeal", s.how_to_appeal}};
  if (s.appeal_until_ms > 0) o["appeal_until"] = domain::rfc3339_of_unix_ms(s.appeal_until_ms);
  return o;
}

// Folds every case from the log and writes the statement of each decision (automatic
// actions included) made in [from, to] (UTC days, both whole), in log order.
int export_statements(const std::string& data, const std::string& from_text,
                      const std::string& to_text) {
  auto from = domain::parse_date(from_text), to = domain::parse_date(to_text);
  if (!from || !to) {
    std::cerr << "reelctl moderation export-sor: --from and --to are dates, YYYY-MM-DD\n";
    return 2;
  }
  if (*to < *from) {
    std::cerr << "reelctl moderation export-sor: --to is before --from\n";
    return 2;
  }
  int64_t begin_ms = unix_ms_of(*from), end_ms = unix_ms_of(*to) + 24LL * 3600 * 1000;
  auto store = open_read_only(data);
  auto cursor = store->read_log(1);
  events::EventRecord record;
  std::unordered_map<std::string, domain::case_state> cases;
  std::unordered_map<std::string, size_t> decisions_made;  // the case's decisions so far
  uint64_t written = 0;
  while (cursor->next(record)) {
    const auto& e = record.event();
    const auto& id = domain::case_of(e);
    if (id.empty()) continue;
    auto& c = cases[id];
    domain::apply(c, e);
    if (!e.has_moderation_case_decided() && !e.has_moderation_auto_acted()) continue;
    size_t index = decisions_made[id]++;
    if (c.decisions.empty()) continue;
    const auto& d = c.decisions.back();
    if (d.at_ms < begin_ms || d.at_ms >= end_ms) continue;
    std::cout << boost::json::serialize(sor_json(c, index, domain::statement_of(c, d))) << '\n';
    ++written;
  }
  std::cerr << "reelctl moderation export-sor: " << written << " statements of reasons\n";
  return 0;
}

}  // namespace

// "--from 0" is a mistake worth a plain message: sequences and versions start at 1.
const CLI::Validator starts_at_one(
    [](std::string& value) -> std::string {
      return value.find_first_not_of('0') == std::string::npos ? "sequences and versions start at 1"
                                                               : "";
    },
    "N >= 1");

int main(int argc, char** argv) {
  CLI::App app{"reelctl: inspect, verify and back up a reel event store"};
  app.require_subcommand(1);
  std::string data = "./data";
  app.add_option("--data", data, "the reel data folder")->envname("REEL_DATA");

  uint64_t from = 1, limit = 0;
  std::string stream, target;
  auto* events_cmd = app.add_subcommand("events", "print events of the global log as JSON lines");
  events_cmd->add_option("--from", from, "first global sequence")->check(starts_at_one);
  events_cmd->add_option("--limit", limit, "at most this many (0: all)");
  auto* stream_cmd = app.add_subcommand("stream", "print one stream's events as JSON lines");
  stream_cmd->add_option("id", stream, "stream id, e.g. usr_01J5Z8Q3W9K2M")->required();
  stream_cmd->add_option("--from", from, "first stream version")->check(starts_at_one);
  stream_cmd->add_option("--limit", limit, "at most this many (0: all)");
  auto* head_cmd = app.add_subcommand("head", "print the last committed global sequence");
  auto* verify_cmd =
      app.add_subcommand("verify", "read every event and check it; exit 1 on damage");
  auto* backup_cmd =
      app.add_subcommand("backup", "write a consistent copy (reeld must be stopped)");
  backup_cmd->add_option("target", target, "a folder that does not exist yet")->required();
  auto* moderation_cmd = app.add_subcommand("moderation", "moderation records");
  moderation_cmd->require_subcommand(1);
  std::string sor_from, sor_to;
  auto* sor_cmd = moderation_cmd->add_subcommand(
      "export-sor",
      "every statement of reasons decided in a period, as JSON lines with the DSA "
      "transparency database's field names");
  sor_cmd->add_option("--from", sor_from, "first UTC day, YYYY-MM-DD")->required();
  sor_cmd->add_option("--to", sor_to, "last UTC day, YYYY-MM-DD (included)")->required();
  auto* codes_cmd = app.add_subcommand(
      "error-codes", "print the protocol's error codes as the table docs/protocol.md shows");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  try {
    if (*codes_cmd) {
      std::cout << reel::error_code_table();
      return 0;
    }
    if (*events_cmd) return print_events(data, from, limit);
    if (*stream_cmd) return print_stream(data, stream, from, limit);
    if (*head_cmd) return print_head(data);
    if (*verify_cmd) return verify(data);
    if (*backup_cmd) return backup(data, target);
    if (*sor_cmd) return export_statements(data, sor_from, sor_to);
  } catch (const storage::store_error& e) {
    std::cerr << "reelctl: " << storage::code_name(e.code()) << ": " << e.what() << '\n';
    return e.code() == storage::store_errc::invalid_argument ? 2 : 3;
  }
  return 2;
}
