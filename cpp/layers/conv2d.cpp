// layers/conv2d.cpp — convolution forward/backward: im2col, one GEMM per pass, col2im.
#include "conv2d.h"

#include <algorithm>

namespace cnnlab {

namespace {

// col row r = (c·kh + i)·kw + j, column q = n·Ho·Wo + oh·Wo + ow holds
// x[n, c, oh·sh − ph + i, ow·sw − pw + j], or 0 where that falls in the padding.
void im2col(const float* x, int n, int c, int h, int w, const Conv2dConfig& k, int ho, int wo, float* col) {
  const int64_t cols = static_cast<int64_t>(n) * ho * wo;
  for (int ci = 0; ci < c; ++ci)
    for (int i = 0; i < k.kh; ++i)
      for (int j = 0; j < k.kw; ++j) {
        float* row = col + ((static_cast<int64_t>(ci) * k.kh + i) * k.kw + j) * cols;
        // Output columns whose input column stays inside [0, w): ow in [ow_lo, ow_hi).
        const int ow_lo = std::min(wo, std::max(0, (k.pw - j + k.sw - 1) / k.sw));
        const int ow_hi = std::max(ow_lo, std::min(wo, (w + k.pw - j + k.sw - 1) / k.sw));
        for (int b = 0; b < n; ++b) {
          const float* plane = x + (static_cast<int64_t>(b) * c + ci) * h * w;
          for (int oh = 0; oh < ho; ++oh, row += wo) {
            const int ih = oh * k.sh - k.ph + i;
            if (ih < 0 || ih >= h) {
              for (int ow = 0; ow < wo; ++ow) row[ow] = 0.0f;
              continue;
            }
            const float* src = plane + static_cast<int64_t>(ih) * w;
            const int shift = j - k.pw;  // input column = ow·sw + shift
            // Plain loops, not std::copy/fill: rows are short (Wo values), and in WebAssembly a
            // memcpy/memset call per row costs more than the copy itself.
            for (int ow = 0; ow < ow_lo; ++ow) row[ow] = 0.0f;
            if (k.sw == 1) {
              const float* s1 = src + shift;
              for (int ow = ow_lo; ow < ow_hi; ++ow) row[ow] = s1[ow];
            } else {
              for (int ow = ow_lo; ow < ow_hi; ++ow) row[ow] = src[ow * k.sw + shift];
            }
            for (int ow = ow_hi; ow < wo; ++ow) row[ow] = 0.0f;
          }
        }
      }
}

// The adjoint of im2col: every column entry adds back into the input cell it was copied from.
void col2im(const float* col, int n, int c, int h, int w, const Conv2dConfig& k, int ho, int wo, float* dx) {
  std::fill(dx, dx + static_cast<int64_t>(n) * c * h * w, 0.0f);
  const int64_t cols = static_cast<int64_t>(n) * ho * wo;
  for (int ci = 0; ci < c; ++ci)
    for (int i = 0; i < k.kh; ++i)
      for (int j = 0; j < k.kw; ++j) {
        const float* row = col + ((static_cast<int64_t>(ci) * k.kh + i) * k.kw + j) * cols;
        const int ow_lo = std::min(wo, std::max(0, (k.pw - j + k.sw - 1) / k.sw));
        const int ow_hi = std::max(ow_lo, std::min(wo, (w + k.pw - j + k.sw - 1) / k.sw));
        for (int b = 0; b < n; ++b) {
          float* plane = dx + (static_cast<int64_t>(b) * c + ci) * h * w;
          for (int oh = 0; oh < ho; ++oh, row += wo) {
            const int ih = oh * k.sh - k.ph + i;
            if (ih < 0 || ih >= h) continue;
            float* dst = plane + static_cast<int64_t>(ih) * w;
            const int shift = j - k.pw;
            for (int ow = ow_lo; ow < ow_hi; ++ow) dst[ow * k.sw + shift] += row[ow];
          }
        }
      }
}

}  // namespace

Conv2d::Conv2d(Shape in_shape, const Conv2dConfig& config, bool he)
    : Layer(std::move(in_shape)), cfg_(config), he_(he) {
  c_ = in_shape_.at(0);
  h_ = in_shape_.at(1);
  w_ = in_shape_.at(2);
  ho_ = window_out(h_, cfg_.kh, cfg_.sh, cfg_.ph);
  wo_ = window_out(w_, cfg_.kw, cfg_.sw, cfg_.pw);
  out_shape_ = {cfg_.filters, ho_, wo_};
  const Shape ws{cfg_.filters, c_, cfg_.kh, cfg_.kw};
  weight_ = shaped_param("weight", ws, true);
  bias_ = shaped_param("bias", {cfg_.filters}, false);
}

// y, dx, and the scratch of one sample: col and dcol (C·kh·kw, Ho·Wo), y2 (O, Ho·Wo).
int64_t Conv2d::floats_per_sample() const {
  const int64_t p = static_cast<int64_t>(ho_) * wo_, kk = static_cast<int64_t>(c_) * cfg_.kh * cfg_.kw;
  return Layer::floats_per_sample() + 2 * kk * p + static_cast<int64_t>(cfg_.filters) * p;
}

void Conv2d::init(Rng& rng) {
  allocate(&weight_);
  allocate(&bias_);
  init_weights(&weight_.value, c_ * cfg_.kh * cfg_.kw, cfg_.filters * cfg_.kh * cfg_.kw, he_, rng);
  bias_.value.zero();
}

const Tensor& Conv2d::forward(const Tensor& x, Mode) {
  check_input(x);
  const int n = x.dim(0);
  const int o = cfg_.filters, kk = c_ * cfg_.kh * cfg_.kw, p = ho_ * wo_;
  const int64_t q = static_cast<int64_t>(n) * p;
  col_.reshape_for_write({kk, static_cast<int>(q)});
  im2col(x.ptr(), n, c_, h_, w_, cfg_, ho_, wo_, col_.ptr());
  // Y2 (O, N·P) = W (O, C·kh·kw) · col (C·kh·kw, N·P); then regroup to y (N, O, P) + b.
  y2_.reshape_for_write({o, static_cast<int>(q)});
  MapMat Y2(y2_.ptr(), o, q);
  Y2.noalias() = ConstMapMat(weight_.value.ptr(), o, kk) * ConstMapMat(col_.ptr(), kk, q);
  y_.reshape_for_write(batch_out_shape(n));
  for (int b = 0; b < n; ++b)
    for (int f = 0; f < o; ++f) {
      const float bias = bias_.value.data[static_cast<size_t>(f)];
      const float* src = y2_.ptr() + static_cast<int64_t>(f) * q + static_cast<int64_t>(b) * p;
      float* dst = y_.ptr() + (static_cast<int64_t>(b) * o + f) * p;
      for (int i = 0; i < p; ++i) dst[i] = src[i] + bias;
    }
  return y_;
}

const Tensor& Conv2d::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  const int o = cfg_.filters, kk = c_ * cfg_.kh * cfg_.kw, p = ho_ * wo_;
  const int64_t q = static_cast<int64_t>(n) * p;
  // dy (N, O, P) → dY2 (O, N·P)
  y2_.reshape_for_write({o, static_cast<int>(q)});
  for (int b = 0; b < n; ++b)
    for (int f = 0; f < o; ++f)
      std::copy_n(dy.ptr() + (static_cast<int64_t>(b) * o + f) * p, p,
                  y2_.ptr() + static_cast<int64_t>(f) * q + static_cast<int64_t>(b) * p);
  ConstMapMat dY2(y2_.ptr(), o, q);
  ConstMapMat col(col_.ptr(), kk, q);
  ConstMapMat W(weight_.value.ptr(), o, kk);
  // dL/dW = dY2 · colᵀ, dL/db = row sums of dY2, dL/dcol = Wᵀ · dY2 → col2im gives dL/dx.
  MapMat(weight_.grad.ptr(), o, kk).noalias() += dY2 * col.transpose();
  MapVec(bias_.grad.ptr(), o) += dY2.rowwise().sum();
  if (!input_grad_) {
    dx_ = Tensor();
    return dx_;
  }
  dcol_.reshape_for_write({kk, static_cast<int>(q)});
  MapMat(dcol_.ptr(), kk, q).noalias() = W.transpose() * dY2;
  dx_.reshape_for_write({n, c_, h_, w_});
  col2im(dcol_.ptr(), n, c_, h_, w_, cfg_, ho_, wo_, dx_.ptr());
  return dx_;
}

}  // namespace cnnlab
