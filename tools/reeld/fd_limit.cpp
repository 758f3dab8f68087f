#include "tools/reeld/fd_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace reel::tools {

size_t store_fd_reserve(int store_max_open_files) {
  return static_cast<size_t>(std::max(store_max_open_files, 0)) + 256;
}

size_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? size_t{1} << 20 : static_cast<size_t>(limit.rlim_cur);
}

size_t connections_that_fit(size_t wanted, size_t fd_limit, size_t reserve) {
  size_t left = fd_limit > reserve ? fd_limit - reserve : 1;
  return std::max<size_t>(1, std::min(wanted, left));
}

}  // namespace reel::tools
