// tests/cpp/test_data_image.cpp — decoding (every format), EXIF orientation, alpha, the fit
// policy, real photos, and every bad input.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>

#include "data/image.h"
#include "rng.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::Bytes;

float at(const Tensor& t, int c, int y, int x) { return t.data[(static_cast<size_t>(c) * t.dim(1) + y) * t.dim(2) + x]; }

Tensor decode(const Bytes& b, int c, int h, int w) { return decode_image(b.data(), b.size(), c, h, w); }

// The Error message of decoding `b`, or "" when it decodes.
std::string decode_error(const Bytes& b, int c = 3, int h = 8, int w = 8) {
  try {
    decode(b, c, h, w);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

float mean_region(const Tensor& t, int c, int y0, int x0, int hh, int ww) {
  float s = 0;
  for (int y = y0; y < y0 + hh; ++y)
    for (int x = x0; x < x0 + ww; ++x) s += at(t, c, y, x);
  return s / static_cast<float>(hh * ww);
}

Bytes gradient_rgb(int w, int h) {
  Bytes px(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &px[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1));
      p[1] = static_cast<uint8_t>(y * 255 / (h - 1));
      p[2] = static_cast<uint8_t>((x + y) % 256);
    }
  return px;
}

TEST(DataImage, GreyPngDecodesExactlyAtItsOwnSize) {
  const Bytes px = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255};  // 4 wide, 3 tall
  const Tensor t = decode(testing::encode_png(4, 3, 1, px), 1, 3, 4);
  ASSERT_EQ(t.shape, (Shape{1, 3, 4}));
  for (int i = 0; i < 12; ++i) EXPECT_FLOAT_EQ(t.data[static_cast<size_t>(i)], px[static_cast<size_t>(i)] / 255.0f) << i;
}

TEST(DataImage, RgbPngAndBmpKeepChannelsInChwOrder) {
  const Bytes px = gradient_rgb(5, 4);
  for (const Bytes& file : {testing::encode_png(5, 4, 3, px), testing::encode_bmp(5, 4, 3, px)}) {
    const Tensor t = decode(file, 3, 4, 5);
    ASSERT_EQ(t.shape, (Shape{3, 4, 5}));
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 5; ++x)
        for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(at(t, c, y, x), px[(static_cast<size_t>(y) * 5 + x) * 3 + c] / 255.0f);
  }
}

TEST(DataImage, ColourToGreyIsBt601LumaAndGreyToColourReplicates) {
  const Bytes red_green_blue_white = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
  const Tensor g = decode(testing::encode_png(4, 1, 3, red_green_blue_white), 1, 1, 4);
  EXPECT_NEAR(g.data[0], 0.299f, 1e-6);
  EXPECT_NEAR(g.data[1], 0.587f, 1e-6);
  EXPECT_NEAR(g.data[2], 0.114f, 1e-6);
  EXPECT_NEAR(g.data[3], 1.0f, 1e-6);
  const Tensor rgb = decode(testing::encode_png(2, 1, 1, Bytes{51, 204}), 3, 1, 2);
  for (int c = 0; c < 3; ++c) {
    EXPECT_FLOAT_EQ(at(rgb, c, 0, 0), 0.2f);
    EXPECT_FLOAT_EQ(at(rgb, c, 0, 1), 0.8f);
  }
}

TEST(DataImage, AlphaIsCompositedOnWhite) {
  // RGBA: transparent black, opaque red, half-transparent blue.
  const Bytes rgba = {0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 128};
  const Tensor t = decode(testing::encode_png(3, 1, 4, rgba), 3, 1, 3);
  for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(at(t, c, 0, 0), 1.0f) << "transparent → white";
  EXPECT_FLOAT_EQ(at(t, 0, 0, 1), 1.0f);
  EXPECT_FLOAT_EQ(at(t, 1, 0, 1), 0.0f);
  // v = (0·128 + 255·127) / 255 = 127 for red and green; blue stays 255.
  EXPECT_FLOAT_EQ(at(t, 0, 0, 2), 127 / 255.0f);
  EXPECT_FLOAT_EQ(at(t, 2, 0, 2), 1.0f);
  // Grey + alpha: black at alpha 0 → white, black at alpha 255 → black.
  const Tensor g = decode(testing::encode_png(2, 1, 2, Bytes{0, 0, 0, 255}), 1, 1, 2);
  EXPECT_FLOAT_EQ(g.data[0], 1.0f);
  EXPECT_FLOAT_EQ(g.data[1], 0.0f);
}

