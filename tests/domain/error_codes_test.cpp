// The one list of error codes: names are unique snake_case, and docs/protocol.md shows
// exactly the table the list renders.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "domain/error_codes.h"

using namespace reel;

BOOST_AUTO_TEST_SUITE(error_codes)

BOOST_AUTO_TEST_CASE(every_code_has_a_unique_snake_case_name_that_reads_back) {
  std::set<std::string_view> seen;
  for (auto code : all_error_codes()) {
    auto name = code_name(code);
    BOOST_TEST(seen.insert(name).second, name << " is listed twice");
    BOOST_TEST(!code_meaning(code).empty(), name << " says nothing about when");
    for (char c : name) BOOST_TEST(((c >= 'a' && c <= 'z') || c == '_'), name);
    BOOST_TEST((errc_from_name(name) == code));
  }
  BOOST_TEST(!errc_from_name("no_such_code").has_value());
}

BOOST_AUTO_TEST_CASE(the_protocol_doc_shows_the_list) {
  std::ifstream in(REEL_SOURCE_DIR "/docs/protocol.md");
  BOOST_REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  auto doc = text.str();
  const std::string begin = "<!-- error-codes:begin -->\n", end = "<!-- error-codes:end -->";
  auto from = doc.find(begin);
  auto to = doc.find(end);
  BOOST_REQUIRE(from != std::string::npos);
  BOOST_REQUIRE(to != std::string::npos);
  auto table = doc.substr(from + begin.size(), to - from - begin.size());
  BOOST_TEST(table == error_code_table(),
             "docs/protocol.md's error table differs from domain/error_codes.h; "
             "`reelctl error-codes` prints the table to paste");
}

BOOST_AUTO_TEST_SUITE_END()
