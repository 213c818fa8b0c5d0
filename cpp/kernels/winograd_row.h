// kernels/winograd_row.h — 5-wide convolutions by 1-D Winograd along the row, F(4, 5) (or F(2, 5)).
//
// Why: the MNIST net's convolutions (1 → 8 and 8 → 16 channels, 5×5) are most of its inference,
// and 2-D F(2×2, 5×5) lost to the direct kernel with 8 channels (its 36 transformed products per
// tile need many channels to amortise). Along one row only, F(m, 5) gives m outputs of a 5-tap
// kernel row from m + 4 inputs with m + 4 multiplies instead of 5m (F(4, 5): 8 instead of 20;
// F(2, 5): 6 instead of 10); the kh kernel rows are kh shifted 1-D convolutions summed, which is a
// GEMM with an inner dimension C·kh per transformed position ξ, run on the direct kernel's 4×8
// register tile. With the transformed input laid out [ξ][c][row][tile], the tiles of consecutive
// output rows are consecutive (the shifted-rows trick: tile q = oh·Tw + t reads tap row (c, i)
// at q + (c·Hp + i)·Tw), so register tiles run across row ends and none is partly empty.
// Toom-Cook at the points 0, ±1, ±2, (±½,) ∞; the fractions sit in the weight transform (done in
// double), the input transform has integer coefficients.
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
  // g must be stride 1 and 5 wide; outputs per tile: 2 (F(2, 5)) or 4 (F(4, 5)).
  explicit RowWinogradConv(const ConvGeometry& g, int outputs = kDefaultOutputs);
  static constexpr int kDefaultOutputs = 4;
  int outputs() const { return m_; }
  const ConvGeometry& geometry() const { return g_; }
  // Transforms weights [O, C, kh, 5] (U = G·g per kernel row, in blocks of 4 filters) and the bias.
  // Call after every change of the weights (cheap: (m + 4)·5 multiply-adds per kernel row).
  void set_weights(const float* weight, const float* bias);
  // y (O, Ho, Wo) = conv(x (C, H, W)) + bias, then max(·, 0) when relu. One image.
  void forward_image(const float* x, float* y, bool relu, RowWinogradScratch* s) const;

 private:
  void output_f2(const float* m, float* y, bool relu) const;
  void output_f4(const float* m, float* y, bool relu) const;

  ConvGeometry g_;
  int m_, a_;                   // outputs per tile, transformed positions (m + 4)
  int tw_, tw4_, hp_, wq_;      // tiles per row, rounded up to 4; padded rows and row length
  int p_, ps_;                  // tiles (Ho·Tw) and the row length of m (whole 8-tiles)
  int64_t vs_;                  // floats per ξ of v
  int blocks_;                  // filter blocks of 4
  FloatBuffer u_, b_;           // transformed weights [ξ][block][c·kh + i][4], bias padded
  std::vector<int32_t> off_;    // (c·Hp + i)·Tw: where tap row (c, i) starts in a ξ of v
};

}  // namespace cnnlab::kernels
