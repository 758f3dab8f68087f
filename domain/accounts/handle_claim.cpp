#include "domain/accounts/handle_claim.h"

#include "domain/accounts/user.h"

namespace reel::domain {

std::string handle_stream(std::string_view handle) {
  return "handle:" + std::string(handle);
}

decision claim_handle(std::string_view handle, std::string_view user_id) {
  if (auto problem = handle_problem(handle); !problem.empty()) {
    return decision::reject(errc::invalid_handle, problem);
  }
  if (user_id.empty()) return decision::reject(errc::invalid_id, "user id is missing");
  events::Event e;
  e.mutable_handle_claimed()->set_handle(std::string(handle));
  e.mutable_handle_claimed()->set_user_id(std::string(user_id));
  return decision::accept(std::move(e));
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
