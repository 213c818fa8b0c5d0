// layers/dense.h — fully-connected layer y = x·Wᵀ + b with W in PyTorch layout [out, in].
#pragma once

#include "layer.h"

namespace cnnlab {

class Dense : public Layer {
 public:
  // in_shape: {F}; units > 0. `he` picks He (ReLU follows) or Xavier initialisation.
  Dense(Shape in_shape, int units, bool he);
  const char* type() const override { return "dense"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;
  bool fuses_relu() const override { return true; }
  const Tensor& infer(const Tensor& x, bool relu) override;
  std::vector<Param*> params() override { return {&weight_, &bias_}; }
  void init(Rng& rng) override;
  int64_t floats_per_sample() const override;

 private:
  void run(const Tensor& x, bool relu);

  int in_, out_;
  bool he_;
  Param weight_, bias_;
  Tensor x_;  // forward input, kept for dW
};

}  // namespace cnnlab
