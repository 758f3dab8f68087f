// A RocksDB file system for tests that fails on demand the way a full disk, a process
// out of descriptors or a failing disk does, with the messages RocksDB's POSIX file
// system gives for them.
#pragma once

#include <rocksdb/file_system.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

namespace reel::testing {

struct faulty_file_system final : rocksdb::FileSystemWrapper {
  // Appends to the WAL write half their bytes, then report ENOSPC (the worst case: a torn
  // record on disk).
  std::atomic<bool> disk_full{false};
  // Creating any file reports EMFILE.
  std::atomic<bool> out_of_descriptors{false};
  // Syncs report `sync_errno` (EIO, or ENOSPC as some file systems do).
  std::atomic<bool> sync_fails{false};
  int sync_errno = EIO;

  faulty_file_system() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "reel_test_faulty"; }

  rocksdb::IOStatus NewWritableFile(const std::string& f, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    if (out_of_descriptors)
      return rocksdb::IOStatus::IOError("While open a file for appending: " + f,
                                        std::strerror(EMFILE));
    auto s = FileSystemWrapper::NewWritableFile(f, o, r, d);
    if (s.ok()) *r = std::make_unique<file>(std::move(*r), *this, ends_with(f, ".log"));
    return s;
  }

 private:
  static bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  }

  struct file final : rocksdb::FSWritableFileOwnerWrapper {
    faulty_file_system& fs;
    bool wal;
    file(std::unique_ptr<rocksdb::FSWritableFile> f, faulty_file_system& owner, bool is_wal)
        : FSWritableFileOwnerWrapper(std::move(f)), fs(owner), wal(is_wal) {}

    rocksdb::IOStatus torn(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* d) {
      target()->Append(rocksdb::Slice(data.data(), data.size() / 2), o, d);
      return rocksdb::IOStatus::NoSpace("While appending to file", std::strerror(ENOSPC));
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* d) override {
      if (wal && fs.disk_full) return torn(data, o, d);
      return FSWritableFileOwnerWrapper::Append(data, o, d);
    }
    rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                             const rocksdb::DataVerificationInfo& v,
                             rocksdb::IODebugContext* d) override {
      if (wal && fs.disk_full) return torn(data, o, d);
      return FSWritableFileOwnerWrapper::Append(data, o, v, d);
    }
    rocksdb::IOStatus failed_sync() {
      auto why = std::strerror(fs.sync_errno);
      return fs.sync_errno == ENOSPC ? rocksdb::IOStatus::NoSpace("While fdatasync", why)
                                     : rocksdb::IOStatus::IOError("While fdatasync", why);
    }
    rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (fs.sync_fails) return failed_sync();
      return FSWritableFileOwnerWrapper::Sync(o, d);
    }
    rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* d) override {
      if (fs.sync_fails) return failed_sync();
      return FSWritableFileOwnerWrapper::Fsync(o, d);
    }
  };
};

}  // namespace reel::testing
