// The reports module: a user reports a video. Reports are events on the video's stream;
// the moderation queues that read them come with the moderation issue.
#pragma once

#include <string>

#include "actors/core/command_types.h"
#include "actors/core/node.h"
#include "reel/events.pb.h"

namespace reel::actors {

class accounts_module;
class videos_module;

class reports_module {
 public:
  reports_module(node& n, const accounts_module& accounts, const videos_module& videos);

  // A report twice by one person is one report.
  void report(const caller& who, std::string video_id, events::ReportReason reason,
              std::string note, reply<done> answer);

 private:
  node& node_;
  entity_directory users_, videos_;
};

}  // namespace reel::actors
