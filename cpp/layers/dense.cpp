// layers/dense.cpp — forward and backward of the fully-connected layer through Eigen GEMMs.
#include "dense.h"

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

const Tensor& Dense::forward(const Tensor& x, Mode) {
  check_input(x);
  const int n = x.dim(0);
  x_ = x;
  y_.reshape_for_write({n, out_});
  // x: (N, F), W: (O, F) → y: (N, O) = x·Wᵀ + b
  ConstMapMat X(x.ptr(), n, in_);
  ConstMapMat W(weight_.value.ptr(), out_, in_);
  MapMat Y(y_.ptr(), n, out_);
  Y.noalias() = X * W.transpose();
  Y.rowwise() += ConstMapVec(bias_.value.ptr(), out_).transpose();
  return y_;
}

const Tensor& Dense::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  ConstMapMat dY(dy.ptr(), n, out_);
  ConstMapMat X(x_.ptr(), n, in_);
  ConstMapMat W(weight_.value.ptr(), out_, in_);
  // dL/dW = dYᵀ·X, dL/db = Σ_n dY, dL/dX = dY·W
  MapMat(weight_.grad.ptr(), out_, in_).noalias() += dY.transpose() * X;
  MapVec(bias_.grad.ptr(), out_) += dY.colwise().sum().transpose();
  if (!input_grad_) {
    dx_ = Tensor();
    return dx_;
  }
  dx_.reshape_for_write({n, in_});
  MapMat(dx_.ptr(), n, in_).noalias() = dY * W;
  return dx_;
}

}  // namespace cnnlab
