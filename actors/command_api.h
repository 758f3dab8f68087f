// The command API: how the gateway and the tools talk to the actors. Typed commands and
// queries; each answer arrives once, through a callback, as a value or a command_error with
// a stable snake_case code. Nothing here assumes the entities live in this process.
//
// Callbacks run on a CAF thread: keep them short (e.g. post to a Beast strand). `await()`
// turns a call into a blocking one for tools and tests; never call it on a CAF thread.
//
// Idempotency: a command with a request id is committed at most once per caller. Its key is
// "<user id>|<request id>|<stream>" (anonymous callers use "anon:<session>" for the user
// id), so a retried request commits once and gets the same answer, also after a timeout.
//
// Error codes besides the domain's (docs/domain.md): unauthenticated, forbidden,
// invalid_id, invalid_token, user_not_found, video_not_found, handle_taken, timeout, unavailable,
// overloaded, conflict, storage_failure, internal, invalid_cursor, invalid_limit.
#pragma once

#include <caf/all.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "actors/entity_host.h"
#include "actors/feed_projection.h"
#include "actors/journal.h"
#include "actors/notifier.h"
#include "actors/projection.h"
#include "domain/ids.h"
#include "domain/profile_counts.h"

namespace reel::actors {

struct command_error {
  std::string code;
  std::string message;
};

template <class T>
class outcome {
 public:
  outcome(T value) : v_(std::move(value)) {}
  outcome(command_error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  const command_error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, command_error> v_;
};

// Who asks. Commands other than registration need a user id (else `unauthenticated`).
struct caller {
  std::string user_id;     // the logged-in user
  std::string request_id;  // the client's request id: correlation and idempotency
  std::string session;     // tells anonymous callers apart (registration)
};

struct done {
  bool replayed = false;  // a retry: the first request committed it
};
struct registered {
  std::string user_id;
};
struct published {
  std::string video_id;
};
struct commented {
  std::string comment_id;
};

struct user_profile {
  std::string user_id, handle;
  events::AgeBand age_band = events::AGE_BAND_UNSPECIFIED;  // at registration
  std::vector<events::Role> roles;
  domain::profile_counts counts;
};

struct video_details {
  std::string video_id, creator_id, title, description;
  std::vector<std::string> topics;
  uint32_t duration_ms = 0;
  bool stem = false, is_ad = false;
  std::string visibility;  // "visible", "hidden", "removed"
  uint32_t minimum_age = 0;
  std::vector<std::string> labels;
  uint64_t views = 0, likes = 0, shares = 0, comments = 0;
};

struct video_draft {
  std::string title, description, sound;
  std::vector<std::string> topics;
  uint32_t duration_ms = 0;
  std::string duet_of, stitch_of;  // a video id, or empty
  bool is_ad = false, political = false, stem = false;
};

// An online backup (command_api::backup).
struct backup_made {
  std::string path;          // the new folder
  uint64_t global_head = 0;  // the copy holds at least the log up to here
};

struct settings_change {
  std::optional<bool> allow_duet, allow_stitch, allow_comments;  // unset: unchanged
};

// The journal's counters, for health and metrics pages.
struct journal_status {
  uint64_t events = 0;         // committed
  uint64_t batches = 0;        // group commits, one WAL sync each
  uint64_t largest_batch = 0;  // events in the largest group commit
  uint64_t queued_events = 0;  // waiting for the next group commit
};

struct command_api_parts {
  caf::actor_system* system = nullptr;
  actors::journal* journal = nullptr;
  entity_directory users, videos, creators;
  std::map<std::string, caf::actor, std::less<>> projections;  // runners by name
  std::chrono::milliseconds timeout = std::chrono::seconds(5);
  uint16_t node_id = 0;
  std::shared_ptr<notice_outlet> notices;
  std::filesystem::path backup_dir;  // where online backups go; empty: none are taken
};

class command_api {
 public:
  template <class T>
  using reply = std::function<void(outcome<T>)>;

  explicit command_api(command_api_parts parts);
  ~command_api();  // waits for a backup still being written

