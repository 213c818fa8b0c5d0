// kernels/winograd_row.cpp — 1-D Winograd F(2, 5) along the row (see winograd_row.h).
#include "winograd_row.h"

#include <algorithm>

#include "tile_4x8.h"

namespace cnnlab::kernels {

namespace {

constexpr int kA = 6;  // transformed positions ξ: 2 outputs + 5 taps − 1
constexpr int kR = 5;  // kernel width

// G (α×r): U_ξ = Σ_j G[ξ][j]·g_j, the fractions of Toom-Cook at 0, 1, −1, 2, −2, ∞ (the input
// transform below is Bᵀ with its rows scaled to integers, G's rows divided to match; worked out in
// exact fractions).
constexpr double kG[kA][kR] = {{1.0 / 4, 0, 0, 0, 0},
                               {1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6},
                               {1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6},
                               {1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 3, 2.0 / 3},
                               {1.0 / 24, -1.0 / 12, 1.0 / 6, -1.0 / 3, 2.0 / 3},
                               {0, 0, 0, 0, 1}};

// Bᵀ·d of four tiles (2 columns apart: the even lanes of 8 loaded columns are one input column of
// all four), stored at dst + ξ·xi_stride:
//   ξ0 = 4d0 − 5d2 + d4            ξ1 = 4(d1 + d2) − (d3 + d4)    ξ2 = 4(d2 − d1) + (d3 − d4)
//   ξ3 = 2(d3 − d1) + (d4 − d2)    ξ4 = 2(d1 − d3) + (d4 − d2)    ξ5 = 4d1 − 5d3 + d5
inline void transform_input_group(const float* p, float* dst, int64_t xi_stride) {
  F4 d[kA];
  for (int k = 0; k < kA; ++k) d[k] = even_lanes(load4(p + k), load4(p + k + 4));
  const F4 four = splat(4.0f), five = splat(5.0f), two = splat(2.0f);
  const F4 n1 = mul(splat(-1.0f), d[1]), n3 = mul(splat(-1.0f), d[3]);
  const F4 d31 = add(d[3], n1), d42 = add(d[4], mul(splat(-1.0f), d[2]));
  const F4 s34 = add(d[3], d[4]), t34 = add(d[3], mul(splat(-1.0f), d[4]));
  store4(dst, add(add(mul(four, d[0]), mul(splat(-5.0f), d[2])), d[4]));
  store4(dst + xi_stride, add(mul(four, add(d[1], d[2])), mul(splat(-1.0f), s34)));
  store4(dst + 2 * xi_stride, add(mul(four, add(d[2], n1)), t34));
  store4(dst + 3 * xi_stride, add(mul(two, d31), d42));
  store4(dst + 4 * xi_stride, add(mul(two, add(d[1], n3)), d42));
  store4(dst + 5 * xi_stride, add(add(mul(four, d[1]), mul(five, n3)), d[5]));
}

}  // namespace

bool RowWinogradConv::suits(const ConvGeometry& g) {
  // Measured in WebAssembly (layer_profile, workload C, means of 4 alternating runs): MNIST conv2
  // (8 channels) 0.724 → 0.481 ms, conv1 (1 channel, where the direct kernel has the shifted-rows
  // layout) 0.205 → 0.201 ms: not slower, so no threshold on channels. Only where its working
  // memory (transformed input and products, 6 floats per input and per output pair) stays near L2
  // size, as in those two (63 KB and 84 KB): larger images were not measured and would take
  // megabytes of scratch per thread.
  if (g.sh != 1 || g.sw != 1 || g.kw != kR || g.wo < 2) return false;
  const int64_t tw = (g.wo + 1) / 2, hp = g.ho + g.kh - 1, tiles = (static_cast<int64_t>(g.ho) * tw + 7) / 8 * 8;
  const int64_t floats = kA * (g.c * hp * tw + 8 + (g.o + 3) / 4 * 4 * tiles);
  return floats <= 32768;
}

RowWinogradConv::RowWinogradConv(const ConvGeometry& g) : g_(g) {
  tw_ = (g.wo + 1) / 2;
  tw4_ = (tw_ + 3) / 4 * 4;
  hp_ = g.ho + g.kh - 1;
  wq_ = 2 * tw4_ + 8;  // a 4-tile group loads 8 columns from each of its 6 input columns
  p_ = g.ho * tw_;
  ps_ = (p_ + 7) / 8 * 8;
  // The last 8-tile of the GEMM reads up to 7 tiles past the last channel's rows; the last
  // 4-tile group of the input transform writes up to 3 past them.
  vs_ = static_cast<int64_t>(g.c) * hp_ * tw_ + 8;
  blocks_ = (g.o + 3) / 4;
  for (int c = 0; c < g.c; ++c)
    for (int i = 0; i < g.kh; ++i) off_.push_back((c * hp_ + i) * tw_);
}

// U[ξ][block][c·kh + i][r] = Σ_j G[ξ][j]·w[block·4 + r][c][i][j], in double; filters past O zero.
void RowWinogradConv::set_weights(const float* weight, const float* bias) {
  const int k = g_.c * g_.kh;
  // Made on first use (as the direct kernel's panels): nothing big before the spec's size checks.
  if (u_.empty()) {
    u_.assign(static_cast<size_t>(kA) * blocks_ * k * 4, 0.0f);
    b_.assign(static_cast<size_t>(blocks_) * 4, 0.0f);
  }
  for (int o = 0; o < g_.o; ++o) {
    b_[static_cast<size_t>(o)] = bias[o];
    for (int r = 0; r < k; ++r) {
      const float* row = weight + (static_cast<int64_t>(o) * k + r) * kR;
      for (int xi = 0; xi < kA; ++xi) {
        double u = 0;
        for (int j = 0; j < kR; ++j) u += kG[xi][j] * row[j];
        u_[((static_cast<size_t>(xi) * blocks_ + o / 4) * k + r) * 4 + o % 4] = static_cast<float>(u);
      }
    }
  }
}

void RowWinogradConv::forward_image(const float* x, float* y, bool relu, RowWinogradScratch* s) const {
  const int cs = g_.c, k = cs * g_.kh;
  // The padding is zero once per scratch; later images overwrite only the inside.
  if (s->owner != this) {
    s->padded.assign(static_cast<size_t>(cs) * hp_ * wq_, 0.0f);
    s->v.assign(static_cast<size_t>(kA * vs_), 0.0f);
    s->m.assign(static_cast<size_t>(kA) * blocks_ * 4 * ps_, 0.0f);
    s->owner = this;
  }
  const int c0 = std::max(0, -g_.pw), c1 = std::min(g_.w, wq_ - g_.pw);  // input columns inside wq
  for (int c = 0; c < cs; ++c)
    for (int r = 0; r < hp_; ++r) {
      const int h = r - g_.ph;
      if (h < 0 || h >= g_.h) continue;
      const float* src = x + (static_cast<int64_t>(c) * g_.h + h) * g_.w;
      float* dst = s->padded.data() + (static_cast<int64_t>(c) * hp_ + r) * wq_ + g_.pw;
      int j = c0;
      for (; j + 4 <= c1; j += 4) store4(dst + j, load4(src + j));
      for (; j < c1; ++j) dst[j] = src[j];
    }
  // Bᵀ·d for every 4-tile group of every padded row, in order: lanes past a row's last tile land
  // on the next row's first tiles (written afterwards) or in the slack after the last row.
  float* v = s->v.data();
  for (int c = 0; c < cs; ++c)
    for (int r = 0; r < hp_; ++r) {
      const float* row = s->padded.data() + (static_cast<int64_t>(c) * hp_ + r) * wq_;
      for (int t = 0; t < tw_; t += 4)
        transform_input_group(row + 2 * t, v + (static_cast<int64_t>(c) * hp_ + r) * tw_ + t, vs_);
    }
  // m_ξ (filters, tiles) = U_ξ (filters, C·kh) · v_ξ (C·kh, tiles), whole 8-tiles (m has room).
  static const float kZero[4] = {0, 0, 0, 0};
  float* m = s->m.data();
  const int64_t mx_stride = static_cast<int64_t>(blocks_) * 4 * ps_;
  for (int xi = 0; xi < kA; ++xi) {
    const float* vx = v + xi * vs_;
    float* mx = m + xi * mx_stride;
    for (int q = 0; q < p_; q += kNr)
      for (int ob = 0; ob < blocks_; ++ob)
        tile_4x8(u_.data() + (static_cast<int64_t>(xi) * blocks_ + ob) * k * 4, vx + q, off_.data(), k, kZero, false,
                 mx + static_cast<int64_t>(ob) * 4 * ps_ + q, ps_, 4, kNr);
  }
  // y = Aᵀ·m + bias, Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 1], four tiles (8 outputs) per step. With an
  // even Wo, tile q's two outputs are pixels 2q and 2q + 1 of the flat image.
  const int64_t plane = static_cast<int64_t>(g_.ho) * g_.wo;
  const bool flat = g_.wo == 2 * tw_;
  const F4 two = splat(2.0f), minus = splat(-1.0f);
  for (int o = 0; o < g_.o; ++o) {
    const float* mo = m + static_cast<int64_t>(o) * ps_;
    const F4 bias = splat(b_[static_cast<size_t>(o)]);
    float* yo = y + o * plane;
    for (int q = 0; q < p_; q += 4) {
      F4 t[kA];
      for (int xi = 0; xi < kA; ++xi) t[xi] = load4(mo + xi * mx_stride + q);
      F4 out0 = add(add(add(t[0], t[1]), add(t[2], t[3])), add(t[4], bias));
      F4 out1 = add(add(add(t[1], mul(minus, t[2])), mul(two, add(t[3], mul(minus, t[4])))), add(t[5], bias));
      if (relu) out0 = cnnlab::kernels::relu(out0), out1 = cnnlab::kernels::relu(out1);
      const F4 lo = zip_low(out0, out1), hi = zip_high(out0, out1);
      if (flat && q + 4 <= p_) {
        store4(yo + 2 * q, lo), store4(yo + 2 * q + 4, hi);
        continue;
      }
      alignas(16) float tmp[8];
      store4(tmp, lo), store4(tmp + 4, hi);
      for (int l = 0; l < 4 && q + l < p_; ++l) {
        const int oh = (q + l) / tw_, ow = 2 * ((q + l) % tw_);
        yo[oh * g_.wo + ow] = tmp[2 * l];
        if (ow + 1 < g_.wo) yo[oh * g_.wo + ow + 1] = tmp[2 * l + 1];
      }
    }
  }
}

}  // namespace cnnlab::kernels
