// kernels/im2col.h — image ↔ column matrix for convolution as a GEMM (backward pass, reference forward).
#pragma once

#include "conv_direct.h"

namespace cnnlab::kernels {

// col (C·kh·kw, n·Ho·Wo): row r = (c·kh + i)·kw + j, column q = b·Ho·Wo + oh·Wo + ow holds
// x[b, c, oh·sh − ph + i, ow·sw − pw + j], or 0 where that falls in the padding.
void im2col(const ConvGeometry& g, const float* x, int n, float* col);

// The adjoint of im2col: dx (n, C, H, W) = Σ of every column entry into the cell it came from.
void col2im(const ConvGeometry& g, const float* col, int n, float* dx);

}  // namespace cnnlab::kernels
