// crc32.h — the one CRC-32 of the engine: gzip trailers (data/gzip.cpp) and model files (io/).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cnnlab {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320): the values of zlib's crc32(), gzip's
// trailer and PNG. `crc` continues a running checksum: crc32(b, n, crc32(a, m)) is the CRC of
// a followed by b.
uint32_t crc32(const uint8_t* data, size_t size, uint32_t crc = 0);

}  // namespace cnnlab
