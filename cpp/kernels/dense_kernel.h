// kernels/dense_kernel.h — fully-connected forward y = x·Wᵀ + b (then ReLU) as 2-sample × 4-unit
// dot-product tiles over blocks of features, reading x and W in place (no packing).
#pragma once

#include <cstdint>

namespace cnnlab::kernels {

// x: (n, f) row-major, w: (o, f) row-major (PyTorch layout), bias: o or null (none) → y: (n, o).
// Also any product A·Bᵀ of two row-major matrices (a convolution's dW = dY · colᵀ).
void dense_forward(const float* x, int n, int f, const float* w, const float* bias, int o, bool relu, float* y);

}  // namespace cnnlab::kernels
