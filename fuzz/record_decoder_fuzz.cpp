// libFuzzer target: bytes read back from the log as a framed event record. Damage must
// come out as store_error (corrupt_record or future_schema), never as a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "storage/record_format.h"
#include "storage/store_error.h"

using namespace reel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view framed(reinterpret_cast<const char*>(data), size);
  events::EventRecord out;
  for (auto checks : {storage::record_checks::all, storage::record_checks::framing_only}) {
    try {
      storage::unframe_record(42, framed, out, checks);
    } catch (const storage::store_error& e) {
      if (e.code() != storage::store_errc::corrupt_record &&
          e.code() != storage::store_errc::future_schema)
        throw;
    }
  }
  return 0;
}
