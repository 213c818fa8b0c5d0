// tensor.cpp — Tensor construction and shape helpers.
#include "tensor.h"

#include <algorithm>

namespace cnnlab {

int64_t shape_size(const Shape& shape) {
  int64_t n = 1;
  for (int d : shape) n *= d;
  return n;
}

std::string shape_str(const Shape& shape) {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += "×";
    s += std::to_string(shape[i]);
  }
  return s;
}

Tensor::Tensor(Shape s, float fill)
    : shape(std::move(s)), data(static_cast<size_t>(shape_size(shape)), fill) {}

Tensor::Tensor(Shape s, const std::vector<float>& values)
    : Tensor(std::move(s), FloatBuffer(values.begin(), values.end())) {}

Tensor::Tensor(Shape s, FloatBuffer values) : shape(std::move(s)), data(std::move(values)) {
  if (static_cast<int64_t>(data.size()) != shape_size(shape))
    throw Error("tensor of shape " + shape_str(shape) + " needs " +
                std::to_string(shape_size(shape)) + " values, got " + std::to_string(data.size()));
}

void Tensor::reshape_for_write(const Shape& s) {
  shape = s;
  data.resize(static_cast<size_t>(shape_size(s)));
}

void Tensor::zero() { std::fill(data.begin(), data.end(), 0.0f); }

}  // namespace cnnlab