TEST(DataImage, SixteenBitPngKeepsTheHighByte) {
  // 2×1 grey, 16-bit big-endian samples 0x1234 and 0xFFFF; stb_image reduces to 8 bits (v >> 8).
  const Tensor t = decode(testing::build_png(2, 1, 16, 0, Bytes{0x12, 0x34, 0xFF, 0xFF}), 1, 1, 2);
  EXPECT_FLOAT_EQ(t.data[0], 0x12 / 255.0f);
  EXPECT_FLOAT_EQ(t.data[1], 1.0f);
  // 16-bit RGBA, fully opaque green.
  const Bytes rgba16 = {0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF};
  const Tensor c = decode(testing::build_png(1, 1, 16, 6, rgba16), 3, 1, 1);
  EXPECT_FLOAT_EQ(c.data[0], 0.0f);
  EXPECT_FLOAT_EQ(c.data[1], 1.0f);
}

TEST(DataImage, PalettePngWithTransparencyExpands) {
  const Bytes plte = {255, 0, 0, 0, 0, 255, 0, 0, 0};  // red, blue, black
  const Bytes trns = {255, 255, 0};                    // black is fully transparent
  const Tensor t = decode(testing::build_png(3, 1, 8, 3, Bytes{0, 1, 2}, plte, trns), 3, 1, 3);
  EXPECT_FLOAT_EQ(at(t, 0, 0, 0), 1.0f);
  EXPECT_FLOAT_EQ(at(t, 2, 0, 0), 0.0f);
  EXPECT_FLOAT_EQ(at(t, 2, 0, 1), 1.0f);
  for (int c = 0; c < 3; ++c) EXPECT_FLOAT_EQ(at(t, c, 0, 2), 1.0f) << "transparent palette entry → white";
}

TEST(DataImage, GifFirstFrameDecodes) {
  const Bytes palette = {0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255};
  const Bytes indices = {0, 1, 2, 3, 3, 2, 1, 0};  // 4 wide, 2 tall
  const Tensor t = decode(testing::encode_gif(4, 2, palette, indices), 3, 2, 4);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      for (int c = 0; c < 3; ++c)
        EXPECT_FLOAT_EQ(at(t, c, y, x), palette[indices[static_cast<size_t>(y * 4 + x)] * 3u + static_cast<size_t>(c)] / 255.0f);
}

TEST(DataImage, JpegDecodesCloseToTheSource) {
  // Flat 8×8-aligned colour blocks survive JPEG almost unchanged.
  Bytes px(16 * 16 * 3);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x) {
      uint8_t* p = &px[(static_cast<size_t>(y) * 16 + x) * 3];
      p[0] = x < 8 ? 200 : 40;
      p[1] = y < 8 ? 60 : 180;
      p[2] = 120;
    }
  const Tensor t = decode(testing::encode_jpg(16, 16, 3, px, 100), 3, 16, 16);
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) EXPECT_NEAR(at(t, c, y, x), px[(static_cast<size_t>(y) * 16 + x) * 3 + c] / 255.0f, 0.04);
}

// Stored image 32 wide × 16 tall, black with a white 8×8 block in the top-left corner.
Bytes corner_jpeg() {
  Bytes px(32 * 16, 0);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) px[static_cast<size_t>(y) * 32 + x] = 255;
  return testing::encode_jpg(32, 16, 1, px, 100);
}

