// File descriptors: reeld raises its soft limit to the hard one at start, and keeps a
// reserve for the event store, so that idle sockets can never starve RocksDB of
// descriptors (its write error would stop the node).
#pragma once

#include <cstddef>

namespace reel::tools {

// Descriptors kept for the store: its table files plus the WAL, the manifest, logs,
// backups, and the process's own (epoll, eventfds, the listener).
size_t store_fd_reserve(int store_max_open_files);

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
size_t raise_fd_limit();

// The connection cap that fits: `wanted`, or less when the descriptors left after the
// reserve are fewer (at least 1).
size_t connections_that_fit(size_t wanted, size_t fd_limit, size_t reserve);

}  // namespace reel::tools
