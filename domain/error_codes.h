// The one list of error codes reel answers with: stable snake_case names that clients
// match on, each with the sentence docs/protocol.md shows for it. The domain's refusals,
// the module APIs' and the gateway's all name a code from here; a test renders this list
// and compares it with the table in docs/protocol.md (`reelctl error-codes` prints it).
//
// Guarantees: a name, once released, keeps its meaning; codes are only ever added.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace reel {

// X(name, when it is answered)
#define REEL_ERROR_CODES(X)                                                                       \
  /* the frame and the protocol */                                                                \
  X(bad_json, "the frame is not JSON (`id` is `null` in the reply)")                              \
  X(bad_request, "not an object, no valid `id`, or no `op` string")                               \
  X(bad_args, "an argument is missing or has the wrong type; the message names it")               \
  X(bad_frame, "a binary frame")                                                                  \
  X(unknown_op, "no op has that name")                                                            \
  X(rate_limited, "over the connection's request rate (see limits); not closed")                  \
  X(already_logged_in, "`auth.register` on a logged-in session, or `auth.login` as another user") \
  X(too_many_sessions, "the account has as many logged-in sessions as allowed (see limits)")      \
  /* who asks */                                                                                  \
  X(unauthenticated, "the op needs a logged-in session")                                          \
  X(forbidden, "the caller's roles, as they are now, do not permit the op")                       \
  X(invalid_token, "no account has that token")                                                   \
  X(invalid_request_id, "a request id is over 128 bytes or not printable ASCII")                  \
  /* the node */                                                                                  \
  X(timeout, "no answer within the deadline; the request may still commit, retry with its id")    \
  X(unavailable, "the entity could not be loaded, the server is shutting down, or it lacks this") \
  X(overloaded, "too many commands queued for one entity, or a backup is being written")          \
  X(storage_failure, "the write failed; retry with the same id")                                  \
  X(conflict, "another write to the same stream came first; retry with the same id")              \
  X(internal, "an unexpected failure; retry with the same id")                                    \
  /* ids and queries */                                                                           \
  X(invalid_id, "an id is missing or not of the expected kind")                                   \
  X(user_not_found, "no such user")                                                               \
  X(video_not_found, "no such video")                                                             \
  X(invalid_cursor, "the cursor is not one this feed gave out")                                   \
  X(invalid_limit, "a page limit outside 1 to 50")                                                \
  X(unknown_feed, "no such feed")                                                                 \
  X(unknown_projection, "no projection has that name")                                            \
  /* accounts */                                                                                  \
  X(already_registered, "the user is registered already")                                         \
  X(not_registered, "the caller is not registered")                                               \
  X(invalid_handle, "3 to 24 of a-z 0-9 `_` `.`, starting with a letter or digit")                \
  X(handle_taken, "the handle belongs to someone else")                                           \
  X(invalid_birthdate, "not a date of the form YYYY-MM-DD in the past")                           \
  X(age_restricted, "not allowed at the caller's (or the owner's) age")                           \
  X(invalid_role, "not a role that can be granted or revoked")                                    \
  X(already_has_role, "the user holds the role already")                                          \
  X(role_not_held, "the user does not hold the role")                                             \
  X(cannot_revoke_base_role, "every account keeps the user role")                                 \
  X(last_operator, "revoking the last operator's role would leave nobody to operate the node")    \
  /* social */                                                                                    \
  X(cannot_follow_self, "a user cannot follow themselves")                                        \
  X(already_following, "the follow exists already")                                               \
  X(following_limit, "the user follows as many accounts as allowed (10,000)")                     \
  X(not_following, "there is no such follow")                                                     \
  X(blocked, "a block stands between the two users")                                              \
  X(cannot_block_self, "a user cannot block themselves")                                          \
  X(already_blocked, "the block exists already")                                                  \
  X(block_limit, "the user has blocked as many accounts as allowed (10,000)")                     \
  X(not_blocked, "there is no such block")                                                        \
  /* creators and videos */                                                                       \
  X(nothing_to_change, "a settings change that changes nothing")                                  \
  X(already_published, "the video is published already")                                          \
  X(political_ads_not_allowed, "reel runs no political ads")                                      \
  X(invalid_text,                                                                                 \
    "text that is not UTF-8, or holds control, bidi-override or invisible characters")            \
  X(invalid_title, "a title of 1 to 150 characters, not blank")                                   \
  X(invalid_description, "a description of at most 2,200 characters")                             \
  X(invalid_sound, "a sound name of at most 150 characters")                                      \
  X(invalid_duration, "a video lasts 1 s to 10 min")                                              \
  X(invalid_topics, "at most 10 topics, each 1 to 32 of a-z 0-9 `_` `-`")                         \
  X(invalid_remix, "a video is a duet or a stitch, not both")                                     \
  X(source_unavailable, "the video a duet or stitch builds on is not available")                  \
  X(remix_not_allowed, "the source's creator does not allow this duet or stitch")                 \
  X(video_unavailable, "the video is hidden")                                                     \
  X(invalid_source, "a view names no known feed")                                                 \
  X(invalid_watch_time, "a watch time over a day")                                                \
  X(comments_disabled, "the creator turned comments off")                                         \
  X(invalid_comment, "a comment of 1 to 500 characters, not blank")                               \
  X(invalid_reason, "a report needs a known reason")                                              \
  X(invalid_note, "a report note of at most 500 characters")                                      \
  /* moderation */                                                                                \
  X(report_suspended, "the caller may not report until the time the message gives (DSA Art. 23)") \
  X(case_not_found, "no such moderation case")                                                    \
  X(case_not_open, "the case is not waiting for a decision")                                      \
  X(already_claimed, "another moderator holds the case's claim")                                  \
  X(not_claimed, "the caller does not hold the case's claim")                                     \
  X(claim_expired, "the caller's claim on the case lapsed; claim it again")                       \
  X(invalid_decision, "not an action this case can take, or its policy or note is missing")       \
  X(same_moderator, "an appeal is decided by another moderator than the one who decided")         \
  X(appeal_not_allowed, "nothing to appeal, the window closed, or the caller may not appeal it")  \
  X(already_appealed, "the decision was appealed already")                                        \
  X(publish_suspended, "three active strikes suspend publishing until one expires")               \
  X(account_suspended, "moderation suspended the account: it may only read and appeal")           \
  X(setting_not_allowed, "a rule of the user's age band forbids that setting")                    \
  X(invalid_timezone, "not an IANA time zone name (e.g. Europe/Berlin), or UTC")                  \
  X(unverified_content, "sharing an unverified video needs `confirm: true`")                      \
  X(comment_not_found, "no such comment")                                                         \
  X(already_requested, "a follow request to this private account is waiting already")             \
  X(no_follow_request, "this user has no follow request waiting")                                 \
  X(not_your_follower, "this user does not follow you")                                           \
  X(audience_restricted, "the owner allows only friends (mutual follows), or nobody, to do that")

enum class errc : uint16_t {
#define REEL_ERRC_ENUM(name, when) name,
  REEL_ERROR_CODES(REEL_ERRC_ENUM)
#undef REEL_ERRC_ENUM
};

// The stable name ("already_following").
std::string_view code_name(errc code);
// When it is answered, as docs/protocol.md says it.
std::string_view code_meaning(errc code);
// The code with that name, or nullopt.
std::optional<errc> errc_from_name(std::string_view name);
// Every code, in list order.
std::span<const errc> all_error_codes();
// The table docs/protocol.md shows, between its error-codes markers: "| code | when |",
// then one row per code in list order.
std::string error_code_table();

inline std::ostream& operator<<(std::ostream& out, errc code) {
  return out << code_name(code);
}
// Tests and tools compare codes with their names: `r.error().code == "overloaded"`.
inline bool operator==(errc code, std::string_view name) {
  return code_name(code) == name;
}

}  // namespace reel
