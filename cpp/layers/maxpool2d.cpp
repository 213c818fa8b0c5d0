// layers/maxpool2d.cpp — max pooling forward (remembering the winners) and backward (routing dy to them).
#include "maxpool2d.h"

#include <algorithm>
#include <limits>

#include "conv2d.h"

namespace cnnlab {

MaxPool2d::MaxPool2d(Shape in_shape, const Pool2dConfig& config) : Layer(std::move(in_shape)), cfg_(config) {
  c_ = in_shape_.at(0);
  h_ = in_shape_.at(1);
  w_ = in_shape_.at(2);
  ho_ = window_out(h_, cfg_.kh, cfg_.sh, cfg_.ph);
  wo_ = window_out(w_, cfg_.kw, cfg_.sw, cfg_.pw);
  out_shape_ = {c_, ho_, wo_};
}

const Tensor& MaxPool2d::forward(const Tensor& x, Mode) {
  check_input(x);
  const int n = x.dim(0);
  y_.reshape_for_write(batch_out_shape(n));
  argmax_.resize(static_cast<size_t>(y_.size()));
  const int64_t planes = static_cast<int64_t>(n) * c_;
  if (cfg_.kh == 2 && cfg_.kw == 2 && cfg_.sh == 2 && cfg_.sw == 2 && cfg_.ph == 0 && cfg_.pw == 0) {
    forward_2x2(x.ptr(), planes);
    return y_;
  }
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* in = x.ptr() + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    int32_t* arg = argmax_.data() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh)
      for (int ow = 0; ow < wo_; ++ow) {
        // Only real cells compete: the window is clipped to the input, so padding never wins.
        const int h0 = std::max(0, oh * cfg_.sh - cfg_.ph), h1 = std::min(h_, oh * cfg_.sh - cfg_.ph + cfg_.kh);
        const int w0 = std::max(0, ow * cfg_.sw - cfg_.pw), w1 = std::min(w_, ow * cfg_.sw - cfg_.pw + cfg_.kw);
        float best = -std::numeric_limits<float>::infinity();
        int32_t best_i = h0 * w_ + w0;
        for (int ih = h0; ih < h1; ++ih)
          for (int iw = w0; iw < w1; ++iw) {
            const float v = in[ih * w_ + iw];
            if (v > best) {
              best = v;
              best_i = ih * w_ + iw;
            }
          }
        out[oh * wo_ + ow] = best;
        arg[oh * wo_ + ow] = best_i;
      }
  }
  return y_;
}

// The lecture's (and most nets') 2×2 window with stride 2: no clipping, four candidates per cell,
// chosen without branches (ties go to the first cell in reading order, as in the general path).
void MaxPool2d::forward_2x2(const float* x, int64_t planes) {
  for (int64_t pl = 0; pl < planes; ++pl) {
    const float* in = x + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    int32_t* arg = argmax_.data() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh) {
      const float* r0 = in + 2 * oh * w_;
      const float* r1 = r0 + w_;
      const int32_t base = 2 * oh * w_;
      for (int ow = 0; ow < wo_; ++ow) {
        const float a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
        // Comparisons as 0/1 integers and std::max: random data would mispredict branches.
        const int32_t right_top = b > a, right_bottom = d > c;
        const float top = std::max(a, b), bottom = std::max(c, d);
        const int32_t lower = bottom > top;
        out[oh * wo_ + ow] = std::max(top, bottom);
        arg[oh * wo_ + ow] = base + 2 * ow + lower * (w_ + right_bottom) + (1 - lower) * right_top;
      }
    }
  }
}

const Tensor& MaxPool2d::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  dx_.reshape_for_write({n, c_, h_, w_});
  dx_.zero();
  const int64_t planes = static_cast<int64_t>(n) * c_;
  // dL/dx[winner] += dL/dy; every other cell of the window gets nothing.
  for (int64_t pl = 0; pl < planes; ++pl) {
    float* d = dx_.ptr() + pl * h_ * w_;
    const float* g = dy.ptr() + pl * ho_ * wo_;
    const int32_t* arg = argmax_.data() + pl * ho_ * wo_;
    for (int i = 0; i < ho_ * wo_; ++i) d[arg[i]] += g[i];
  }
  return dx_;
}

}  // namespace cnnlab
