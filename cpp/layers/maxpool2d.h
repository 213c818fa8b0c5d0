// layers/maxpool2d.h — max pooling over size×size windows; padded cells never win.
#pragma once

#include <cstdint>

#include "layer.h"

namespace cnnlab {

struct Pool2dConfig {
  int kh = 2, kw = 2;
  int sh = 2, sw = 2;
  int ph = 0, pw = 0;
};

class MaxPool2d : public Layer {
 public:
  MaxPool2d(Shape in_shape, const Pool2dConfig& config);
  const char* type() const override { return "maxpool2d"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
  int64_t floats_per_sample() const override { return Layer::floats_per_sample() + shape_size(out_shape_); }
  const Tensor& infer(const Tensor& x, bool relu) override;

 private:
  // Pools planes [p0, p1) of x (N·C planes of H×W); argmax_ is filled when `arg` (training).
  const Tensor& run(const Tensor& x, bool arg);
  void pool_planes(const float* x, int64_t p0, int64_t p1);
  void max_planes(const float* x, int64_t p0, int64_t p1);
  template <bool kArg>
  void pool_2x2(const float* x, int64_t p0, int64_t p1);
  template <int K, bool kArg>
  void pool_unpadded(const float* x, int64_t p0, int64_t p1);

  Pool2dConfig cfg_;
  int c_, h_, w_, ho_, wo_;
  std::vector<int32_t> argmax_;  // per output cell: index of the winning input cell in its plane
};

}  // namespace cnnlab
