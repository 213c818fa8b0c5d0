// layers/layer.h — the layer contract every layer implements, and trainable parameters.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../rng.h"
#include "../tensor.h"

namespace cnnlab {

enum class Mode { kTrain, kEval };

// A layer's tensor with its gradient. `decay` is false for biases (no L2 on them). A tensor that
// is not `trainable` (running statistics, say) is saved and loaded like a weight, but optimizers
// leave it alone.
struct Param {
  std::string name;  // "weight" or "bias"; the model prefixes the layer index: "0.weight"
  Tensor value;
  Tensor grad;
  bool decay = true;
  bool trainable = true;
};

// A Param that knows its shape but holds no values yet: layers declare their parameters this way
// in the constructor and allocate() them in init(), so a network's size is checked (model.cpp)
// before any weight is allocated.
Param shaped_param(std::string name, Shape shape, bool decay);
void allocate(Param* p);  // value and grad as zeros of the declared shape

// Shapes at this boundary are per-sample (no batch axis): {C, H, W} for images, {F} for vectors.
// Tensors passed to forward/backward carry the batch axis first: {N, C, H, W} or {N, F}.
// He normal N(0, 2/fan_in) keeps the variance of ReLU activations; Xavier uniform
// U(±√(6/(fan_in+fan_out))) suits layers not followed by ReLU.
void init_weights(Tensor* w, int fan_in, int fan_out, bool he, Rng& rng);

class Layer {
 public:
  explicit Layer(Shape in_shape) : in_shape_(std::move(in_shape)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  virtual const char* type() const = 0;
  // y = f(x); caches what backward needs; the returned output stays readable (feature-map views).
  virtual const Tensor& forward(const Tensor& x, Mode mode) = 0;
  // dx from dy, adding into parameter grads. Never overwrites what forward cached.
  virtual const Tensor& backward(const Tensor& dy) = 0;
  // Evaluation for predict(): the values of forward(x, Mode::kEval), without caching anything for
  // backward. A layer whose fuses_relu() is true applies a following ReLU itself when `relu` is set
  // (while the values are still in registers); others ignore it. The result may be x itself.
  virtual bool fuses_relu() const { return false; }
  virtual const Tensor& infer(const Tensor& x, bool /*relu*/) { return forward(x, Mode::kEval); }
  virtual std::vector<Param*> params() { return {}; }
  std::vector<const Param*> params() const;
  // Values in this layer's parameters, from their declared shapes (valid before init()).
  int64_t num_params() const;
  // Floats this layer keeps per sample of a batch (its output, its dx and any scratch), for the
  // network's memory budget.
  virtual int64_t floats_per_sample() const;
  // Fresh random weights (He for layers feeding ReLU, as PyTorch-like defaults); biases to zero.
  virtual void init(Rng& /*rng*/) {}

  const Shape& in_shape() const { return in_shape_; }
  const Shape& out_shape() const { return out_shape_; }
  const Tensor& output() const { return y_; }
  // The first layer's dx feeds nothing, so the model switches it off to save a GEMM; backward
  // then returns an empty tensor from layers that honour it (conv2d, dense).
  void set_input_grad(bool needed) { input_grad_ = needed; }

 protected:
  // Throws Error unless x is {N, in_shape...}.
  void check_input(const Tensor& x) const;
  // Shapes a batch-first tensor as {n, out_shape...}.
  Shape batch_out_shape(int n) const;

  Shape in_shape_;
  Shape out_shape_;
  Tensor y_;   // forward output
  Tensor dx_;  // backward result
  bool input_grad_ = true;
};

}  // namespace cnnlab
