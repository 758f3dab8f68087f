#include "actors/admin/admin_module.h"

#include <pthread.h>

#include <ctime>

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"

namespace reel::actors {
namespace {

// A folder name that sorts by time: reel-20261126T171800Z (then -2, -3, ... when taken).
std::filesystem::path new_backup_folder(const std::filesystem::path& parent,
                                        const domain::clock& clock) {
  auto now = static_cast<std::time_t>(clock.now_us() / 1000000);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "reel-%Y%m%dT%H%M%SZ", &utc);
  auto path = parent / stamp;
  for (int n = 2; std::filesystem::exists(path); ++n) {
    path = parent / (std::string(stamp) + "-" + std::to_string(n));
  }
  return path;
}

outcome<backup_made> write_backup(storage::event_store& store, const std::filesystem::path& parent,
                                  const domain::clock& clock) {
  try {
    std::filesystem::create_directories(parent);
    backup_made made;
    made.path = new_backup_folder(parent, clock).string();
    made.global_head = store.global_head();  // before: the copy holds at least this much
    store.backup_to(made.path);
    return made;
  } catch (const storage::store_error& e) {
    bool unsupported = e.code() == storage::store_errc::invalid_argument;
    return command_error{unsupported ? errc::unavailable : errc::storage_failure, e.what()};
  } catch (const std::filesystem::filesystem_error& e) {
    return command_error{errc::storage_failure, e.what()};
  }
}

}  // namespace

admin_module::admin_module(node& n, const accounts_module& accounts,
                           std::filesystem::path backup_dir)
    : node_(n), users_(accounts.users()), backup_dir_(std::move(backup_dir)) {}

admin_module::~admin_module() {
  wait_for_backup();
}

void admin_module::wait_for_backup() {
  std::thread running;  // joined without the lock, which the backup thread takes at its end
  {
    std::lock_guard lock(backup_mu_);
    running = std::move(backup_thread_);
  }
  if (running.joinable()) running.join();
}

const projection_handle* admin_module::find(const std::string& name) const {
  for (const auto& p : node_.projections()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

void admin_module::projections(reply<std::vector<projection_status>> answer) {
  start_flow(node_.system(), [this, answer = std::move(answer)](flow* self) {
    ending<std::vector<projection_status>> end{self, answer, node_.timeout()};
    if (!node_.projection_host()) return end(std::vector<projection_status>{});
    self->request(node_.projection_host(), end.remaining(), status_atom::value)
        .then([end](std::vector<projection_status>& all) { end(std::move(all)); },
              [end](caf::error& e) { end(from_caf(e)); });
  });
}

void admin_module::reactor(reply<reactor_status> answer) {
  start_flow(node_.system(), [this, answer = std::move(answer)](flow* self) {
    ending<reactor_status> end{self, answer, node_.timeout()};
    if (!node_.reactor()) return end(reactor_status{});
    self->request(node_.reactor(), end.remaining(), status_atom::value)
        .then([end](reactor_status& s) { end(std::move(s)); },
              [end](caf::error& e) { end(from_caf(e)); });
  });
}

std::vector<projection_status> admin_module::projections_now() const {
  return node_.status().projections();
}

reactor_status admin_module::reactor_now() const {
  return node_.status().reactor();
}

journal_status admin_module::journal() const {
  auto s = node_.journal().store().stats();
  return {s.events,
          s.batches,
          s.largest_batch,
          s.queued_events,
          std::move(s.unavailable),
          std::move(s.stopped)};
}

void admin_module::rebuild_projection(const caller& who, std::string name, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  const auto* p = find(name);
  if (!p)
    return answer(
        command_error{errc::unknown_projection, "no projection is called " + name.substr(0, 64)});
  start_flow(node_.system(), [this, who, p, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::rebuild_projections, end,
                    [self, p, end](user_facts&) {
                      self->request(*p->host, end.remaining(), rebuild_atom::value, p->index)
                          .then([end](bool) { end(done{}); },
                                [end](caf::error& e) { end(from_caf(e)); });
                    });
  });
}

void admin_module::projection_reached(std::string name, uint64_t sequence, reply<done> answer) {
  const auto* p = find(name);
  if (!p)
    return answer(
        command_error{errc::unknown_projection, "no projection is called " + name.substr(0, 64)});
  start_flow(node_.system(), [this, p, sequence, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    self->request(*p->host, end.remaining(), reached_atom::value, p->index, sequence)
        .then([end](bool) { end(done{}); }, [end](caf::error& e) { end(from_caf(e)); });
  });
}

void admin_module::reactor_reached(uint64_t sequence, reply<done> answer) {
  start_flow(node_.system(), [this, sequence, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    self->request(node_.reactor(), end.remaining(), reached_atom::value, sequence)
        .then([end](bool) { end(done{}); }, [end](caf::error& e) { end(from_caf(e)); });
  });
}

void admin_module::backup(const caller& who, reply<backup_made> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  bool takes_backups = !backup_dir_.empty();
  if (takes_backups) {
    // The one slot is taken in call order, before the permission check (which waits for
    // the caller's entity): of two backups asked one after the other, the first is written
    // and the second refused. A refused caller gives the slot back.
    std::lock_guard lock(backup_mu_);
    if (backup_running_) {
      return answer(
          command_error{errc::overloaded, "a backup is being written; ask again when it is done"});
    }
    backup_running_ = true;
  }
  auto refused = [this, takes_backups, answer](outcome<backup_made> r) {
    if (takes_backups) {
      std::lock_guard lock(backup_mu_);
      backup_running_ = false;
    }
    answer(std::move(r));
  };
  start_flow(node_.system(), [this, who, takes_backups, answer, refused](flow* self) {
    ending<backup_made> end{self, refused, node_.timeout()};
    with_permission(self, users_, who, domain::permission::take_backups, end,
                    [this, self, end, takes_backups, answer](user_facts&) {
                      if (!takes_backups) {
                        return end.fail(errc::unavailable,
                                        "this node takes no online backups (reeld --backup-dir)");
                      }
                      // The backup answers on its own thread, later than this flow lives.
                      start_backup(answer);
                      self->quit();
                    });
  });
}

void admin_module::start_backup(reply<backup_made> answer) {
  std::lock_guard lock(backup_mu_);
  if (backup_thread_.joinable()) backup_thread_.join();  // the previous one, finished
  // A checkpoint flushes memtables and links or copies files: seconds, never on a CAF thread.
  backup_thread_ = std::thread([this, answer = std::move(answer)] {
    pthread_setname_np(pthread_self(), "reel-backup");
    auto made = write_backup(node_.journal().store(), backup_dir_, node_.clock());
    {
      std::lock_guard lock(backup_mu_);
      backup_running_ = false;
    }
    answer(std::move(made));
  });
}

}  // namespace reel::actors
