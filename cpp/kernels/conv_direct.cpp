// kernels/conv_direct.cpp — the direct convolution kernel (see conv_direct.h) and its GEMM reference.
#include "conv_direct.h"

#include <algorithm>

#include "im2col.h"
#include "tile_4x8.h"

namespace cnnlab::kernels {

namespace {

// dst[0, n) = src[0, n) in SIMD steps: a memcpy call (what clang makes of a plain loop) costs
// more than a short row itself.
inline void copy_row(const float* src, int n, float* dst) {
  int i = 0;
  for (; i + 4 <= n; i += 4) store4(dst + i, load4(src + i));
  for (; i < n; ++i) dst[i] = src[i];
}

}  // namespace

DirectConv::DirectConv(const ConvGeometry& g) : g_(g), hp_(g.h + 2 * g.ph), wp_(g.w + 2 * g.pw) {
  const int k = g_.k();
  off_.resize(static_cast<size_t>(k));
  panel_off_.resize(static_cast<size_t>(k));
  for (int c = 0, r = 0; c < g_.c; ++c)
    for (int i = 0; i < g_.kh; ++i)
      for (int j = 0; j < g_.kw; ++j, ++r) {
        off_[static_cast<size_t>(r)] = (c * hp_ + i) * wp_ + j;
        panel_off_[static_cast<size_t>(r)] = kNr * r;
      }
  // The shifted-rows layout pays where rows leave tiles partly empty, and only for stride 1 along
  // H (one output row down is then one layout row down).
  const int64_t layout = static_cast<int64_t>(g_.c) * g_.kw * hp_ * g_.wo;
  // Measured in WebAssembly: 11 % faster for the MNIST conv1 (1 channel, 18 KB layout), 5 %
  // slower for its conv2 (8 channels, 40 KB: more than L1 next to the weights), so only small ones.
  shifted_ = g_.sh == 1 && g_.wo % kNr != 0 && layout <= 6144;
  if (shifted_) {
    shifted_off_.resize(static_cast<size_t>(k));
    for (int c = 0, r = 0; c < g_.c; ++c)
      for (int i = 0; i < g_.kh; ++i)
        for (int j = 0; j < g_.kw; ++j, ++r)
          shifted_off_[static_cast<size_t>(r)] = ((c * g_.kw + j) * hp_ + i) * g_.wo;
  }
}

// The packed panels are made on first use, not by the constructor: a spec is checked against the
// engine's size caps after its layers are made, and nothing big may be allocated before that.
void DirectConv::set_weights(const float* weight, const float* bias) {
  const int k = g_.k();
  const size_t blocks = static_cast<size_t>((g_.o + kMr - 1) / kMr);
  if (w_.size() != blocks * static_cast<size_t>(k) * kMr) {
    w_.assign(blocks * static_cast<size_t>(k) * kMr, 0.0f);
    b_.assign(blocks * kMr, 0.0f);
  }
  // w_[block][k][r] = weight[block·4 + r][k]
  for (int f = 0; f < g_.o; ++f) {
    float* dst = w_.data() + static_cast<size_t>(f / kMr) * k * kMr + f % kMr;
    for (int i = 0; i < k; ++i) dst[i * kMr] = weight[static_cast<size_t>(f) * k + i];
    b_[static_cast<size_t>(f)] = bias[f];
  }
}

void DirectConv::forward_image(const float* x, float* y, bool relu, ConvScratch* s) const {
  if (shifted_) return forward_shifted(x, y, relu, s);
  const int k = g_.k();
  // The zero-padded image, then slack: the last tile of a row may read up to 8 strides past it.
  // Written whole for every image, so a scratch can serve any layer.
  const size_t plane = static_cast<size_t>(hp_) * wp_;
  const size_t image = g_.c * plane;
  s->padded.resize(image + static_cast<size_t>(kNr * g_.sw + kNr));
  float* padded = s->padded.data();
  std::fill(padded + image, padded + s->padded.size(), 0.0f);
  for (int c = 0; c < g_.c; ++c) {
    float* p = padded + c * plane;
    std::fill(p, p + static_cast<size_t>(g_.ph) * wp_, 0.0f);
    p += static_cast<size_t>(g_.ph) * wp_;
    for (int h = 0; h < g_.h; ++h, p += wp_) {
      const float* src = x + (static_cast<size_t>(c) * g_.h + h) * g_.w;
      for (int w = 0; w < g_.pw; ++w) p[w] = 0.0f;
      copy_row(src, g_.w, p + g_.pw);
      for (int w = g_.pw + g_.w; w < wp_; ++w) p[w] = 0.0f;
    }
    std::fill(p, p + static_cast<size_t>(g_.ph) * wp_, 0.0f);
  }
  if (g_.sw != 1) s->panel.resize(static_cast<size_t>(k) * kNr);
  const int64_t y_stride = static_cast<int64_t>(g_.ho) * g_.wo;
  for (int oh = 0; oh < g_.ho; ++oh)
    for (int ow0 = 0; ow0 < g_.wo; ow0 += kNr) {
      // The last tile of a row ends at the row's end: rows of 8 or more compute a few outputs
      // twice (the same values) rather than take the edge tile's slower stores.
      const int ow = g_.wo >= kNr ? std::min(ow0, g_.wo - kNr) : ow0;
      const int cols = std::min(kNr, g_.wo - ow);
      const float* base = padded + static_cast<size_t>(oh) * g_.sh * wp_ + static_cast<size_t>(ow) * g_.sw;
      const float* src = base;
      const int32_t* off = off_.data();
      if (g_.sw != 1) {  // gather the strided pixels once; every filter block reuses them
        float* panel = s->panel.data();
        for (int i = 0; i < k; ++i)
          for (int t = 0; t < kNr; ++t) panel[i * kNr + t] = base[off_[static_cast<size_t>(i)] + t * g_.sw];
        src = panel;
        off = panel_off_.data();
      }
      for (int f = 0; f < g_.o; f += kMr)
        tile_4x8(w_.data() + static_cast<size_t>(f) * k, src, off, k, b_.data() + f, relu,
                 y + f * y_stride + static_cast<int64_t>(oh) * g_.wo + ow, y_stride, std::min(kMr, g_.o - f), cols);
    }
}

// shifted[(c·kw + j)·Hp + r][ow] = padded image (c, r, ow·sw + j): zero where that is padding.
void DirectConv::forward_shifted(const float* x, float* y, bool relu, ConvScratch* s) const {
  const int k = g_.k(), wo = g_.wo;
  const size_t layout = static_cast<size_t>(g_.c) * g_.kw * hp_ * wo;
  // Slack: the last tile reads up to 7 outputs past the image.
  s->shifted.resize(layout + kNr);
  float* out = s->shifted.data();
  std::fill(out + layout, out + layout + kNr, 0.0f);
  for (int c = 0; c < g_.c; ++c)
    for (int j = 0; j < g_.kw; ++j)
      for (int r = 0; r < hp_; ++r, out += wo) {
        const int ih = r - g_.ph;
        if (ih < 0 || ih >= g_.h) {
          std::fill(out, out + wo, 0.0f);
          continue;
        }
        const float* src = x + (static_cast<size_t>(c) * g_.h + ih) * g_.w;
        // input column ow·sw + j − pw is inside [0, W) for ow in [lo, hi)
        const int first = j - g_.pw;
        int lo = first >= 0 ? 0 : (-first + g_.sw - 1) / g_.sw;
        int hi = g_.w - first > 0 ? (g_.w - first + g_.sw - 1) / g_.sw : 0;
        lo = std::min(lo, wo), hi = std::max(lo, std::min(hi, wo));
        for (int ow = 0; ow < lo; ++ow) out[ow] = 0.0f;
        if (g_.sw == 1) copy_row(src + first + lo, hi - lo, out + lo);
        else
          for (int ow = lo; ow < hi; ++ow) out[ow] = src[ow * g_.sw + first];
        for (int ow = hi; ow < wo; ++ow) out[ow] = 0.0f;
      }
  const float* base = s->shifted.data();
  const int p = g_.ho * wo;
  for (int f = 0; f < g_.o; f += kMr)
    for (int q = 0; q < p; q += kNr) {
      const int cols = std::min(kNr, p - q);
      tile_4x8(w_.data() + static_cast<size_t>(f) * k, base + q, shifted_off_.data(), k, b_.data() + f, relu,
               y + static_cast<int64_t>(f) * p + q, p, std::min(kMr, g_.o - f), cols);
  }
}

void conv_forward_gemm(const ConvGeometry& g, const float* x, int n, const float* weight, const float* bias,
                       float* y) {
  const int k = g.k(), p = g.ho * g.wo;
  Tensor col({k, p});
  ConstMapMat W(weight, g.o, k);
  for (int b = 0; b < n; ++b) {
    im2col(g, x + static_cast<int64_t>(b) * g.c * g.h * g.w, 1, col.ptr());
    // y_b (O, P) = W (O, K) · col (K, P) + bias
    MapMat Y(y + static_cast<int64_t>(b) * g.o * p, g.o, p);
    Y.noalias() = W * ConstMapMat(col.ptr(), k, p);
    Y.colwise() += ConstMapVec(bias, g.o);
  }
}

}  // namespace cnnlab::kernels
