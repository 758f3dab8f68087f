// Checks the gateway tests share: a feed page holding a video, the next push of a kind, and
// waiting for what follow-ups do a moment after a reply.
#pragma once

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "ws_client.h"

namespace reel::testing {

inline bool page_has(ws_client& c, const std::string& op, const std::string& video) {
  auto page = c.call(op, {{"limit", 50}});
  BOOST_REQUIRE_MESSAGE(page.at("ok").as_bool(), boost::json::serialize(page));
  for (const auto& item : page.at("result").at("items").as_array())
    if (item.at("video_id").as_string() == video) return true;
  return false;
}

// The next push of this kind; pushes of other kinds on the way are passed over. Throws,
// naming the kind and what came instead, if none comes within 10 s.
inline boost::json::object push_of(ws_client& c, const std::string& kind) {
  std::string passed;
  for (;;) {
    boost::json::object p;
    try {
      p = c.next_push();
    } catch (const std::exception& e) {
      throw std::runtime_error("no " + kind + " push (" + e.what() + "); passed over:" + passed);
    }
    if (p.at("data").at("kind").as_string() == kind) return p;
    passed += " " + boost::json::serialize(p.at("data").at("kind"));
  }
}

// Waits until `check` holds (follow-ups run through the reactor, a moment after the reply).
template <class Check>
bool eventually(Check check) {
  for (int i = 0; i < 300; ++i) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace reel::testing
