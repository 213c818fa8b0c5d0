// layers/layer.cpp — shared input checks for all layers.
#include "layer.h"

#include <cmath>

namespace cnnlab {

void init_weights(Tensor* w, int fan_in, int fan_out, bool he, Rng& rng) {
  if (he) {
    const float sd = std::sqrt(2.0f / static_cast<float>(fan_in));
    for (float& v : w->data) v = sd * rng.normal();
  } else {
    const float a = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
    for (float& v : w->data) v = rng.uniform(-a, a);
  }
}

Param shaped_param(std::string name, Shape shape, bool decay) {
  Param p;
  p.name = std::move(name);
  p.value.shape = shape;
  p.grad.shape = std::move(shape);
  p.decay = decay;
  return p;
}

void allocate(Param* p) {
  p->value = Tensor(p->value.shape);
  p->grad = Tensor(p->value.shape);
}

std::vector<const Param*> Layer::params() const {
  const auto all = const_cast<Layer*>(this)->params();  // params() only lists members
  return {all.begin(), all.end()};
}

int64_t Layer::num_params() const {
  int64_t n = 0;
  for (const Param* p : params()) n += shape_size(p->value.shape);
  return n;
}

int64_t Layer::floats_per_sample() const { return shape_size(in_shape_) + shape_size(out_shape_); }

void Layer::check_input(const Tensor& x) const {
  bool ok = x.shape.size() == in_shape_.size() + 1;
  for (size_t i = 0; ok && i < in_shape_.size(); ++i) ok = x.shape[i + 1] == in_shape_[i];
  if (!ok)
    throw Error(std::string(type()) + ": expected input N×" + shape_str(in_shape_) + ", got " +
                shape_str(x.shape));
}

Shape Layer::batch_out_shape(int n) const {
  Shape s{n};
  s.insert(s.end(), out_shape_.begin(), out_shape_.end());
  return s;
}

}  // namespace cnnlab
