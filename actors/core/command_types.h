// What every module API shares: who asks (caller), how an answer arrives (reply<T>, once,
// as a value or a command_error with a stable code from domain/error_codes.h), and await()
// for tools and tests. Nothing here assumes the entities live in this process.
//
// Callbacks run on a CAF thread (or a store thread): keep them short, e.g. post to a Beast
// strand. `await()` turns a call into a blocking one; never call it on a CAF thread.
//
// Idempotency: a command with a request id is committed at most once per caller. Its key is
// "<user id>|<request id>|<stream>" (anonymous callers use "anon:<session>" for the user
// id), so a retried request commits once and gets the same answer, also after a timeout.
#pragma once

#include <functional>
#include <future>
#include <string>
#include <utility>
#include <variant>

#include "domain/error_codes.h"

namespace reel::actors {

struct command_error {
  errc code = errc::internal;
  std::string message;
};

template <class T>
class outcome {
 public:
  outcome(T value) : v_(std::move(value)) {}
  outcome(command_error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  const command_error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, command_error> v_;
};

// Who asks. Commands other than registration need a user id (else `unauthenticated`).
struct caller {
  std::string user_id;     // the logged-in user
  std::string request_id;  // the client's request id: correlation and idempotency
  std::string session;     // tells anonymous callers apart (registration)
};

// A command's answer when it returns nothing else.
struct done {
  bool replayed = false;  // a retry: the first request committed it
};

template <class T>
using reply = std::function<void(outcome<T>)>;

// Calls `call(reply)` and waits for the answer. For tools and tests, not CAF threads.
template <class T, class Call>
outcome<T> await(Call&& call) {
  std::promise<outcome<T>> promise;
  auto future = promise.get_future();
  call([&promise](outcome<T> result) { promise.set_value(std::move(result)); });
  return future.get();
}

}  // namespace reel::actors
