// Errors of the event store. Expected outcomes of an append (a version conflict, an invalid
// request) come back in append_result; store_error is thrown for what a caller cannot
// plan around: a corrupted record, a record from a newer schema, a failing disk.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace reel::storage {

enum class store_errc {
  corrupt_record,    // checksum, framing or decoding failed, or the log has a gap
  future_schema,     // a record written by a newer schema than this build reads
  storage_failure,   // RocksDB reported an error (I/O, disk full, ...)
  invalid_argument,  // a malformed stream id, projection name, ...
  incompatible,      // the database was written by a newer store format
};

std::string_view code_name(store_errc code);  // stable snake_case, e.g. "corrupt_record"

class store_error : public std::runtime_error {
 public:
  // `sequence` is the global sequence of the record concerned, or 0 when none is.
  store_error(store_errc code, std::string message, uint64_t sequence = 0)
      : std::runtime_error(std::move(message)), code_(code), sequence_(sequence) {}

  store_errc code() const { return code_; }
  uint64_t sequence() const { return sequence_; }

 private:
  store_errc code_;
  uint64_t sequence_;
};

}  // namespace reel::storage
