#include "actors/notifications/notifications_module.h"

#include "actors/accounts/accounts_module.h"
#include "actors/accounts/caller_facts.h"
#include "actors/core/store_worker.h"

namespace reel::actors {
namespace {

using inbox_atom = caf::atom_constant<caf::atom("inbox")>;  // a page of a user's inbox

}  // namespace

notifications_module::notifications_module(node& n, const accounts_module& accounts)
    : node_(n), users_(accounts.users()) {
  auto model = std::make_shared<projections::inbox_projection>();
  inbox_ = n.add_projection(
      model,
      caf::message_handler{[model](inbox_atom, const std::string& user, size_t limit,
                                   std::optional<uint64_t> before) -> caf::result<inbox_answer> {
        try {
          return model->page(user, limit, before);
        } catch (const std::exception& e) {
          return store_job_failed(e.what());  // `storage_failure` to the caller
        }
      }});
  n.adopt(n.system().spawn<caf::detached>(notifier, &n.journal().store(), &n.clock(), n.bus(),
                                          outlet_));
}

void notifications_module::on_notice(notice_sink sink) {
  outlet_->set(std::move(sink));
}

void notifications_module::list(const caller& who, size_t limit, std::optional<uint64_t> before,
                                reply<inbox_answer> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  if (limit < 1 || limit > domain::max_inbox_page)
    return answer(command_error{errc::bad_args, "limit is 1 to 100"});
  start_flow(node_.system(), [this, who, limit, before, answer = std::move(answer)](flow* self) {
    ending<inbox_answer> end{self, answer, node_.timeout()};
    with_permission(
        self, users_, who, domain::permission::read_profiles, end, [=, this](user_facts&) {
          // Everything committed before now, the caller's own reads included, is in the page.
          auto head = node_.journal().store().global_head();
          auto failed = [end](caf::error& e) { end(from_caf(e)); };
          self->request(*inbox_.host, end.remaining(), reached_atom::value, inbox_.index, head)
              .then(
                  [=, this](bool) {
                    self->request(*inbox_.host, end.remaining(), inbox_atom::value, who.user_id,
                                  limit, before)
                        .then([end](inbox_answer& page) { end(std::move(page)); }, failed);
                  },
                  failed);
        });
  });
}

void notifications_module::read(const caller& who, uint64_t up_to, reply<done> answer) {
  if (auto problem = check_caller(who)) return answer(*problem);
  auto me = *parse_user(who.user_id);
  start_flow(node_.system(), [this, who, me, up_to, answer = std::move(answer)](flow* self) {
    ending<done> end{self, answer, node_.timeout()};
    with_permission(self, users_, who, domain::permission::read_profiles, end,
                    [=, this](user_facts&) {
                      command_done(self, users_, me, meta_for(who, "notifications"),
                                   domain::mark_notifications_read{up_to}, end);
                    });
  });
}

}  // namespace reel::actors
