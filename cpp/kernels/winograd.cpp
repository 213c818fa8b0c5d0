// kernels/winograd.cpp — F(2×2, 3×3) Winograd convolution (see winograd.h).
#include "winograd.h"

#include <algorithm>

#include "tile_4x8.h"

namespace cnnlab::kernels {

namespace {

constexpr int kM = 2;  // outputs per tile side

// Toom-Cook at α = kM + r − 1 points (0, 1, −1 and ∞ for r = 3). With the Vandermonde
// matrices E_g (α×r), E_h (α×kM) and V (α×α) — a row per point: its powers, or for ∞ the last unit
// vector — the product of polynomials g (r taps) and h (kM) is c = V⁻¹[(E_g g) ⊙ (E_h h)].
// Correlation, y_l = Σ_i g_i d_{l+i}, is that map transposed: y = E_hᵀ[(E_g g) ⊙ (V⁻ᵀ d)], so
// G = E_g, Bᵀ = V⁻ᵀ and Aᵀ = E_hᵀ (worked out in exact fractions). Constants, so that the
// compiler unrolls the transforms and drops the zero terms.
template <int R>
struct Tables;

template <>
struct Tables<3> {
  static constexpr int kA = 4;
  static constexpr float bt[4][4] = {{1, 0, -1, 0}, {0, 0.5f, 0.5f, 0}, {0, -0.5f, 0.5f, 0}, {0, -1, 0, 1}};
  static constexpr float at[2][4] = {{1, 1, 1, 0}, {0, 1, -1, 1}};
  static constexpr double g[4][3] = {{1, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 1}};
};

// Σ_k coef[k]·v(k) over the nonzero coefficients; with constant coefficients and N the loop
// unrolls into adds, subtracts and a few multiplies.
template <int N, typename V>
inline F4 combine(const float (&coef)[N], V v) {
  F4 acc = splat(0.0f);
  for (int k = 0; k < N; ++k) {
    if (coef[k] == 0.0f) continue;
    acc = coef[k] == 1.0f ? add(acc, v(k)) : add(acc, mul(splat(coef[k]), v(k)));
  }
  return acc;
}

// v[ξ][c][tile] = (Bᵀ·d·B)[ξ] of one 4-tile group's α×α patches; their patches start 2 columns
// apart, so the even lanes of 8 loaded columns are one patch column of all four tiles.
template <int R>
inline void transform_input_group(const float* base, int row_stride, float* dst, int64_t xi_stride) {
  using T = Tables<R>;
  constexpr int a = T::kA;
  F4 d[a][a], t[a][a];
  for (int i = 0; i < a; ++i)
    for (int j = 0; j < a; ++j) {
      const float* p = base + i * row_stride + j;
      d[i][j] = even_lanes(load4(p), load4(p + 4));
    }
  for (int i = 0; i < a; ++i)
    for (int j = 0; j < a; ++j) t[i][j] = combine(T::bt[i], [&](int k) { return d[k][j]; });
  for (int i = 0; i < a; ++i)
    for (int j = 0; j < a; ++j) store4(dst + (i * a + j) * xi_stride, combine(T::bt[j], [&](int k) { return t[i][k]; }));
}

// The 2×2 outputs of one filter's 4-tile group: rows[q] gets Aᵀ·m·A row q, interleaved back into
// 8 pixels (lo: pixels 0–3, hi: 4–7).
template <int R>
inline void transform_output_group(const float* src, int64_t xi_stride, F4 bias, bool relu, F4 lo[kM], F4 hi[kM]) {
  using T = Tables<R>;
  constexpr int a = T::kA;
  F4 m[a][a], s[kM][a];
  for (int i = 0; i < a; ++i)
    for (int j = 0; j < a; ++j) m[i][j] = load4(src + (i * a + j) * xi_stride);
  for (int q = 0; q < kM; ++q)
    for (int j = 0; j < a; ++j) s[q][j] = combine(T::at[q], [&](int k) { return m[k][j]; });
  for (int q = 0; q < kM; ++q) {
    F4 out0 = add(bias, combine(T::at[0], [&](int k) { return s[q][k]; }));
    F4 out1 = add(bias, combine(T::at[1], [&](int k) { return s[q][k]; }));
    if (relu) out0 = cnnlab::kernels::relu(out0), out1 = cnnlab::kernels::relu(out1);
    lo[q] = zip_low(out0, out1), hi[q] = zip_high(out0, out1);
  }
}

}  // namespace

bool WinogradConv::suits(const ConvGeometry& g) {
  // Measured in WebAssembly (layer_profile): with 16 input channels F(2×2, 3×3) ran 1.3× as fast as
  // the direct kernel. (F(2×2, 5×5) also won from 16 channels on, but at points ±2 its error grew to
  // 3e-5 on outputs of size 1: not worth it for the nets here.)
  return g.sh == 1 && g.sw == 1 && g.kh == 3 && g.kw == 3 && g.c >= 16 && g.ho >= 4 && g.wo >= 4;
}

WinogradConv::WinogradConv(const ConvGeometry& g) : g_(g), r_(g.kh), a_(kM + g.kh - 1) {
  th_ = (g.ho + kM - 1) / kM;
  tw_ = (g.wo + kM - 1) / kM;
  tiles_ = th_ * tw_;
  // Whole 8-column register tiles, and room for the 3 extra lanes of the last 4-tile group.
  stride_ = (tiles_ + 3 + 7) / 8 * 8;
  const int tw4 = (tw_ + 3) / 4 * 4;
  hq_ = kM * th_ + r_ - 1;
  wq_ = kM * tw4 + r_ - 1 + 8;  // a 4-tile group loads 8 columns from each patch column
  blocks_ = (g.o + 3) / 4;
  for (int c = 0; c < g.c; ++c) off_.push_back(c * stride_);
}

void WinogradConv::set_weights(const float* weight, const float* bias) {
  // Made on first use (as the direct kernel's panels): nothing big before the spec's size checks.
  if (u_.empty()) {
    u_.assign(static_cast<size_t>(a_) * a_ * blocks_ * g_.c * 4, 0.0f);
    b_.assign(static_cast<size_t>(blocks_) * 4, 0.0f);
  }
  set_weights_r<3>(weight, bias);
}

// U[ξ] = (G·g·Gᵀ)[ξ] per filter and channel, in double, packed [ξ][block][c][4].
template <int R>
void WinogradConv::set_weights_r(const float* weight, const float* bias) {
  constexpr int a = Tables<R>::kA;
  const auto& gm = Tables<R>::g;
  const int cs = g_.c;
  for (int o = 0; o < g_.o; ++o) {
    b_[static_cast<size_t>(o)] = bias[o];
    for (int c = 0; c < cs; ++c) {
      const float* k = weight + (static_cast<int64_t>(o) * cs + c) * R * R;
      double gk[a][R] = {};  // G·g
      for (int i = 0; i < a; ++i)
        for (int j = 0; j < R; ++j)
          for (int q = 0; q < R; ++q) gk[i][j] += gm[i][q] * k[q * R + j];
      for (int i = 0; i < a; ++i)
        for (int j = 0; j < a; ++j) {
          double u = 0;
          for (int q = 0; q < R; ++q) u += gk[i][q] * gm[j][q];
          u_[((static_cast<size_t>(i * a + j) * blocks_ + o / 4) * cs + c) * 4 + o % 4] = static_cast<float>(u);
        }
    }
  }
}

// Every 4-tile group of every channel. Lanes past a row's last tile land on the next row's first
// tiles (written afterwards) or in the spare columns after the last tile.
template <int R>
void WinogradConv::transform_input(const float* padded, float* v) const {
  const int64_t xi_stride = static_cast<int64_t>(g_.c) * stride_;
  for (int c = 0; c < g_.c; ++c)
    for (int ty = 0; ty < th_; ++ty)
      for (int tx = 0; tx < tw_; tx += 4)
        transform_input_group<R>(padded + (static_cast<int64_t>(c) * hq_ + kM * ty) * wq_ + kM * tx, wq_,
                                 v + static_cast<int64_t>(c) * stride_ + ty * tw_ + tx, xi_stride);
}

// y = Aᵀ·m·A + bias per filter and 4-tile group, stored as two rows of up to 8 pixels.
template <int R>
void WinogradConv::transform_output(const float* m, float* y, bool relu) const {
  const int64_t plane = static_cast<int64_t>(g_.ho) * g_.wo, xi_stride = static_cast<int64_t>(blocks_) * 4 * stride_;
  F4 lo[kM], hi[kM];
  for (int o = 0; o < g_.o; ++o)
    for (int ty = 0; ty < th_; ++ty)
      for (int tx = 0; tx < tw_; tx += 4) {
        transform_output_group<R>(m + static_cast<int64_t>(o) * stride_ + ty * tw_ + tx, xi_stride,
                                  splat(b_[static_cast<size_t>(o)]), relu, lo, hi);
        const int cols = std::min(8, g_.wo - kM * tx);
        for (int q = 0; q < kM && kM * ty + q < g_.ho; ++q) {
          float* dst = y + o * plane + static_cast<int64_t>(kM * ty + q) * g_.wo + kM * tx;
          if (cols == 8) {
            store4(dst, lo[q]), store4(dst + 4, hi[q]);
            continue;
          }
          alignas(16) float tmp[8];
          store4(tmp, lo[q]), store4(tmp + 4, hi[q]);
          for (int k = 0; k < cols; ++k) dst[k] = tmp[k];
        }
      }
}

void WinogradConv::forward_image(const float* x, float* y, bool relu, WinogradScratch* s) const {
  const int cs = g_.c, a2 = a_ * a_;
  s->padded.assign(static_cast<size_t>(cs) * hq_ * wq_, 0.0f);
  for (int c = 0; c < cs; ++c)
    for (int h = 0; h < g_.h; ++h) {
      const float* src = x + (static_cast<int64_t>(c) * g_.h + h) * g_.w;
      float* dst = s->padded.data() + (static_cast<int64_t>(c) * hq_ + h + g_.ph) * wq_ + g_.pw;
      for (int w = 0; w < g_.w; ++w) dst[w] = src[w];
    }
  s->v.resize(static_cast<size_t>(a2) * cs * stride_);
  s->m.resize(static_cast<size_t>(a2) * blocks_ * 4 * stride_);
  transform_input<3>(s->padded.data(), s->v.data());
  // m_ξ (filters, tiles) = U_ξ (filters, channels) · v_ξ (channels, tiles), for each ξ.
  static const float kZero[4] = {0, 0, 0, 0};
  for (int xi = 0; xi < a2; ++xi) {
    const float* vx = s->v.data() + static_cast<int64_t>(xi) * cs * stride_;
    float* mx = s->m.data() + static_cast<int64_t>(xi) * blocks_ * 4 * stride_;
    for (int t0 = 0; t0 < tiles_; t0 += kNr)
      for (int ob = 0; ob < blocks_; ++ob)
        tile_4x8(u_.data() + (static_cast<int64_t>(xi) * blocks_ + ob) * cs * 4, vx + t0, off_.data(), cs, kZero, false,
                 mx + static_cast<int64_t>(ob) * 4 * stride_ + t0, stride_, 4, std::min(kNr, tiles_ - t0));
  }
  transform_output<3>(s->m.data(), y, relu);
}

}  // namespace cnnlab::kernels
