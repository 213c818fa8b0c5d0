// data/image.cpp — decode (stb_image), EXIF orientation, alpha on white, crop + resize
// (stb_image_resize), grey↔RGB, to (C, H, W) float in [0, 1].
#include "image.h"

#include <stb_image.h>
#include <stb_image_resize.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "stb_impl.h"

namespace cnnlab {

namespace {

enum class Format { kUnknown, kJpeg, kPng, kBmp, kGif };

// Formats are recognised by their magic bytes, so a text file named .jpg is "not an image"
// rather than a "corrupt JPEG".
Format sniff(const uint8_t* b, size_t n) {
  if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Format::kJpeg;
  if (n >= 8 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) return Format::kPng;
  if (n >= 2 && b[0] == 'B' && b[1] == 'M') return Format::kBmp;
  if (n >= 6 && (std::memcmp(b, "GIF87a", 6) == 0 || std::memcmp(b, "GIF89a", 6) == 0)) return Format::kGif;
  return Format::kUnknown;
}

const char* format_name(Format f) {
  switch (f) {
    case Format::kJpeg: return "JPEG";
    case Format::kPng: return "PNG";
    case Format::kBmp: return "BMP";
    case Format::kGif: return "GIF";
    case Format::kUnknown: break;
  }
  return "image";
}

// "truncated or corrupt JPEG image (bad huffman code)". The reason is stb_image's only after a
// failed decode: its info call tries every format in turn, so a header failure's reason names
// whichever format it tried last. A decode probes PNG first ("bad png sig" for any other
// format), and some decode failures set no reason at all.
std::string corrupt_message(Format format, bool with_reason) {
  const char* name = format_name(format);
  std::string msg = std::string("truncated or corrupt ") + name + " image";
  const char* r = stbi_failure_reason();
  if (!with_reason || !r || !*r || (format != Format::kPng && std::strcmp(r, "bad png sig") == 0)) return msg;
  return msg + " (" + (std::strcmp(r, "outofmem") == 0 ? "out of memory" : r) + ")";
}

std::string too_large_message(Format f, int64_t w, int64_t h) {
  std::string dims = w > 0 ? " of " + std::to_string(w) + "×" + std::to_string(h) + " pixels" : "";
  return std::string(format_name(f)) + " image" + dims + " is too large: the limit is " +
         std::to_string(kMaxImageSide) + " pixels per side and " + std::to_string(kMaxImagePixels / 1000000) +
         " megapixels (is the file a decompression bomb?)";
}

void check_target(int channels, int height, int width) {
  if (channels != 1 && channels != 3)
    throw Error("image: can make 1 (grey) or 3 (RGB) channels, not " + std::to_string(channels));
  if (height < 1 || width < 1 || height > 4096 || width > 4096)
    throw Error("image: target size " + std::to_string(height) + "×" + std::to_string(width) +
                " must be between 1 and 4096 per side");
}

// Alpha composited on white, in place: (n, comp) with comp 2 or 4 becomes (n, comp − 1);
// v = (v·a + 255·(255 − a)) / 255, rounded. Returns the new channel count.
int composite_on_white(uint8_t* px, size_t n, int comp) {
  if (comp != 2 && comp != 4) return comp;
  const int c = comp - 1;
  for (size_t i = 0; i < n; ++i) {
    // The whole pixel is read before it is written: output i overlaps input i when compacting.
    uint8_t v[4];
    std::memcpy(v, px + i * comp, static_cast<size_t>(comp));
    const unsigned a = v[c];
    for (int k = 0; k < c; ++k) px[i * c + k] = static_cast<uint8_t>((v[k] * a + 255u * (255u - a) + 127u) / 255u);
  }
  return c;
}

// Centre-crops hwc (h, w, c) to the aspect ratio oh:ow and resizes the crop to (oh, ow, c).
std::vector<uint8_t> crop_resize(const uint8_t* hwc, int w, int h, int c, int ow, int oh) {
  // The largest centred window with aspect oh/ow: keep the full height when the source is
  // wider than the target (w/h > ow/oh ⇔ w·oh > h·ow), else the full width.
  int cw = w, ch = h;
  if (static_cast<int64_t>(w) * oh > static_cast<int64_t>(h) * ow)
    cw = static_cast<int>((static_cast<int64_t>(h) * ow + oh / 2) / oh);
  else
    ch = static_cast<int>((static_cast<int64_t>(w) * oh + ow / 2) / ow);
  cw = std::max(1, std::min(cw, w));
  ch = std::max(1, std::min(ch, h));
  const size_t stride = static_cast<size_t>(w) * c;
  const uint8_t* window = hwc + static_cast<size_t>((h - ch) / 2) * stride + static_cast<size_t>((w - cw) / 2) * c;
  std::vector<uint8_t> out(static_cast<size_t>(ow) * oh * c);
  if (cw == ow && ch == oh) {
    for (int y = 0; y < oh; ++y) std::memcpy(out.data() + static_cast<size_t>(y) * ow * c, window + y * stride, static_cast<size_t>(ow) * c);
    return out;
  }
  // Shrinking uses the box filter (each output pixel is the area-weighted mean of the input
  // pixels it covers, so nothing aliases); enlarging uses the triangle (bilinear) filter.
  const auto filter = [](int in, int out_n) { return out_n <= in ? STBIR_FILTER_BOX : STBIR_FILTER_TRIANGLE; };
  const int ok = stbir_resize(window, cw, ch, static_cast<int>(stride), out.data(), ow, oh, ow * c, STBIR_TYPE_UINT8, c,
                              STBIR_ALPHA_CHANNEL_NONE, 0, STBIR_EDGE_CLAMP, STBIR_EDGE_CLAMP, filter(cw, ow),
                              filter(ch, oh), STBIR_COLORSPACE_LINEAR, nullptr);
  if (!ok) throw Error("image: resizing " + std::to_string(cw) + "×" + std::to_string(ch) + " failed (out of memory?)");
  return out;
}

// Applies EXIF orientation o to src (h, w, c); returns the upright image, whose width and
// height are swapped for o = 5…8. For each upright pixel (x', y') the stored pixel is:
//   1 (x', y')            2 mirror  (w−1−x', y')      3 rotate 180 (w−1−x', h−1−y')
//   4 flip (x', h−1−y')   5 transpose (y', x')        6 rotate 90° CW (y', h−1−x')
//   7 transverse (w−1−y', h−1−x')                     8 rotate 90° CCW (w−1−y', x')
std::vector<uint8_t> orient(const std::vector<uint8_t>& src, int w, int h, int c, int o) {
  const bool swap = o >= 5;
  const int uw = swap ? h : w, uh = swap ? w : h;
  std::vector<uint8_t> out(src.size());
  for (int y = 0; y < uh; ++y)
    for (int x = 0; x < uw; ++x) {
      int sx = x, sy = y;
      switch (o) {
        case 2: sx = w - 1 - x; break;
        case 3: sx = w - 1 - x; sy = h - 1 - y; break;
        case 4: sy = h - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = h - 1 - x; break;
        case 7: sx = w - 1 - y; sy = h - 1 - x; break;
        case 8: sx = w - 1 - y; sy = x; break;
        default: break;
      }
      std::memcpy(out.data() + (static_cast<size_t>(y) * uw + x) * c, src.data() + (static_cast<size_t>(sy) * w + sx) * c,
                  static_cast<size_t>(c));
    }
  return out;
}

// hwc (h, w, c) 8-bit with c 1 or 3 → (channels, h, w) float in [0, 1].
Tensor to_chw(const uint8_t* hwc, int w, int h, int c, int channels) {
  Tensor t({channels, h, w});
  const size_t plane = static_cast<size_t>(w) * h;
  constexpr float kScale = 1.0f / 255.0f;
  float* out = t.ptr();
  for (size_t i = 0; i < plane; ++i) {
    const uint8_t* p = hwc + i * c;
    if (c == channels) {
      for (int k = 0; k < c; ++k) out[k * plane + i] = p[k] * kScale;
    } else if (c == 3) {  // colour → grey: BT.601 luma
      out[i] = (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) * kScale;
    } else {  // grey → colour
      for (int k = 0; k < channels; ++k) out[k * plane + i] = p[0] * kScale;
    }
  }
  return t;
}

uint32_t read_u16(const uint8_t* p, bool big) { return big ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]); }
uint32_t read_u32(const uint8_t* p, bool big) {
  return big ? (read_u16(p, true) << 16 | read_u16(p + 2, true)) : (read_u16(p + 2, false) << 16 | read_u16(p, false));
}

