// Protocol v1 framing (docs/protocol.md): text frames of JSON.
//   request  {"id": <number or string>, "op": "<name>", "args": {...}}
//   reply    {"id": <same>, "ok": true, "result": {...}}
//            {"id": <same>, "ok": false, "error": {"code": "<snake_case>", "message": "..."}}
//   push     {"push": "<topic>", "data": {...}}
// Inbound frames are parsed with simdjson; outbound ones are written with Boost.JSON.
#pragma once

#include <simdjson.h>
#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/error_codes.h"

namespace reel::gateway {

inline constexpr size_t max_request_id_chars = 128;

struct inbound_request {
  boost::json::value id;  // echoed as it came: a number or a string
  std::string id_text;    // the id as text: the request id for idempotency
  std::string op;
  std::optional<simdjson::dom::object> args;  // none when absent; valid until the next parse
};

struct parse_failure {
  errc code = errc::bad_request;  // bad_json, bad_request, bad_args
  std::string message;
  boost::json::value id;  // null unless the id could be read
};

// Parses one text frame with `parser` (reused across frames of a thread).
std::variant<inbound_request, parse_failure> parse_request(simdjson::dom::parser& parser,
                                                           std::string_view frame);

// What a reply may quote of something the client sent (an op name, a topic): at most
// `max_quoted_chars` printable ASCII characters, others as '?', and "..." when cut, so an
// error message never costs more than its own size.
inline constexpr size_t max_quoted_chars = 40;
std::string client_quote(std::string_view client_text);

std::string reply_ok(const boost::json::value& id, boost::json::value result);
std::string reply_error(const boost::json::value& id, errc code, std::string_view message);
std::string push_frame(std::string_view topic, boost::json::value data);

// Reads typed arguments and remembers the first problem, naming the field:
// "args.title must be a string".
class args_reader {
 public:
  explicit args_reader(std::optional<simdjson::dom::object> args) : args_(args) {}

  std::string required_string(std::string_view field);
  std::string optional_string(std::string_view field);  // "" when absent
  std::optional<bool> optional_bool(std::string_view field);
  uint64_t required_uint(std::string_view field, uint64_t max);
  uint64_t optional_uint(std::string_view field, uint64_t min, uint64_t max, uint64_t fallback);
  std::vector<std::string> string_list(std::string_view field, bool required, size_t max_items);

  bool ok() const { return problem_.empty(); }
  const std::string& problem() const { return problem_; }

 private:
  std::optional<simdjson::dom::element> find(std::string_view field, bool required);
  std::string string_at(std::string_view field, bool required);
  uint64_t uint_at(std::string_view field, bool required, uint64_t min, uint64_t max,
                   uint64_t fallback);
  void fail(std::string_view field, std::string_view what);

  std::optional<simdjson::dom::object> args_;
  std::string problem_;
};

}  // namespace reel::gateway