TEST(DataImage, ExifOrientationTurnsThePhotoUpright) {
  // Where the white corner ends up, and whether the axes swap, for orientations 1…8.
  enum Corner { TL, TR, BR, BL };
  const Corner expected[9] = {TL, TL, TR, BR, BL, TL, TR, BR, BL};
  const Bytes base = corner_jpeg();
  for (bool big_endian : {true, false}) {
    for (int o = 1; o <= 8; ++o) {
      const Bytes file = testing::with_exif_orientation(base, o, big_endian);
      ASSERT_EQ(jpeg_exif_orientation(file.data(), file.size()), o);
      const bool swap = o >= 5;
      const int h = swap ? 32 : 16, w = swap ? 16 : 32;  // the upright aspect, so nothing is cropped
      const Tensor t = decode(file, 1, h, w);
      const float corners[4] = {mean_region(t, 0, 0, 0, 6, 6), mean_region(t, 0, 0, w - 6, 6, 6),
                                mean_region(t, 0, h - 6, w - 6, 6, 6), mean_region(t, 0, h - 6, 0, 6, 6)};
      for (int k = 0; k < 4; ++k) {
        if (k == expected[o]) EXPECT_GT(corners[k], 0.9f) << "orientation " << o << " corner " << k;
        else EXPECT_LT(corners[k], 0.1f) << "orientation " << o << " corner " << k;
      }
    }
  }
}

TEST(DataImage, ExifOnARealPhotoEqualsTurningTheDecodedPhoto) {
  const std::string path = "/usr/lib/python3/dist-packages/skimage/data/rocket.jpg";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (Debian python3-skimage)";
  const Bytes photo = testing::read_bytes(path);
  ASSERT_EQ(jpeg_exif_orientation(photo.data(), photo.size()), 1);
  const Tensor stored = decode(photo, 3, 24, 40);  // (3, 24, 40) in the stored frame
  const Tensor cw = decode(testing::with_exif_orientation(photo, 6, false), 3, 40, 24);
  const Tensor half = decode(testing::with_exif_orientation(photo, 3, true), 3, 24, 40);
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 24; ++y)
      for (int x = 0; x < 40; ++x) {
        // Rotating 90° clockwise sends stored (x, y) to upright (23 − y, x).
        ASSERT_FLOAT_EQ(at(cw, c, x, 23 - y), at(stored, c, y, x));
        ASSERT_FLOAT_EQ(at(half, c, 23 - y, 39 - x), at(stored, c, y, x));
      }
}

TEST(DataImage, MalformedExifIsIgnoredNotFatal) {
  Bytes file = testing::with_exif_orientation(corner_jpeg(), 6, true);
  file[2 + 10 + 7] = 0xFF;  // IFD0 offset now points far outside the segment
  EXPECT_EQ(jpeg_exif_orientation(file.data(), file.size()), 1);
  EXPECT_EQ(decode(file, 1, 16, 32).shape, (Shape{1, 16, 32}));
  const Bytes bad_value = testing::with_exif_orientation(corner_jpeg(), 9, false);
  EXPECT_EQ(jpeg_exif_orientation(bad_value.data(), bad_value.size()), 1);
}

TEST(DataFit, ConstantImageStaysConstant) {
  const Bytes px(37 * 23 * 3, 77);
  for (auto [h, w] : {std::pair{10, 17}, std::pair{64, 64}, std::pair{5, 3}}) {
    const Tensor t = fit_image(px.data(), 37, 23, 3, 3, h, w);
    ASSERT_EQ(t.shape, (Shape{3, h, w}));
    for (float v : t.data) ASSERT_FLOAT_EQ(v, 77 / 255.0f);
  }
}

TEST(DataFit, HalvingAveragesEachTwoByTwoBlock) {
  const Bytes px = {0, 100, 10, 10, 200, 60, 30, 50, 1, 3, 255, 255, 5, 7, 255, 255};  // 4×4
  const Tensor t = fit_image(px.data(), 4, 4, 1, 1, 2, 2);
  const float want[4] = {(0 + 100 + 200 + 60) / 4.0f, (10 + 10 + 30 + 50) / 4.0f, (1 + 3 + 5 + 7) / 4.0f, 255.0f};
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(t.data[static_cast<size_t>(i)] * 255.0f, want[i], 0.51f) << i;
  // A one-pixel checkerboard shrinks to grey: a nearest-neighbour resize would keep 0 or 255.
  Bytes checker(8 * 8);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) checker[static_cast<size_t>(y) * 8 + x] = (x + y) % 2 ? 255 : 0;
  for (float v : fit_image(checker.data(), 8, 8, 1, 1, 4, 4).data) EXPECT_NEAR(v, 0.5f, 0.01f);
}

