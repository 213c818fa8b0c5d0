// layers/conv2d.h — 2-D convolution (cross-correlation, as PyTorch/ONNX): forward by Winograd or a
// direct SIMD kernel, backward by im2col + GEMMs (and the direct kernel for dL/dx).
#pragma once

#include <memory>

#include "../kernels/conv_direct.h"
#include "../kernels/winograd.h"
#include "../kernels/winograd_row.h"
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
  bool fuses_relu() const override { return true; }
  const Tensor& infer(const Tensor& x, bool relu) override;
  std::vector<Param*> params() override { return {&weight_, &bias_}; }
  void init(Rng& rng) override;
  int64_t floats_per_sample() const override;

 private:
  // inference: whether the row Winograd kernel may run (predict only; training keeps the others).
  void run_direct(const Tensor& x, bool relu, bool inference);
  void prepare_input_grad_conv();
  int64_t image_cost() const;

  Conv2dConfig cfg_;
  int c_, h_, w_, ho_, wo_;
  bool he_;
  Param weight_, bias_;
  kernels::DirectConv direct_;
  std::unique_ptr<kernels::WinogradConv> winograd_;  // the forward pass where it suits (3×3, stride 1)
  std::unique_ptr<kernels::RowWinogradConv> row_winograd_;  // inference of 5-wide stride-1 convs where it suits
  // dL/dx of a stride-1 convolution is itself one: dy padded by k − 1 − p, correlated with the
  // kernels flipped in space and with in/out channels swapped. Absent for other strides (then
  // dL/dx = col2im(Wᵀ · dy)).
  std::unique_ptr<kernels::DirectConv> input_grad_conv_;
  Tensor flipped_;  // [C, O, kh, kw]: W with channels swapped and taps reversed
  // Per chunk of the batch (see work_chunks), one after the other:
  Tensor col_;      // im2col of the training forward's input, (C·kh·kw, images·Ho·Wo) per chunk
  // Whether col_ belongs to the last forward: after an eval-mode forward (the saliency map) backward
  // gives dL/dx only and leaves the parameter grads alone.
  bool columns_ = false;
  Tensor y2_;       // dy regrouped to (O, images·Ho·Wo) per chunk
  Tensor dcol_;     // dL/dcol, laid out as col_ (strided convolutions only)
  Tensor partial_;  // (chunks, O·C·kh·kw + O): each chunk's dW and db
};

}  // namespace cnnlab
