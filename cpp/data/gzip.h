// data/gzip.h — gunzip of a whole file in memory (RFC 1952), without zlib, for the browser too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../crc32.h"  // gzip trailers carry a CRC-32

namespace cnnlab {

// True when the bytes start with the gzip magic 1f 8b.
bool is_gzip(const uint8_t* data, size_t size);

// The decompressed bytes of a single-member gzip file (at most 1 GB). Throws Error on a bad
// header, a corrupt or truncated deflate stream, or a CRC-32 / length (ISIZE) mismatch.
std::vector<uint8_t> gunzip(const uint8_t* data, size_t size);

// gunzip() when `bytes` is gzip, otherwise `bytes` unchanged.
std::vector<uint8_t> maybe_gunzip(std::vector<uint8_t> bytes);

}  // namespace cnnlab
