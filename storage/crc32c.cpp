#include "storage/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace reel::storage {
namespace {

constexpr uint32_t castagnoli_reversed = 0x82f63b78;

constexpr std::array<uint32_t, 256> byte_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? castagnoli_reversed : 0);
    table[i] = crc;
  }
  return table;
}

uint32_t extend_by_table(uint32_t crc, const unsigned char* p, size_t n) {
  static constexpr auto table = byte_table();
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t crc32c_by_instruction(uint32_t crc,
                                                                 const unsigned char* p, size_t n) {
  uint64_t wide = crc;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    wide = _mm_crc32_u64(wide, word);
  }
  auto narrow = static_cast<uint32_t>(wide);
  for (; n > 0; --n, ++p) narrow = _mm_crc32_u8(narrow, *p);
  return narrow;
}

bool has_crc32_instruction() {
  static const bool has = [] {
    __builtin_cpu_init();  // harmless when already done; needed if called before main()
    return __builtin_cpu_supports("sse4.2") != 0;
  }();
  return has;
}
#endif

}  // namespace

uint32_t crc32c(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  uint32_t crc = 0xffffffff;
#if defined(__x86_64__)
  if (has_crc32_instruction()) return ~crc32c_by_instruction(crc, p, bytes.size());
#endif
  return ~extend_by_table(crc, p, bytes.size());
}

uint32_t crc32c_by_table(std::string_view bytes) {
  return ~extend_by_table(0xffffffff, reinterpret_cast<const unsigned char*>(bytes.data()),
                          bytes.size());
}

}  // namespace reel::storage
