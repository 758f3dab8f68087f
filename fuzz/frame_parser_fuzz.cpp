// libFuzzer target: an inbound WebSocket text frame, parsed as the gateway parses it and
// read with every kind of argument reader an op uses. Nothing may crash, hang or leak,
// and every reply it leads to must be valid JSON.
#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "gateway/protocol.h"

using namespace reel::gateway;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static simdjson::dom::parser parser;
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_request(parser, frame);
  std::string reply;
  if (auto* failure = std::get_if<parse_failure>(&parsed)) {
    reply = reply_error(failure->id, failure->code, failure->message);
  } else {
    auto& request = std::get<inbound_request>(parsed);
    args_reader args(request.args);
    boost::json::object out;
    out["s"] = args.optional_string("title");
    out["r"] = args.required_string("video_id");
    if (auto b = args.optional_bool("stem")) out["b"] = *b;
    out["u"] = args.optional_uint("limit", 1, 200, 20);
    out["d"] = args.required_uint("duration_ms", 600000);
    boost::json::array topics;
    for (auto& t : args.string_list("topics", false, 8)) topics.push_back(boost::json::string(t));
    out["t"] = std::move(topics);
    out["op"] = client_quote(request.op);
    reply = args.ok() ? reply_ok(request.id, std::move(out))
                      : reply_error(request.id, reel::errc::bad_args, args.problem());
  }
  boost::json::error_code ec;
  boost::json::parse(reply, ec);
  if (ec) throw std::logic_error("a reply is not JSON: " + reply);
  return 0;
}
