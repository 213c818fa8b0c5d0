// layers/avgpool2d.cpp — average pooling forward (window sums / window size) and backward.
#include "avgpool2d.h"

#include <algorithm>

#include "conv2d.h"  // window_out

namespace cnnlab {

AvgPool2d::AvgPool2d(Shape in_shape, const Pool2dConfig& config) : Layer(std::move(in_shape)), cfg_(config) {
  c_ = in_shape_.at(0);
  h_ = in_shape_.at(1);
  w_ = in_shape_.at(2);
  ho_ = window_out(h_, cfg_.kh, cfg_.sh, cfg_.ph);
  wo_ = window_out(w_, cfg_.kw, cfg_.sw, cfg_.pw);
  out_shape_ = {c_, ho_, wo_};
}

// x: (N, C, H, W) → y: (N, C, Ho, Wo); y = Σ_window x / (kh·kw), padded cells adding 0.
const Tensor& AvgPool2d::forward(const Tensor& x, Mode) {
  check_input(x);
  const int n = x.dim(0);
  y_.reshape_for_write(batch_out_shape(n));
  const float scale = 1.0f / static_cast<float>(cfg_.kh * cfg_.kw);
  const int64_t planes = static_cast<int64_t>(n) * c_;
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* in = x.ptr() + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh)
      for (int ow = 0; ow < wo_; ++ow) {
        // The window clipped to the real cells; the padding it drops would add zeros.
        const int h0 = std::max(0, oh * cfg_.sh - cfg_.ph), h1 = std::min(h_, oh * cfg_.sh - cfg_.ph + cfg_.kh);
        const int w0 = std::max(0, ow * cfg_.sw - cfg_.pw), w1 = std::min(w_, ow * cfg_.sw - cfg_.pw + cfg_.kw);
        float sum = 0.0f;
        for (int ih = h0; ih < h1; ++ih)
          for (int iw = w0; iw < w1; ++iw) sum += in[ih * w_ + iw];
        out[oh * wo_ + ow] = sum * scale;
      }
  }
  return y_;
}

// dL/dx[cell] = Σ over the windows holding the cell of dL/dy / (kh·kw).
const Tensor& AvgPool2d::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  dx_.reshape_for_write({n, c_, h_, w_});
  dx_.zero();
  const float scale = 1.0f / static_cast<float>(cfg_.kh * cfg_.kw);
  const int64_t planes = static_cast<int64_t>(n) * c_;
  for (int64_t pl = 0; pl < planes; ++pl) {
    float* d = dx_.ptr() + pl * h_ * w_;
    const float* g = dy.ptr() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh)
      for (int ow = 0; ow < wo_; ++ow) {
        const int h0 = std::max(0, oh * cfg_.sh - cfg_.ph), h1 = std::min(h_, oh * cfg_.sh - cfg_.ph + cfg_.kh);
        const int w0 = std::max(0, ow * cfg_.sw - cfg_.pw), w1 = std::min(w_, ow * cfg_.sw - cfg_.pw + cfg_.kw);
        const float share = g[oh * wo_ + ow] * scale;
        for (int ih = h0; ih < h1; ++ih)
          for (int iw = w0; iw < w1; ++iw) d[ih * w_ + iw] += share;
      }
  }
  return dx_;
}

}  // namespace cnnlab
