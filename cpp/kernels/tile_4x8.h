// kernels/tile_4x8.h — the register tile shared by the convolution kernels: 4 filters × 8 pixels.
#pragma once

#include <cstdint>

#include "simd.h"

namespace cnnlab::kernels {

constexpr int kMr = 4;  // filters per tile: one broadcast weight each
constexpr int kNr = 8;  // output pixels per tile: two 4-lane vectors

// Bias is in; ReLU, then the tile's rows × cols outputs to y (row r at y + r·y_stride).
inline void tile_4x8_store(F4 c00, F4 c01, F4 c10, F4 c11, F4 c20, F4 c21, F4 c30, F4 c31, bool relu, float* y,
                           int64_t y_stride, int rows, int cols) {
  if (relu) {
    c00 = cnnlab::kernels::relu(c00), c01 = cnnlab::kernels::relu(c01);
    c10 = cnnlab::kernels::relu(c10), c11 = cnnlab::kernels::relu(c11);
    c20 = cnnlab::kernels::relu(c20), c21 = cnnlab::kernels::relu(c21);
    c30 = cnnlab::kernels::relu(c30), c31 = cnnlab::kernels::relu(c31);
  }
  if (rows == kMr && cols == kNr) {
    store4(y, c00), store4(y + 4, c01);
    store4(y + y_stride, c10), store4(y + y_stride + 4, c11);
    store4(y + 2 * y_stride, c20), store4(y + 2 * y_stride + 4, c21);
    store4(y + 3 * y_stride, c30), store4(y + 3 * y_stride + 4, c31);
    return;
  }
  // An edge tile (fewer filters or pixels left): through a buffer, storing only what is real.
  alignas(16) float t[kMr][kNr];
  store4(t[0], c00), store4(t[0] + 4, c01), store4(t[1], c10), store4(t[1] + 4, c11);
  store4(t[2], c20), store4(t[2] + 4, c21), store4(t[3], c30), store4(t[3] + 4, c31);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) y[r * y_stride + c] = t[r][c];
}


// Eight accumulators (4 filters × 2 vectors), two pixel vectors and one weight fit the 16 SIMD
// registers x86 gives V8, so the inner loop never spills. Per k: 2 loads, 4 broadcasts, 8 mul,
// 8 add (WebAssembly SIMD has no fused multiply-add).
// y[r][t] = max?(bias[r] + Σ_k w[4k + r] · src[off[k] + t], 0) for r < rows, t < cols.
inline void tile_4x8(const float* w, const float* src, const int32_t* off, int k, const float* bias, bool relu,
                     float* y, int64_t y_stride, int rows, int cols) {
  F4 c00 = splat_load(bias), c01 = c00;
  F4 c10 = splat_load(bias + 1), c11 = c10;
  F4 c20 = splat_load(bias + 2), c21 = c20;
  F4 c30 = splat_load(bias + 3), c31 = c30;
  for (int i = 0; i < k; ++i, w += kMr) {
    const float* b = src + off[i];
    const F4 b0 = load4(b), b1 = load4(b + 4);
    F4 a = splat_load(w);
    c00 = add(c00, mul(a, b0));
    c01 = add(c01, mul(a, b1));
    a = splat_load(w + 1);
    c10 = add(c10, mul(a, b0));
    c11 = add(c11, mul(a, b1));
    a = splat_load(w + 2);
    c20 = add(c20, mul(a, b0));
    c21 = add(c21, mul(a, b1));
    a = splat_load(w + 3);
    c30 = add(c30, mul(a, b0));
    c31 = add(c31, mul(a, b1));
  }
  tile_4x8_store(c00, c01, c10, c11, c20, c21, c30, c31, relu, y, y_stride, rows, cols);
}

}  // namespace cnnlab::kernels