TEST(DataFit, EnlargingInterpolates) {
  const Bytes px = {0, 255};  // 2×1
  const Tensor t = fit_image(px.data(), 2, 1, 1, 1, 1, 2 * 4);
  EXPECT_LT(t.data.front(), 0.1f);
  EXPECT_GT(t.data.back(), 0.9f);
  for (size_t i = 1; i < t.data.size(); ++i) EXPECT_GE(t.data[i], t.data[i - 1]) << "monotonic ramp";
  EXPECT_GT(t.data[3], 0.2f);
  EXPECT_LT(t.data[3], 0.8f);
}

TEST(DataFit, CentreCropsToTheTargetAspect) {
  // 30 wide × 10 tall: black | white | black thirds. A square target keeps only the middle.
  Bytes px(30 * 10);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 30; ++x) px[static_cast<size_t>(y) * 30 + x] = x >= 10 && x < 20 ? 255 : 0;
  for (float v : fit_image(px.data(), 30, 10, 1, 1, 5, 5).data) EXPECT_FLOAT_EQ(v, 1.0f);
  // A wide target of the same aspect keeps everything: the left edge stays black.
  const Tensor wide = fit_image(px.data(), 30, 10, 1, 1, 10, 30);
  EXPECT_FLOAT_EQ(at(wide, 0, 5, 0), 0.0f);
  EXPECT_FLOAT_EQ(at(wide, 0, 5, 15), 1.0f);
}

TEST(DataImage, TwelveMegapixelPhotoFitsWithTheCropPolicy) {
  // 4000×3000 horizontal gradient (R = x·255/3999). The square crop keeps x in [500, 3500).
  const int w = 4000, h = 3000;
  Bytes px(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &px[(static_cast<size_t>(y) * w + x) * 3];
      p[0] = static_cast<uint8_t>(x * 255 / (w - 1));
      p[1] = 128;
      p[2] = static_cast<uint8_t>(y * 255 / (h - 1));
    }
  const Bytes jpeg = testing::encode_jpg(w, h, 3, px, 90);
  px = Bytes();
  const auto t0 = std::chrono::steady_clock::now();
  const Tensor t = decode(jpeg, 3, 64, 64);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("12-megapixel JPEG → 3×64×64 in %.0f ms\n", ms);
  for (int j = 0; j < 64; j += 9) {
    const float x_centre = 500.0f + (j + 0.5f) * 3000.0f / 64.0f;
    EXPECT_NEAR(at(t, 0, 32, j), x_centre / (w - 1), 0.03f) << "column " << j;
    EXPECT_NEAR(at(t, 2, j, 32), (j + 0.5f) / 64.0f, 0.03f) << "row " << j;
  }
}

// Real photos from Debian packages, read at test time.
struct RealPhoto {
  const char* path;
  int width, height;
};

