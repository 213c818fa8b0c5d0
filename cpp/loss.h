// loss.h — fused, numerically stable softmax cross-entropy (mean over the batch).
#pragma once

#include "tensor.h"

namespace cnnlab {

// logits: (N, K), labels: N ints in [0, K). Returns mean over the batch of −log softmax(x)[y].
// When dlogits is given it receives dL/dlogits = (softmax(x) − onehot(y)) / N.
// When correct is given it receives the count of rows whose argmax equals the label.
float softmax_cross_entropy(const Tensor& logits, const int* labels, Tensor* dlogits = nullptr,
                            int* correct = nullptr);

// Row-wise softmax of (N, K) logits, subtracting each row's max first.
Tensor softmax_rows(const Tensor& logits);

}  // namespace cnnlab
