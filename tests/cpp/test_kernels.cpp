// test_kernels.cpp — the hand-written convolution kernel against Eigen (im2col + GEMM) on odd shapes,
// and predict()'s fused path against forward().
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "kernels/conv_direct.h"
#include "kernels/dense_kernel.h"
#include "kernels/winograd.h"
#include "kernels/winograd_row.h"
#include "layers/maxpool2d.h"
#include "model.h"

// "c3_32x32_o16_k3x3_s1x1_p1x1": test names, and what gtest prints for a failing case (PrintTo is
// found by argument-dependent lookup, so it lives in ConvGeometry's namespace).
namespace cnnlab::kernels {
std::string describe(const ConvGeometry& g) {
  auto s = [](int v) { return std::to_string(v); };
  return "c" + s(g.c) + "_" + s(g.h) + "x" + s(g.w) + "_o" + s(g.o) + "_k" + s(g.kh) + "x" + s(g.kw) + "_s" + s(g.sh) +
         "x" + s(g.sw) + "_p" + s(g.ph) + "x" + s(g.pw);
}
void PrintTo(const ConvGeometry& g, std::ostream* os) { *os << describe(g); }
}  // namespace cnnlab::kernels

namespace cnnlab {
namespace {

using kernels::ConvGeometry;

ConvGeometry geometry(int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) {
  ConvGeometry g;
  g.c = c, g.h = h, g.w = w, g.o = o, g.kh = kh, g.kw = kw, g.sh = sh, g.sw = sw, g.ph = ph, g.pw = pw;
  g.ho = (h + 2 * ph - kh) / sh + 1;
  g.wo = (w + 2 * pw - kw) / sw + 1;
  return g;
}

class DirectConvVsEigen : public ::testing::TestWithParam<ConvGeometry> {};

// Every output of the kernel, bias and ReLU included, against the GEMM reference, for 3 images
// (so the kernel's scratch memory is reused with stale contents).
TEST_P(DirectConvVsEigen, SameOutputs) {
  const ConvGeometry g = GetParam();
  const int n = 3;
  Rng rng(11);
  std::vector<float> x(static_cast<size_t>(n) * g.c * g.h * g.w), w(static_cast<size_t>(g.o) * g.k()), b(g.o);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
  const size_t out = static_cast<size_t>(g.o) * g.ho * g.wo;
  std::vector<float> ref(n * out);
  kernels::conv_forward_gemm(g, x.data(), n, w.data(), b.data(), ref.data());

  kernels::DirectConv conv(g);
  conv.set_weights(w.data(), b.data());
  kernels::ConvScratch scratch;
  for (bool relu : {false, true}) {
    // Sentinel fill: a value the kernel forgot to write (or wrote past the end) shows up.
    std::vector<float> y(n * out + 5, 1234.5f);
    for (int i = 0; i < n; ++i)
      conv.forward_image(x.data() + static_cast<size_t>(i) * g.c * g.h * g.w, y.data() + i * out, relu, &scratch);
    for (size_t i = 0; i < n * out; ++i) {
      const float want = relu ? std::max(ref[i], 0.0f) : ref[i];
      ASSERT_NEAR(y[i], want, 1e-5f * (1.0f + std::fabs(want))) << "output " << i << (relu ? " (relu)" : "");
    }
    for (size_t i = n * out; i < y.size(); ++i) ASSERT_EQ(y[i], 1234.5f) << "wrote past the output";
  }
}

INSTANTIATE_TEST_SUITE_P(
    OddShapes, DirectConvVsEigen,
    ::testing::Values(geometry(3, 32, 32, 16, 3, 3, 1, 1, 1, 1),  // the lecture CNN's conv1
                      geometry(1, 28, 28, 8, 5, 5, 1, 1, 2, 2),   // ConvNetJS MNIST conv1 (28-wide rows: edge tiles)
                      geometry(8, 14, 14, 16, 5, 5, 1, 1, 2, 2),
                      geometry(1, 1, 1, 1, 1, 1, 1, 1, 0, 0),     // one pixel, one filter
                      geometry(2, 5, 3, 5, 3, 3, 1, 1, 1, 1),     // rows narrower than a tile, O not a multiple of 4
                      geometry(5, 7, 13, 9, 2, 3, 1, 1, 0, 1),    // non-square kernel, uneven padding
                      geometry(3, 9, 11, 3, 3, 3, 2, 2, 1, 1),    // stride 2: gathered panels
                      geometry(2, 10, 17, 6, 3, 1, 1, 3, 0, 0),   // stride only along W
                      geometry(4, 12, 9, 7, 1, 4, 3, 1, 0, 2),    // stride only along H, wide padding
                      geometry(6, 6, 6, 33, 6, 6, 1, 1, 0, 0),    // kernel as large as the image
                      geometry(3, 4, 19, 4, 3, 3, 2, 3, 2, 1),
                      // shifted-rows layout (stride 1 along H, rows not a multiple of 8, small):
                      geometry(4, 12, 21, 6, 3, 3, 1, 1, 1, 1),   // tiles across row ends
                      geometry(1, 9, 13, 5, 5, 5, 1, 2, 2, 2),    // and a stride along W
                      geometry(2, 6, 6, 3, 5, 5, 1, 1, 4, 4),     // padding wider than the image's reach
                      geometry(1, 1, 1, 2, 2, 2, 1, 2, 3, 3),     // rows with no input column at all
                      // padded-image path with the last tile of a row pulled back (rows ≥ 8):
                      geometry(8, 10, 19, 5, 5, 5, 1, 1, 2, 2),   // stride 1, layout too big to shift
                      geometry(2, 20, 37, 5, 3, 3, 2, 2, 1, 1)),  // strided panels, 19-wide rows
    [](const ::testing::TestParamInfo<ConvGeometry>& info) { return kernels::describe(info.param); });

// Which path the shapes above take: the test list must keep covering both.
TEST(Kernels, DirectConvPicksShiftedRowsForSmallRaggedRows) {
  EXPECT_TRUE(kernels::DirectConv(geometry(1, 28, 28, 8, 5, 5, 1, 1, 2, 2)).shifted_rows());   // MNIST conv1
  EXPECT_FALSE(kernels::DirectConv(geometry(8, 14, 14, 16, 5, 5, 1, 1, 2, 2)).shifted_rows()); // conv2: 40 KB
  EXPECT_FALSE(kernels::DirectConv(geometry(3, 32, 32, 16, 3, 3, 1, 1, 1, 1)).shifted_rows()); // whole tiles
  EXPECT_FALSE(kernels::DirectConv(geometry(3, 9, 11, 3, 3, 3, 2, 2, 1, 1)).shifted_rows());   // stride 2 along H
  EXPECT_TRUE(kernels::DirectConv(geometry(1, 9, 13, 5, 5, 5, 1, 2, 2, 2)).shifted_rows());
  EXPECT_FALSE(kernels::DirectConv(geometry(8, 10, 19, 5, 5, 5, 1, 1, 2, 2)).shifted_rows());
}

class WinogradVsEigen : public ::testing::TestWithParam<ConvGeometry> {};

// F(2×2, 3×3) against the GEMM reference on odd sizes (partial 4-tile groups, odd
// output rows and columns, filters not a multiple of 4), bias and ReLU included.
TEST_P(WinogradVsEigen, SameOutputs) {
  const ConvGeometry g = GetParam();
  ASSERT_TRUE(kernels::WinogradConv::suits(g));
  const int n = 2;
  Rng rng(12);
  std::vector<float> x(static_cast<size_t>(n) * g.c * g.h * g.w), w(static_cast<size_t>(g.o) * g.k()), b(g.o);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
  const size_t out = static_cast<size_t>(g.o) * g.ho * g.wo;
  std::vector<float> ref(n * out);
  kernels::conv_forward_gemm(g, x.data(), n, w.data(), b.data(), ref.data());
  kernels::WinogradConv conv(g);
  conv.set_weights(w.data(), b.data());
  kernels::WinogradScratch scratch;
  double worst = 0;
  for (bool relu : {false, true}) {
    std::vector<float> y(n * out + 5, 1234.5f);
    for (int i = 0; i < n; ++i)
      conv.forward_image(x.data() + static_cast<size_t>(i) * g.c * g.h * g.w, y.data() + i * out, relu, &scratch);
    for (size_t i = 0; i < n * out; ++i) {
      const float want = relu ? std::max(ref[i], 0.0f) : ref[i];
      worst = std::max(worst, static_cast<double>(std::fabs(y[i] - want)));
      ASSERT_NEAR(y[i], want, 2e-5f * std::sqrt(static_cast<float>(g.k()))) << "output " << i << (relu ? " (relu)" : "");
    }
    for (size_t i = n * out; i < y.size(); ++i) ASSERT_EQ(y[i], 1234.5f) << "wrote past the output";
  }
  RecordProperty("max_abs_error", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(
    OddShapes, WinogradVsEigen,
    ::testing::Values(geometry(16, 16, 16, 32, 3, 3, 1, 1, 1, 1),  // the lecture CNN's conv2
                      geometry(16, 14, 14, 16, 3, 3, 1, 1, 2, 2),  // padding 2: output 16×16
                      geometry(16, 9, 11, 5, 3, 3, 1, 1, 0, 0),    // odd output: 7×9
                      geometry(17, 7, 13, 7, 3, 3, 1, 1, 1, 1),
                      geometry(20, 8, 21, 6, 3, 3, 1, 1, 0, 1),    // 6×21 output, uneven padding
                      geometry(16, 5, 5, 3, 3, 3, 1, 1, 2, 2)),    // padding beyond the kernel's reach
    [](const ::testing::TestParamInfo<ConvGeometry>& info) { return kernels::describe(info.param); });

// Plain loops in double: y (O, Ho, Wo) = x ⋆ w + b for one image.
std::vector<double> conv_reference(const ConvGeometry& g, const float* x, const float* w, const float* b) {
  std::vector<double> y(static_cast<size_t>(g.o) * g.ho * g.wo);
  for (int o = 0; o < g.o; ++o)
    for (int oh = 0; oh < g.ho; ++oh)
      for (int ow = 0; ow < g.wo; ++ow) {
        double s = b[o];
        for (int c = 0; c < g.c; ++c)
          for (int i = 0; i < g.kh; ++i)
            for (int j = 0; j < g.kw; ++j) {
              const int ih = oh * g.sh - g.ph + i, iw = ow * g.sw - g.pw + j;
              if (ih < 0 || ih >= g.h || iw < 0 || iw >= g.w) continue;
              s += static_cast<double>(x[(c * g.h + ih) * g.w + iw]) * w[((o * g.c + c) * g.kh + i) * g.kw + j];
            }
        y[(static_cast<size_t>(o) * g.ho + oh) * g.wo + ow] = s;
      }
  return y;
}

class RowWinogradVsReference : public ::testing::TestWithParam<std::tuple<ConvGeometry, int>> {};

// F(2, 5) and F(4, 5) along rows against plain loops in double, on odd shapes (odd output widths
// and widths not a multiple of 4, tiles per row not a multiple of 4, tiles not a multiple of 8,
// filters not a multiple of 4, 1/2/3/8 channels, padding 0/2/4), bias and ReLU, two images through one scratch. Two scales: uniform ±1
// everywhere, and realistic ones (ReLU'd activations in [0, 3], He-sized weights): the error
// bound is relative to Σ|x·w| + |b|, what float32 rounding of any order gives, plus 1e-6 of the
// image's largest Σ|x·w|.
TEST_P(RowWinogradVsReference, SameOutputs) {
  const ConvGeometry g = std::get<0>(GetParam());
  const int n = 2;
  const size_t in = static_cast<size_t>(g.c) * g.h * g.w, out = static_cast<size_t>(g.o) * g.ho * g.wo;
  kernels::RowWinogradConv conv(g, std::get<1>(GetParam()));
  ASSERT_EQ(conv.outputs(), std::get<1>(GetParam()));
  double worst_rel = 0;
  for (int scale = 0; scale < 2; ++scale) {
    Rng rng(21 + scale);
    std::vector<float> x(n * in), w(static_cast<size_t>(g.o) * g.k()), b(g.o), xa(n * in), wa(w.size());
    const float wmax = scale == 0 ? 1.0f : std::sqrt(6.0f / g.k());
    for (float& v : x) v = scale == 0 ? rng.uniform(-1.0f, 1.0f) : std::max(0.0f, rng.uniform(-3.0f, 3.0f));
    for (float& v : w) v = rng.uniform(-wmax, wmax);
    for (float& v : b) v = rng.uniform(-0.1f, 0.1f);
    for (size_t i = 0; i < x.size(); ++i) xa[i] = std::fabs(x[i]);
    for (size_t i = 0; i < w.size(); ++i) wa[i] = std::fabs(w[i]);
    conv.set_weights(w.data(), b.data());
    kernels::RowWinogradScratch scratch;
    for (bool relu : {false, true}) {
      std::vector<float> y(n * out + 5, 1234.5f);
      for (int i = 0; i < n; ++i) conv.forward_image(x.data() + i * in, y.data() + i * out, relu, &scratch);
      for (int i = 0; i < n; ++i) {
        const std::vector<double> ref = conv_reference(g, x.data() + i * in, w.data(), b.data());
        const std::vector<float> zero(g.o, 0.0f);
        const std::vector<double> mag = conv_reference(g, xa.data() + i * in, wa.data(), zero.data());
        const double top = *std::max_element(mag.begin(), mag.end());
        for (size_t j = 0; j < out; ++j) {
          const double want = relu ? std::max(ref[j], 0.0) : ref[j], err = std::fabs(y[i * out + j] - want);
          const double bias = std::fabs(b[j / (static_cast<size_t>(g.ho) * g.wo)]);
          worst_rel = std::max(worst_rel, err / (mag[j] + bias + 1e-3));
          // Winograd rounds relative to the whole tile's inputs: an output next to much larger ones
          // carries error at their scale, hence the share of the image's largest Σ|x·w|.
          ASSERT_LE(err, 1e-5 * (mag[j] + bias) + 1e-6 * top) << "image " << i << " output " << j << (relu ? " (relu)" : "")
                                                 << " scale " << scale << ": " << y[i * out + j] << " vs " << want;
        }
      }
      for (size_t i = n * out; i < y.size(); ++i) ASSERT_EQ(y[i], 1234.5f) << "wrote past the output";
    }
  }
  RecordProperty("max_rel_error", std::to_string(worst_rel));
}

INSTANTIATE_TEST_SUITE_P(
    OddShapes, RowWinogradVsReference,
    ::testing::Combine(::testing::Values(geometry(8, 14, 14, 16, 5, 5, 1, 1, 2, 2),  // MNIST conv2 (workload C)
                      geometry(8, 12, 12, 16, 5, 5, 1, 1, 2, 2),
                      geometry(1, 28, 28, 8, 5, 5, 1, 1, 2, 2),   // MNIST conv1
                      geometry(3, 9, 13, 5, 5, 5, 1, 1, 2, 2),    // odd width: 13 → 7 tiles, last half empty
                      geometry(3, 7, 11, 6, 5, 5, 1, 1, 0, 0),    // no padding: 3×7 output
                      geometry(8, 10, 19, 5, 5, 5, 1, 1, 2, 2),
                      geometry(1, 6, 6, 3, 5, 5, 1, 1, 0, 0),     // 2×2 output: one 4-tile group
                      geometry(3, 9, 17, 7, 3, 5, 1, 1, 1, 2),    // 3 kernel rows, uneven padding
                      geometry(8, 5, 6, 4, 1, 5, 1, 1, 0, 0),     // one kernel row
                      geometry(3, 9, 9, 5, 5, 5, 1, 1, 2, 2),     // 9 wide: 3 tiles of 4, the last one of 1
                      geometry(2, 5, 5, 3, 5, 5, 1, 1, 4, 4)),    // padding beyond the kernel's reach
                       ::testing::Values(2, 4)),                  // F(2, 5) and F(4, 5)
    [](const ::testing::TestParamInfo<std::tuple<ConvGeometry, int>>& info) {
      return kernels::describe(std::get<0>(info.param)) + "_F" + std::to_string(std::get<1>(info.param));
    });

TEST(Kernels, RowWinogradSuitsStrideOneFiveWide) {
  EXPECT_TRUE(kernels::RowWinogradConv::suits(geometry(8, 14, 14, 16, 5, 5, 1, 1, 2, 2)));   // MNIST conv2
  EXPECT_TRUE(kernels::RowWinogradConv::suits(geometry(1, 28, 28, 8, 5, 5, 1, 1, 2, 2)));    // MNIST conv1
  EXPECT_TRUE(kernels::RowWinogradConv::suits(geometry(3, 9, 17, 7, 3, 5, 1, 1, 1, 2)));     // any height
  EXPECT_FALSE(kernels::RowWinogradConv::suits(geometry(8, 14, 14, 16, 3, 3, 1, 1, 1, 1)));  // 3 wide
  EXPECT_FALSE(kernels::RowWinogradConv::suits(geometry(8, 14, 14, 16, 5, 5, 1, 2, 2, 2)));  // stride 2
  EXPECT_FALSE(kernels::RowWinogradConv::suits(geometry(8, 14, 14, 16, 5, 5, 2, 1, 2, 2)));
  EXPECT_FALSE(kernels::RowWinogradConv::suits(geometry(3, 64, 64, 16, 5, 5, 1, 1, 2, 2)));  // 0.6 MB of scratch
}

// The dense kernel (2×4 tiles over blocks of 1,024 features, scalar tails) against Eigen, on
// sample, feature and unit counts around every tile and block size.
TEST(Kernels, DenseForwardMatchesEigen) {
  Rng rng(9);
  for (int n : {1, 2, 3, 5})
    for (int f : {1, 3, 4, 7, 1023, 1024, 1025, 2048, 2049})
      for (int o : {1, 3, 4, 5, 9})
        for (bool relu : {false, true}) {
          Tensor x({n, f}), w({o, f}), b({o});
          for (Tensor* t : {&x, &w, &b})
            for (float& v : t->data) v = rng.uniform(-1.0f, 1.0f);
          const bool no_bias = relu && o == 5;  // a null bias (a convolution's dW) counts as zeros
          if (no_bias) b.zero();
          MatrixRM want = ConstMapMat(x.ptr(), n, f) * ConstMapMat(w.ptr(), o, f).transpose();
          want.rowwise() += ConstMapVec(b.ptr(), o).transpose();
          if (relu) want = want.cwiseMax(0.0f);
          std::vector<float> y(static_cast<size_t>(n) * o + 3, 1234.5f);
          kernels::dense_forward(x.ptr(), n, f, w.ptr(), no_bias ? nullptr : b.ptr(), o, relu, y.data());
          for (int i = 0; i < n; ++i)
            for (int j = 0; j < o; ++j)
              ASSERT_NEAR(y[static_cast<size_t>(i) * o + j], want(i, j), 2e-5f * (1.0f + std::sqrt(static_cast<float>(f))))
                  << "n " << n << " f " << f << " o " << o << " relu " << relu << " at " << i << "," << j;
          for (size_t i = static_cast<size_t>(n) * o; i < y.size(); ++i) ASSERT_EQ(y[i], 1234.5f) << "wrote past the output";
        }
}

// 2×2 max pooling runs four output cells per SIMD step plus a scalar tail: its maxima (training
// and inference paths) and its winners (where backward routes dy) against a plain loop, on widths
// around the vector length and with many ties (values from a small set).
TEST(Kernels, MaxPool2x2MatchesPlainLoop) {
  for (int w : {2, 3, 8, 9, 10, 15, 16, 17}) {
    const int n = 2, c = 3, h = 6, ho = h / 2, wo = w / 2;
    Rng rng(static_cast<uint32_t>(w));
    Tensor x({n, c, h, w});
    for (float& v : x.data) v = static_cast<float>(rng.below(4));
    MaxPool2d pool({c, h, w}, Pool2dConfig{});
    const Tensor y = pool.forward(x, Mode::kTrain);
    const Tensor dx = pool.backward(Tensor(y.shape, 1.0f));
    const Tensor yi = pool.infer(x, false);
    for (int p = 0; p < n * c; ++p)
      for (int oh = 0; oh < ho; ++oh)
        for (int ow = 0; ow < wo; ++ow) {
          const float* in = x.ptr() + p * h * w;
          int best = 2 * oh * w + 2 * ow;  // first winner in reading order
          for (int i : {2 * oh * w + 2 * ow + 1, (2 * oh + 1) * w + 2 * ow, (2 * oh + 1) * w + 2 * ow + 1})
            if (in[i] > in[best]) best = i;
          const int o = p * ho * wo + oh * wo + ow;
          ASSERT_EQ(y.data[o], in[best]) << "width " << w << " cell " << o;
          ASSERT_EQ(yi.data[o], in[best]) << "width " << w << " cell " << o << " (infer)";
          ASSERT_EQ(dx.data[p * h * w + best], 1.0f) << "width " << w << " cell " << o << ": winner";
        }
    float routed = 0;
    for (float v : dx.data) routed += v;
    ASSERT_EQ(routed, static_cast<float>(n * c * ho * wo)) << "width " << w;
  }
}

// Other windows: inference (maxima only) gives what the training forward (with winners) gives.
TEST(Kernels, MaxPoolInferenceMatchesTrainingForward) {
  Rng rng(4);
  Tensor x({2, 3, 14, 11});
  for (float& v : x.data) v = static_cast<float>(rng.below(5)) - 2.0f;
  for (auto [k, s, p] : {std::tuple{3, 3, 0}, {3, 2, 1}, {2, 1, 0}, {2, 2, 1}, {4, 3, 2}}) {
    Pool2dConfig c;
    c.kh = c.kw = k, c.sh = c.sw = s, c.ph = c.pw = p;
    MaxPool2d pool({3, 14, 11}, c);
    const Tensor trained = pool.forward(x, Mode::kTrain);
    const Tensor inferred = pool.infer(x, false);
    ASSERT_EQ(trained.data, inferred.data) << "window " << k << " stride " << s << " padding " << p;
  }
}

// Windows of 3×3 without padding take an unrolled path (the MNIST net's 3×3 stride 3): maxima in
// training and inference, and the winners backward routes dy to (the first maximum in reading
// order), against a plain loop, for strides 1 to 4, odd sizes (cells left over at the right and
// bottom) and many ties.
TEST(Kernels, MaxPool3x3UnpaddedMatchesPlainLoop) {
  for (auto [h, w] : {std::pair{14, 14}, {3, 3}, {7, 11}, {10, 5}})
    for (int s : {1, 2, 3, 4}) {
      const int n = 2, c = 3, ho = (h - 3) / s + 1, wo = (w - 3) / s + 1;
      Rng rng(static_cast<uint32_t>(h * 100 + w * 10 + s));
      Tensor x({n, c, h, w});
      for (float& v : x.data) v = static_cast<float>(rng.below(4));
      Pool2dConfig cfg;
      cfg.kh = cfg.kw = 3, cfg.sh = cfg.sw = s;
      MaxPool2d pool({c, h, w}, cfg);
      const Tensor y = pool.forward(x, Mode::kTrain);
      const Tensor dx = pool.backward(Tensor(y.shape, 1.0f));
      const Tensor yi = pool.infer(x, false);
      ASSERT_EQ(y.shape, (Shape{n, c, ho, wo}));
      Tensor want_dx({n, c, h, w});
      want_dx.zero();
      for (int p = 0; p < n * c; ++p)
        for (int oh = 0; oh < ho; ++oh)
          for (int ow = 0; ow < wo; ++ow) {
            const float* in = x.ptr() + p * h * w;
            int best = oh * s * w + ow * s;
            for (int i = 0; i < 3; ++i)
              for (int j = 0; j < 3; ++j)
                if (in[(oh * s + i) * w + ow * s + j] > in[best]) best = (oh * s + i) * w + ow * s + j;
            const int o = p * ho * wo + oh * wo + ow;
            ASSERT_EQ(y.data[o], in[best]) << h << "×" << w << " stride " << s << " cell " << o;
            ASSERT_EQ(yi.data[o], in[best]) << h << "×" << w << " stride " << s << " cell " << o << " (infer)";
            want_dx.data[p * h * w + best] += 1.0f;
          }
      ASSERT_EQ(dx.data, want_dx.data) << h << "×" << w << " stride " << s;
    }
}

// predict() runs the fused inference path (conv/dense with ReLU folded in, dropout skipped); it
// must give the softmax of forward()'s logits.
TEST(Kernels, PredictEqualsSoftmaxOfForward) {
  const char* spec = R"({"input":{"channels":3,"height":11,"width":13},"classes":["a","b","c"],
    "layers":[{"type":"conv2d","filters":5,"kernel":3,"padding":1},{"type":"relu"},
      {"type":"maxpool2d","size":2},{"type":"conv2d","filters":6,"kernel":[2,3],"stride":[1,2]},{"type":"relu"},
      {"type":"flatten"},{"type":"dense","units":7},{"type":"relu"},{"type":"dropout","rate":0.5},
      {"type":"dense","units":3}]})";
  Sequential net(spec, 4);
  Rng rng(5);
  Tensor x({70, 3, 11, 13});  // more than one predict chunk of 64
  for (float& v : x.data) v = rng.uniform();
  const Tensor logits = net.forward(x, Mode::kEval);
  const Tensor probs = net.predict(x);
  ASSERT_EQ(probs.shape, logits.shape);
  for (int i = 0; i < 70; ++i) {
    const float* l = logits.ptr() + 3 * i;
    const float m = *std::max_element(l, l + 3);
    const float sum = std::exp(l[0] - m) + std::exp(l[1] - m) + std::exp(l[2] - m);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(probs.data[3 * i + k], std::exp(l[k] - m) / sum, 1e-6f) << i << "," << k;
  }
}

}  // namespace
}  // namespace cnnlab
