// What moderation knows of each reporter (domain/moderation/reporter_standing.h): how
// active the account is, and the outcomes of its decided reports, from which its weight
// and standing follow. Keys: "r/<user id>" -> the record; "p/<case id>/<user id>" -> ""
// for a report that waits for its case's decision.
//
// A report's outcome is the first decision of its round: upheld when it restricts the
// subject, else dismissed. The standing is folded from the outcomes at the decision's own
// time (standing_due), so a rebuild warns and suspends exactly as the live fold did.
//
// A standing the reporter has not been told of yet (domain::standing_to_announce) waits
// in `unannounced` until its ReporterStandingChanged is folded.
//
// Also who wrote each comment, and on which video (key "c/<comment id>"): what a report of
// a comment names as its owner and video.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/moderation/reporter_standing.h"
#include "projections/projection.h"

namespace reel::projections {

// A reporter to tell of their standing.
struct standing_change {
  std::string user_id;
  domain::standing standing;
};

struct comment_origin {
  std::string video_id, author_id;
};

class reporter_records_projection final : public projection {
 public:
  static constexpr std::string_view projection_name = "moderation_reporters";

  std::string_view name() const override { return projection_name; }
  std::vector<std::string_view> consumes() const override;
  void load(storage::event_store& store) override;
  void clear() override;
  void apply(const events::EventRecord& record) override;
  std::vector<storage::projection_change> take_changes() override;

  // The reporter's record; its registration time from the user id (domain/ids.h).
  domain::reporter_record record_of(const std::string& user_id) const;
  std::optional<comment_origin> comment(const std::string& comment_id) const;
  // Reporters whose standing changed and who were not told yet, at most `max`, by user id.
  std::vector<standing_change> unannounced(size_t max) const;

 private:
  void count_activity(const std::string& user_id);
  void touch(const std::string& key, std::optional<std::string> value);
  void note_announcement(const std::string& user_id, const domain::reporter_record& r);

  std::unordered_map<std::string, domain::reporter_record> records_;
  std::unordered_map<std::string, std::set<std::string>> pending_;  // case -> reporters
  std::unordered_map<std::string, comment_origin> comments_;
  std::map<std::string, std::optional<std::string>> changes_;
  std::set<std::string> unannounced_;  // user ids
};

// The stored form of a record (without its registration time), and back; nullopt when
// damaged.
std::string encode_record(const domain::reporter_record& r);
std::optional<domain::reporter_record> decode_record(std::string_view text);

}  // namespace reel::projections
