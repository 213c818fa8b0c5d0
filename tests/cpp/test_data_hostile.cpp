// test_data_hostile.cpp — data sets that lie: a gzip trailer claiming more than its data can hold,
// and the stable codes of every IDX and ImageFolder refusal.
#include <gtest/gtest.h>

#include <string>

#include "data/file.h"
#include "data/gzip.h"
#include "data/idx.h"
#include "data/image_folder.h"
#include "hostile_fixtures.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::Bytes;
using testing::error_from;
using testing::param;

void set_isize(Bytes* gz, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*gz)[gz->size() - 4 + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

TEST(DataHostile, GzipTrailerClaimingMoreThanDeflateCanHoldIsRefusedUpFront) {
  // 25 bytes claiming 512 MB: the buffer it names used to be allocated (and zeroed) first.
  Bytes gz = testing::gzip_bytes(testing::text_bytes("hello"));
  set_isize(&gz, 1u << 29);
  const Error e = error_from([&] { gunzip(gz.data(), gz.size()); });
  EXPECT_NE(std::string(e.what()).find("claims 536870912 decompressed bytes, more than 15 compressed bytes can hold"),
            std::string::npos)
      << e.what();
  // The bound is deflate's own (at most 1032 bytes out per byte in): the best compression there
  // is, a long run of zeros, still inflates.
  const Bytes zeros(4 << 20, 0);
  EXPECT_EQ(gunzip(testing::gzip_bytes(zeros).data(), testing::gzip_bytes(zeros).size()), zeros);
}

Dataset from_idx(const Bytes& images, const Bytes& labels) {
  return idx_to_dataset(images, labels, 1, 2, 2, "images", "labels");
}

TEST(DataHostile, IdxRefusalsCarryStableCodes) {
  const Bytes images = testing::idx_bytes({2, 2, 2}, Bytes(8, 7)), labels = testing::idx_bytes({2}, {0, 1});
  EXPECT_EQ(error_from([&] { from_idx(images, labels); }).code, "none");
  EXPECT_EQ(error_from([&] { from_idx({0, 0}, labels); }).code, "idx.too_short");
  EXPECT_EQ(error_from([&] { from_idx({1, 0, 8, 3}, labels); }).code, "idx.bad_magic");
  EXPECT_EQ(error_from([&] { from_idx({0, 0, 9, 3}, labels); }).code, "idx.type");
  const Error dims = error_from([&] { from_idx(labels, labels); });
  EXPECT_EQ(dims.code, "idx.dims");
  EXPECT_EQ(param(dims, "expected"), "3");
  EXPECT_EQ(param(dims, "got"), "1");
  EXPECT_EQ(error_from([&] { from_idx({0, 0, 8, 3, 0, 0}, labels); }).code, "idx.header_truncated");
  EXPECT_EQ(error_from([&] { from_idx(testing::idx_bytes({2, 0, 2}, {}), labels); }).code, "idx.zero_dim");
  const Error size = error_from([&] { from_idx(testing::idx_bytes({2, 2, 2}, Bytes(7, 7)), labels); });
  EXPECT_EQ(size.code, "idx.size");
  EXPECT_EQ(param(size, "expected"), "8");
  EXPECT_EQ(param(size, "got"), "7");
  EXPECT_EQ(error_from([&] { from_idx(images, testing::idx_bytes({3}, {0, 1, 1})); }).code, "idx.count_mismatch");
  EXPECT_EQ(error_from([&] { from_idx(images, testing::idx_bytes({2}, {0, 0})); }).code, "idx.one_class");
  EXPECT_EQ(error_from([&] { load_idx("/nonexistent", 1, 2, 2, "validation"); }).code, "idx.split");

  testing::TempDir d;
  d.write("t10k-images-idx3-ubyte.gz", testing::text_bytes("\x1f\x8b not really gzip at all"));
  d.write("t10k-labels-idx1-ubyte", labels);
  const Error gz = error_from([&] { load_idx(d.path().string(), 1, 2, 2, "test"); });
  EXPECT_EQ(gz.code, "idx.gzip");
  EXPECT_NE(param(gz, "file").find("t10k-images-idx3-ubyte.gz"), std::string::npos);
  EXPECT_EQ(error_from([&] { load_idx(d.path().string(), 1, 2, 2, "train"); }).code, "idx.missing");
}

TEST(DataHostile, ImageFolderRefusalsCarryStableCodes) {
  testing::TempDir d;
  const Bytes png = testing::encode_png(2, 2, 1, Bytes(4, 9));
  d.write("one/ants/a.png", png);
  d.write("flat/a.png", png);
  d.write("empty/ants/a.png", png);
  d.write("empty/bees/notes.txt", testing::text_bytes("no images here"));
  auto load = [&](const std::string& sub) { load_image_folder((d.path() / sub).string(), 1, 4, 4, nullptr); };
  EXPECT_EQ(error_from([&] { load("missing"); }).code, "folder.missing");
  EXPECT_EQ(error_from([&] { load("flat/a.png"); }).code, "folder.not_folder");
  EXPECT_EQ(error_from([&] { load("flat"); }).code, "folder.no_classes");
  const Error one = error_from([&] { load("one"); });
  EXPECT_EQ(one.code, "folder.one_class");
  EXPECT_EQ(param(one, "class"), "ants");
  const Error empty = error_from([&] { load("empty"); });
  EXPECT_EQ(empty.code, "folder.class_empty");
  EXPECT_EQ(param(empty, "class"), "bees");
  EXPECT_EQ(error_from([&] { read_file((d.path() / "nope.png").string()); }).code, "file.cannot_read");
}

}  // namespace
}  // namespace cnnlab
