#include "storage/recoverable_file_system.h"

#include <rocksdb/file_system.h>
#include <rocksdb/status.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace reel::storage {
namespace {

using rocksdb::IODebugContext;
using rocksdb::IOOptions;
using rocksdb::IOStatus;

// RocksDB's POSIX file system reports errno as strerror() text, with a subcode only for
// ENOSPC: the text is all there is to tell EMFILE from other I/O errors.
bool out_of_descriptors(const std::string& message) {
  return message.find(std::strerror(EMFILE)) != std::string::npos ||
         message.find(std::strerror(ENFILE)) != std::string::npos;
}

// A failed sync is never one of them, whatever its errno: see the header.
bool failed_sync(const std::string& message) {
  return message.find("sync") != std::string::npos;
}

bool exhausted(const rocksdb::Status& s) {
  if (s.ok() || !s.IsIOError()) return false;
  auto message = s.ToString();
  return !failed_sync(message) && (s.IsNoSpace() || out_of_descriptors(message));
}

IOStatus retryable_if_exhausted(IOStatus s) {
  if (exhausted(s)) s.SetRetryable(true);
  return s;
}

class recoverable_writable_file final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;

  IOStatus Append(const rocksdb::Slice& data, const IOOptions& o, IODebugContext* d) override {
    return retryable_if_exhausted(FSWritableFileOwnerWrapper::Append(data, o, d));
  }
  IOStatus Append(const rocksdb::Slice& data, const IOOptions& o,
                  const rocksdb::DataVerificationInfo& v, IODebugContext* d) override {
    return retryable_if_exhausted(FSWritableFileOwnerWrapper::Append(data, o, v, d));
  }
  IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const IOOptions& o,
                            IODebugContext* d) override {
    return retryable_if_exhausted(FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, d));
  }
  IOStatus PositionedAppend(const rocksdb::Slice& data, uint64_t offset, const IOOptions& o,
                            const rocksdb::DataVerificationInfo& v, IODebugContext* d) override {
    return retryable_if_exhausted(
        FSWritableFileOwnerWrapper::PositionedAppend(data, offset, o, v, d));
  }
  IOStatus Allocate(uint64_t offset, uint64_t len, const IOOptions& o, IODebugContext* d) override {
    return retryable_if_exhausted(FSWritableFileOwnerWrapper::Allocate(offset, len, o, d));
  }
  IOStatus Close(const IOOptions& o, IODebugContext* d) override {
    return retryable_if_exhausted(FSWritableFileOwnerWrapper::Close(o, d));
  }
  // Sync, Fsync and RangeSync pass through unmarked (see the header).
};

class recoverable_file_system final : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  const char* Name() const override { return "reel_recoverable"; }

  IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                           std::unique_ptr<rocksdb::FSWritableFile>* r,
                           IODebugContext* d) override {
    return wrap(FileSystemWrapper::NewWritableFile(f, o, r, d), r);
  }
  IOStatus ReopenWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                              std::unique_ptr<rocksdb::FSWritableFile>* r,
                              IODebugContext* d) override {
    return wrap(FileSystemWrapper::ReopenWritableFile(f, o, r, d), r);
  }
  IOStatus ReuseWritableFile(const std::string& f, const std::string& old,
                             const rocksdb::FileOptions& o,
                             std::unique_ptr<rocksdb::FSWritableFile>* r,
                             IODebugContext* d) override {
    return wrap(FileSystemWrapper::ReuseWritableFile(f, old, o, r, d), r);
  }
  IOStatus NewRandomAccessFile(const std::string& f, const rocksdb::FileOptions& o,
                               std::unique_ptr<rocksdb::FSRandomAccessFile>* r,
                               IODebugContext* d) override {
    return retryable_if_exhausted(FileSystemWrapper::NewRandomAccessFile(f, o, r, d));
  }
  IOStatus NewSequentialFile(const std::string& f, const rocksdb::FileOptions& o,
                             std::unique_ptr<rocksdb::FSSequentialFile>* r,
                             IODebugContext* d) override {
    return retryable_if_exhausted(FileSystemWrapper::NewSequentialFile(f, o, r, d));
  }
  IOStatus NewDirectory(const std::string& name, const IOOptions& o,
                        std::unique_ptr<rocksdb::FSDirectory>* r, IODebugContext* d) override {
    return retryable_if_exhausted(FileSystemWrapper::NewDirectory(name, o, r, d));
  }

 private:
  static IOStatus wrap(IOStatus s, std::unique_ptr<rocksdb::FSWritableFile>* r) {
    if (s.ok()) *r = std::make_unique<recoverable_writable_file>(std::move(*r));
    return retryable_if_exhausted(std::move(s));
  }
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> make_recoverable_file_system(
    std::shared_ptr<rocksdb::FileSystem> base) {
  if (!base) base = rocksdb::FileSystem::Default();
  return std::make_shared<recoverable_file_system>(std::move(base));
}

bool is_resource_exhaustion(const rocksdb::Status& status) {
  return exhausted(status);
}

}  // namespace reel::storage
