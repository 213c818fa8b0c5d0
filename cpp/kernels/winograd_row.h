// kernels/winograd_row.h — 5-wide convolutions by 1-D Winograd along the row, F(2, 5).
//
// Why: the MNIST net's second convolution (8 → 16 channels, 5×5, 12×12 output) is most of its
// inference, and 2-D F(2×2, 5×5) lost to the direct kernel with 8 channels (its 36 transformed
// products per tile need many channels to amortise). Along one row only, F(2, 5) gives 2 outputs
// of a 5-tap kernel row from 6 inputs with 6 multiplies instead of 10; the kh kernel rows are
// kh shifted 1-D convolutions summed, which is a GEMM with an inner dimension C·kh per ξ. Each of
// the 6 transformed positions ξ is one (filters × C·kh) · (C·kh × tiles) product on the direct
// kernel's 4×8 register tile. With the transformed input laid out [ξ][c][row][tile], the tiles of
// consecutive output rows are consecutive (the shifted-rows trick: tile q = oh·Tw + t reads tap
// (c, i) at q + (c·Hp + i)·Tw), so register tiles run across row ends and none is partly empty.
// Toom-Cook at the points 0, ±1, ±2 and ∞; the fractions sit in the weight transform (done in
// double), the input transform has small integer coefficients.
#pragma once

#include <cstdint>
#include <vector>

#include "conv_direct.h"

namespace cnnlab::kernels {

// Working memory of RowWinogradConv::forward_image: give each thread its own.
struct RowWinogradScratch {
  const void* owner = nullptr;  // the convolution whose zero padding `padded` holds
  FloatBuffer padded;           // the input, zero-padded to whole 4-tile groups
  FloatBuffer v;                // transformed input: [ξ][channel][row][tile]
  FloatBuffer m;                // products: [ξ][filter][tile]
};

class RowWinogradConv {
 public:
  // Stride 1, kernels 5 wide (any height), and shapes where it was measured to win.
  static bool suits(const ConvGeometry& g);
  explicit RowWinogradConv(const ConvGeometry& g);  // g must be stride 1 and 5 wide
  const ConvGeometry& geometry() const { return g_; }
  // Transforms weights [O, C, kh, 5] (U = G·g per kernel row, in blocks of 4 filters) and the bias.
  void set_weights(const float* weight, const float* bias);
  // y (O, Ho, Wo) = conv(x (C, H, W)) + bias, then max(·, 0) when relu. One image.
  void forward_image(const float* x, float* y, bool relu, RowWinogradScratch* s) const;

 private:
  ConvGeometry g_;
  int tw_, tw4_, hp_, wq_;      // tiles per row, rounded up to 4; padded rows and row length
  int p_, ps_;                  // tiles (Ho·Tw) and the row length of m (whole 8-tiles)
  int64_t vs_;                  // floats per ξ of v
  int blocks_;                  // filter blocks of 4
  FloatBuffer u_, b_;           // transformed weights [ξ][block][c·kh + i][4], bias padded
  std::vector<int32_t> off_;    // (c·Hp + i)·Tw: where tap row (c, i) starts in a ξ of v
};

}  // namespace cnnlab::kernels
