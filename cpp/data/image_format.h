// data/image_format.h — what the decoder learns from a file's bytes before stb_image sees them:
// the format, the size the header claims, and whether the file holds everything it promises.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cnnlab {

enum class ImageFormat { kUnknown, kJpeg, kPng, kBmp, kGif };

// By magic bytes, so a text file named .jpg is "not an image" rather than a "corrupt JPEG".
ImageFormat sniff_image(const uint8_t* b, size_t n);
const char* image_format_name(ImageFormat f);  // "JPEG", "PNG", "BMP", "GIF", "image"

// Width and height as the header claims them (a BMP's height as a magnitude: negative means
// stored top-down), read without decoding anything. False when the header is too short to say.
bool header_dimensions(const uint8_t* b, size_t n, ImageFormat f, int64_t* w, int64_t* h);

// Walks a JPEG's marker segments up to the first scan, calling visit(marker, payload, length)
// for each segment with a length; stops early when visit returns true. A segment is FF xx then
// a big-endian length that counts itself. Returns false on malformed structure.
template <typename Visit>
bool walk_jpeg_segments(const uint8_t* b, size_t n, Visit visit) {
  if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return false;
  size_t pos = 2;
  while (pos + 4 <= n) {
    if (b[pos] != 0xFF) return false;
    const uint8_t marker = b[pos + 1];
    if (marker == 0xFF) { ++pos; continue; }  // fill byte
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) { pos += 2; continue; }  // no length
    if (marker == 0xDA || marker == 0xD9) return true;  // start of scan / end of image
    const size_t len = static_cast<size_t>(b[pos + 2]) << 8 | b[pos + 3];
    if (len < 2 || pos + 2 + len > n) return false;
    if (visit(marker, b + pos + 4, len - 2)) return true;
    pos += 2 + len;
  }
  return false;
}

// stb_image 2.27 trusts the symbol counts of a JPEG Huffman table: counts summing past 256
// overrun its arrays (fixed in 2.28; Debian ships 2.27). False when any table of the file would.
bool jpeg_huffman_tables_ok(const uint8_t* b, size_t n);

// False when the file ends before the data the decoder will read. stb_image reads past the end
// of a BMP or GIF as zero bytes, so a cut file would decode with a black or empty part; it fails on
// a cut PNG or JPEG itself, and checking those here too lets the refusal say "truncated".
//  - BMP: the palette and every row of pixels (the last row's padding may be missing);
//  - GIF: every block up to the end of the first frame's image data (later frames are not decoded);
//  - PNG: every chunk up to IEND;  JPEG: an end-of-image marker (FF D9) after the start of image.
// A file whose structure makes no sense here counts as complete: stb refuses it itself.
bool image_complete(ImageFormat f, const uint8_t* b, size_t n);

}  // namespace cnnlab
