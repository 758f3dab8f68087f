// CRC-32C (Castagnoli), the checksum of framed records since frame format 2.
// x86-64 processors compute it in hardware (SSE 4.2's crc32 instruction, about 20 times
// faster here than zlib's table-driven CRC-32); elsewhere a table computes the same value.
#pragma once

#include <cstdint>
#include <string_view>

namespace reel::storage {

uint32_t crc32c(std::string_view bytes);
// The same value by table, as on processors without the instruction (tests compare them).
uint32_t crc32c_by_table(std::string_view bytes);

}  // namespace reel::storage
