// The file system the RocksDB store runs on: the OS's, with running out of file
// descriptors (EMFILE, ENFILE) or of disk space (ENOSPC) marked retryable where a file is
// opened, written or closed. RocksDB's error handler then resumes by itself once the
// cause is gone (every DBOptions::bgerror_resume_retry_interval, 1 s), instead of taking
// such an error as fatal until the database is reopened. A failed sync is never marked:
// after fsync fails, what reached the disk is unknown, and the store stops for good.
#pragma once

#include <memory>

namespace rocksdb {
class FileSystem;
class Status;
}  // namespace rocksdb

namespace reel::storage {

// Wraps `base` (the OS's file system when null).
std::shared_ptr<rocksdb::FileSystem> make_recoverable_file_system(
    std::shared_ptr<rocksdb::FileSystem> base = nullptr);

// True for the errors above (a failed sync never is, even with ENOSPC: RocksDB would
// resume, but the store must not): the store is unavailable until they pass, not stopped.
bool is_resource_exhaustion(const rocksdb::Status& status);

}  // namespace reel::storage
