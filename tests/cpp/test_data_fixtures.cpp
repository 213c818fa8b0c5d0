// tests/cpp/test_data_fixtures.cpp — fixture makers for the data tests; the one
// stb_image_write implementation in the test binary.
#include "test_data_fixtures.h"

#include "tensor.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <stdexcept>
#include <utility>
#include <unistd.h>

#include "data/gzip.h"

namespace cnnlab::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("cnnlab-data-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& relative, const Bytes& bytes) const {
  const fs::path p = path_ / relative;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("fixture: cannot write " + p.string());
  return p.string();
}

namespace {

void append(void* context, void* data, int size) {
  auto* out = static_cast<Bytes*>(context);
  const auto* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
}

Bytes checked(Bytes b, const char* what) {
  if (b.empty()) throw std::runtime_error(std::string("fixture: stb_image_write could not make a ") + what);
  return b;
}

void put_le32(Bytes* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

Bytes encode_png(int w, int h, int comp, const Bytes& pixels) {
  Bytes out;
  stbi_write_png_to_func(append, &out, w, h, comp, pixels.data(), w * comp);
  return checked(out, "PNG");
}

Bytes encode_bmp(int w, int h, int comp, const Bytes& pixels) {
  Bytes out;
  stbi_write_bmp_to_func(append, &out, w, h, comp, pixels.data());
  return checked(out, "BMP");
}

Bytes encode_jpg(int w, int h, int comp, const Bytes& pixels, int quality) {
  Bytes out;
  stbi_write_jpg_to_func(append, &out, w, h, comp, pixels.data(), quality);
  return checked(out, "JPEG");
}

namespace {

void put_be32(Bytes* b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b->push_back(static_cast<uint8_t>(v >> s));
}

void png_chunk(Bytes* out, const char* type, const Bytes& data) {
  put_be32(out, static_cast<uint32_t>(data.size()));
  Bytes body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  out->insert(out->end(), body.begin(), body.end());
  put_be32(out, crc32(body.data(), body.size()));  // CRC over type + data
}

Bytes png_ihdr(uint32_t w, uint32_t h, int bit_depth, int color_type) {
  Bytes ihdr;
  put_be32(&ihdr, w);
  put_be32(&ihdr, h);
  ihdr.insert(ihdr.end(), {static_cast<uint8_t>(bit_depth), static_cast<uint8_t>(color_type), 0, 0, 0});
  return ihdr;
}

const Bytes kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

}  // namespace

Bytes build_png(int w, int h, int bit_depth, int color_type, const Bytes& rows, const Bytes& plte, const Bytes& trns) {
  const size_t row_bytes = rows.size() / static_cast<size_t>(h);
  Bytes filtered;  // filter type 0 (None) before every scanline
  for (int y = 0; y < h; ++y) {
    filtered.push_back(0);
    filtered.insert(filtered.end(), rows.begin() + static_cast<std::ptrdiff_t>(y * row_bytes),
                    rows.begin() + static_cast<std::ptrdiff_t>((y + 1) * row_bytes));
  }
  int zlen = 0;
  unsigned char* z = stbi_zlib_compress(filtered.data(), static_cast<int>(filtered.size()), &zlen, 8);
  if (!z) throw std::runtime_error("fixture: stbi_zlib_compress failed");
  const Bytes idat(z, z + zlen);
  STBIW_FREE(z);
  Bytes out = kPngSignature;
  png_chunk(&out, "IHDR", png_ihdr(static_cast<uint32_t>(w), static_cast<uint32_t>(h), bit_depth, color_type));
  if (!plte.empty()) png_chunk(&out, "PLTE", plte);
  if (!trns.empty()) png_chunk(&out, "tRNS", trns);
  png_chunk(&out, "IDAT", idat);
  png_chunk(&out, "IEND", {});
  return out;
}

Bytes png_header_only(uint32_t w, uint32_t h) {
  Bytes out = kPngSignature;
  png_chunk(&out, "IHDR", png_ihdr(w, h, 8, 0));
  png_chunk(&out, "IEND", {});
  return out;
}

Bytes bmp_header_only(int32_t w, int32_t h) {
  Bytes out = {'B', 'M'};
  put_le32(&out, 54);  // file size (a lie; the header is all there is)
  put_le32(&out, 0);
  put_le32(&out, 54);  // pixel data offset
  put_le32(&out, 40);  // BITMAPINFOHEADER
  put_le32(&out, static_cast<uint32_t>(w));
  put_le32(&out, static_cast<uint32_t>(h));
  out.insert(out.end(), {1, 0, 24, 0});  // planes 1, 24 bits per pixel
  for (int i = 0; i < 6; ++i) put_le32(&out, 0);  // no compression, sizes and palette unset
  return out;
}

Bytes encode_gif(int w, int h, const Bytes& palette, const Bytes& indices) {
  auto le16 = [](Bytes* b, int v) { b->push_back(static_cast<uint8_t>(v)); b->push_back(static_cast<uint8_t>(v >> 8)); };
  Bytes out = {'G', 'I', 'F', '8', '9', 'a'};
  le16(&out, w);
  le16(&out, h);
  out.insert(out.end(), {0x81, 0, 0});  // global colour table of 2^(1+1) = 4 entries
  out.insert(out.end(), palette.begin(), palette.end());
  out.push_back(0x2C);  // image descriptor
  le16(&out, 0);
  le16(&out, 0);
  le16(&out, w);
  le16(&out, h);
  out.push_back(0);
  // LZW with minimum code size 2: clear = 4, end = 5, 3-bit codes. A clear before every pixel
  // keeps the table (and the code size) from growing.
  Bytes lzw;
  uint32_t acc = 0;
  int bits = 0;
  auto emit = [&](uint32_t code) {
    acc |= code << bits;
    bits += 3;
    while (bits >= 8) { lzw.push_back(static_cast<uint8_t>(acc)); acc >>= 8; bits -= 8; }
  };
  for (uint8_t idx : indices) { emit(4); emit(idx); }
  emit(5);
  if (bits > 0) lzw.push_back(static_cast<uint8_t>(acc));
  out.push_back(2);
  for (size_t i = 0; i < lzw.size(); i += 255) {
    const size_t n = std::min<size_t>(255, lzw.size() - i);
    out.push_back(static_cast<uint8_t>(n));
    out.insert(out.end(), lzw.begin() + static_cast<std::ptrdiff_t>(i), lzw.begin() + static_cast<std::ptrdiff_t>(i + n));
  }
  out.push_back(0);     // end of image data
  out.push_back(0x3B);  // trailer
  return out;
}

Bytes with_exif_orientation(const Bytes& jpeg, int orientation, bool big_endian) {
  // TIFF: byte order, 42, IFD0 at offset 8; IFD0: 1 entry (tag 0x0112, SHORT, count 1, value),
  // next-IFD offset 0.
  auto u16 = [&](Bytes* b, uint32_t v) {
    if (big_endian) { b->push_back(static_cast<uint8_t>(v >> 8)); b->push_back(static_cast<uint8_t>(v)); }
    else { b->push_back(static_cast<uint8_t>(v)); b->push_back(static_cast<uint8_t>(v >> 8)); }
  };
  auto u32 = [&](Bytes* b, uint32_t v) {
    if (big_endian) { u16(b, v >> 16); u16(b, v & 0xFFFF); } else { u16(b, v & 0xFFFF); u16(b, v >> 16); }
  };
  Bytes tiff = big_endian ? Bytes{'M', 'M'} : Bytes{'I', 'I'};
  u16(&tiff, 42);
  u32(&tiff, 8);
  u16(&tiff, 1);
  u16(&tiff, 0x0112);
  u16(&tiff, 3);
  u32(&tiff, 1);
  u16(&tiff, static_cast<uint32_t>(orientation));
  u16(&tiff, 0);
  u32(&tiff, 0);
  Bytes app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  app1.insert(app1.end(), tiff.begin(), tiff.end());
  const size_t len = app1.size() - 2;  // the length counts itself but not the marker
  app1[2] = static_cast<uint8_t>(len >> 8);
  app1[3] = static_cast<uint8_t>(len);
  Bytes out(jpeg.begin(), jpeg.begin() + 2);  // SOI
  out.insert(out.end(), app1.begin(), app1.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

Bytes deflate_raw(const Bytes& data) {
  int len = 0;
  unsigned char* z = stbi_zlib_compress(const_cast<unsigned char*>(data.data()), static_cast<int>(data.size()), &len, 8);
  if (!z || len < 6) throw std::runtime_error("fixture: stbi_zlib_compress failed");
  Bytes raw(z + 2, z + len - 4);  // drop the 2-byte zlib header and the 4-byte Adler-32
  STBIW_FREE(z);
  return raw;
}

Bytes gzip_bytes(const Bytes& data, uint8_t flags) {
  Bytes out = {0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3};
  if (flags & 4) {  // FEXTRA: XLEN = 4, then 4 bytes
    const Bytes extra = {4, 0, 'a', 'b', 0, 0};
    out.insert(out.end(), extra.begin(), extra.end());
  }
  for (const auto& [bit, text] : {std::pair<uint8_t, std::string>{8, "data.bin"}, {16, "a comment"}}) {
    if (!(flags & bit)) continue;  // FNAME, FCOMMENT: zero-terminated strings
    for (char ch : text) out.push_back(static_cast<uint8_t>(ch));
    out.push_back(0);
  }
  if (flags & 2) {  // FHCRC: low 16 bits of the CRC-32 of the header so far
    const uint32_t c = crc32(out.data(), out.size());
    out.push_back(static_cast<uint8_t>(c));
    out.push_back(static_cast<uint8_t>(c >> 8));
  }
  // stb_image_write emits no deflate block at all for empty input; gzip's own encoding of
  // nothing is one final, empty, fixed-Huffman block: 03 00.
  const Bytes body = data.empty() ? Bytes{0x03, 0x00} : deflate_raw(data);
  out.insert(out.end(), body.begin(), body.end());
  put_le32(&out, crc32(data.data(), data.size()));
  put_le32(&out, static_cast<uint32_t>(data.size()));
  return out;
}

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("fixture: cannot read " + path);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Bytes text_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

Bytes idx_bytes(const std::vector<uint32_t>& dims, const Bytes& data) {
  Bytes out = {0, 0, 8, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(d >> s));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace cnnlab::testing
