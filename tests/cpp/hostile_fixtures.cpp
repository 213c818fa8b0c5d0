// tests/cpp/hostile_fixtures.cpp — BMP writer and model-file forger for the hostile-input tests.
#include "hostile_fixtures.h"

#include "io/model_file.h"

namespace cnnlab::testing {

namespace {

void put_le16(Bytes* b, uint32_t v) {
  b->push_back(static_cast<uint8_t>(v));
  b->push_back(static_cast<uint8_t>(v >> 8));
}
void put_le32(Bytes* b, uint32_t v) {
  put_le16(b, v & 0xFFFF);
  put_le16(b, v >> 16);
}

}  // namespace

uint8_t bmp_grey(const uint8_t* rgb) { return static_cast<uint8_t>((rgb[0] + rgb[1] + rgb[2]) / 3); }

Bytes write_bmp(int w, int h, int bits, bool top_down, const Bytes& rgb) {
  const int palette = bits == 8 ? 256 : bits == 1 ? 2 : 0;
  const size_t row = (static_cast<size_t>(w) * bits + 7) / 8, stride = (row + 3) / 4 * 4;
  const uint32_t offset = 14 + 40 + 4 * palette;
  Bytes out = {'B', 'M'};
  put_le32(&out, static_cast<uint32_t>(offset + stride * h));
  put_le32(&out, 0);
  put_le32(&out, offset);
  put_le32(&out, 40);
  put_le32(&out, static_cast<uint32_t>(w));
  put_le32(&out, static_cast<uint32_t>(top_down ? -h : h));
  put_le16(&out, 1);
  put_le16(&out, static_cast<uint32_t>(bits));
  put_le32(&out, 0);  // BI_RGB: no compression
  put_le32(&out, static_cast<uint32_t>(stride * h));
  put_le32(&out, 2835);  // 72 dpi
  put_le32(&out, 2835);
  put_le32(&out, static_cast<uint32_t>(palette));
  put_le32(&out, 0);
  for (int i = 0; i < palette; ++i) {
    const uint8_t v = bits == 1 ? static_cast<uint8_t>(i * 255) : static_cast<uint8_t>(i);
    out.insert(out.end(), {v, v, v, 0});  // B, G, R, reserved
  }
  for (int r = 0; r < h; ++r) {
    const int y = top_down ? r : h - 1 - r;  // the source row this stored row holds
    Bytes line(stride, 0);
    for (int x = 0; x < w; ++x) {
      const uint8_t* p = &rgb[(static_cast<size_t>(y) * w + x) * 3];
      if (bits == 24 || bits == 32) {
        uint8_t* q = &line[static_cast<size_t>(x) * (bits / 8)];
        q[0] = p[2];
        q[1] = p[1];
        q[2] = p[0];
        if (bits == 32) q[3] = 255;
      } else if (bits == 8) {
        line[static_cast<size_t>(x)] = bmp_grey(p);
      } else if (bmp_grey(p) >= 128) {
        line[static_cast<size_t>(x) / 8] |= static_cast<uint8_t>(0x80 >> (x % 8));
      }
    }
    out.insert(out.end(), line.begin(), line.end());
  }
  return out;
}

Bytes forge_model_file(const std::string& header, const Bytes& weights) {
  Bytes b = {'C', 'N', 'N', 'L', 'A', 'B', 0x00, 0x1A};
  put_le32(&b, kModelFormatVersion);
  put_le32(&b, static_cast<uint32_t>(header.size()));
  put_le32(&b, static_cast<uint32_t>(weights.size()));
  put_le32(&b, static_cast<uint32_t>(static_cast<uint64_t>(weights.size()) >> 32));
  b.insert(b.end(), header.begin(), header.end());
  b.insert(b.end(), weights.begin(), weights.end());
  put_le32(&b, crc32(b.data(), b.size()));
  return b;
}

Error error_from(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  return Error("none", {}, "");
}

std::string param(const Error& e, const std::string& name) {
  for (const auto& [k, v] : e.params)
    if (k == name) return v;
  return "<no " + name + ">";
}

}  // namespace cnnlab::testing
