// tests/cpp/test_data_dataset.cpp — Dataset add/batch, class balance, stratified split, and
// seeded augmentation.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "data/augment.h"
#include "data/dataset.h"

namespace cnnlab {
namespace {

// A 1×2×2 data set whose sample i has pixels (i % 256, i / 256, 0, 0) — an identity to trace —
// and the given class sizes.
Dataset counted(const std::vector<int>& sizes) {
  Dataset ds;
  ds.channels = 1;
  ds.height = 2;
  ds.width = 2;
  int id = 0;
  for (size_t k = 0; k < sizes.size(); ++k) {
    ds.classes.push_back("c" + std::to_string(k));
    for (int j = 0; j < sizes[k]; ++j, ++id) {
      ds.pixels.insert(ds.pixels.end(), {static_cast<uint8_t>(id % 256), static_cast<uint8_t>(id / 256), 0, 0});
      ds.labels.push_back(static_cast<int>(k));
    }
  }
  return ds;
}

std::vector<int> ids(const Dataset& ds) {
  std::vector<int> out;
  for (size_t i = 0; i < ds.size(); ++i) out.push_back(ds.pixels[i * 4] + 256 * ds.pixels[i * 4 + 1]);
  return out;
}

TEST(DataDataset, AddRoundsToEightBitsAndBatchScalesBack) {
  Dataset ds;
  ds.channels = 1;
  ds.height = 1;
  ds.width = 3;
  ds.classes = {"a", "b"};
  ds.add(Tensor({1, 1, 3}, std::vector<float>{0.0f, 0.5f, 1.0f}), 1);
  ds.add(Tensor({1, 1, 3}, std::vector<float>{-3.0f, 0.2f, 7.0f}), 0);  // clamped to [0, 1]
  EXPECT_EQ(ds.pixels, (std::vector<uint8_t>{0, 128, 255, 0, 51, 255}));
  Tensor x;
  std::vector<int> y;
  ds.batch({1, 0, 1}, 1, 2, &x, &y);  // samples 0 then 1
  EXPECT_EQ(x.shape, (Shape{2, 1, 1, 3}));
  EXPECT_EQ(y, (std::vector<int>{1, 0}));
  EXPECT_FLOAT_EQ(x.data[1], 128 / 255.0f);
  EXPECT_FLOAT_EQ(x.data[4], 0.2f);
  EXPECT_THROW(ds.add(Tensor({1, 3, 1}), 0), Error);
  EXPECT_THROW(ds.add(Tensor({1, 1, 3}), 2), Error);
  EXPECT_THROW(ds.batch({0, 1}, 1, 2, &x, &y), Error);
  EXPECT_THROW(ds.batch({0, 5}, 0, 2, &x, &y), Error);
}

TEST(DataDataset, ClassBalanceReport) {
  const Dataset ds = counted({3, 1});
  EXPECT_EQ(ds.class_counts(), (std::vector<int>{3, 1}));
  EXPECT_EQ(class_balance_report(ds), "c0 3 (75.0%), c1 1 (25.0%)");
}

TEST(DataSplit, KeepsClassProportionsAndEverySampleOnce) {
  const Dataset all = counted({100, 50, 7, 1});
  Rng rng(7);
  Dataset train, val;
  stratified_split(all, 0.2f, rng, &train, &val);
  // round(0.2·n) per class: 20, 10, round(1.4) = 1; a class of one stays in training.
  EXPECT_EQ(val.class_counts(), (std::vector<int>{20, 10, 1, 0}));
  EXPECT_EQ(train.class_counts(), (std::vector<int>{80, 40, 6, 1}));
  EXPECT_EQ(train.classes, all.classes);
  EXPECT_EQ(val.sample_size(), all.sample_size());
  std::vector<int> seen = ids(train);
  const std::vector<int> v = ids(val);
  seen.insert(seen.end(), v.begin(), v.end());
  std::sort(seen.begin(), seen.end());
  std::vector<int> every(all.size());
  for (size_t i = 0; i < every.size(); ++i) every[i] = static_cast<int>(i);
  EXPECT_EQ(seen, every);
  // Labels travel with their pixels.
  for (size_t i = 0; i < val.size(); ++i) EXPECT_EQ(val.labels[i], all.labels[static_cast<size_t>(ids(val)[i])]);
}

TEST(DataSplit, OriginsTraceEverySampleBackThroughSplitAndLimit) {
  // Filled directly (no origins yet) and through add(): both count from the first sample.
  Dataset all = counted({30, 20});
  for (int j = 0; j < 10; ++j) {
    const int id = static_cast<int>(all.size());
    Tensor img({1, 2, 2}, {static_cast<float>(id % 256) / 255.0f, static_cast<float>(id / 256) / 255.0f, 0.0f, 0.0f});
    all.add(img, j % 2);
  }
  ASSERT_EQ(all.origins.size(), all.size());
  EXPECT_EQ(ids(all), all.origins);
  Rng rng(3);
  Dataset train, val;
  stratified_split(all, 0.3f, rng, &train, &val);
  limit_per_class(&train, 7, rng);
  for (const Dataset* part : {&train, &val}) {
    std::vector<int> origins;
    for (size_t i = 0; i < part->size(); ++i) origins.push_back(part->origin(i));
    EXPECT_EQ(origins, ids(*part));  // the pixels carry their index: origin names the same sample
  }
  EXPECT_EQ(train.size(), 14u);
}

TEST(DataSplit, DeterministicPerSeed) {
  const Dataset all = counted({40, 30});
  auto val_ids = [&](uint32_t seed) {
    Rng rng(seed);
    Dataset train, val;
    stratified_split(all, 0.25f, rng, &train, &val);
    return ids(val);
  };
  EXPECT_EQ(val_ids(1), val_ids(1));
  EXPECT_NE(val_ids(1), val_ids(2));
}

TEST(DataSplit, EdgeCases) {
  const Dataset all = counted({2, 3});
  Rng rng(1);
  Dataset train, val;
  stratified_split(all, 0.0f, rng, &train, &val);
  EXPECT_EQ(val.size(), 0u);
  EXPECT_EQ(train.size(), 5u);
  stratified_split(all, 0.9f, rng, &train, &val);  // never the whole class
  EXPECT_EQ(train.class_counts(), (std::vector<int>{1, 1}));
  stratified_split(all, 0.01f, rng, &train, &val);  // at least one per class of two or more
  EXPECT_EQ(val.class_counts(), (std::vector<int>{1, 1}));
  EXPECT_THROW(stratified_split(all, 1.0f, rng, &train, &val), Error);
  EXPECT_THROW(stratified_split(all, -0.1f, rng, &train, &val), Error);
}

// (n, c, h, w) batch; sample i, channel k, pixel (y, x) = a distinct value in [0, 1].
Tensor pattern_batch(int n, int c, int h, int w) {
  Tensor x({n, c, h, w});
  for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = static_cast<float>((i * 7919) % 1000) / 999.0f;
  return x;
}

TEST(DataAugment, FlipMirrorsAboutHalfTheSamplesDeterministically) {
  const Tensor orig = pattern_batch(64, 2, 3, 5);
  Tensor a = orig, b = orig, c = orig;
  Rng r1(11), r2(11), r3(12);
  augment_batch(&a, {"flip"}, r1);
  augment_batch(&b, {"flip"}, r2);
  augment_batch(&c, {"flip"}, r3);
  EXPECT_EQ(a.data, b.data) << "same seed, same result";
  EXPECT_NE(a.data, c.data) << "another seed, another result";
  int flipped = 0;
  const size_t sample = 2 * 3 * 5;
  for (size_t i = 0; i < 64; ++i) {
    bool same = true, mirrored = true;
    for (size_t r = 0; r < 2 * 3; ++r)
      for (size_t x = 0; x < 5; ++x) {
        const float got = a.data[i * sample + r * 5 + x];
        same &= got == orig.data[i * sample + r * 5 + x];
        mirrored &= got == orig.data[i * sample + r * 5 + (4 - x)];
      }
    ASSERT_TRUE(same || mirrored) << "sample " << i << " is neither itself nor its mirror image";
    flipped += mirrored && !same;
  }
  EXPECT_GT(flipped, 16);
  EXPECT_LT(flipped, 48);
}

TEST(DataAugment, CropShiftsByAtMostAnEighthWithEdgeReplication) {
  // A single bright pixel at the centre of 16×16: after the shift it is somewhere within
  // ±2 pixels (16/8), and a constant image stays constant (edge replication, no black borders).
  const int n = 40;
  Tensor x({n, 1, 16, 16}, 0.0f);
  for (int i = 0; i < n; ++i) x.data[static_cast<size_t>(i) * 256 + 8 * 16 + 8] = 1.0f;
  Rng rng(3);
  augment_batch(&x, {"crop"}, rng);
  std::set<std::pair<int, int>> offsets;
  for (int i = 0; i < n; ++i) {
    const float* s = x.ptr() + static_cast<size_t>(i) * 256;
    const int at = static_cast<int>(std::max_element(s, s + 256) - s);
    ASSERT_EQ(s[at], 1.0f);
    ASSERT_EQ(std::count(s, s + 256, 1.0f), 1);
    const int dy = at / 16 - 8, dx = at % 16 - 8;
    ASSERT_LE(std::abs(dy), 2);
    ASSERT_LE(std::abs(dx), 2);
    offsets.insert({dy, dx});
  }
  EXPECT_GT(offsets.size(), 8u) << "offsets are random";
  Tensor flat({4, 3, 8, 8}, 0.3f);
  augment_batch(&flat, {"crop", "flip"}, rng);
  for (float v : flat.data) ASSERT_EQ(v, 0.3f);
}

TEST(DataAugment, JitterIsSmallAndStaysInRange) {
  Tensor x = pattern_batch(32, 3, 4, 4);
  const Tensor orig = x;
  Rng rng(5);
  augment_batch(&x, {"jitter"}, rng);
  float max_change = 0;
  for (size_t i = 0; i < x.data.size(); ++i) {
    ASSERT_GE(x.data[i], 0.0f);
    ASSERT_LE(x.data[i], 1.0f);
    max_change = std::max(max_change, std::abs(x.data[i] - orig.data[i]));
  }
  EXPECT_GT(max_change, 0.01f);
  EXPECT_LE(max_change, 0.1f + 0.1f * 1.0f + 1e-5f);  // |b| + |c − 1|·|v − mean|
  Tensor grey({8, 1, 2, 2}, 0.5f);
  augment_batch(&grey, {"jitter"}, rng);
  for (int i = 0; i < 8; ++i) {
    const float v = grey.data[static_cast<size_t>(i) * 4];
    EXPECT_NEAR(v, 0.5f, 0.1f + 1e-6f);
    for (int k = 1; k < 4; ++k) EXPECT_FLOAT_EQ(grey.data[static_cast<size_t>(i) * 4 + k], v) << "contrast keeps a flat image flat";
  }
}

TEST(DataAugment, UnknownOpIsNamedAndNothingChanges) {
  Tensor x = pattern_batch(2, 1, 4, 4);
  const Tensor orig = x;
  Rng rng(1);
  try {
    augment_batch(&x, {"flip", "rotate"}, rng);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'rotate'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(x.data, orig.data);
  Tensor flat({16}, 0.5f);
  EXPECT_THROW(augment_batch(&flat, {"flip"}, rng), Error);
}

}  // namespace
}  // namespace cnnlab
