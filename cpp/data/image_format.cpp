// data/image_format.cpp — format sniffing, claimed sizes and structure checks (see image_format.h).
#include "image_format.h"

#include <cstring>

namespace cnnlab {

namespace {

int64_t le16(const uint8_t* b, size_t at) { return int64_t{b[at]} | int64_t{b[at + 1]} << 8; }
uint32_t le32(const uint8_t* b, size_t at) { return static_cast<uint32_t>(le16(b, at) | le16(b, at + 2) << 16); }
uint64_t be32(const uint8_t* b, size_t at) {
  return uint64_t{b[at]} << 24 | uint64_t{b[at + 1]} << 16 | uint64_t{b[at + 2]} << 8 | b[at + 3];
}

// A PNG is chunks (length, type, data, CRC) after the signature, up to IEND; stb reads chunks
// until IEND, so a file that ends first was cut.
//
// The image data inflates to one filter byte and ⌈w·bits/8⌉ bytes per row, and deflate yields at
// most 1032 bytes per byte, so a file smaller than that cannot hold its rows: stb would allocate
// the whole image before finding out.
bool png_complete(const uint8_t* b, size_t n) {
  if (n >= 29 && std::memcmp(b + 12, "IHDR", 4) == 0) {
    const uint64_t w = be32(b, 16), h = be32(b, 20), depth = b[24], type = b[25];
    const uint64_t channels = type == 2 ? 3 : type == 4 ? 2 : type == 6 ? 4 : 1;  // 0 grey, 3 palette: 1
    if (w <= (1u << 24) && h <= (1u << 24) && h * (1 + (w * channels * depth + 7) / 8) > uint64_t{1032} * n) return false;
  }
  uint64_t pos = 8;
  while (pos + 8 <= n) {
    // stb stops at IEND's type, before its CRC: a file cut inside that CRC still decodes.
    if (std::memcmp(b + pos + 4, "IEND", 4) == 0) return true;
    pos += 12 + be32(b, static_cast<size_t>(pos));
  }
  return false;
}

// Every JPEG ends in the end-of-image marker FF D9, and stb_image decodes until it reads one.
// Entropy-coded data never holds FF D9, so without one the file was cut. (A thumbnail inside
// an Exif segment has its own FF D9; such a file, if cut, is left to stb, which refuses it too.)
// A file cut and then closed with FF D9 decodes as grey where the data is missing, as libjpeg
// does; but every 8×8 block costs at least one bit (its DC code), so w·h ≤ 512·n bytes, and a
// file far smaller than that is cut, however it ends. (Real photos: under 20 pixels a byte.)
bool jpeg_complete(const uint8_t* b, size_t n) {
  int64_t w = 0, h = 0;
  if (header_dimensions(b, n, ImageFormat::kJpeg, &w, &h) && static_cast<uint64_t>(w * h) > uint64_t{512} * n) return false;
  for (size_t i = 2; i + 1 < n; ++i)
    if (b[i] == 0xFF && b[i + 1] == 0xD9) return true;
  return false;
}

// BMP: a file header (14 bytes), an info header of hsz bytes, three colour masks for BITFIELDS
// with the 40- and 56-byte headers, a palette for 1/4/8 bits per pixel, then rows of pixels from
// `offset`, each padded to 4 bytes (stb_image reads 32-bit and odd depths as 4 bytes a pixel).
bool bmp_complete_impl(const uint8_t* b, size_t n) {
  if (n < 18) return false;
  const uint64_t offset = le32(b, 10), hsz = le32(b, 14);
  if (hsz != 12 && hsz != 40 && hsz != 56 && hsz != 108 && hsz != 124) return true;  // stb refuses
  if (n < 14 + hsz) return false;
  int64_t w, h, bpp, compress = 0;
  if (hsz == 12) {
    w = le16(b, 18);
    h = le16(b, 20);
    bpp = le16(b, 24);
  } else {
    w = static_cast<int32_t>(le32(b, 18));
    h = static_cast<int32_t>(le32(b, 22));
    bpp = le16(b, 28);
    compress = le32(b, 30);
  }
  h = h < 0 ? -h : h;
  // Refused elsewhere: no pixels, sizes past the decoder's limits, depths and compressions stb lacks.
  if (w < 1 || h < 1 || w > (1 << 24) || h > (1 << 24) || (compress != 0 && compress != 3)) return true;
  uint64_t header_end = 14 + hsz;
  if ((hsz == 40 || hsz == 56) && compress == 3 && (bpp == 16 || bpp == 32)) header_end += 12;
  int64_t row;
  if (bpp == 1) row = (w + 7) / 8;
  else if (bpp == 4) row = (w + 1) / 2;
  else if (bpp == 8) row = w;
  else if (bpp < 16) return true;  // stb: "bad bpp"
  else if (bpp == 16) row = 2 * w;
  else if (bpp == 24) row = 3 * w;
  else row = 4 * w;
  const uint64_t stride = (static_cast<uint64_t>(row) + 3) / 4 * 4;
  // Below the header (or without room for one palette entry) stb would skip backwards, which it
  // does by jumping to the end of the file: every pixel would read as zero.
  const uint64_t palette_min = bpp < 16 ? (hsz == 12 ? 3 : 4) : 0;
  if (offset < header_end + palette_min) return false;
  return n >= offset + stride * static_cast<uint64_t>(h - 1) + static_cast<uint64_t>(row);
}

// GIF: header and logical screen (13 bytes), a global colour table, then blocks: extensions
// (21 label, sub-blocks) until the first image (2C, 9-byte descriptor, a local colour table, the
// LZW code size, sub-blocks). Sub-blocks are a length byte and that many bytes, ended by 0.
//
// stb allocates 9 bytes for every pixel of the logical screen first. LZW codes are at most 12 bits
// and stand for at most 4096 pixels, so the data holds at most 2731 pixels a byte; a screen larger
// than 4096 pixels per byte of file cannot be covered by it (its first frame may be smaller than
// the screen, which is why the bound is looser).
bool gif_complete_impl(const uint8_t* b, size_t n) {
  if (n < 13) return false;
  if (le16(b, 6) * le16(b, 8) > static_cast<int64_t>(4096 * n)) return false;
  uint64_t pos = 13;
  if (b[10] & 0x80) pos += uint64_t{3} << ((b[10] & 7) + 1);
  // Skips sub-blocks from pos; true when their terminating 0 lies inside the file.
  auto sub_blocks = [&] {
    while (pos < n) {
      const uint8_t len = b[pos++];
      if (len == 0) return true;
      pos += len;
    }
    return false;
  };
  while (pos < n) {
    const uint8_t tag = b[pos++];
    if (tag == 0x21) {
      ++pos;  // the extension's label
      if (!sub_blocks()) return false;
    } else if (tag == 0x2C) {
      if (pos + 9 > n) return false;
      const uint8_t packed = b[pos + 8];
      pos += 9;
      if (packed & 0x80) pos += uint64_t{3} << ((packed & 7) + 1);
      ++pos;  // LZW minimum code size
      return sub_blocks();
    } else {
      return true;  // a trailer before any image, or junk: stb refuses either
    }
  }
  return false;
}

}  // namespace

ImageFormat sniff_image(const uint8_t* b, size_t n) {
  if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return ImageFormat::kJpeg;
  if (n >= 8 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return ImageFormat::kPng;
  if (n >= 2 && b[0] == 'B' && b[1] == 'M') return ImageFormat::kBmp;
  if (n >= 6 && (std::memcmp(b, "GIF87a", 6) == 0 || std::memcmp(b, "GIF89a", 6) == 0)) return ImageFormat::kGif;
  return ImageFormat::kUnknown;
}

const char* image_format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kGif: return "GIF";
    case ImageFormat::kUnknown: break;
  }
  return "image";
}

