// What an aggregate's decide() returns: the events to append, or a domain error with a
// stable code from domain/error_codes.h (the module APIs and the gateway pass it on unchanged).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/error_codes.h"
#include "reel/events.pb.h"

namespace reel::domain {

struct domain_error {
  errc code = errc::internal;  // e.g. age_restricted, already_following
  std::string message;         // for people
};

class decision {
 public:
  static decision accept(std::vector<events::Event> events) { return decision(std::move(events)); }
  static decision accept(events::Event event) {
    std::vector<events::Event> one;
    one.push_back(std::move(event));
    return decision(std::move(one));
  }
  static decision reject(errc code, std::string message) {
    decision d;
    d.error_ = domain_error{code, std::move(message)};
    d.rejected_ = true;
    return d;
  }

  bool ok() const { return !rejected_; }
  const std::vector<events::Event>& events() const& { return events_; }
  std::vector<events::Event>& events() & { return events_; }
  // From a temporary decision, the events move out (so `for (e : decide(...).events())`
  // does not dangle).
  std::vector<events::Event> events() && { return std::move(events_); }
  const domain_error& error() const { return error_; }

 private:
  decision() = default;
  explicit decision(std::vector<events::Event> events) : events_(std::move(events)) {}
  std::vector<events::Event> events_;
  domain_error error_;
  bool rejected_ = false;
};

}  // namespace reel::domain
