// The reaction that carries out what a case's events oblige (domain/moderation/
// follow_ups.h): visibility, labels and age restrictions on the video, strikes on its
// owner. One event's follow-ups run in one step of the reactor, so an upheld appeal
// restores the video and lifts the strike together.
#pragma once

#include <memory>

#include "actors/core/entity_host.h"
#include "actors/core/reactor.h"

namespace reel::actors {

std::shared_ptr<reaction> case_follow_ups(entity_directory videos, entity_directory users);

}  // namespace reel::actors
