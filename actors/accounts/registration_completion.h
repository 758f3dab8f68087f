// The reaction that completes every claimed registration (domain/accounts/handle_claim.h):
// for each HandleClaimed that carries its registration, the account key's stream is
// created and the user registered, so a client whose reply was lost and who never retries
// still has its account, and a retry finds it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actors/core/reactor.h"

namespace reel::actors {

// The append that creates a credential's stream ("token:<sha256>") with the events that
// issued it (domain/accounts/credentials.h). It expects no stream: a taken token is a
// version conflict.
storage::append_request token_stream_append(std::vector<events::Event> issued,
                                            const std::string& request_id,
                                            const std::string& caused_by);

std::shared_ptr<reaction> registration_completion(entity_directory users);

}  // namespace reel::actors
