#include "actors/core/flow.h"

namespace reel::actors {

command_error from_caf(const caf::error& e) {
  if (e.category() == caf::atom("store")) {  // store_worker.h
    std::string what = "the store failed";
    if (e.context().match_elements<std::string>()) what = e.context().get_as<std::string>(0);
    return {errc::storage_failure, what};
  }
  if (e.category() == caf::atom("system")) {
    auto code = static_cast<caf::sec>(e.code());
    if (code == caf::sec::request_timeout)
      return {errc::timeout, "no answer in time; retrying with the same request id is safe"};
    if (code == caf::sec::request_receiver_down)
      return {errc::unavailable, "the entity could not be loaded; try again"};
  }
  return {errc::internal, "unexpected failure (" + std::to_string(e.code()) + ")"};
}

bool printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::optional<command_error> check_request(const caller& who) {
  if (who.request_id.size() > max_request_id_bytes || !printable(who.request_id))
    return command_error{errc::invalid_request_id,
                         "a request id is at most 128 printable ASCII characters"};
  if (who.session.size() > max_session_bytes || !printable(who.session))
    return command_error{errc::internal, "a session name is at most 64 printable ASCII characters"};
  return std::nullopt;
}

std::optional<command_error> check_caller(const caller& who) {
  if (who.user_id.empty() || !user_id::parse(who.user_id))
    return command_error{errc::unauthenticated, "log in first"};
  return check_request(who);
}

std::string idempotency_key(const caller& who, std::string_view stream) {
  if (who.request_id.empty() || (who.user_id.empty() && who.session.empty())) return {};
  std::string key = who.user_id.empty() ? "anon:" + who.session : who.user_id;
  key += '|';
  key += who.request_id;
  key += '|';
  key += stream;
  return key;
}

command_meta meta_for(const caller& who, std::string_view stream, std::string caused_by) {
  return {caused_by.empty() ? who.user_id : std::move(caused_by), who.request_id,
          idempotency_key(who, stream)};
}

std::optional<uint64_t> parse_user(const std::string& text) {
  auto id = user_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

std::optional<uint64_t> parse_video(const std::string& text) {
  auto id = video_id::parse(text);
  return id ? std::optional<uint64_t>(id->value()) : std::nullopt;
}

}  // namespace reel::actors
