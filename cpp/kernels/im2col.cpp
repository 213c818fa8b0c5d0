// kernels/im2col.cpp — im2col and its adjoint col2im, row by row with the padding cut out up front.
#include "im2col.h"

#include <algorithm>

namespace cnnlab::kernels {

namespace {

// Output columns whose input column ow·sw − pw + j stays inside [0, w): ow in [lo, hi).
void valid_columns(const ConvGeometry& g, int j, int* lo, int* hi) {
  *lo = std::min(g.wo, std::max(0, (g.pw - j + g.sw - 1) / g.sw));
  *hi = std::max(*lo, std::min(g.wo, (g.w + g.pw - j + g.sw - 1) / g.sw));
}

}  // namespace

void im2col(const ConvGeometry& g, const float* x, int n, float* col) {
  const int64_t cols = static_cast<int64_t>(n) * g.ho * g.wo;
  for (int ci = 0; ci < g.c; ++ci)
    for (int i = 0; i < g.kh; ++i)
      for (int j = 0; j < g.kw; ++j) {
        float* row = col + ((static_cast<int64_t>(ci) * g.kh + i) * g.kw + j) * cols;
        int ow_lo, ow_hi;
        valid_columns(g, j, &ow_lo, &ow_hi);
        for (int b = 0; b < n; ++b) {
          const float* plane = x + (static_cast<int64_t>(b) * g.c + ci) * g.h * g.w;
          for (int oh = 0; oh < g.ho; ++oh, row += g.wo) {
            const int ih = oh * g.sh - g.ph + i;
            if (ih < 0 || ih >= g.h) {
              for (int ow = 0; ow < g.wo; ++ow) row[ow] = 0.0f;
              continue;
            }
            const float* src = plane + static_cast<int64_t>(ih) * g.w;
            const int shift = j - g.pw;  // input column = ow·sw + shift
            // Plain loops, not std::copy/fill: rows are short (Wo values), and in WebAssembly a
            // memcpy/memset call per row costs more than the copy itself.
            for (int ow = 0; ow < ow_lo; ++ow) row[ow] = 0.0f;
            if (g.sw == 1) {
              const float* s1 = src + shift;
              for (int ow = ow_lo; ow < ow_hi; ++ow) row[ow] = s1[ow];
            } else {
              for (int ow = ow_lo; ow < ow_hi; ++ow) row[ow] = src[ow * g.sw + shift];
            }
            for (int ow = ow_hi; ow < g.wo; ++ow) row[ow] = 0.0f;
          }
        }
      }
}

void col2im(const ConvGeometry& g, const float* col, int n, float* dx) {
  std::fill(dx, dx + static_cast<int64_t>(n) * g.c * g.h * g.w, 0.0f);
  const int64_t cols = static_cast<int64_t>(n) * g.ho * g.wo;
  for (int ci = 0; ci < g.c; ++ci)
    for (int i = 0; i < g.kh; ++i)
      for (int j = 0; j < g.kw; ++j) {
        const float* row = col + ((static_cast<int64_t>(ci) * g.kh + i) * g.kw + j) * cols;
        int ow_lo, ow_hi;
        valid_columns(g, j, &ow_lo, &ow_hi);
        for (int b = 0; b < n; ++b) {
          float* plane = dx + (static_cast<int64_t>(b) * g.c + ci) * g.h * g.w;
          for (int oh = 0; oh < g.ho; ++oh, row += g.wo) {
            const int ih = oh * g.sh - g.ph + i;
            if (ih < 0 || ih >= g.h) continue;
            float* dst = plane + static_cast<int64_t>(ih) * g.w;
            const int shift = j - g.pw;
            for (int ow = ow_lo; ow < ow_hi; ++ow) dst[ow * g.sw + shift] += row[ow];
          }
        }
      }
}

}  // namespace cnnlab::kernels
