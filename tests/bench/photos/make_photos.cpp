// photos/make_photos.cpp — writes seeded synthetic "camera photos" as JPEG (stb_image_write) for the page's
// scale benchmark: smooth light, soft blobs and sensor-like noise, so a 12-megapixel image compresses
// to a few MB as a real one does. Built and run by tests/bench/scale_bench.mjs.
// Usage: make_photos OUT_DIR COUNT [WIDTH HEIGHT QUALITY]  → OUT_DIR/photo-0000.jpg …
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Lcg {
  uint32_t s;
  uint32_t next() { return s = s * 1664525u + 1013904223u; }
  float unit() { return static_cast<float>(next() >> 8) / 16777216.0f; }  // [0, 1)
};

struct Blob {
  float x, y, r, rgb[3];
};

// img: (H, W, 3) 8-bit, interleaved.
void draw(std::vector<uint8_t>& img, int w, int h, uint32_t seed) {
  Lcg rng{seed * 2654435761u + 1};
  float base[3], slope[3];
  for (int c = 0; c < 3; c++) {
    base[c] = 60 + 120 * rng.unit();
    slope[c] = 80 * (rng.unit() - 0.5f);
  }
  std::vector<Blob> blobs(12);
  for (auto& b : blobs) {
    b = {w * rng.unit(), h * rng.unit(), (0.05f + 0.2f * rng.unit()) * w, {}};
    for (float& v : b.rgb) v = 120 * (rng.unit() - 0.5f);
  }
  for (int y = 0; y < h; y++) {
    uint8_t* row = &img[static_cast<size_t>(y) * w * 3];
    for (int x = 0; x < w; x++) {
      float v[3];
      for (int c = 0; c < 3; c++) v[c] = base[c] + slope[c] * (static_cast<float>(x) / w + static_cast<float>(y) / h);
      for (const Blob& b : blobs) {
        const float dx = (x - b.x) / b.r, dy = (y - b.y) / b.r, d2 = dx * dx + dy * dy;
        if (d2 < 1) {
          const float k = (1 - d2) * (1 - d2);
          for (int c = 0; c < 3; c++) v[c] += k * b.rgb[c];
        }
      }
      const float noise = 14 * (rng.unit() - 0.5f);
      for (int c = 0; c < 3; c++) row[3 * x + c] = static_cast<uint8_t>(std::fmin(255.0f, std::fmax(0.0f, v[c] + noise + 6 * (rng.unit() - 0.5f))));
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: make_photos OUT_DIR COUNT [WIDTH HEIGHT QUALITY]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int count = std::atoi(argv[2]);
  const int w = argc > 3 ? std::atoi(argv[3]) : 4000;
  const int h = argc > 4 ? std::atoi(argv[4]) : 3000;
  const int quality = argc > 5 ? std::atoi(argv[5]) : 90;
  std::vector<uint8_t> img(static_cast<size_t>(w) * h * 3);
  for (int i = 0; i < count; i++) {
    draw(img, w, h, static_cast<uint32_t>(i));
    char name[32];
    std::snprintf(name, sizeof name, "/photo-%04d.jpg", i);
    if (!stbi_write_jpg((dir + name).c_str(), w, h, 3, img.data(), quality)) {
      std::fprintf(stderr, "make_photos: could not write %s%s\n", dir.c_str(), name);
      return 1;
    }
  }
  return 0;
}
