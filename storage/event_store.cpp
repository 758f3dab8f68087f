#include "storage/event_store.h"

#include <future>

#include "domain/text.h"

namespace reel::storage {

std::string_view code_name(store_errc code) {
  switch (code) {
    case store_errc::corrupt_record:
      return "corrupt_record";
    case store_errc::future_schema:
      return "future_schema";
    case store_errc::storage_failure:
      return "storage_failure";
    case store_errc::invalid_argument:
      return "invalid_argument";
    case store_errc::incompatible:
      return "incompatible";
  }
  return "unknown";
}

std::string_view status_name(append_status status) {
  switch (status) {
    case append_status::committed:
      return "committed";
    case append_status::version_conflict:
      return "version_conflict";
    case append_status::invalid:
      return "invalid";
    case append_status::failed:
      return "failed";
    case append_status::closed:
      return "closed";
  }
  return "unknown";
}

append_result event_store::append(append_request request) {
  std::promise<append_result> promise;
  auto answer = promise.get_future();
  append_async(std::move(request),
               [&promise](append_result result) { promise.set_value(std::move(result)); });
  return answer.get();
}

void event_store::backup_to(const std::filesystem::path&) {
  throw store_error(store_errc::invalid_argument, "this store keeps nothing on disk to back up");
}

namespace {

std::string check_name(std::string_view what, std::string_view name) {
  if (name.empty()) return std::string(what) + " is empty";
  if (name.size() > 128) return std::string(what) + " is longer than 128 bytes";
  for (char c : name) {
    if (c < 0x21 || c > 0x7e)
      return std::string(what) + " has a space or a byte outside printable ASCII (0x21 to 0x7e)";
  }
  return {};
}

}  // namespace

std::string check_stream_id(std::string_view stream_id) {
  return check_name("stream id", stream_id);
}

std::string check_projection_name(std::string_view name) {
  return check_name("projection name", name);
}

std::string check_append(const append_request& request) {
  if (auto problem = check_stream_id(request.stream_id); !problem.empty()) return problem;
  if (request.events.empty()) return "an append needs at least one event";
  if (request.events.size() > max_events_per_append) {
    return "an append holds at most " + std::to_string(max_events_per_append) + " events";
  }
  if (request.expected_version != any_version && request.expected_version > (uint64_t{1} << 62)) {
    return "expected version out of range";
  }
  if (request.idempotency_key.size() > 256) return "idempotency key is longer than 256 bytes";
  // The envelope's strings are protobuf strings: anything but UTF-8 would be written and
  // then refused by every reader, so it is refused here.
  if (!domain::utf8_length(request.idempotency_key)) return "idempotency key is not UTF-8";
  for (size_t i = 0; i < request.events.size(); ++i) {
    const auto& e = request.events[i];
    auto which = "event " + std::to_string(i);
    if (e.event.payload_case() == events::Event::PAYLOAD_NOT_SET) return which + " has no payload";
    if (e.correlation_id.size() > 256 || !domain::utf8_length(e.correlation_id))
      return which + ": the correlation id is not UTF-8 of at most 256 bytes";
    if (e.caused_by.size() > 256 || !domain::utf8_length(e.caused_by))
      return which + ": caused_by is not UTF-8 of at most 256 bytes";
  }
  return {};
}

void require_valid(std::string problem) {
  if (!problem.empty()) throw store_error(store_errc::invalid_argument, std::move(problem));
}

append_result unsuccessful(append_status status, std::string message) {
  append_result r;
  r.status = status;
  r.message = std::move(message);
  return r;
}

append_result conflict_result(std::string_view stream_id, uint64_t head, uint64_t expected) {
  return unsuccessful(append_status::version_conflict,
                      "stream " + std::string(stream_id) + " is at version " +
                          std::to_string(head) + ", not the expected " + std::to_string(expected));
}

}  // namespace reel::storage
