// layers/avgpool2d.h — average pooling over size×size windows; padded cells count as zeros.
#pragma once

#include "maxpool2d.h"  // Pool2dConfig

namespace cnnlab {

// Each output is the mean of its window, padding included (PyTorch's AvgPool2d default,
// count_include_pad=True; ONNX AveragePool with count_include_pad=1): a window at the border
// divides the sum of its real cells by kh·kw, not by how many of them are real.
class AvgPool2d : public Layer {
 public:
  AvgPool2d(Shape in_shape, const Pool2dConfig& config);
  const char* type() const override { return "avgpool2d"; }
  const Tensor& forward(const Tensor& x, Mode mode) override;
  const Tensor& backward(const Tensor& dy) override;

 private:
  Pool2dConfig cfg_;
  int c_, h_, w_, ho_, wo_;
};

}  // namespace cnnlab
