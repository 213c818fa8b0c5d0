// kernels/conv_direct.h — convolution forward without im2col: a 4-filter × 8-pixel register tile.
//
// Why: the forward pass of a small CNN is a GEMM whose inner dimension is tiny (K = C·kh·kw = 27
// for a colour 3×3 conv). im2col + Eigen writes K copies of every input value, then Eigen packs
// them again before its kernel runs. Here the tile reads the zero-padded image directly: for
// stride 1 the 8 pixels of a tile are 8 consecutive floats of a padded row, for every (c, i, j).
// Bias and ReLU are applied while the tile is still in registers.
//
// Rows whose width Wo is not a multiple of 8 (28 and 14 in the MNIST nets) would leave the last
// tile of every row partly empty. For stride-1 rows such convolutions use a shifted-rows layout
// instead: kw copies of the padded image, copy j holding the columns ow·sw + j of each row for
// ow < Wo, so that tap (c, i, j) of output pixel q = oh·Wo + ow sits at q + ((c·kw + j)·Hp + i)·Wo.
// Then 8 consecutive outputs of the whole image, across row ends, are one tile (kw× the input
// copied, instead of up to 7/8 of a tile wasted per row).
#pragma once

#include <cstdint>
#include <vector>

#include "../tensor.h"

namespace cnnlab::kernels {

struct ConvGeometry {
  int c = 1, h = 1, w = 1;  // input channels and size
  int o = 1;                // filters
  int kh = 1, kw = 1, sh = 1, sw = 1, ph = 0, pw = 0;
  int ho = 1, wo = 1;       // output size
  int k() const { return c * kh * kw; }
};

// Working memory of DirectConv::forward_image: give each thread its own.
struct ConvScratch {
  FloatBuffer padded;  // one zero-padded input image (C, H + 2ph, W + 2pw) and read slack
  FloatBuffer panel;   // strided tiles gathered into (K, 8)
  FloatBuffer shifted;  // the shifted-rows layout (C, kw, H + 2ph, Wo) and read slack
};

class DirectConv {
 public:
  explicit DirectConv(const ConvGeometry& g);
  const ConvGeometry& geometry() const { return g_; }
  // Repacks weights [O, C, kh, kw] into blocks of 4 filters, (K, 4) each, and bias [O]; filters
  // past O are zero. Call after every change of the weights (cheap: O·K values).
  void set_weights(const float* weight, const float* bias);
  // y (O, Ho, Wo) = conv(x (C, H, W)) + bias, then max(·, 0) when relu. One image; threads may
  // run images of the same DirectConv at once, each with its own scratch.
  void forward_image(const float* x, float* y, bool relu, ConvScratch* scratch) const;
  // Whether forward_image uses the shifted-rows layout (tests, profile).
  bool shifted_rows() const { return shifted_; }

 private:
  void forward_shifted(const float* x, float* y, bool relu, ConvScratch* scratch) const;

  ConvGeometry g_;
  bool shifted_ = false;
  std::vector<int32_t> shifted_off_;  // K offsets of (c, i, j) in the shifted-rows layout
  int hp_, wp_;                 // padded input size
  std::vector<int32_t> off_;    // K offsets of (c, i, j) in the padded image
  std::vector<int32_t> panel_off_;  // 8·k: offsets of the same rows in a gathered panel
  FloatBuffer w_, b_;           // packed weights and bias
};

// Reference: the same convolution through im2col and one Eigen GEMM per image (tests, benchmark).
void conv_forward_gemm(const ConvGeometry& g, const float* x, int n, const float* weight, const float* bias,
                       float* y);

}  // namespace cnnlab::kernels