// The Orientation tag (0x0112) of IFD0 in a TIFF block (the body of an Exif APP1 segment),
// or 0 when absent or malformed. Every offset is bounds-checked: the block is untrusted.
int tiff_orientation(const uint8_t* t, size_t n) {
  if (n < 8) return 0;
  bool big;
  if (t[0] == 'I' && t[1] == 'I') big = false;
  else if (t[0] == 'M' && t[1] == 'M') big = true;
  else return 0;
  if (read_u16(t + 2, big) != 42) return 0;
  const size_t ifd = read_u32(t + 4, big);
  if (ifd > n || n - ifd < 2) return 0;
  const size_t count = read_u16(t + ifd, big);
  for (size_t i = 0; i < count; ++i) {
    const size_t e = ifd + 2 + 12 * i;  // entry: tag(2) type(2) count(4) value(4)
    if (e + 12 > n) break;
    if (read_u16(t + e, big) != 0x0112) continue;
    const uint32_t type = read_u16(t + e + 2, big);
    // SHORT (3) is the standard type; a few writers use LONG (4). Values sit left-justified.
    const uint32_t v = type == 3 ? read_u16(t + e + 8, big) : type == 4 ? read_u32(t + e + 8, big) : 0;
    return v >= 1 && v <= 8 ? static_cast<int>(v) : 0;
  }
  return 0;
}

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