bool header_dimensions(const uint8_t* b, size_t n, ImageFormat f, int64_t* w, int64_t* h) {
  switch (f) {
    case ImageFormat::kPng:  // signature, IHDR length and type, then width and height (big-endian)
      if (n < 24 || std::memcmp(b + 12, "IHDR", 4) != 0) return false;
      *w = static_cast<int64_t>(be32(b, 16));
      *h = static_cast<int64_t>(be32(b, 20));
      return true;
    case ImageFormat::kGif:  // logical screen width and height (little-endian)
      if (n < 10) return false;
      *w = le16(b, 6);
      *h = le16(b, 8);
      return true;
    case ImageFormat::kBmp: {  // BITMAPCOREHEADER (12 bytes): 16-bit sizes; later headers: signed 32-bit
      if (n < 26) return false;
      if (le32(b, 14) == 12) {
        *w = le16(b, 18);
        *h = le16(b, 20);
      } else {
        *w = static_cast<int32_t>(le32(b, 18));
        *h = static_cast<int32_t>(le32(b, 22));
        *h = *h < 0 ? -*h : *h;  // negative height: rows stored top-down
      }
      return true;
    }
    case ImageFormat::kJpeg: {  // the first SOFn segment: precision, height, width
      bool found = false;
      walk_jpeg_segments(b, n, [&](uint8_t m, const uint8_t* p, size_t len) {
        if (m < 0xC0 || m > 0xCF || m == 0xC4 || m == 0xC8 || m == 0xCC || len < 5) return false;
        *h = int64_t{p[1]} << 8 | p[2];
        *w = int64_t{p[3]} << 8 | p[4];
        return found = true;
      });
      return found;
    }
    case ImageFormat::kUnknown: break;
  }
  return false;
}

// Every DHT of the file — before the first scan and between progressive scans — is read exactly
// as stb reads it: while the segment length L > 0, one table of Tc/Th (1 byte), 16 counts and
// sum(counts) symbols, L −= 17 + sum; bytes past the end of the file read as 0.
bool jpeg_huffman_tables_ok(const uint8_t* b, size_t n) {
  auto at = [&](size_t i) -> size_t { return i < n ? b[i] : 0; };
  size_t pos = 2;
  while (pos + 4 <= n) {
    // Entropy-coded data after a scan header holds no FF except stuffed FF 00 and restart
    // markers, so skipping to the next FF xx finds the next segment, as stb's decoder does.
    if (b[pos] != 0xFF) { ++pos; continue; }
    const uint8_t m = b[pos + 1];
    if (m == 0xFF) { ++pos; continue; }
    if (m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { pos += 2; continue; }
    if (m == 0xD9) return true;
    const size_t len = at(pos + 2) << 8 | at(pos + 3);
    if (m == 0xC4) {
      int64_t left = static_cast<int64_t>(len) - 2;
      for (size_t t = pos + 4; left > 0;) {
        size_t symbols = 0;
        for (size_t i = 1; i <= 16; ++i) symbols += at(t + i);
        if (symbols > 256) return false;
        t += 17 + symbols;
        left -= static_cast<int64_t>(17 + symbols);
      }
    }
    if (len < 2) return true;  // stb refuses it itself
    pos += 2 + len;
  }
  return true;
}

bool image_complete(ImageFormat f, const uint8_t* b, size_t n) {
  switch (f) {
    case ImageFormat::kJpeg: return jpeg_complete(b, n);
    case ImageFormat::kPng: return png_complete(b, n);
    case ImageFormat::kBmp: return bmp_complete_impl(b, n);
    case ImageFormat::kGif: return gif_complete_impl(b, n);
    case ImageFormat::kUnknown: break;
  }
  return true;
}

}  // namespace cnnlab
