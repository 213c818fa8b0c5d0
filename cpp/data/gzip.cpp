// data/gzip.cpp — gzip header/trailer parsing (RFC 1952) around stb_image's raw-deflate inflater.
#include "gzip.h"

#include <stb_image.h>

#include <climits>
#include <string>

#include "../crc32.h"
#include "../tensor.h"

namespace cnnlab {

namespace {

// gzip header flag bits (RFC 1952 §2.3.1).
// FTEXT (1) is only a hint about the content and needs no handling.
constexpr uint8_t kFHcrc = 2, kFExtra = 4, kFName = 8, kFComment = 16;
constexpr uint8_t kFReserved = 0xE0;
// Largest decompressed size accepted (1 GB; Fashion-MNIST's largest file is 47 MB).
constexpr uint32_t kMaxOutput = 1u << 30;

uint32_t read_le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[3]) << 24;
}

[[noreturn]] void fail(const std::string& why) { throw Error("gzip: " + why); }

}  // namespace

bool is_gzip(const uint8_t* data, size_t size) { return size >= 2 && data[0] == 0x1f && data[1] == 0x8b; }

std::vector<uint8_t> gunzip(const uint8_t* data, size_t size) {
  // Member layout: ID1 ID2 CM FLG MTIME(4) XFL OS [XLEN(2) extra] [name\0] [comment\0] [CRC16]
  //                deflate data … CRC32(4) ISIZE(4)
  if (size == 0) fail("the file is empty");
  if (!is_gzip(data, size)) fail("not a gzip file (no 1f 8b magic)");
  if (size < 18) fail("the file is truncated (" + std::to_string(size) + " bytes)");
  if (data[2] != 8) fail("unknown compression method " + std::to_string(data[2]) + " (only deflate, 8)");
  const uint8_t flags = data[3];
  if (flags & kFReserved) fail("reserved header flags are set; the file is corrupt");
  size_t pos = 10;
  const size_t trailer = size - 8;
  if (flags & kFExtra) {
    if (pos + 2 > trailer) fail("the header is truncated (extra field)");
    pos += 2 + (static_cast<size_t>(data[pos]) | static_cast<size_t>(data[pos + 1]) << 8);
  }
  for (uint8_t field : {kFName, kFComment}) {
    if (!(flags & field)) continue;
    while (pos < trailer && data[pos] != 0) ++pos;
    if (pos >= trailer) fail(std::string("the header is truncated (") + (field == kFName ? "file name" : "comment") + ")");
    ++pos;  // the terminating zero
  }
  if (flags & kFHcrc) pos += 2;
  if (pos >= trailer) fail("the file is truncated (no compressed data)");
  // The inflater is handed the trailer too: stb's decoder refuses to decode a code when fewer
  // than 16 bits are left, and the 8 trailer bytes are the slack it needs after the last block.
  const size_t deflated = size - pos;
  if (deflated > static_cast<size_t>(INT_MAX)) fail("the file is too large (over 2 GB compressed)");

  // The trailer is the last 8 bytes of a single-member file; for a truncated file these are
  // compressed bytes instead, and the checks below refuse it. Inflating into a buffer of the
  // size the trailer states (plus one byte, to notice more) never grows past it, so a gzip
  // bomb cannot exhaust memory, and needs no reallocation.
  const uint32_t want_crc = read_le32(data + trailer);
  const uint32_t want_size = read_le32(data + trailer + 4);  // length mod 2^32
  if (want_size > kMaxOutput)
    fail("the trailer claims " + std::to_string(want_size) + " decompressed bytes, over the " +
         std::to_string(kMaxOutput >> 20) + " MB limit");
  // Deflate spends at least 2 bits on a 258-byte match (1 for its length code, 1 for its
  // distance), so n compressed bytes inflate to at most 1032·n: a trailer that claims more lies,
  // and is refused before the buffer it names is allocated.
  if (want_size > (static_cast<uint64_t>(deflated) + 1) * 1032)
    fail("the trailer claims " + std::to_string(want_size) + " decompressed bytes, more than " +
         std::to_string(deflated) + " compressed bytes can hold; the file is corrupt");
  std::vector<uint8_t> out(static_cast<size_t>(want_size) + 1);
  const int n = stbi_zlib_decode_noheader_buffer(reinterpret_cast<char*>(out.data()), static_cast<int>(out.size()),
                                                 reinterpret_cast<const char*>(data + pos), static_cast<int>(deflated));
  if (n < 0) fail("the compressed data is corrupt or truncated, or longer than the trailer says");
  if (static_cast<uint32_t>(n) != want_size)
    fail("the file is truncated or corrupt: decompressed " + std::to_string(n) + " bytes but the trailer says " +
         std::to_string(want_size));
  out.resize(want_size);
  if (crc32(out.data(), out.size()) != want_crc) fail("CRC-32 mismatch; the file is corrupt");
  return out;
}

std::vector<uint8_t> maybe_gunzip(std::vector<uint8_t> bytes) {
  if (!is_gzip(bytes.data(), bytes.size())) return bytes;
  return gunzip(bytes.data(), bytes.size());
}

}  // namespace cnnlab