// Width and height as the file's header claims them, read without decoding anything, so a
// bomb is refused with its claimed size. False when the header is too short to say.
bool header_dimensions(const uint8_t* b, size_t n, Format f, int64_t* w, int64_t* h) {
  auto be32 = [&](size_t at) { return int64_t{b[at]} << 24 | int64_t{b[at + 1]} << 16 | int64_t{b[at + 2]} << 8 | b[at + 3]; };
  auto le16 = [&](size_t at) { return int64_t{b[at]} | int64_t{b[at + 1]} << 8; };
  switch (f) {
    case Format::kPng:  // signature, IHDR length and type, then width and height (big-endian)
      if (n < 24 || std::memcmp(b + 12, "IHDR", 4) != 0) return false;
      *w = be32(16);
      *h = be32(20);
      return true;
    case Format::kGif:  // logical screen width and height (little-endian)
      if (n < 10) return false;
      *w = le16(6);
      *h = le16(8);
      return true;
    case Format::kBmp: {  // BITMAPCOREHEADER (12 bytes): 16-bit sizes; later headers: signed 32-bit
      if (n < 26) return false;
      const int64_t header = le16(14) | le16(16) << 16;
      if (header == 12) {
        *w = le16(18);
        *h = le16(20);
      } else {
        *w = static_cast<int32_t>(static_cast<uint32_t>(le16(18) | le16(20) << 16));
        *h = static_cast<int32_t>(static_cast<uint32_t>(le16(22) | le16(24) << 16));
        *h = *h < 0 ? -*h : *h;  // negative height: rows stored top-down
      }
      return true;
    }
    case Format::kJpeg: {  // the first SOFn segment: precision, height, width
      bool found = false;
      walk_jpeg_segments(b, n, [&](uint8_t m, const uint8_t* p, size_t len) {
        if (m < 0xC0 || m > 0xCF || m == 0xC4 || m == 0xC8 || m == 0xCC || len < 5) return false;
        *h = int64_t{p[1]} << 8 | p[2];
        *w = int64_t{p[3]} << 8 | p[4];
        return found = true;
      });
      return found;
    }
    case Format::kUnknown: break;
  }
  return false;
}

// stb_image 2.27 trusts the symbol counts of a Huffman table (DHT segment): counts summing
// past 256 overrun its tables (fixed upstream in 2.28; Debian ships 2.27). So every DHT of
// the file — before the first scan and between progressive scans — is checked first, read
// exactly as stb reads it: while the segment length L > 0, one table of Tc/Th (1 byte),
// 16 counts and sum(counts) symbols, L −= 17 + sum; bytes past the end of the file read as 0.
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

