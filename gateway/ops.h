// The ops of protocol v1 (docs/protocol.md): each op's name, who may call it, how its args
// are read and how its result is written. Runs on the session's strand; answers arrive
// from the command API on CAF threads and go back through websocket_session::finish().
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reel::gateway {

class websocket_session;

// Takes one frame on the session's strand: rate limit, parse, login and role, then the op.
void handle_request(const std::shared_ptr<websocket_session>& session, std::string_view frame,
                    bool binary, std::chrono::steady_clock::time_point started);

// The names of every op, in table order (docs, tests).
std::vector<std::string_view> op_names();

}  // namespace reel::gateway
