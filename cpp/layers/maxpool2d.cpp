// layers/maxpool2d.cpp — max pooling forward (remembering the winners) and backward (routing dy to
// them), images spread over the thread pool.
#include "maxpool2d.h"

#include <algorithm>
#include <limits>

#include "../kernels/simd.h"
#include "../parallel.h"
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

const Tensor& MaxPool2d::forward(const Tensor& x, Mode) { return run(x, true); }

// Evaluation needs no winners: the 2×2 path then only takes maxima.
const Tensor& MaxPool2d::infer(const Tensor& x, bool) { return run(x, false); }

const Tensor& MaxPool2d::run(const Tensor& x, bool arg) {
  check_input(x);
  const int n = x.dim(0), chunks = work_chunks(n, x.size() / n);
  y_.reshape_for_write(batch_out_shape(n));
  argmax_.resize(static_cast<size_t>(y_.size()));
  const bool two_by_two = cfg_.kh == 2 && cfg_.kw == 2 && cfg_.sh == 2 && cfg_.sw == 2 && cfg_.ph == 0 && cfg_.pw == 0;
  // 3×3 windows without padding (any stride; the MNIST net's 3×3 stride 3): no clipping.
  const bool three_unpadded = cfg_.kh == 3 && cfg_.kw == 3 && cfg_.ph == 0 && cfg_.pw == 0;
  parallel_for(chunks, [&](int c) {
    int b0, b1;
    split_range(n, chunks, c, &b0, &b1);
    const int64_t p0 = static_cast<int64_t>(b0) * c_, p1 = static_cast<int64_t>(b1) * c_;
    if (three_unpadded && arg) pool_unpadded<3, true>(x.ptr(), p0, p1);
    else if (three_unpadded) pool_unpadded<3, false>(x.ptr(), p0, p1);
    else if (!two_by_two && arg) pool_planes(x.ptr(), p0, p1);
    else if (!two_by_two) max_planes(x.ptr(), p0, p1);
    else if (arg) pool_2x2<true>(x.ptr(), p0, p1);
    else pool_2x2<false>(x.ptr(), p0, p1);
  });
  return y_;
}

void MaxPool2d::pool_planes(const float* x, int64_t p0, int64_t p1) {
  for (int64_t pl = p0; pl < p1; ++pl) {
    const float* in = x + pl * h_ * w_;
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
}

// Inference: only the maxima, windows clipped to the input as in pool_planes.
void MaxPool2d::max_planes(const float* x, int64_t p0, int64_t p1) {
  for (int64_t pl = p0; pl < p1; ++pl) {
    const float* in = x + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh) {
      const int h0 = std::max(0, oh * cfg_.sh - cfg_.ph), h1 = std::min(h_, oh * cfg_.sh - cfg_.ph + cfg_.kh);
      for (int ow = 0; ow < wo_; ++ow) {
        const int w0 = std::max(0, ow * cfg_.sw - cfg_.pw), w1 = std::min(w_, ow * cfg_.sw - cfg_.pw + cfg_.kw);
        float best = in[h0 * w_ + w0];
        for (int ih = h0; ih < h1; ++ih)
          for (int iw = w0; iw < w1; ++iw) best = std::max(best, in[ih * w_ + iw]);
        out[oh * wo_ + ow] = best;
      }
    }
  }
}

// K×K windows that never leave the input (no padding): the window's K² cells unrolled, no
// clipping. Same winners as pool_planes: the first maximum in reading order (strictly greater
// replaces), and in inference std::max from the first cell, as max_planes.
template <int K, bool kArg>
void MaxPool2d::pool_unpadded(const float* x, int64_t p0, int64_t p1) {
  const int sh = cfg_.sh, sw = cfg_.sw, w = w_;
  for (int64_t pl = p0; pl < p1; ++pl) {
    const float* in = x + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    int32_t* arg = kArg ? argmax_.data() + pl * ho_ * wo_ : nullptr;
    for (int oh = 0; oh < ho_; ++oh)
      for (int ow = 0; ow < wo_; ++ow) {
        const int32_t start = oh * sh * w + ow * sw;
        const float* p = in + start;
        float best = p[0];
        int32_t best_i = 0;
#pragma clang loop unroll(full)
        for (int i = 0; i < K; ++i)
#pragma clang loop unroll(full)
          for (int j = 0; j < K; ++j) {
            const float v = p[i * w + j];
            if (kArg) {
              if (v > best) best = v, best_i = i * w + j;
            } else {
              best = std::max(best, v);
            }
          }
        out[oh * wo_ + ow] = best;
        if (kArg) arg[oh * wo_ + ow] = start + best_i;
      }
  }
}

