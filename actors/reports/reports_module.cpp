#include "actors/reports/reports_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/videos/video_command.h"
#include "actors/videos/videos_module.h"

namespace reel::actors {

reports_module::reports_module(node& n, const accounts_module& accounts,
                               const videos_module& videos)
    : node_(n), users_(accounts.users()), videos_(videos.videos()) {}

void reports_module::report(const caller& who, std::string video, events::ReportReason reason,
                            std::string note, reply<done> answer) {
  video_command(node_, users_, videos_, who, video, domain::permission::report,
                across_block::allowed, std::move(answer), [=](const user_facts&) {
                  return domain::report_video{who.user_id, reason, note};
                });
}

}  // namespace reel::actors
