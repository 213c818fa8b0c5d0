// tests/cpp/test_data_fixtures.h — image/gzip/IDX fixtures the data tests make themselves.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cnnlab::testing {

using Bytes = std::vector<uint8_t>;

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to path()/relative (creating sub-folders) and returns the full path.
  std::string write(const std::string& relative, const Bytes& bytes) const;

 private:
  std::filesystem::path path_;
};

// Encoders (stb_image_write) from interleaved (h, w, comp) 8-bit pixels.
Bytes encode_png(int w, int h, int comp, const Bytes& pixels);
Bytes encode_bmp(int w, int h, int comp, const Bytes& pixels);
Bytes encode_jpg(int w, int h, int comp, const Bytes& pixels, int quality = 95);

// A PNG built chunk by chunk, for what stb_image_write cannot make (16-bit, palette):
// `rows` holds h unfiltered scanlines of the given bit depth and colour type
// (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA); PLTE / tRNS chunks when non-empty.
Bytes build_png(int w, int h, int bit_depth, int color_type, const Bytes& rows, const Bytes& plte = {},
                const Bytes& trns = {});
// A PNG whose header claims w×h grey pixels but that has no image data (a "bomb" header).
Bytes png_header_only(uint32_t w, uint32_t h);
// A 24-bit BMP header claiming w×h pixels with no pixel data.
Bytes bmp_header_only(int32_t w, int32_t h);
// A GIF89a with a 4-colour global palette (12 bytes RGB) and one frame of palette indices,
// LZW-coded with a clear code before every pixel (valid, just uncompressed).
Bytes encode_gif(int w, int h, const Bytes& palette, const Bytes& indices);

// A JPEG with an APP1 Exif segment (IFD0 holding only Orientation = `orientation`) inserted
// right after SOI, in big-endian ("MM") or little-endian ("II") TIFF byte order.
Bytes with_exif_orientation(const Bytes& jpeg, int orientation, bool big_endian);

// A raw deflate stream (stb_image_write's compressor, without the zlib wrapper).
Bytes deflate_raw(const Bytes& data);
// A gzip member around deflate_raw(data): header with the given FLG bits filled in, CRC-32, ISIZE.
Bytes gzip_bytes(const Bytes& data, uint8_t flags = 0);

Bytes read_bytes(const std::string& path);
Bytes text_bytes(const std::string& s);

// The message of the cnnlab::Error that f throws, or "" when it throws none.
std::string error_of(const std::function<void()>& f);

// An IDX file of unsigned bytes: magic 00 00 08 <dims.size()>, big-endian dims, data.
Bytes idx_bytes(const std::vector<uint32_t>& dims, const Bytes& data);

}  // namespace cnnlab::testing
