// layers/conv2d.h — 2-D convolution (cross-correlation, as PyTorch/ONNX) via im2col + GEMM.
#pragma once

#include "layer.h"

namespace cnnlab {

struct Conv2dConfig {
  int filters = 1;
  int kh = 3, kw = 3;  // kernel
  int sh = 1, sw = 1;  // stride
  int ph = 0, pw = 0;  // zero padding on each side
};

// Output size of a sliding window along one axis; the caller validates it is ≥ 1.
inline int window_out(int in, int k, int stride, int pad) { return (in + 2 * pad - k) / stride + 1; }

class Conv2d : public Layer {
 public:
  // in_shape: {C, H, W}. Weights [filters, C, kh, kw], bias [filters].
  Conv2d(Shape in_shape, const Conv2dConfig& config, bool he);
  const char* type() const override { return "conv2d"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
  std::vector<Param*> params() override { return {&weight_, &bias_}; }
  void init(Rng& rng) override;
  int64_t floats_per_sample() const override;

 private:
  Conv2dConfig cfg_;
  int c_, h_, w_, ho_, wo_;
  bool he_;
  Param weight_, bias_;
  Tensor col_;   // im2col of the forward input: (C·kh·kw, N·Ho·Wo)
  Tensor y2_;   // GEMM scratch (O, N·Ho·Wo): the output before regrouping, or dy regrouped
  Tensor dcol_;  // (C·kh·kw, N·Ho·Wo)
};

}  // namespace cnnlab
