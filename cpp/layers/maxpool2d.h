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

 private:
  void forward_2x2(const float* x, int64_t planes);

  Pool2dConfig cfg_;
  int c_, h_, w_, ho_, wo_;
  std::vector<int32_t> argmax_;  // per output cell: index of the winning input cell in its plane
};

}  // namespace cnnlab
