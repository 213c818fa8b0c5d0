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
#include <utility>
#include <vector>

#include "image_format.h"
#include "stb_impl.h"

namespace cnnlab {

namespace {

// A coded refusal (cpp/error.h): the code and params for the page, the English text for the CLI.
[[noreturn]] void refuse_image(const std::string& code, Error::Params params, const std::string& message) {
  throw Error(code, std::move(params), message);
}

// "truncated or corrupt JPEG image (bad huffman code)". The reason is stb_image's only after a
// failed decode: its info call tries every format in turn, so a header failure's reason names
// whichever format it tried last. A decode probes PNG first ("bad png sig" for any other
// format), and some decode failures set no reason at all.
[[noreturn]] void refuse_corrupt(ImageFormat format, bool with_reason) {
  const std::string name = image_format_name(format);
  std::string reason;
  const char* r = stbi_failure_reason();
  if (with_reason && r && *r && !(format != ImageFormat::kPng && std::strcmp(r, "bad png sig") == 0))
    reason = std::strcmp(r, "outofmem") == 0 ? "out of memory" : r;
  refuse_image("image.corrupt", {{"format", name}, {"reason", reason}},
         "truncated or corrupt " + name + " image" + (reason.empty() ? "" : " (" + reason + ")"));
}

[[noreturn]] void refuse_too_large(ImageFormat f, int64_t w, int64_t h) {
  const std::string name = image_format_name(f), side = std::to_string(kMaxImageSide),
                    megapixels = std::to_string(kMaxImagePixels / 1000000);
  const std::string dims = w > 0 ? " of " + std::to_string(w) + "×" + std::to_string(h) + " pixels" : "";
  refuse_image("image.too_large",
         {{"format", name}, {"width", std::to_string(w)}, {"height", std::to_string(h)}, {"max_side", side},
          {"max_megapixels", megapixels}},
         name + " image" + dims + " is too large: the limit is " + side + " pixels per side and " + megapixels +
             " megapixels (is the file a decompression bomb?)");
}

void check_target(int channels, int height, int width) {
  if (channels != 1 && channels != 3)
    refuse_image("image.channels", {{"channels", std::to_string(channels)}},
           "image: can make 1 (grey) or 3 (RGB) channels, not " + std::to_string(channels));
  if (height < 1 || width < 1 || height > 4096 || width > 4096)
    refuse_image("image.target_size", {{"height", std::to_string(height)}, {"width", std::to_string(width)}, {"max", "4096"}},
           "image: target size " + std::to_string(height) + "×" + std::to_string(width) +
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
  if (!ok)
    refuse_image("image.resize_failed", {{"width", std::to_string(cw)}, {"height", std::to_string(ch)}},
           "image: resizing " + std::to_string(cw) + "×" + std::to_string(ch) + " failed (out of memory?)");
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
  if (src_c != 1 && src_c != 3)
    refuse_image("image.source_channels", {{"channels", std::to_string(src_c)}},
           "image: source pixels need 1 or 3 channels, got " + std::to_string(src_c));
  if (src_w < 1 || src_h < 1)
    refuse_image("image.source_empty", {{"width", std::to_string(src_w)}, {"height", std::to_string(src_h)}},
           "image: source is empty (" + std::to_string(src_w) + "×" + std::to_string(src_h) + ")");
  const std::vector<uint8_t> small = crop_resize(hwc, src_w, src_h, src_c, width, height);
  return to_chw(small.data(), width, height, src_c, channels);
}

Tensor decode_image(const uint8_t* bytes, size_t size, int channels, int height, int width) {
  check_target(channels, height, width);
  if (size == 0 || !bytes) refuse_image("image.empty", {}, "the file is empty");
  const ImageFormat format = sniff_image(bytes, size);
  if (format == ImageFormat::kUnknown) refuse_image("image.unsupported", {}, "not a JPEG/PNG/BMP/GIF image");
  const std::string name = image_format_name(format);
  if (size > static_cast<size_t>(INT_MAX))
    refuse_image("image.file_too_large", {{"format", name}}, name + " file is too large (over 2 GB)");
  const int len = static_cast<int>(size);

  // Dimensions first, from the header alone: nothing is allocated for a bomb. Our own header
  // read names the claimed size (stb's info call reports only "unknown image type" for a PNG
  // it finds too large); stb's then checks the rest of the header.
  int64_t claimed_w = 0, claimed_h = 0;
  if (header_dimensions(bytes, size, format, &claimed_w, &claimed_h) && too_large(claimed_w, claimed_h))
    refuse_too_large(format, claimed_w, claimed_h);
  // stb_image would read a cut BMP or GIF as if zeros followed: a black band, not an error.
  if (!image_complete(format, bytes, size))
    refuse_image("image.truncated", {{"format", name}},
           "truncated " + name + " image: the file ends before its image data does (was it cut off while copying?)");
  if (format == ImageFormat::kJpeg && !jpeg_huffman_tables_ok(bytes, size))
    refuse_image("image.corrupt", {{"format", name}, {"reason", "bad Huffman table"}}, "corrupt JPEG image (bad Huffman table)");
  int w = 0, h = 0, comp = 0;
  if (!stbi_info_from_memory(bytes, len, &w, &h, &comp)) refuse_corrupt(format, false);
  // stb's BMP info passes a top-down BMP's negative height through; its decoder flips it.
  if (format == ImageFormat::kBmp && h < 0 && h != INT_MIN) h = -h;
  if (w < 1 || h < 1) refuse_image("image.no_pixels", {{"format", name}}, "corrupt " + name + " image (no pixels)");
  if (too_large(w, h)) refuse_too_large(format, w, h);

  const int orientation = format == ImageFormat::kJpeg ? jpeg_exif_orientation(bytes, size) : 1;
  stbi_clear_failure_reason();
  std::unique_ptr<uint8_t, void (*)(void*)> pixels(stbi_load_from_memory(bytes, len, &w, &h, &comp, 0), &stbi_image_free);
  if (!pixels) refuse_corrupt(format, true);
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
