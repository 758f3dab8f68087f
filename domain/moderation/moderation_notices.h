// Who hears of moderation as it happens (the notifier, actors/notifications/notifier.h):
//  - moderators watching the `moderation` topic: a case opened by a severity 0 or 1 reason,
//    a deadline breached, an appeal waiting (each needs a person soon);
//  - the subject's owner, on `notifications`: an automatic action on their video, and
//    every decision about their content, with its appeal window;
//  - the reporters of the round a decision ends, on `notifications`: its outcome;
//  - a reporter whose standing changed (ReporterStandingChanged): warned, or suspended
//    from reporting until a time.
// Nobody is told of their own action. Pushes carry ids and names only: what a case holds
// is read through moderation.case or account.status, whose access is checked live.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/notifications/notifications.h"

namespace reel::domain {

// Whether moderation_notices needs the reporters of the case's latest round (a decision);
// the caller then reads them from the case's stream (reporters_of_round).
bool needs_reporters(const events::Event& event);

// The reporters of the latest round in a case's events, oldest report first, each once.
std::vector<std::string> reporters_of_round(const std::vector<events::Event>& case_events);
// The same one event at a time: folds a case event into the round's reporters (an opening
// starts a new round). True when it changed them.
bool observe_round(std::vector<std::string>& round, const events::Event& case_event);

// The notices a moderation event gives. `video_owner` is the owner of the video an
// automatic action hid or labelled (video_of_interest), empty when unknown; `reporters`
// the case's latest round's, for a decision.
std::vector<notice> moderation_notices(const events::Event& event, std::string_view video_owner,
                                       const std::vector<std::string>& reporters);

}  // namespace reel::domain