bool too_large(int64_t w, int64_t h) { return w > kMaxImageSide || h > kMaxImageSide || w * h > kMaxImagePixels; }

}  // namespace

int jpeg_exif_orientation(const uint8_t* b, size_t n) {
  int orientation = 1;
  walk_jpeg_segments(b, n, [&](uint8_t marker, const uint8_t* p, size_t len) {
    if (marker != 0xE1 || len < 6 || std::memcmp(p, "Exif\0\0", 6) != 0) return false;
    const int o = tiff_orientation(p + 6, len - 6);
    if (o) orientation = o;
    return o != 0;
  });
  return orientation;
}

Tensor fit_image(const uint8_t* hwc, int src_w, int src_h, int src_c, int channels, int height, int width) {
  check_target(channels, height, width);
  if (src_c != 1 && src_c != 3) throw Error("image: source pixels need 1 or 3 channels, got " + std::to_string(src_c));
  if (src_w < 1 || src_h < 1) throw Error("image: source is empty (" + std::to_string(src_w) + "×" + std::to_string(src_h) + ")");
  const std::vector<uint8_t> small = crop_resize(hwc, src_w, src_h, src_c, width, height);
  return to_chw(small.data(), width, height, src_c, channels);
}

Tensor decode_image(const uint8_t* bytes, size_t size, int channels, int height, int width) {
  check_target(channels, height, width);
  if (size == 0 || !bytes) throw Error("the file is empty");
  const Format format = sniff(bytes, size);
  if (format == Format::kUnknown) throw Error("not a JPEG/PNG/BMP/GIF image");
  const char* name = format_name(format);
  if (size > static_cast<size_t>(INT_MAX)) throw Error(std::string(name) + " file is too large (over 2 GB)");
  const int len = static_cast<int>(size);

  // Dimensions first, from the header alone: nothing is allocated for a bomb. Our own header
  // read names the claimed size (stb's info call reports only "unknown image type" for a PNG
  // it finds too large); stb's then checks the rest of the header.
  int64_t claimed_w = 0, claimed_h = 0;
  if (header_dimensions(bytes, size, format, &claimed_w, &claimed_h) && too_large(claimed_w, claimed_h))
    throw Error(too_large_message(format, claimed_w, claimed_h));
  if (format == Format::kJpeg && !jpeg_huffman_tables_ok(bytes, size))
    throw Error("corrupt JPEG image (bad Huffman table)");
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(bytes, len, &w, &h, &comp))
    throw Error(corrupt_message(format, false));
  if (w < 1 || h < 1) throw Error(std::string("corrupt ") + name + " image (no pixels)");
  if (too_large(w, h)) throw Error(too_large_message(format, w, h));

  const int orientation = format == Format::kJpeg ? jpeg_exif_orientation(bytes, size) : 1;
  stbi_clear_failure_reason();
  std::unique_ptr<uint8_t, void (*)(void*)> pixels(stbi_load_from_memory(bytes, len, &w, &h, &comp, 0), &stbi_image_free);
  if (!pixels) throw Error(corrupt_message(format, true));
  const int c = composite_on_white(pixels.get(), static_cast<size_t>(w) * h, comp);
  // Orientations 5–8 swap the axes, so the stored image is fitted to the transposed target and
  // the small result turned upright; crop and resize commute with the turn.
  const bool swap = orientation >= 5;
  const int tw = swap ? height : width, th = swap ? width : height;
  std::vector<uint8_t> small = crop_resize(pixels.get(), w, h, c, tw, th);
  pixels.reset();  // the full-size image is no longer needed
  if (orientation != 1) small = orient(small, tw, th, c, orientation);
  return to_chw(small.data(), width, height, c, channels);
}

Tensor fit_pixels(const std::vector<uint8_t>& hwc, int src_w, int src_h, int src_c, int channels, int height,
                  int width) {
  if (src_w < 1 || src_h < 1 || static_cast<int64_t>(hwc.size()) != int64_t{src_c} * src_h * src_w)
    throw Error("pixels: " + std::to_string(hwc.size()) + " values for a " + std::to_string(src_h) + "×" +
                std::to_string(src_w) + "×" + std::to_string(src_c) + " image");
  return fit_image(hwc.data(), src_w, src_h, src_c, channels, height, width);
}

}  // namespace cnnlab
