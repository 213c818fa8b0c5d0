// kernels/winograd_row.cpp — 1-D Winograd F(4, 5) and F(2, 5) along the row (see winograd_row.h).
#include "winograd_row.h"

#include <algorithm>

#include "tile_4x8.h"

namespace cnnlab::kernels {

namespace {

constexpr int kA = 6;  // transformed positions ξ of F(2, 5): 2 outputs + 5 taps − 1
constexpr int kA4 = 8;  // and of F(4, 5)
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
// F(4, 5): points 0, ±1, ±2, ±½, ∞.
constexpr double kG4[kA4][kR] = {{1.0 / 4, 0, 0, 0, 0},
                                 {1.0 / 18, 1.0 / 18, 1.0 / 18, 1.0 / 18, 1.0 / 18},
                                 {1.0 / 18, -1.0 / 18, 1.0 / 18, -1.0 / 18, 1.0 / 18},
                                 {1.0 / 360, 1.0 / 180, 1.0 / 90, 1.0 / 45, 2.0 / 45},
                                 {1.0 / 360, -1.0 / 180, 1.0 / 90, -1.0 / 45, 2.0 / 45},
                                 {16.0 / 45, 8.0 / 45, 4.0 / 45, 2.0 / 45, 1.0 / 45},
                                 {16.0 / 45, -8.0 / 45, 4.0 / 45, -2.0 / 45, 1.0 / 45},
                                 {0, 0, 0, 0, 1.0 / 4}};

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

// F(4, 5): Bᵀ·d of four tiles 4 columns apart (a 4×4 transpose of 5 loads gives the 8 input
// columns of all four), Bᵀ rows scaled to integers:
//   ξ0 = 4d0 − 21d2 + 21d4 − 4d6                 ξ7 = −4d1 + 21d3 − 21d5 + 4d7
//   ξ1, ξ2 = (−4d2 + 17d4 − 4d6) ± (−4d1 + 17d3 − 4d5)
//   ξ3, ξ4 = (d2 − 5d4 + 4d6) ± (2d1 − 10d3 + 8d5)
//   ξ5, ξ6 = (8d2 − 10d4 + 2d6) ± (4d1 − 5d3 + d5)
inline void transform_input_group4(const float* p, float* dst, int64_t xi_stride) {
  F4 r[5], d[kA4];
  for (int j = 0; j < 5; ++j) r[j] = load4(p + 4 * j);
  for (int h = 0; h < 2; ++h) {
    const F4 t0 = zip_low(r[h], r[h + 1]), t1 = zip_high(r[h], r[h + 1]);
    const F4 t2 = zip_low(r[h + 2], r[h + 3]), t3 = zip_high(r[h + 2], r[h + 3]);
    d[4 * h] = low_halves(t0, t2), d[4 * h + 1] = high_halves(t0, t2);
    d[4 * h + 2] = low_halves(t1, t3), d[4 * h + 3] = high_halves(t1, t3);
  }
  const F4 c4 = splat(4.0f), c21 = splat(21.0f), c17 = splat(17.0f), c5 = splat(5.0f), c2 = splat(2.0f),
           c10 = splat(10.0f), c8 = splat(8.0f);
  store4(dst, add(mul(c4, sub(d[0], d[6])), mul(c21, sub(d[4], d[2]))));
  store4(dst + 7 * xi_stride, add(mul(c4, sub(d[7], d[1])), mul(c21, sub(d[3], d[5]))));
  F4 a = sub(mul(c17, d[4]), mul(c4, add(d[2], d[6]))), b = sub(mul(c17, d[3]), mul(c4, add(d[1], d[5])));
  store4(dst + xi_stride, add(a, b)), store4(dst + 2 * xi_stride, sub(a, b));
  a = add(sub(d[2], mul(c5, d[4])), mul(c4, d[6])), b = add(sub(mul(c2, d[1]), mul(c10, d[3])), mul(c8, d[5]));
  store4(dst + 3 * xi_stride, add(a, b)), store4(dst + 4 * xi_stride, sub(a, b));
  a = add(sub(mul(c8, d[2]), mul(c10, d[4])), mul(c2, d[6])), b = add(sub(mul(c4, d[1]), mul(c5, d[3])), d[5]);
  store4(dst + 5 * xi_stride, add(a, b)), store4(dst + 6 * xi_stride, sub(a, b));
}

}  // namespace

bool RowWinogradConv::suits(const ConvGeometry& g) {
  // Measured in WebAssembly (layer_profile, workload C, means of 3 alternating runs against the
  // direct kernel): MNIST conv2 (8 channels) 0.724 → 0.485 ms with F(2, 5), 0.432 ms with F(4, 5);
  // conv1 (1 channel, where the direct kernel has the shifted-rows layout) 0.204 → 0.202 and
  // 0.159 ms. So F(4, 5), and no threshold on channels; but only where its working memory
  // (transformed input and products) stays near L2 size, as in those two (46 KB and 57 KB):
  // larger images were not measured and would take megabytes of scratch per thread.
  if (g.sh != 1 || g.sw != 1 || g.kw != kR || g.wo < 2) return false;
  const int m = kDefaultOutputs, a = m + kR - 1;
  const int64_t tw = (g.wo + m - 1) / m, hp = g.ho + g.kh - 1, tiles = (static_cast<int64_t>(g.ho) * tw + 7) / 8 * 8;
  const int64_t floats = a * (g.c * hp * tw + 8 + (g.o + 3) / 4 * 4 * tiles);
  return floats <= 32768;
}

RowWinogradConv::RowWinogradConv(const ConvGeometry& g, int outputs) : g_(g), m_(outputs), a_(outputs + kR - 1) {
  tw_ = (g.wo + m_ - 1) / m_;
  tw4_ = (tw_ + 3) / 4 * 4;
  hp_ = g.ho + g.kh - 1;
  wq_ = m_ * tw4_ + 8;  // a 4-tile group loads 8 (F(2, 5)) or 20 (F(4, 5)) columns past its start
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
    u_.assign(static_cast<size_t>(a_) * blocks_ * k * 4, 0.0f);
    b_.assign(static_cast<size_t>(blocks_) * 4, 0.0f);
  }
  for (int o = 0; o < g_.o; ++o) {
    b_[static_cast<size_t>(o)] = bias[o];
    for (int r = 0; r < k; ++r) {
      const float* row = weight + (static_cast<int64_t>(o) * k + r) * kR;
      for (int xi = 0; xi < a_; ++xi) {
        double u = 0;
        for (int j = 0; j < kR; ++j) u += (m_ == 2 ? kG[xi][j] : kG4[xi][j]) * row[j];
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
    s->v.assign(static_cast<size_t>(a_ * vs_), 0.0f);
    s->m.assign(static_cast<size_t>(a_) * blocks_ * 4 * ps_, 0.0f);
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
      float* dst = v + (static_cast<int64_t>(c) * hp_ + r) * tw_;
      if (m_ == 2)
        for (int t = 0; t < tw_; t += 4) transform_input_group(row + 2 * t, dst + t, vs_);
      else
        for (int t = 0; t < tw_; t += 4) transform_input_group4(row + 4 * t, dst + t, vs_);
    }
  // m_ξ (filters, tiles) = U_ξ (filters, C·kh) · v_ξ (C·kh, tiles), whole 8-tiles (m has room).
  static const float kZero[4] = {0, 0, 0, 0};
  float* m = s->m.data();
  const int64_t mx_stride = static_cast<int64_t>(blocks_) * 4 * ps_;
  for (int xi = 0; xi < a_; ++xi) {
    const float* vx = v + xi * vs_;
    float* mx = m + xi * mx_stride;
    for (int q = 0; q < p_; q += kNr)
      for (int ob = 0; ob < blocks_; ++ob)
        tile_4x8(u_.data() + (static_cast<int64_t>(xi) * blocks_ + ob) * k * 4, vx + q, off_.data(), k, kZero, false,
                 mx + static_cast<int64_t>(ob) * 4 * ps_ + q, ps_, 4, kNr);
  }
  if (m_ == 2) output_f2(m, y, relu);
  else output_f4(m, y, relu);
}

void RowWinogradConv::output_f2(const float* m, float* y, bool relu) const {
  const int64_t mx_stride = static_cast<int64_t>(blocks_) * 4 * ps_;
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


// y = Aᵀ·m + bias for F(4, 5), Aᵀ rows (1 1 1 1 1 1 1 0), (0 1 −1 2 −2 ½ −½ 0), (0 1 1 4 4 ¼ ¼ 0),
// (0 1 −1 8 −8 ⅛ −⅛ 1); four tiles per step, transposed back to 4 outputs per tile.
void RowWinogradConv::output_f4(const float* m, float* y, bool relu) const {
  const int64_t mx_stride = static_cast<int64_t>(blocks_) * 4 * ps_;
  const int64_t plane = static_cast<int64_t>(g_.ho) * g_.wo;
  const bool flat = g_.wo == 4 * tw_;
  const F4 c2 = splat(2.0f), c4 = splat(4.0f), c8 = splat(8.0f), h2 = splat(0.5f), h4 = splat(0.25f), h8 = splat(0.125f);
  for (int o = 0; o < g_.o; ++o) {
    const float* mo = m + static_cast<int64_t>(o) * ps_;
    const F4 bias = splat(b_[static_cast<size_t>(o)]);
    float* yo = y + o * plane;
    for (int q = 0; q < p_; q += 4) {
      F4 x[kA4];
      for (int xi = 0; xi < kA4; ++xi) x[xi] = load4(mo + xi * mx_stride + q);
      const F4 s12 = add(x[1], x[2]), d12 = sub(x[1], x[2]), s34 = add(x[3], x[4]), d34 = sub(x[3], x[4]);
      const F4 s56 = add(x[5], x[6]), d56 = sub(x[5], x[6]);
      F4 o0 = add(add(add(x[0], bias), s12), add(s34, s56));
      F4 o1 = add(add(d12, bias), add(mul(c2, d34), mul(h2, d56)));
      F4 o2 = add(add(s12, bias), add(mul(c4, s34), mul(h4, s56)));
      F4 o3 = add(add(add(d12, bias), add(mul(c8, d34), mul(h8, d56))), x[7]);
      if (relu) o0 = cnnlab::kernels::relu(o0), o1 = cnnlab::kernels::relu(o1), o2 = cnnlab::kernels::relu(o2),
                o3 = cnnlab::kernels::relu(o3);
      const F4 t0 = zip_low(o0, o1), t1 = zip_high(o0, o1), t2 = zip_low(o2, o3), t3 = zip_high(o2, o3);
      const F4 tile[4] = {low_halves(t0, t2), high_halves(t0, t2), low_halves(t1, t3), high_halves(t1, t3)};
      if (flat && q + 4 <= p_) {
        for (int j = 0; j < 4; ++j) store4(yo + 4 * (q + j), tile[j]);
        continue;
      }
      int oh = q / tw_, t = q % tw_;  // tile q's row and column
      for (int j = 0; j < 4 && q + j < p_; ++j) {
        float* dst = yo + oh * g_.wo + 4 * t;
        const int cols = std::min(4, g_.wo - 4 * t);
        if (cols == 4) store4(dst, tile[j]);
        else {
          alignas(16) float tmp[4];
          store4(tmp, tile[j]);
          for (int k = 0; k < cols; ++k) dst[k] = tmp[k];
        }
        if (++t == tw_) t = 0, ++oh;
      }
    }
  }
}

}  // namespace cnnlab::kernels
