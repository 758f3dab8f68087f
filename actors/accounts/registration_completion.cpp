#include "actors/accounts/registration_completion.h"

#include "actors/accounts/user_entity.h"
#include "actors/core/flow.h"
#include "domain/accounts/credentials.h"
#include "domain/accounts/handle_claim.h"

namespace reel::actors {

storage::append_request token_stream_append(std::vector<events::Event> issued,
                                            const std::string& request_id,
                                            const std::string& caused_by) {
  storage::append_request request;
  if (!issued.empty())
    request.stream_id = domain::token_stream(issued.front().access_token_issued().token_sha256());
  request.expected_version = storage::no_stream;
  for (auto& e : issued) request.events.push_back({std::move(e), 0, request_id, caused_by});
  return request;
}

namespace {

class completion final : public reaction {
 public:
  explicit completion(entity_directory users) : users_(std::move(users)) {}
  std::string_view name() const override { return "registration_completion"; }

  std::vector<follow_up> react(const events::EventRecord& record) const override {
    auto up = domain::registration_of_claim(record.event());
    if (!up) return {};
    auto id = parse_user(up->user_id);
    if (!id) return {};
    std::vector<follow_up> out;
    const auto& key = up->command.account_key_sha256;
    if (!key.empty()) {
      // Epoch 0: a new account's; the flow's retry under a later epoch writes its own key.
      auto issued = domain::issue_account_key(up->user_id, key, 0);
      if (issued.ok()) {
        follow_up f;
        f.creates =
            token_stream_append(std::move(issued).events(),
                                "seq:" + std::to_string(record.envelope().sequence()), up->user_id);
        out.push_back(std::move(f));
      }
    }
    out.push_back(follow_up{users_, *id, caf::make_message(std::move(up->command))});
    return out;
  }

 private:
  entity_directory users_;
};

}  // namespace

std::shared_ptr<reaction> registration_completion(entity_directory users) {
  return std::make_shared<completion>(std::move(users));
}

}  // namespace reel::actors
