// layers/activations.cpp — element-wise activations, softmax, flatten and dropout.
#include "activations.h"

#include <algorithm>
#include <cmath>

#include "../kernels/simd.h"
#include "../parallel.h"

namespace cnnlab {

Activation::Activation(Shape in_shape, Kind kind) : Layer(std::move(in_shape)), kind_(kind) {
  out_shape_ = in_shape_;
}

const char* Activation::type() const {
  switch (kind_) {
    case Kind::kRelu: return "relu";
    case Kind::kSigmoid: return "sigmoid";
    case Kind::kTanh: return "tanh";
  }
  return "?";
}

namespace {

// Element-wise over fixed chunks of the batch, spread over the thread pool.
template <typename F>
void for_chunks(int64_t size, int n, const F& f) {
  const int64_t per = size / n;
  const int chunks = work_chunks(n, per);
  parallel_for(chunks, [&](int c) {
    int b0, b1;
    split_range(n, chunks, c, &b0, &b1);
    f(b0 * per, (b1 - b0) * per);
  });
}

// y = max(x, 0), four lanes at a time (x > 0 ? x : 0, as the conv kernel's fused ReLU).
void relu_forward(const float* x, int64_t n, float* y) {
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) kernels::store4(y + i, kernels::relu(kernels::load4(x + i)));
  for (; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

// dx = dy where y > 0, else 0 (relu' from the output).
void relu_backward(const float* y, const float* dy, int64_t n, float* dx) {
  using namespace kernels;
  const F4 zero = splat(0.0f);
  int64_t i = 0;
  for (; i + 4 <= n; i += 4) store4(dx + i, select(greater(load4(y + i), zero), load4(dy + i), zero));
  for (; i < n; ++i) dx[i] = y[i] > 0.0f ? dy[i] : 0.0f;
}

}  // namespace

const Tensor& Activation::forward(const Tensor& x, Mode) {
  check_input(x);
  y_.reshape_for_write(x.shape);
  for_chunks(x.size(), x.dim(0), [&](int64_t at, int64_t len) {
    auto X = ConstMapVec(x.ptr() + at, len).array();
    auto Y = MapVec(y_.ptr() + at, len).array();
    switch (kind_) {
      case Kind::kRelu: relu_forward(x.ptr() + at, len, y_.ptr() + at); break;
      case Kind::kSigmoid: Y = 1.0f / (1.0f + (-X).exp()); break;
      case Kind::kTanh: Y = X.tanh(); break;
    }
  });
  return y_;
}

const Tensor& Activation::backward(const Tensor& dy) {
  dx_.reshape_for_write(dy.shape);
  for_chunks(dy.size(), dy.dim(0), [&](int64_t at, int64_t len) {
    auto Y = ConstMapVec(y_.ptr() + at, len).array();
    auto dY = ConstMapVec(dy.ptr() + at, len).array();
    auto dX = MapVec(dx_.ptr() + at, len).array();
    switch (kind_) {
      case Kind::kRelu: relu_backward(y_.ptr() + at, dy.ptr() + at, len, dx_.ptr() + at); break;
      case Kind::kSigmoid: dX = dY * Y * (1.0f - Y); break;  // σ' = σ(1 − σ)
      case Kind::kTanh: dX = dY * (1.0f - Y * Y); break;     // tanh' = 1 − tanh²
    }
  });
  return dx_;
}

Softmax::Softmax(Shape in_shape) : Layer(std::move(in_shape)) { out_shape_ = in_shape_; }

const Tensor& Softmax::forward(const Tensor& x, Mode) {
  check_input(x);
  const int n = x.dim(0);
  const int64_t k = x.size() / n;
  y_.reshape_for_write(x.shape);
  ConstMapMat X(x.ptr(), n, k);
  MapMat Y(y_.ptr(), n, k);
  // Subtracting each row's max leaves softmax unchanged and keeps exp() from overflowing.
  Y = (X.colwise() - X.rowwise().maxCoeff()).array().exp().matrix();
  Y.array().colwise() /= Y.rowwise().sum().array();
  return y_;
}

const Tensor& Softmax::backward(const Tensor& dy) {
  const int n = dy.dim(0);
  const int64_t k = dy.size() / n;
  dx_.reshape_for_write(dy.shape);
  ConstMapMat Y(y_.ptr(), n, k);
  ConstMapMat dY(dy.ptr(), n, k);
  // dx_i = y_i · (dy_i − Σ_j dy_j·y_j)
  const Eigen::VectorXf dot = (dY.array() * Y.array()).rowwise().sum();
  MapMat(dx_.ptr(), n, k).array() = Y.array() * (dY.colwise() - dot).array();
  return dx_;
}

Flatten::Flatten(Shape in_shape) : Layer(std::move(in_shape)) {
  out_shape_ = {static_cast<int>(shape_size(in_shape_))};
}

const Tensor& Flatten::forward(const Tensor& x, Mode) {
  check_input(x);
  y_.shape = batch_out_shape(x.dim(0));
  y_.data = x.data;
  return y_;
}

const Tensor& Flatten::backward(const Tensor& dy) {
  dx_.shape = {dy.dim(0)};
  dx_.shape.insert(dx_.shape.end(), in_shape_.begin(), in_shape_.end());
  dx_.data = dy.data;
  return dx_;
}

Dropout::Dropout(Shape in_shape, float rate, std::shared_ptr<Rng> rng)
    : Layer(std::move(in_shape)), rate_(rate), rng_(std::move(rng)) {
  out_shape_ = in_shape_;
}

const Tensor& Dropout::forward(const Tensor& x, Mode mode) {
  check_input(x);
  y_.reshape_for_write(x.shape);
  if (mode == Mode::kEval || rate_ == 0.0f) {
    mask_.clear();
    y_.data = x.data;
    return y_;
  }
  const float keep_scale = 1.0f / (1.0f - rate_);
  mask_.resize(x.data.size());
  for (size_t i = 0; i < mask_.size(); ++i) {
    mask_[i] = rng_->uniform() < rate_ ? 0.0f : keep_scale;
    y_.data[i] = x.data[i] * mask_[i];
  }
  return y_;
}

const Tensor& Dropout::backward(const Tensor& dy) {
  dx_.reshape_for_write(dy.shape);
  if (mask_.empty()) {
    dx_.data = dy.data;
  } else {
    for (size_t i = 0; i < mask_.size(); ++i) dx_.data[i] = dy.data[i] * mask_[i];
  }
  return dx_;
}

}  // namespace cnnlab
