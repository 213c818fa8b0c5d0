// kernels/winograd.h — convolution forward by Winograd's minimal filtering F(2×2, 3×3).
//
// Why: the direct kernel already runs near the machine's limit for 4-lane multiply + add, so the
// remaining gain is in doing fewer multiplications. Each 2×2 block of outputs comes from an α×α
// input patch (α = 4): Y = Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A, so per output pixel a 3×3 kernel costs
// 4 multiply-adds per input channel instead of 9. The α² products
// summed over channels are α² small GEMMs (filters × channels · channels × tiles), run on the
// same 4×8 register tile as the direct kernel; the transforms run on four tiles per SIMD step.
// The matrices come from Toom-Cook at the points 0, 1, −1 and ∞ (see Tables). The templates on
// the kernel size r leave room for r = 5, which was measured and left out (see suits()).
#pragma once

#include <cstdint>
#include <vector>

#include "conv_direct.h"

namespace cnnlab::kernels {

// Working memory of WinogradConv::forward_image: give each thread its own.
struct WinogradScratch {
  FloatBuffer padded;  // the input, zero-padded to whole tiles
  FloatBuffer v;       // transformed input: [ξ][channel][tile]
  FloatBuffer m;       // products: [ξ][filter][tile]
};

class WinogradConv {
 public:
  // Stride 1, 3×3 kernels, and enough input channels (16) to pay for the transforms.
  static bool suits(const ConvGeometry& g);
  explicit WinogradConv(const ConvGeometry& g);  // g must suit
  const ConvGeometry& geometry() const { return g_; }
  // Transforms weights [O, C, 3, 3] (U = G·g·Gᵀ, in blocks of 4 filters) and pads the bias.
  void set_weights(const float* weight, const float* bias);
  // y (O, Ho, Wo) = conv(x (C, H, W)) + bias, then max(·, 0) when relu. One image.
  void forward_image(const float* x, float* y, bool relu, WinogradScratch* s) const;

 private:
  template <int R>
  void set_weights_r(const float* weight, const float* bias);
  template <int R>
  void transform_input(const float* padded, float* v) const;
  template <int R>
  void transform_output(const float* m, float* y, bool relu) const;

  ConvGeometry g_;
  int r_, a_;                     // kernel size r = 3, patch size α = r + 1
  int th_, tw_, tiles_, stride_;  // tile rows and columns, their count, row length of v and m
  int hq_, wq_;                   // padded input size
  int blocks_;                    // filter blocks of 4
  FloatBuffer u_, b_;             // transformed weights [ξ][block][c][4], bias padded to blocks
  std::vector<int32_t> off_;      // c·stride: where channel c's row of v starts
};

}  // namespace cnnlab::kernels
