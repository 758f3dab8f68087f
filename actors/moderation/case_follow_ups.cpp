#include "actors/moderation/case_follow_ups.h"

#include "actors/accounts/user_entity.h"
#include "actors/core/flow.h"
#include "actors/videos/video_entities.h"
#include "domain/moderation/follow_ups.h"

namespace reel::actors {
namespace {

class case_reaction final : public reaction {
 public:
  case_reaction(entity_directory videos, entity_directory users)
      : videos_(std::move(videos)), users_(std::move(users)) {}
  std::string_view name() const override { return "moderation_effects"; }
  std::vector<follow_up> react(const events::EventRecord& record) const override {
    const auto& e = record.event();
    if (!e.has_moderation_auto_acted() && !e.has_moderation_case_decided()) return {};
    auto ups = domain::follow_ups_of_case(e);
    std::vector<follow_up> out;
    if (ups.video) {
      if (auto id = parse_video(ups.video->first))
        out.push_back({videos_, *id, caf::make_message(std::move(ups.video->second))});
    }
    if (ups.comment) {
      if (auto id = parse_video(ups.comment->first))
        out.push_back({videos_, *id, caf::make_message(std::move(ups.comment->second))});
    }
    if (ups.account) {
      if (auto id = parse_user(ups.account->first))
        out.push_back({users_, *id, caf::make_message(std::move(ups.account->second))});
    }
    if (ups.owner) {
      if (auto id = parse_user(ups.owner->first)) {
        auto command =
            std::visit([](auto& c) { return caf::make_message(std::move(c)); }, ups.owner->second);
        out.push_back({users_, *id, std::move(command)});
      }
    }
    return out;
  }

 private:
  entity_directory videos_, users_;
};

}  // namespace

std::shared_ptr<reaction> case_follow_ups(entity_directory videos, entity_directory users) {
  return std::make_shared<case_reaction>(std::move(videos), std::move(users));
}

}  // namespace reel::actors
