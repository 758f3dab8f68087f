#include "domain/accounts/handle_claim.h"

#include "domain/accounts/user.h"

namespace reel::domain {

std::string handle_stream(std::string_view handle) {
  return "handle:" + std::string(handle);
}

decision claim_handle(const register_user& registration) {
  if (auto problem = handle_problem(registration.handle); !problem.empty()) {
    return decision::reject(errc::invalid_handle, problem);
  }
  if (registration.user_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  events::Event e;
  auto* c = e.mutable_handle_claimed();
  c->set_handle(registration.handle);
  c->set_user_id(registration.user_id);
  c->set_birthdate(registration.birthdate);
  c->set_claimed_on(registration.today.str());
  c->set_account_key_sha256(registration.account_key_sha256);
  c->set_client_key_sha256(registration.client_key_sha256);
  c->set_timezone(registration.timezone);
  return decision::accept(std::move(e));
}

std::optional<registration_follow_up> registration_of_claim(const events::Event& event) {
  if (!event.has_handle_claimed()) return std::nullopt;
  const auto& c = event.handle_claimed();
  auto day = parse_date(c.claimed_on());
  if (c.birthdate().empty() || !day) return std::nullopt;
  // The claim passed the rules when it was made (a reserved handle only by the node), so
  // it may take what it claimed.
  register_user command{
      c.user_id(),          c.handle(), c.birthdate(), *day, true, c.account_key_sha256(),
      c.client_key_sha256()};
  command.completing = true;
  command.timezone = c.timezone();
  return registration_follow_up{c.user_id(), std::move(command)};
}

std::optional<domain_error> check_registration_retry(std::string_view claimed_handle,
                                                     std::string_view handle, bool by_client_key,
                                                     int64_t age_us) {
  if (claimed_handle != handle)
    return domain_error{errc::bad_args, "args.client_key registered another handle; use a new one"};
  if (by_client_key && age_us > client_key_lifetime_us)
    return domain_error{errc::bad_args,
                        "args.client_key was used more than a day ago; use a new one"};
  return std::nullopt;
}

}  // namespace reel::domain