// The lecture's (and most nets') 2×2 window with stride 2: no clipping, four candidates per cell,
// chosen without branches (ties go to the first cell in reading order, as in the general path),
// four output cells at a time in SIMD lanes (neighbour pairs split into even and odd lanes).
template <bool kArg>
void MaxPool2d::pool_2x2(const float* x, int64_t p0, int64_t p1) {
  using namespace kernels;
  const I4 row_step = splat_i(w_), one = splat_i(1), even_cols = add(lanes_from(0), lanes_from(0));  // 0 2 4 6
  for (int64_t pl = p0; pl < p1; ++pl) {
    const float* in = x + pl * h_ * w_;
    float* out = y_.ptr() + pl * ho_ * wo_;
    int32_t* arg = argmax_.data() + pl * ho_ * wo_;
    for (int oh = 0; oh < ho_; ++oh) {
      const float* r0 = in + 2 * oh * w_;
      const float* r1 = r0 + w_;
      const int32_t base = 2 * oh * w_;
      float* o = out + oh * wo_;
      int32_t* g = arg + oh * wo_;
      int ow = 0;
      for (; ow + 4 <= wo_; ow += 4) {
        const F4 t0 = load4(r0 + 2 * ow), t1 = load4(r0 + 2 * ow + 4);
        const F4 u0 = load4(r1 + 2 * ow), u1 = load4(r1 + 2 * ow + 4);
        const F4 a = even_lanes(t0, t1), b = odd_lanes(t0, t1), c = even_lanes(u0, u1), d = odd_lanes(u0, u1);
        if (!kArg) {
          store4(o + ow, max4(max4(a, b), max4(c, d)));
          continue;
        }
        const I4 right_top = greater(b, a), right_bottom = greater(d, c);
        const F4 top = select(right_top, b, a), bottom = select(right_bottom, d, c);
        const I4 lower = greater(bottom, top);
        store4(o + ow, select(lower, bottom, top));
        // winner = base + 2·ow + (lower ? w + right_bottom : right_top), masks as 0/1
        const I4 offset = select(lower, add(row_step, bit_and(right_bottom, one)), bit_and(right_top, one));
        store4(g + ow, add(splat_i(base + 2 * ow), add(even_cols, offset)));
      }
      for (; ow < wo_; ++ow) {
        const float a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
        const float top = std::max(a, b), bottom = std::max(c, d);
        o[ow] = std::max(top, bottom);
        if (kArg) {
          const int32_t right_top = b > a, right_bottom = d > c, lower = bottom > top;
          g[ow] = base + 2 * ow + lower * (w_ + right_bottom) + (1 - lower) * right_top;
        }
      }
    }
  }
}

const Tensor& MaxPool2d::backward(const Tensor& dy) {
  const int n = dy.dim(0), chunks = work_chunks(n, static_cast<int64_t>(c_) * h_ * w_);
  dx_.reshape_for_write({n, c_, h_, w_});
  // dL/dx[winner] += dL/dy; every other cell of the window gets nothing.
  parallel_for(chunks, [&](int c) {
    int b0, b1;
    split_range(n, chunks, c, &b0, &b1);
    for (int64_t pl = static_cast<int64_t>(b0) * c_; pl < static_cast<int64_t>(b1) * c_; ++pl) {
      float* d = dx_.ptr() + pl * h_ * w_;
      std::fill(d, d + h_ * w_, 0.0f);
      const float* g = dy.ptr() + pl * ho_ * wo_;
      const int32_t* arg = argmax_.data() + pl * ho_ * wo_;
      for (int i = 0; i < ho_ * wo_; ++i) d[arg[i]] += g[i];
    }
  });
  return dx_;
}

}  // namespace cnnlab
