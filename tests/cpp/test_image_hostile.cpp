// test_image_hostile.cpp — cut, lying and unusual image files: top-down BMPs decode, every
// truncation of every format is refused with image.truncated, and every real photo still decodes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "data/image.h"
#include "hostile_fixtures.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::Bytes;
using testing::error_from;
using testing::param;

const char* kSkimage = "/usr/lib/python3/dist-packages/skimage/data";
const char* kOpencv = "/usr/share/doc/opencv-doc/examples/data";

Tensor decode(const Bytes& b, int c, int h, int w) { return decode_image(b.data(), b.size(), c, h, w); }

Bytes prefix(const Bytes& b, size_t n) { return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); }

// RGB pixels (h rows of w) cut from the middle of a real photo, or a gradient without one.
Bytes photo_pixels(int w, int h) {
  const std::string path = std::string(kSkimage) + "/chelsea.png";
  if (std::filesystem::exists(path)) {
    const Tensor t = decode(testing::read_bytes(path), 3, h, w);
    Bytes px(static_cast<size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        for (int c = 0; c < 3; ++c)
          px[(static_cast<size_t>(y) * w + x) * 3 + c] =
              static_cast<uint8_t>(t.data[(static_cast<size_t>(c) * h + y) * w + x] * 255.0f + 0.5f);
    return px;
  }
  Bytes px(static_cast<size_t>(w) * h * 3);
  for (size_t i = 0; i < px.size(); ++i) px[i] = static_cast<uint8_t>(i * 7 % 251);
  return px;
}

// The value decode_image gives for source byte v.
float level(uint8_t v) { return v / 255.0f; }

TEST(ImageHostile, TopDownBmpDecodesLikeTheBottomUpOne) {
  const int w = 13, h = 7;  // 13 pixels: rows need padding at every depth
  const Bytes px = photo_pixels(w, h);
  for (int bits : {24, 32, 8, 1}) {
    SCOPED_TRACE("bits " + std::to_string(bits));
    const Tensor down = decode(testing::write_bmp(w, h, bits, true, px), 3, h, w);
    const Tensor up = decode(testing::write_bmp(w, h, bits, false, px), 3, h, w);
    EXPECT_EQ(down.data, up.data);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const uint8_t* p = &px[(static_cast<size_t>(y) * w + x) * 3];
        const uint8_t grey = testing::bmp_grey(p);
        for (int c = 0; c < 3; ++c) {
          const uint8_t want = bits >= 24 ? p[c] : bits == 8 ? grey : (grey >= 128 ? 255 : 0);
          ASSERT_FLOAT_EQ(down.data[(static_cast<size_t>(c) * h + y) * w + x], level(want)) << x << "," << y;
        }
      }
  }
}

TEST(ImageHostile, BmpCutAnywhereIsRefused) {
  const int w = 13, h = 7;
  const Bytes px = photo_pixels(w, h);
  for (int bits : {24, 32, 8, 1}) {
    for (bool top_down : {false, true}) {
      const Bytes bmp = testing::write_bmp(w, h, bits, top_down, px);
      const size_t pad = (4 - (static_cast<size_t>(w) * bits + 7) / 8 % 4) % 4;
      EXPECT_NO_THROW(decode(prefix(bmp, bmp.size() - pad), 3, 4, 4)) << "the last row's padding may be missing";
      for (size_t n = 2; n < bmp.size() - pad; ++n)  // "BM" onwards is a BMP
        ASSERT_EQ(error_from([&] { decode(prefix(bmp, n), 3, 4, 4); }).code, "image.truncated")
            << bits << " bits, top-down " << top_down << ", cut at " << n << " of " << bmp.size();
    }
  }
}

TEST(ImageHostile, BmpHalfCutAndHugeClaimsAreRefusedNotBlack) {
  const Bytes bmp = testing::write_bmp(64, 48, 24, false, photo_pixels(64, 48));
  const Error half = error_from([&] { decode(prefix(bmp, bmp.size() / 2), 3, 8, 8); });
  EXPECT_EQ(half.code, "image.truncated");
  EXPECT_EQ(param(half, "format"), "BMP");
  EXPECT_STREQ(half.what(), "truncated BMP image: the file ends before its image data does (was it cut off while copying?)");
  // 822 bytes that claim 4000×4000 pixels (48 MB of them): stb would hand back a black image.
  Bytes claim = testing::bmp_header_only(4000, 4000);
  claim.resize(822, 0x80);
  EXPECT_EQ(error_from([&] { decode(claim, 3, 8, 8); }).code, "image.truncated");
}

TEST(ImageHostile, GifCutInsideTheFirstFrameIsRefused) {
  const Bytes gif = testing::encode_gif(4, 2, Bytes{0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0, 255},
                                        Bytes{0, 1, 2, 3, 3, 2, 1, 0});
  EXPECT_NO_THROW(decode(prefix(gif, gif.size() - 1), 3, 2, 4)) << "only the trailer is missing";
  for (size_t n = 6; n < gif.size() - 1; ++n)
    EXPECT_EQ(error_from([&] { decode(prefix(gif, n), 3, 2, 4); }).code, "image.truncated") << n;
  const std::string real = std::string(kSkimage) + "/no_time_for_that_tiny.gif";
  if (!std::filesystem::exists(real)) GTEST_SKIP() << real << " is absent (Debian python3-skimage)";
  const Bytes anim = testing::read_bytes(real);
  // Cut at half: inside the first frame's image data, which PIL refuses too.
  EXPECT_EQ(error_from([&] { decode(prefix(anim, anim.size() / 4), 3, 8, 8); }).code, "image.truncated");
  // Cut in a later frame: the first frame, the one decoded, is whole (PIL reads it too).
  EXPECT_NO_THROW(decode(prefix(anim, anim.size() * 3 / 4), 3, 8, 8));
}

