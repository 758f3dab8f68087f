#include "gateway/protocol.h"

#include <algorithm>

namespace reel::gateway {

namespace json = boost::json;

std::variant<inbound_request, parse_failure> parse_request(simdjson::dom::parser& parser,
                                                           std::string_view frame) {
  simdjson::dom::element doc;
  if (auto error = parser.parse(frame.data(), frame.size()).get(doc)) {
    return parse_failure{errc::bad_json,
                         std::string("not valid JSON: ") + simdjson::error_message(error), nullptr};
  }
  simdjson::dom::object root;
  if (doc.get_object().get(root)) {
    return parse_failure{errc::bad_request, "a request is a JSON object", nullptr};
  }
  inbound_request r;
  simdjson::dom::element id;
  if (root["id"].get(id)) {
    return parse_failure{errc::bad_request, "a request needs an id (a number or a string)",
                         nullptr};
  }
  switch (id.type()) {
    case simdjson::dom::element_type::STRING: {
      std::string_view text = id.get_string().value_unsafe();
      bool printable =
          std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
      if (text.empty() || text.size() > max_request_id_chars || !printable) {
        return parse_failure{errc::bad_request,
                             "an id string has 1 to 128 printable ASCII characters", nullptr};
      }
      r.id = json::string(text);
      r.id_text = std::string(text);
      break;
    }
    case simdjson::dom::element_type::INT64:
      r.id = id.get_int64().value_unsafe();
      r.id_text = std::to_string(id.get_int64().value_unsafe());
      break;
    case simdjson::dom::element_type::UINT64:
      r.id = id.get_uint64().value_unsafe();
      r.id_text = std::to_string(id.get_uint64().value_unsafe());
      break;
    default:
      return parse_failure{errc::bad_request, "an id is an integer or a string", nullptr};
  }
  std::string_view op;
  if (root["op"].get_string().get(op)) {
    return parse_failure{errc::bad_request, "a request needs an op (a string)", r.id};
  }
  r.op = std::string(op);
  simdjson::dom::element args;
  auto args_error = root["args"].get(args);
  if (args_error != simdjson::NO_SUCH_FIELD) {
    simdjson::dom::object object;
    if (args_error || args.get_object().get(object)) {
      return parse_failure{errc::bad_args, "args must be an object", r.id};
    }
    r.args = object;
  }
  return r;
}

std::string client_quote(std::string_view client_text) {
  std::string out;
  for (char c : client_text.substr(0, max_quoted_chars))
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  if (client_text.size() > max_quoted_chars) out += "...";
  return "\"" + out + "\"";
}

std::string reply_ok(const json::value& id, json::value result) {
  json::object o;
  o["id"] = id;
  o["ok"] = true;
  o["result"] = std::move(result);
  return json::serialize(o);
}

std::string reply_error(const json::value& id, errc code, std::string_view message) {
  json::object o;
  o["id"] = id;
  o["ok"] = false;
  o["error"] = json::object{{"code", code_name(code)}, {"message", message}};
  return json::serialize(o);
}

std::string push_frame(std::string_view topic, json::value data) {
  json::object o;
  o["push"] = topic;
  o["data"] = std::move(data);
  return json::serialize(o);
}

void args_reader::fail(std::string_view field, std::string_view what) {
  if (problem_.empty()) problem_ = "args." + std::string(field) + " " + std::string(what);
}

std::optional<simdjson::dom::element> args_reader::find(std::string_view field, bool required) {
  simdjson::dom::element e;
  auto error = args_ ? (*args_)[field].get(e) : simdjson::NO_SUCH_FIELD;
  if (error || e.is_null()) {
    if (required) fail(field, "is required");
    return std::nullopt;
  }
  return e;
}

std::string args_reader::string_at(std::string_view field, bool required) {
  auto e = find(field, required);
  if (!e) return {};
  std::string_view s;
  if (e->get_string().get(s)) {
    fail(field, "must be a string");
    return {};
  }
  return std::string(s);
}

std::string args_reader::required_string(std::string_view field) {
  return string_at(field, true);
}

std::string args_reader::optional_string(std::string_view field) {
  return string_at(field, false);
}

std::optional<bool> args_reader::optional_bool(std::string_view field) {
  auto e = find(field, false);
  if (!e) return std::nullopt;
  bool b = false;
  if (e->get_bool().get(b)) {
    fail(field, "must be true or false");
    return std::nullopt;
  }
  return b;
}

uint64_t args_reader::required_uint(std::string_view field, uint64_t max) {
  return uint_at(field, true, 0, max, 0);
}

uint64_t args_reader::optional_uint(std::string_view field, uint64_t min, uint64_t max,
                                    uint64_t fallback) {
  return uint_at(field, false, min, max, fallback);
}

uint64_t args_reader::uint_at(std::string_view field, bool required, uint64_t min, uint64_t max,
                              uint64_t fallback) {
  auto e = find(field, required);
  if (!e) return fallback;
  uint64_t v = 0;
  if (e->get_uint64().get(v) || v < min || v > max) {
    fail(field,
         "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return fallback;
  }
  return v;
}

std::vector<std::string> args_reader::string_list(std::string_view field, bool required,
                                                  size_t max_items) {
  std::vector<std::string> out;
  auto e = find(field, required);
  if (!e) return out;
  simdjson::dom::array items;
  if (e->get_array().get(items)) {
    fail(field, "must be a list of strings");
    return out;
  }
  for (auto item : items) {
    std::string_view s;
    if (item.get_string().get(s)) {
      fail(field, "must be a list of strings");
      return {};
    }
    if (out.size() == max_items) {
      fail(field, "has more than " + std::to_string(max_items) + " items");
      return {};
    }
    out.emplace_back(s);
  }
  return out;
}

}  // namespace reel::gateway