TEST(DataImage, RealPhotosDecodeAndShrinkLikeABoxAverage) {
  const RealPhoto photos[] = {
      {"/usr/lib/python3/dist-packages/skimage/data/astronaut.png", 512, 512},
      {"/usr/lib/python3/dist-packages/skimage/data/coffee.png", 600, 400},
      {"/usr/lib/python3/dist-packages/skimage/data/chelsea.png", 451, 300},
      {"/usr/lib/python3/dist-packages/skimage/data/camera.png", 512, 512},
      {"/usr/lib/python3/dist-packages/skimage/data/palette_color.png", 0, 0},
      {"/usr/lib/python3/dist-packages/skimage/data/no_time_for_that_tiny.gif", 0, 0},
      {"/usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg", 1000, 872},
      {"/usr/share/doc/opencv-doc/examples/data/baboon.jpg", 512, 512},
      {"/usr/share/doc/opencv-doc/examples/data/Blender_Suzanne1.jpg", 640, 480},  // progressive
      {"/usr/share/doc/opencv-doc/examples/data/ela_original.jpg", 902, 770},     // progressive
      {"/usr/share/doc/opencv-doc/examples/data/left01.jpg", 640, 480},          // grey JPEG
  };
  int checked = 0;
  for (const RealPhoto& p : photos) {
    if (!std::filesystem::exists(p.path)) continue;
    SCOPED_TRACE(p.path);
    const Bytes file = testing::read_bytes(p.path);
    const Tensor small = decode(file, 3, 32, 32);
    float lo = 1, hi = 0;
    for (float v : small.data) lo = std::min(lo, v), hi = std::max(hi, v);
    EXPECT_GE(lo, 0.0f);
    EXPECT_LE(hi, 1.0f);
    EXPECT_GT(hi - lo, 0.2f) << "a photo is not flat";
    ++checked;
    if (p.width == 0) continue;
    // Full-size decode, then the centre square by hand, must match the fitted decode: each of
    // the 16×16 output pixels is the mean of its s×s block (integer s = side / 16 when exact).
    const Tensor full = decode(file, 3, p.height, p.width);
    const int side = std::min(p.width, p.height) / 16 * 16, s = side / 16;
    const int x0 = (p.width - side) / 2, y0 = (p.height - side) / 2;
    if (side != std::min(p.width, p.height)) continue;  // not an exact multiple; crop would differ
    const Tensor fitted = decode(file, 3, 16, 16);
    for (int c = 0; c < 3; ++c)
      for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) ASSERT_NEAR(at(fitted, c, y, x), mean_region(full, c, y0 + y * s, x0 + x * s, s, s), 1.0f / 255);
  }
  if (checked == 0) GTEST_SKIP() << "no real photos installed (Debian python3-skimage, opencv-doc)";
}

TEST(DataImage, RealGreyPhotoToRgbHasEqualChannels) {
  const std::string path = "/usr/lib/python3/dist-packages/skimage/data/camera.png";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (Debian python3-skimage)";
  const Tensor t = decode(testing::read_bytes(path), 3, 20, 20);
  for (int i = 0; i < 400; ++i) {
    ASSERT_EQ(t.data[static_cast<size_t>(i)], t.data[400 + static_cast<size_t>(i)]);
    ASSERT_EQ(t.data[static_cast<size_t>(i)], t.data[800 + static_cast<size_t>(i)]);
  }
}

TEST(DataImageBad, EmptyFile) { EXPECT_EQ(decode_error({}), "the file is empty"); }

TEST(DataImageBad, TextNamedJpg) {
  EXPECT_EQ(decode_error(testing::text_bytes("hello, I am a text file, not a photo\n")), "not a JPEG/PNG/BMP/GIF image");
  EXPECT_EQ(decode_error(testing::text_bytes("B")), "not a JPEG/PNG/BMP/GIF image");
}

TEST(DataImageBad, TruncatedFilesAreRefused) {
  const Bytes jpeg = testing::encode_jpg(64, 64, 3, gradient_rgb(64, 64));
  for (size_t keep : {size_t{3}, size_t{20}, jpeg.size() / 4, jpeg.size() / 2, jpeg.size() - 10}) {
    const std::string e = decode_error(Bytes(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(keep)));
    EXPECT_EQ(e.rfind("truncated JPEG image", 0), 0u) << keep << " bytes: " << e;
  }
  const Bytes png = testing::encode_png(64, 64, 3, gradient_rgb(64, 64));
  for (size_t keep : {size_t{8}, size_t{30}, png.size() / 2, png.size() - 13}) {
    const std::string e = decode_error(Bytes(png.begin(), png.begin() + static_cast<std::ptrdiff_t>(keep)));
    EXPECT_EQ(e.rfind("truncated PNG image", 0), 0u) << keep << " bytes: " << e;
  }
  const std::string real = "/usr/lib/python3/dist-packages/skimage/data/truncated.jpg";
  if (std::filesystem::exists(real)) {
    EXPECT_EQ(decode_error(testing::read_bytes(real)),
              "truncated JPEG image: the file ends before its image data does (was it cut off while copying?)");
  }
}

