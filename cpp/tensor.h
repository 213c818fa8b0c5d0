// tensor.h — a dense row-major float32 tensor (NCHW for image batches).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "error.h"

namespace cnnlab {

using Shape = std::vector<int>;

// Tensor storage starts on Eigen's widest alignment. Eigen picks its vectorised code path (how
// a reduction peels its first elements) from the address at run time, so with plain malloc'd
// buffers the same computation could round differently from one run to the next; aligned
// storage makes a seed reproduce a training run bit for bit.
using FloatBuffer = std::vector<float, Eigen::aligned_allocator<float>>;

int64_t shape_size(const Shape& shape);
// "3×32×32"
std::string shape_str(const Shape& shape);

struct Tensor {
  Shape shape;
  FloatBuffer data;

  Tensor() = default;
  explicit Tensor(Shape s, float fill = 0.0f);
  Tensor(Shape s, const std::vector<float>& values);  // throws Error when sizes differ
  Tensor(Shape s, FloatBuffer values);                // throws Error when sizes differ
  Tensor(Shape s, std::initializer_list<float> values) : Tensor(std::move(s), FloatBuffer(values)) {}

  int64_t size() const { return static_cast<int64_t>(data.size()); }
  int dim(int i) const { return shape.at(static_cast<size_t>(i)); }
  float* ptr() { return data.data(); }
  const float* ptr() const { return data.data(); }
  // Change the shape, reallocating only when the element count changes; contents unspecified.
  void reshape_for_write(const Shape& s);
  void zero();
};

using MatrixRM = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MapMat = Eigen::Map<MatrixRM>;
using ConstMapMat = Eigen::Map<const MatrixRM>;
using MapVec = Eigen::Map<Eigen::VectorXf>;
using ConstMapVec = Eigen::Map<const Eigen::VectorXf>;

}  // namespace cnnlab
