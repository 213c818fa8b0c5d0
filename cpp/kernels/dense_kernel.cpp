// kernels/dense_kernel.cpp — the fully-connected forward kernel (see dense_kernel.h).
#include "dense_kernel.h"

#include <algorithm>

#include "simd.h"

namespace cnnlab::kernels {

namespace {

// Features per block: 4 weight rows and 2 input rows of one block (24 KB) stay in L1 while a tile
// runs, and a block of all of W and x stays in L2 while every tile passes over it.
constexpr int kFeatureBlock = 1024;

float sum_lanes(F4 a) {
  alignas(16) float t[4];
  store4(t, a);
  return (t[0] + t[1]) + (t[2] + t[3]);
}

// s[i][j] = Σ_{k < len} x_i[k] · w_j[k]: two samples × four units, eight accumulators (the 16
// SIMD registers hold them, two x vectors and the w vector being multiplied).
void tile_2x4(const float* x0, const float* x1, const float* const w[4], int len, float s[2][4]) {
  F4 a00 = splat(0.0f), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
  int k = 0;
  for (; k + 4 <= len; k += 4) {
    const F4 p = load4(x0 + k), q = load4(x1 + k);
    F4 v = load4(w[0] + k);
    a00 = add(a00, mul(p, v)), a10 = add(a10, mul(q, v));
    v = load4(w[1] + k);
    a01 = add(a01, mul(p, v)), a11 = add(a11, mul(q, v));
    v = load4(w[2] + k);
    a02 = add(a02, mul(p, v)), a12 = add(a12, mul(q, v));
    v = load4(w[3] + k);
    a03 = add(a03, mul(p, v)), a13 = add(a13, mul(q, v));
  }
  s[0][0] = sum_lanes(a00), s[0][1] = sum_lanes(a01), s[0][2] = sum_lanes(a02), s[0][3] = sum_lanes(a03);
  s[1][0] = sum_lanes(a10), s[1][1] = sum_lanes(a11), s[1][2] = sum_lanes(a12), s[1][3] = sum_lanes(a13);
  for (; k < len; ++k)
    for (int j = 0; j < 4; ++j) s[0][j] += x0[k] * w[j][k], s[1][j] += x1[k] * w[j][k];
}

}  // namespace

void dense_forward(const float* x, int n, int f, const float* w, const float* bias, int o, bool relu, float* y) {
  for (int fb = 0; fb < f; fb += kFeatureBlock) {
    const int len = std::min(kFeatureBlock, f - fb);
    const bool first = fb == 0, last = fb + kFeatureBlock >= f;
    for (int u = 0; u < o; u += 4) {
      const int units = std::min(4, o - u);
      // Past the last unit the tile repeats a real row and its sums are dropped.
      const float* rows[4];
      for (int j = 0; j < 4; ++j) rows[j] = w + static_cast<int64_t>(u + std::min(j, units - 1)) * f + fb;
      for (int i = 0; i < n; i += 2) {
        const int samples = std::min(2, n - i);
        const float* x0 = x + static_cast<int64_t>(i) * f + fb;
        float s[2][4];
        tile_2x4(x0, samples == 2 ? x0 + f : x0, rows, len, s);
        for (int a = 0; a < samples; ++a)
          for (int j = 0; j < units; ++j) {
            float& out = y[static_cast<int64_t>(i + a) * o + u + j];
            float v = (first ? (bias ? bias[u + j] : 0.0f) : out) + s[a][j];
            if (last && relu) v = v > 0.0f ? v : 0.0f;
            out = v;
          }
      }
    }
  }
}

}  // namespace cnnlab::kernels