TEST(DataImageBad, DecompressionBombsAreRefusedBeforeDecoding) {
  const std::string png = decode_error(testing::png_header_only(100000, 100000));
  EXPECT_NE(png.find("too large"), std::string::npos) << png;
  const std::string png16k = decode_error(testing::png_header_only(16000, 16000));  // 256 MP
  EXPECT_NE(png16k.find("16000×16000 pixels is too large"), std::string::npos) << png16k;
  const std::string wide = decode_error(testing::png_header_only(20000, 10));  // one side too long
  EXPECT_NE(wide.find("20000×10 pixels is too large"), std::string::npos) << wide;
  const std::string bmp = decode_error(testing::bmp_header_only(100000, 100000));
  EXPECT_NE(bmp.find("BMP image of 100000×100000 pixels is too large"), std::string::npos) << bmp;
}

TEST(DataImageBad, HuffmanTableWithTooManySymbolsIsRefused) {
  // stb_image 2.27 would write the symbols of a table whose 16 counts sum past 256 beyond its
  // arrays; the decoder must refuse such a file before stb sees it.
  Bytes jpeg = testing::encode_jpg(16, 16, 3, gradient_rgb(16, 16));
  size_t dht = 2;
  while (!(jpeg[dht] == 0xFF && jpeg[dht + 1] == 0xC4)) dht += 2 + (jpeg[dht + 2] << 8 | jpeg[dht + 3]);
  jpeg[dht + 5 + 15] = 200;  // the count of 15- and 16-bit codes: 400 symbols in all
  jpeg[dht + 5 + 14] = 200;
  EXPECT_EQ(decode_error(jpeg), "corrupt JPEG image (bad Huffman table)");
}

TEST(DataImageBad, MutatedFilesDecodeOrThrowNeverCrash) {
  // Random byte changes and truncations of every format; under ASan/UBSan any out-of-bounds
  // access in the decoders fails this test.
  const Bytes rgb = gradient_rgb(24, 16);
  const std::vector<Bytes> seeds = {
      testing::encode_png(24, 16, 3, rgb), testing::encode_jpg(24, 16, 3, rgb, 80), testing::encode_bmp(24, 16, 3, rgb),
      testing::encode_gif(4, 2, Bytes(12, 7), Bytes{0, 1, 2, 3, 3, 2, 1, 0}),
      testing::build_png(3, 1, 8, 3, Bytes{0, 1, 2}, Bytes{255, 0, 0, 0, 0, 255, 0, 0, 0}, Bytes{255, 255, 0})};
  Rng rng(2024);
  int decoded = 0, refused = 0;
  for (int i = 0; i < 600; ++i) {
    Bytes b = seeds[static_cast<size_t>(i) % seeds.size()];
    for (int m = 0, n = 1 + rng.below(6); m < n; ++m) {
      const size_t at = static_cast<size_t>(rng.below(static_cast<int>(b.size())));
      if (rng.below(8) == 0) b.resize(std::max<size_t>(at, 1));
      else b[at] = static_cast<uint8_t>(rng.below(256));
    }
    try {
      const Tensor t = decode(b, 3, 8, 8);
      ASSERT_EQ(t.shape, (Shape{3, 8, 8}));
      for (float v : t.data) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
      ++decoded;
    } catch (const Error& e) {
      ASSERT_GT(std::strlen(e.what()), 10u);
      ++refused;
    }
  }
  EXPECT_GT(decoded, 0);
  EXPECT_GT(refused, 0);
}

TEST(DataImageBad, BadTargetSizeNamesTheProblem) {
  const Bytes png = testing::encode_png(2, 2, 1, Bytes(4, 9));
  EXPECT_NE(decode_error(png, 2, 8, 8).find("1 (grey) or 3 (RGB) channels, not 2"), std::string::npos);
  EXPECT_NE(decode_error(png, 3, 0, 8).find("target size"), std::string::npos);
  EXPECT_THROW(fit_image(Bytes(4).data(), 2, 2, 4, 3, 2, 2), Error);
}

}  // namespace
}  // namespace cnnlab
