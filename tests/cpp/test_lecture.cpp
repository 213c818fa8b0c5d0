// test_lecture.cpp — the lecture's 6×6 image and 3×3 filters through the engine's conv2d and maxpool2d.
#include <gtest/gtest.h>

#include "model.h"

namespace cnnlab {
namespace {

// The lecture's image, rows 100001 010010 001100 100010 010010 001010.
Tensor lecture_image() {
  const char* rows[6] = {"100001", "010010", "001100", "100010", "010010", "001010"};
  Tensor x({1, 1, 6, 6});
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) x.data[static_cast<size_t>(r * 6 + c)] = rows[r][c] == '1' ? 1.0f : 0.0f;
  return x;
}

const std::vector<float> kFilter1 = {1, -1, -1, -1, 1, -1, -1, -1, 1};
const std::vector<float> kFilter2 = {-1, 1, -1, -1, 1, -1, -1, 1, -1};

// A direct, loop-by-loop valid cross-correlation: the independent reference for the engine's im2col path.
std::vector<float> reference_conv(const Tensor& x, const std::vector<float>& k, int stride) {
  const int n = (6 - 3) / stride + 1;
  std::vector<float> out;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      float s = 0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) s += x.data[static_cast<size_t>((r * stride + i) * 6 + c * stride + j)] * k[static_cast<size_t>(i * 3 + j)];
      out.push_back(s);
    }
  return out;
}

std::string spec(int filters, int stride, bool pool) {
  const int side = (6 - 3) / stride + 1;
  const int out = filters * (pool ? side / 2 : side) * (pool ? side / 2 : side);
  std::string classes;
  for (int i = 0; i < out; ++i) classes += (i ? ",\"c" : "\"c") + std::to_string(i) + "\"";
  return R"({"input":{"channels":1,"height":6,"width":6},"classes":[)" + classes +
         R"(],"layers":[{"type":"conv2d","filters":)" + std::to_string(filters) + R"(,"kernel":3,"stride":)" +
         std::to_string(stride) + "}" + (pool ? R"(,{"type":"maxpool2d","size":2,"stride":2})" : "") +
         R"(,{"type":"flatten"}]})";
}

std::vector<float> run_conv(int stride, bool pool, std::vector<float>* conv_out = nullptr) {
  Sequential net(spec(2, stride, pool), 1);
  std::vector<float> w = kFilter1;
  w.insert(w.end(), kFilter2.begin(), kFilter2.end());
  net.set_weights({{"0.weight", Tensor({2, 1, 3, 3}, w)}, {"0.bias", Tensor({2}, {0, 0})}});
  const Tensor& y = net.forward(lecture_image(), Mode::kEval);
  const FloatBuffer& maps = net.layer(0).output().data;
  if (conv_out) conv_out->assign(maps.begin(), maps.end());
  return std::vector<float>(y.data.begin(), y.data.end());
}

TEST(Lecture, Filter1Stride1MatchesTheSlide) {
  const std::vector<float> y = run_conv(1, false);
  const std::vector<float> slide = {3, -1, -3, -1, -3, 1, 0, -3, -3, -3, 0, 1, 3, -2, -2, -1};
  EXPECT_EQ(std::vector<float>(y.begin(), y.begin() + 16), slide);
}

TEST(Lecture, BothFiltersBothStridesMatchDirectConvolution) {
  const Tensor x = lecture_image();
  for (int stride : {1, 2}) {
    const std::vector<float> y = run_conv(stride, false);
    std::vector<float> want = reference_conv(x, kFilter1, stride);
    const std::vector<float> f2 = reference_conv(x, kFilter2, stride);
    want.insert(want.end(), f2.begin(), f2.end());
    EXPECT_EQ(y, want) << "stride " << stride;
  }
  // Stride 2 samples every other row and column of the stride-1 map.
  const std::vector<float> s2 = run_conv(2, false);
  EXPECT_EQ(std::vector<float>(s2.begin(), s2.begin() + 4), (std::vector<float>{3, -3, -3, 0}));
}

TEST(Lecture, MaxPoolOfTheStride1Maps) {
  std::vector<float> maps;
  const std::vector<float> pooled = run_conv(1, true, &maps);
  ASSERT_EQ(pooled.size(), 8u);
  for (int f = 0; f < 2; ++f)
    for (int r = 0; r < 2; ++r)
      for (int c = 0; c < 2; ++c) {
        float best = -1e9f;
        for (int i = 0; i < 2; ++i)
          for (int j = 0; j < 2; ++j) best = std::max(best, maps[static_cast<size_t>(f * 16 + (2 * r + i) * 4 + 2 * c + j)]);
        EXPECT_EQ(pooled[static_cast<size_t>(f * 4 + r * 2 + c)], best);
      }
  // Filter 1's 4×4 map pooled by the slide's 2×2 windows.
  EXPECT_EQ(std::vector<float>(pooled.begin(), pooled.begin() + 4), (std::vector<float>{3, 0, 3, 1}));
}

}  // namespace
}  // namespace cnnlab
