// layers/dense.cpp — the fully-connected layer: forward by the dense kernel, backward through Eigen
// GEMMs, in fixed chunks of rows (work_chunks) spread over the thread pool.
#include "dense.h"

#include <algorithm>

#include "../kernels/dense_kernel.h"
#include "../parallel.h"

namespace cnnlab {

Dense::Dense(Shape in_shape, int units, bool he)
    : Layer(std::move(in_shape)), in_(in_shape_.at(0)), out_(units), he_(he) {
  out_shape_ = {units};
  weight_ = shaped_param("weight", {out_, in_}, true);
  bias_ = shaped_param("bias", {out_}, false);
}

// y, dx and the copy of x that dW needs.
int64_t Dense::floats_per_sample() const { return Layer::floats_per_sample() + in_; }

void Dense::init(Rng& rng) {
  allocate(&weight_);
  allocate(&bias_);
  init_weights(&weight_.value, in_, out_, he_, rng);
  bias_.value.zero();
}

// y = x·Wᵀ + b (then max(·, 0) when relu), chunk by chunk of samples.
void Dense::run(const Tensor& x, bool relu) {
  check_input(x);
  const int n = x.dim(0), chunks = work_chunks(n, static_cast<int64_t>(in_) * out_);
  y_.reshape_for_write({n, out_});
  parallel_for(chunks, [&](int c) {
    int r0, r1;
    split_range(n, chunks, c, &r0, &r1);
    kernels::dense_forward(x.ptr() + static_cast<int64_t>(r0) * in_, r1 - r0, in_, weight_.value.ptr(),
                           bias_.value.ptr(), out_, relu, y_.ptr() + static_cast<int64_t>(r0) * out_);
  });
}

const Tensor& Dense::forward(const Tensor& x, Mode) {
  run(x, false);
  x_ = x;
  return y_;
}

const Tensor& Dense::infer(const Tensor& x, bool relu) {
  run(x, relu);
  return y_;
}

const Tensor& Dense::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  ConstMapMat dY(dy.ptr(), n, out_);
  ConstMapMat X(x_.ptr(), n, in_);
  ConstMapMat W(weight_.value.ptr(), out_, in_);
  // dL/dW = dYᵀ·X, by chunks of W's rows (each row summed over the whole batch by one thread)
  const int wchunks = work_chunks(out_, static_cast<int64_t>(n) * in_);
  parallel_for(wchunks, [&](int c) {
    int o0, o1;
    split_range(out_, wchunks, c, &o0, &o1);
    MapMat(weight_.grad.ptr() + static_cast<int64_t>(o0) * in_, o1 - o0, in_).noalias() +=
        dY.middleCols(o0, o1 - o0).transpose() * X;
  });
  // dL/db = Σ_n dY
  MapVec(bias_.grad.ptr(), out_) += dY.colwise().sum().transpose();
  if (!input_grad_) {
    dx_ = Tensor();
    return dx_;
  }
  // dL/dX = dY·W, by chunks of samples
  dx_.reshape_for_write({n, in_});
  const int chunks = work_chunks(n, static_cast<int64_t>(in_) * out_);
  parallel_for(chunks, [&](int c) {
    int r0, r1;
    split_range(n, chunks, c, &r0, &r1);
    MapMat(dx_.ptr() + static_cast<int64_t>(r0) * in_, r1 - r0, in_).noalias() = dY.middleRows(r0, r1 - r0) * W;
  });
  return dx_;
}

}  // namespace cnnlab
