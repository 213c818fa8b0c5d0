// loss.cpp — softmax cross-entropy fused with its gradient, computed through log-sum-exp.
#include "loss.h"

#include <cmath>
#include <string>

namespace cnnlab {

Tensor softmax_rows(const Tensor& logits) {
  const int n = logits.dim(0);
  const int64_t k = logits.size() / n;
  Tensor p(logits.shape);
  ConstMapMat X(logits.ptr(), n, k);
  MapMat P(p.ptr(), n, k);
  P = (X.colwise() - X.rowwise().maxCoeff()).array().exp().matrix();
  P.array().colwise() /= P.rowwise().sum().array();
  return p;
}

float softmax_cross_entropy(const Tensor& logits, const int* labels, Tensor* dlogits, int* correct) {
  if (logits.shape.size() != 2) throw Error("loss: expected logits N×K, got " + shape_str(logits.shape));
  const int n = logits.dim(0), k = logits.dim(1);
  if (dlogits) dlogits->reshape_for_write(logits.shape);
  double total = 0.0;
  int hits = 0;
  for (int i = 0; i < n; ++i) {
    const int y = labels[i];
    if (y < 0 || y >= k)
      throw Error("loss: label " + std::to_string(y) + " of sample " + std::to_string(i) + " is not a class index in [0, " +
                  std::to_string(k) + ")");
    const float* x = logits.ptr() + static_cast<int64_t>(i) * k;
    int arg = 0;
    for (int c = 1; c < k; ++c)
      if (x[c] > x[arg]) arg = c;
    hits += arg == y;
    // −log softmax(x)_y = log Σ exp(x_c − m) − (x_y − m), with m = max x: no overflow, no log(0).
    const float m = x[arg];
    double sum = 0.0;
    for (int c = 0; c < k; ++c) sum += std::exp(static_cast<double>(x[c] - m));
    const double lse = std::log(sum);
    total += lse - static_cast<double>(x[y] - m);
    if (dlogits) {
      // dL/dx_c = (softmax_c − [c = y]) / N
      float* d = dlogits->ptr() + static_cast<int64_t>(i) * k;
      for (int c = 0; c < k; ++c)
        d[c] = static_cast<float>((std::exp(static_cast<double>(x[c] - m) - lse) - (c == y ? 1.0 : 0.0)) / n);
    }
  }
  if (correct) *correct = hits;
  return static_cast<float>(total / n);
}

}  // namespace cnnlab
