// layers/activations.h — element-wise activations (relu, sigmoid, tanh), softmax, flatten, dropout.
#pragma once

#include "layer.h"

namespace cnnlab {

// y = f(x) element-wise; backward uses only y (f' is a function of y for all three).
class Activation : public Layer {
 public:
  enum class Kind { kRelu, kSigmoid, kTanh };
  Activation(Shape in_shape, Kind kind);
  const char* type() const override;
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;

 private:
  Kind kind_;
};

// Softmax over each sample's features (all non-batch axes together).
class Softmax : public Layer {
 public:
  explicit Softmax(Shape in_shape);
  const char* type() const override { return "softmax"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
};

// (N, C, H, W) → (N, C·H·W), the order PyTorch's flatten keeps.
class Flatten : public Layer {
 public:
  explicit Flatten(Shape in_shape);
  const char* type() const override { return "flatten"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
};

// Inverted dropout: in training each value is zeroed with probability `rate` and the survivors
// scaled by 1/(1−rate), so evaluation is the identity.
class Dropout : public Layer {
 public:
  Dropout(Shape in_shape, float rate, std::shared_ptr<Rng> rng);
  const char* type() const override { return "dropout"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
  int64_t floats_per_sample() const override { return Layer::floats_per_sample() + shape_size(out_shape_); }
  const Tensor& infer(const Tensor& x, bool) override { return x; }  // the identity, no copy

 private:
  float rate_;
  std::shared_ptr<Rng> rng_;
  std::vector<float> mask_;  // 0 or 1/(1−rate) per value; empty after an eval forward
};

}  // namespace cnnlab