  // Users.
  void register_user(const caller& who, std::string handle, std::string birthdate,
                     reply<registered> answer);
  void follow(const caller& who, std::string user_id, reply<done> answer);
  void unfollow(const caller& who, std::string user_id, reply<done> answer);
  // Blocking also ends both follows between the two users.
  void block(const caller& who, std::string user_id, reply<done> answer);
  void unblock(const caller& who, std::string user_id, reply<done> answer);
  // Operators only (`forbidden` otherwise).
  void grant_role(const caller& who, std::string user_id, events::Role role, reply<done> answer);
  void revoke_role(const caller& who, std::string user_id, events::Role role, reply<done> answer);
  // A role granted by the system itself, for reeld's first start (the operator account).
  // The gateway never calls it.
  void grant_role_by_system(std::string user_id, events::Role role, reply<done> answer);
  void get_user(std::string user_id, reply<user_profile> answer);
  // Access tokens: the log keeps only their SHA-256 (domain/access_token.h).
  void issue_token(const caller& who, std::string user_id, std::string token_sha256,
                   reply<done> answer);
  // The user a token was issued to, with roles and counts; `invalid_token` when none.
  void login(std::string token_sha256, reply<user_profile> answer);

  // Creators and videos. Publishing makes the publisher a creator.
  void change_creator_settings(const caller& who, settings_change change, reply<done> answer);
  void publish(const caller& who, video_draft draft, reply<published> answer);
  void view(const caller& who, std::string video_id, uint32_t watch_ms, events::FeedSource source,
            reply<done> answer);
  void like(const caller& who, std::string video_id, reply<done> answer);
  void unlike(const caller& who, std::string video_id, reply<done> answer);
  void share(const caller& who, std::string video_id, reply<done> answer);
  void not_interested(const caller& who, std::string video_id, reply<done> answer);
  void comment(const caller& who, std::string video_id, std::string text, reply<commented> answer);
  void report(const caller& who, std::string video_id, events::ReportReason reason,
              std::string note, reply<done> answer);
  void get_video(std::string video_id, reply<video_details> answer);

  // Feeds: a page of For You, Following, Trending or STEM (domain/feed_page.h) for the
  // caller, once the feeds have applied everything committed before the call (so a "not
  // interested" counts on the next page). Serving records the page (feed_served) before
  // answering; a retried request gets the page it was first given. `limit` is 1 to 50.
  void feed(const caller& who, events::FeedSource feed, size_t limit, std::string cursor,
            reply<feed_answer> answer);

  // Live notices (someone followed you, liked or commented on your video) go to `sink`, on
  // the notifier's thread, as their events commit. One sink per node: the gateway's.
  void on_notice(notice_sink sink);

  // The journal's counters now (any thread; no waiting).
  journal_status journal() const;

  // Projections (operators).
  void projections(reply<std::vector<projection_status>> answer);
  void rebuild_projection(std::string name, reply<done> answer);
  // Answers once the projection has applied the log up to `sequence` (read your writes).
  void projection_reached(std::string name, uint64_t sequence, reply<done> answer);

  // An online backup (operators): a consistent copy of the store, taken while the node
  // serves, in a new folder `reel-<UTC time>` of the backup folder. One at a time
  // (`overloaded` while one runs); `unavailable` when the node has no backup folder.
  // Written on a thread of its own; the answer comes from there.
  void backup(reply<backup_made> answer);

  const command_api_parts& parts() const { return parts_; }

 private:
  uint64_t mint(int64_t now_ms);

  command_api_parts parts_;
  std::mutex ids_mu_;
  id_generator ids_;
  std::mutex backup_mu_;
  bool backup_running_ = false;
  std::thread backup_thread_;
};

// Calls `call(reply)` and waits for the answer. For tools and tests, not CAF threads.
template <class T, class Call>
outcome<T> await(Call&& call) {
  std::promise<outcome<T>> promise;
  auto future = promise.get_future();
  call([&promise](outcome<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace reel::actors
