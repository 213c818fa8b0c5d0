// tests/cpp/test_data_gzip_idx.cpp — gunzip without zlib (made and real files, corrupt ones)
// and IDX loading (fixtures, every bad input, the real Fashion-MNIST).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <numeric>

#include "data/gzip.h"
#include "data/idx.h"
#include "data/load.h"
#include "test_data_fixtures.h"

namespace cnnlab {
namespace {

using testing::Bytes;
using testing::error_of;

const std::string kFashion = "/usr/share/datasets/fashion-mnist";

Bytes sample_payload(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>((i * 7 + i / 100) % 251);  // compressible, not constant
  return b;
}

TEST(DataGzip, Crc32MatchesTheStandardCheckValue) {
  const Bytes check = testing::text_bytes("123456789");
  EXPECT_EQ(crc32(check.data(), check.size()), 0xCBF43926u);
  EXPECT_EQ(crc32(nullptr, 0), 0u);
}

TEST(DataGzip, RoundTripsWithEveryHeaderField) {
  const Bytes payload = sample_payload(100000);
  // FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT, alone and together.
  for (uint8_t flags : {0, 1, 2, 4, 8, 16, 2 | 4 | 8 | 16}) {
    const Bytes gz = testing::gzip_bytes(payload, flags);
    EXPECT_LT(gz.size(), payload.size() / 2) << "the fixture really compresses";
    EXPECT_EQ(gunzip(gz.data(), gz.size()), payload) << "flags " << int{flags};
  }
  const Bytes empty = testing::gzip_bytes({});
  EXPECT_TRUE(gunzip(empty.data(), empty.size()).empty());
}

TEST(DataGzip, NonGzipPassesThroughUnchanged) {
  const Bytes idx = testing::idx_bytes({3}, {1, 2, 3});
  EXPECT_EQ(maybe_gunzip(idx), idx);
  EXPECT_EQ(maybe_gunzip({}), Bytes{});
  EXPECT_EQ(maybe_gunzip(testing::gzip_bytes(idx)), idx);
}

TEST(DataGzip, CorruptAndTruncatedFilesAreRefused) {
  const Bytes payload = sample_payload(20000);
  const Bytes gz = testing::gzip_bytes(payload, 8);
  auto refuse = [](const Bytes& b) {
    const std::string e = error_of([&] { gunzip(b.data(), b.size()); });
    EXPECT_EQ(e.rfind("gzip: ", 0), 0u) << "refused with a gzip message, got: '" << e << "'";
    return e;
  };
  refuse({});
  refuse(Bytes(gz.begin(), gz.begin() + 10));
  for (size_t keep : {gz.size() / 2, gz.size() - 9, gz.size() - 4, gz.size() - 1})
    refuse(Bytes(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(keep)));
  Bytes flipped = gz;
  flipped[gz.size() / 2] ^= 0x55;  // inside the deflate data
  refuse(flipped);
  Bytes bad_crc = gz;
  bad_crc[gz.size() - 8] ^= 1;
  EXPECT_NE(refuse(bad_crc).find("CRC-32"), std::string::npos);
  Bytes bad_size = gz;
  bad_size[gz.size() - 4] ^= 1;
  EXPECT_NE(refuse(bad_size).find("trailer says"), std::string::npos);
  Bytes bomb = gz;  // a trailer claiming 4 GB is refused before anything is allocated
  std::fill(bomb.end() - 4, bomb.end(), 0xFF);
  EXPECT_NE(refuse(bomb).find("MB limit"), std::string::npos);
  Bytes bad_method = gz;
  bad_method[2] = 7;
  EXPECT_NE(refuse(bad_method).find("compression method 7"), std::string::npos);
  Bytes reserved = gz;
  reserved[3] |= 0x80;
  EXPECT_NE(refuse(reserved).find("reserved"), std::string::npos);
  Bytes unterminated_name = {0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3};
  unterminated_name.resize(40, 'a');
  EXPECT_NE(refuse(unterminated_name).find("file name"), std::string::npos);
}

TEST(DataGzip, RealFashionMnistLabels) {
  const std::string path = kFashion + "/t10k-labels-idx1-ubyte.gz";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is absent (Debian dataset-fashion-mnist)";
  const Bytes gz = testing::read_bytes(path);
  const Bytes raw = gunzip(gz.data(), gz.size());
  ASSERT_EQ(raw.size(), 8u + 10000u);
  EXPECT_EQ(Bytes(raw.begin(), raw.begin() + 8), (Bytes{0, 0, 8, 1, 0, 0, 0x27, 0x10}));  // magic 0x801, 10000
  for (size_t i = 8; i < raw.size(); ++i) ASSERT_LE(raw[i], 9) << "label " << i - 8;
  // The documented start of the Fashion-MNIST test set: ankle boot, pullover, trouser, …
  EXPECT_EQ(Bytes(raw.begin() + 8, raw.begin() + 18), (Bytes{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}));
  Bytes corrupt = gz;
  corrupt[gz.size() / 2] ^= 0xFF;
  EXPECT_THROW(gunzip(corrupt.data(), corrupt.size()), Error);
}

// An IDX folder with n images of rows×cols; image i is filled with value (i·37) % 256 and has
// label i % classes.
struct IdxFolder {
  testing::TempDir dir;
  Bytes images, labels;
  IdxFolder(const std::string& sub, uint32_t n, uint32_t rows, uint32_t cols, int classes, bool gz,
            const std::string& prefix = "train") {
    Bytes px, lb;
    for (uint32_t i = 0; i < n; ++i) {
      px.insert(px.end(), static_cast<size_t>(rows) * cols, static_cast<uint8_t>(i * 37 % 256));
      lb.push_back(static_cast<uint8_t>(i % static_cast<uint32_t>(classes)));
    }
    images = testing::idx_bytes({n, rows, cols}, px);
    labels = testing::idx_bytes({n}, lb);
    write(sub, prefix, gz);
  }
  void write(const std::string& sub, const std::string& prefix, bool gz) const {
    dir.write(sub + "/" + prefix + "-images-idx3-ubyte" + (gz ? ".gz" : ""), gz ? testing::gzip_bytes(images) : images);
    dir.write(sub + "/" + prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : ""), gz ? testing::gzip_bytes(labels) : labels);
  }
  std::string path(const std::string& sub) const { return (dir.path() / sub).string(); }
};

TEST(DataIdx, LoadsPlainAndGzippedFiles) {
  for (bool gz : {false, true}) {
    IdxFolder f("set", 6, 4, 5, 3, gz);
    ASSERT_TRUE(is_idx_dir(f.path("set")));
    const Dataset ds = load_idx(f.path("set"), 1, 4, 5, "train");
    EXPECT_EQ(ds.size(), 6u);
    EXPECT_EQ(ds.classes, (std::vector<std::string>{"0", "1", "2"}));
    EXPECT_EQ(ds.labels, (std::vector<int>{0, 1, 2, 0, 1, 2}));
    ASSERT_EQ(ds.pixels.size(), 6u * 20u);
    for (size_t i = 0; i < 6; ++i) EXPECT_EQ(ds.pixels[i * 20 + 7], static_cast<uint8_t>(i * 37 % 256));
  }
}

TEST(DataIdx, TestSplitReadsT10kAndResizes) {
  IdxFolder f("set", 4, 4, 4, 2, true, "t10k");
  EXPECT_TRUE(is_idx_dir(f.path("set")));
  const Dataset ds = load_dataset(f.path("set"), 3, 8, 6, "test");
  EXPECT_EQ(ds.channels, 3);
  EXPECT_EQ(ds.sample_size(), 3u * 8u * 6u);
  for (size_t i = 0; i < 4; ++i)  // a constant image stays constant through resize and grey→RGB
    for (size_t k = 0; k < ds.sample_size(); ++k) ASSERT_EQ(ds.pixels[i * ds.sample_size() + k], i * 37 % 256);
  EXPECT_NE(error_of([&] { load_idx(f.path("set"), 1, 4, 4, "train"); }).find("train-images-idx3-ubyte"), std::string::npos);
  EXPECT_NE(error_of([&] { load_idx(f.path("set"), 1, 4, 4, "val"); }).find("\"val\""), std::string::npos);
}

TEST(DataIdx, ImageLabelCountMismatch) {
  IdxFolder f("set", 6, 4, 4, 3, true);
  f.labels = testing::idx_bytes({5}, {0, 1, 2, 0, 1});
  f.write("set", "train", true);
  EXPECT_EQ(error_of([&] { load_idx(f.path("set"), 1, 4, 4, "train"); }),
            "train-images-idx3-ubyte.gz has 6 images but train-labels-idx1-ubyte.gz has 5 labels");
}

TEST(DataIdx, BadMagicDimensionsAndTruncation) {
  IdxFolder f("set", 3, 4, 4, 2, false);
  const Bytes good = f.images;
  auto load_err = [&](const Bytes& images) {
    f.images = images;
    f.write("set", "train", false);
    return error_of([&] { load_idx(f.path("set"), 1, 4, 4, "train"); });
  };
  Bytes magic = good;
  magic[0] = 0x12;
  EXPECT_NE(load_err(magic).find("bad magic"), std::string::npos);
  Bytes type = good;
  type[2] = 0x0D;  // float data
  EXPECT_NE(load_err(type).find("data type 13"), std::string::npos);
  Bytes dims = good;
  dims[3] = 2;
  EXPECT_NE(load_err(dims).find("3 dimension(s), got 2"), std::string::npos);
  EXPECT_NE(load_err(Bytes(good.begin(), good.end() - 5)).find("expected 48 data bytes"), std::string::npos);
  EXPECT_NE(load_err(Bytes(good.begin(), good.begin() + 10)).find("header is truncated"), std::string::npos);
  EXPECT_NE(load_err(Bytes{}).find("not an IDX file"), std::string::npos);
  Bytes zero = good;
  zero[11] = 0;  // rows = 0
  EXPECT_NE(load_err(zero).find("zero"), std::string::npos);
  const std::string gz = error_of([&] {
    Bytes broken = testing::gzip_bytes(good);
    broken.resize(broken.size() - 3);
    f.dir.write("bad/train-images-idx3-ubyte.gz", broken);
    f.dir.write("bad/train-labels-idx1-ubyte", f.labels);
    load_idx(f.path("bad"), 1, 4, 4, "train");
  });
  EXPECT_NE(gz.find("train-images-idx3-ubyte.gz: gzip:"), std::string::npos) << gz;
}

TEST(DataIdx, ClassNames) {
  // 10 classes of 28×28: the Fashion-MNIST names, unless the folder is plain MNIST or names them.
  IdxFolder fashion("fashion", 10, 28, 28, 10, false);
  EXPECT_EQ(load_idx(fashion.path("fashion"), 1, 28, 28, "train").classes, fashion_mnist_classes());
  fashion.write("my-mnist", "train", false);
  EXPECT_EQ(load_idx(fashion.path("my-mnist"), 1, 28, 28, "train").classes[9], "9");
  fashion.dir.write("fashion/classes.txt", testing::text_bytes("zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n"));
  EXPECT_EQ(load_idx(fashion.path("fashion"), 1, 28, 28, "train").classes[3], "three");
  fashion.dir.write("fashion/classes.txt", testing::text_bytes("a\nb\n"));
  EXPECT_NE(error_of([&] { load_idx(fashion.path("fashion"), 1, 28, 28, "train"); }).find("names 2 classes"), std::string::npos);
  IdxFolder one("one", 3, 4, 4, 1, false);
  EXPECT_NE(error_of([&] { load_idx(one.path("one"), 1, 4, 4, "train"); }).find("at least two classes"), std::string::npos);
}

TEST(DataIdx, RealFashionMnist) {
  if (!std::filesystem::exists(kFashion + "/train-images-idx3-ubyte.gz")) GTEST_SKIP() << kFashion << " is absent";
  ASSERT_TRUE(is_idx_dir(kFashion));
  const Dataset test = load_dataset(kFashion, 1, 28, 28, "test");
  EXPECT_EQ(test.size(), 10000u);
  EXPECT_EQ(test.classes, fashion_mnist_classes());
  EXPECT_EQ(test.class_counts(), std::vector<int>(10, 1000));
  EXPECT_EQ(test.labels[0], 9);

  const auto t0 = std::chrono::steady_clock::now();
  const Dataset train = load_dataset(kFashion, 1, 28, 28, "train");
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("Fashion-MNIST: 60000 training images loaded in %.2f s\n", s);
  EXPECT_EQ(train.size(), 60000u);
  EXPECT_EQ(train.class_counts(), std::vector<int>(10, 6000));
  // The published per-pixel mean of the training set is 0.2860.
  const double mean = std::accumulate(train.pixels.begin(), train.pixels.end(), 0.0) / 255.0 / train.pixels.size();
  EXPECT_NEAR(mean, 0.2860, 0.0005);
}

}  // namespace
}  // namespace cnnlab
