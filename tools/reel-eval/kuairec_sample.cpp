#include "tools/reel-eval/kuairec_sample.h"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace reel::eval {
namespace {

namespace json = boost::json;

json::object read_object(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto value = json::parse(text.str(), ec);
  if (ec) throw std::runtime_error(file.string() + " is not JSON: " + ec.message());
  if (!value.is_object()) throw std::runtime_error(file.string() + " is not a JSON object");
  return std::move(value.as_object());
}

uint32_t id_of(std::string_view key, const std::filesystem::path& file) {
  uint32_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9' || v > 100'000'000)
      throw std::runtime_error(file.string() + ": '" + std::string(key) + "' is not an id");
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (key.empty()) throw std::runtime_error(file.string() + ": an empty id");
  return v;
}

std::vector<uint32_t> ids_in(const json::value& list, const std::filesystem::path& file) {
  if (!list.is_array()) throw std::runtime_error(file.string() + ": a list of ids was expected");
  std::vector<uint32_t> out;
  for (const auto& v : list.as_array()) {
    if (!v.is_int64() || v.as_int64() < 0)
      throw std::runtime_error(file.string() + ": ids are non-negative integers");
    out.push_back(static_cast<uint32_t>(v.as_int64()));
  }
  return out;
}

std::map<uint32_t, std::vector<uint32_t>> read_lists(const std::filesystem::path& file) {
  std::map<uint32_t, std::vector<uint32_t>> out;
  for (const auto& [key, list] : read_object(file)) out[id_of(key, file)] = ids_in(list, file);
  return out;
}

}  // namespace

kuairec_sample load_kuairec(const std::filesystem::path& folder) {
  kuairec_sample s;
  auto items = folder / "item_dict-merge.json";
  for (const auto& [key, entry] : read_object(items)) {
    if (!entry.is_object() || !entry.as_object().contains("feature_index"))
      throw std::runtime_error(items.string() + ": video " + std::string(key) +
                               " has no feature_index");
    s.tags[id_of(key, items)] = ids_in(entry.as_object().at("feature_index"), items);
  }
  s.train = read_lists(folder / "review_dict_train.json");
  s.test = read_lists(folder / "review_dict_test.json");
  return s;
}

}  // namespace reel::eval