// Overwrites two bytes at `at` with v, big- or little-endian.
void put16(Bytes* b, size_t at, int v, bool big) {
  (*b)[at + (big ? 0 : 1)] = static_cast<uint8_t>(v >> 8);
  (*b)[at + (big ? 1 : 0)] = static_cast<uint8_t>(v);
}

TEST(ImageHostile, SmallFilesClaimingHugeImagesAreRefusedBeforeDecoding) {
  // Each is a valid small file whose header claims far more pixels than its data can encode;
  // stb_image would allocate the whole image (up to 9 bytes a pixel for a GIF) and fill it with
  // grey or background.
  Bytes jpeg = testing::encode_jpg(16, 16, 3, photo_pixels(16, 16));
  size_t sof = 2;
  while (!(jpeg[sof] == 0xFF && jpeg[sof + 1] == 0xC0)) sof += 2 + (jpeg[sof + 2] << 8 | jpeg[sof + 3]);
  put16(&jpeg, sof + 5, 6000, true);  // height
  put16(&jpeg, sof + 7, 16000, true);  // width: 96 megapixels from about 700 bytes
  const Error j = error_from([&] { decode(jpeg, 3, 8, 8); });
  EXPECT_EQ(j.code, "image.truncated") << j.what();
  Bytes gif = testing::encode_gif(4, 2, Bytes(12, 200), Bytes{0, 1, 2, 3, 3, 2, 1, 0});
  put16(&gif, 6, 9000, false);  // a 9000×9000 screen around a 4×2 frame
  put16(&gif, 8, 9000, false);
  EXPECT_EQ(error_from([&] { decode(gif, 3, 8, 8); }).code, "image.truncated");
  // A PNG whose rows (one filter byte + 9000 bytes each, 9000 of them) cannot fit in its data.
  EXPECT_EQ(error_from([&] { decode(testing::png_header_only(9000, 9000), 3, 8, 8); }).code, "image.truncated");
}

TEST(ImageHostile, PngAndJpegCutAnywhereAreRefusedAsTruncated) {
  for (const std::string name : {"/LinuxLogo.jpg", "/HappyFish.jpg"}) {
    const std::string path = kOpencv + name;
    if (!std::filesystem::exists(path)) continue;
    const Bytes jpeg = testing::read_bytes(path);
    for (size_t n = 3; n < jpeg.size(); n += 1)
      ASSERT_EQ(error_from([&] { decode(prefix(jpeg, n), 3, 8, 8); }).code, "image.truncated") << path << " at " << n;
  }
  const Bytes png = testing::encode_png(40, 30, 3, photo_pixels(40, 30));
  for (size_t n = 8; n + 4 < png.size(); ++n)  // stb stops before IEND's CRC
    ASSERT_EQ(error_from([&] { decode(prefix(png, n), 3, 8, 8); }).code, "image.truncated") << n;
  EXPECT_NO_THROW(decode(prefix(png, png.size() - 4), 3, 8, 8));
}

TEST(ImageHostile, RefusalsCarryStableCodes) {
  EXPECT_EQ(error_from([] { decode({}, 3, 8, 8); }).code, "image.empty");
  EXPECT_EQ(error_from([] { decode(testing::text_bytes("hello"), 3, 8, 8); }).code, "image.unsupported");
  const Error big = error_from([] { decode(testing::png_header_only(20000, 10), 3, 8, 8); });
  EXPECT_EQ(big.code, "image.too_large");
  EXPECT_EQ(param(big, "width"), "20000");
  EXPECT_EQ(param(big, "height"), "10");
  EXPECT_EQ(param(big, "max_side"), "16384");
  EXPECT_EQ(error_from([] { decode(testing::encode_png(2, 2, 1, Bytes(4, 9)), 2, 8, 8); }).code, "image.channels");
  EXPECT_EQ(error_from([] { decode(testing::encode_png(2, 2, 1, Bytes(4, 9)), 3, 0, 8); }).code, "image.target_size");
  Bytes bad = testing::encode_png(8, 8, 3, photo_pixels(8, 8));
  bad[40] ^= 0xFF;  // inside IDAT: the zlib stream or its check fails
  const Error corrupt = error_from([&] { decode(bad, 3, 8, 8); });
  EXPECT_EQ(corrupt.code, "image.corrupt");
  EXPECT_EQ(param(corrupt, "format"), "PNG");
}

TEST(ImageHostile, EveryRealPhotoStillDecodes) {
  int decoded = 0;
  for (const char* dir : {kSkimage, kOpencv}) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      const std::string path = entry.path().string(), ext = entry.path().extension().string();
      if (ext != ".png" && ext != ".jpg" && ext != ".gif" && ext != ".bmp") continue;
      if (entry.path().filename() == "truncated.jpg") continue;  // skimage's deliberately cut file
      const Error e = error_from([&] { decode(testing::read_bytes(path), 3, 16, 16); });
      EXPECT_EQ(e.code, "none") << path << ": " << e.what();
      ++decoded;
    }
  }
  if (decoded == 0) GTEST_SKIP() << "no real photos installed (Debian python3-skimage, opencv-doc)";
  EXPECT_GT(decoded, 100);
}

}  // namespace
}  // namespace cnnlab
