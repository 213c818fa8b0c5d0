// gradcheck.h — finite-difference gradient checks shared by the layer and network tests.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "layers/layer.h"
#include "rng.h"

namespace cnnlab::testing {

inline Tensor random_tensor(const Shape& shape, Rng& rng, float lo = -1.0f, float hi = 1.0f) {
  Tensor t(shape);
  for (float& v : t.data) v = rng.uniform(lo, hi);
  return t;
}

// Agreement of an analytic and a numeric derivative: relative, with an absolute floor for
// values near zero, loose enough for float32 central differences and tight enough that a
// wrong formula (typically off by O(1)) fails.
inline void expect_close_grad(double analytic, double numeric, const std::string& what) {
  const double err = std::abs(analytic - numeric);
  EXPECT_LE(err, 2e-2 * std::max({1e-1, std::abs(analytic), std::abs(numeric)}))
      << what << ": analytic " << analytic << " vs numeric " << numeric;
}

// Checks dL/dx and dL/dθ of `layer` for L = Σ y ⊙ r (r fixed random), so dL/dy = r.
// Every input entry and every parameter entry is probed (keep shapes small).
inline void check_layer_gradients(Layer& layer, const Tensor& x0, uint32_t seed = 7, double eps = 1e-3) {
  Rng rng(seed);
  const Tensor& y0 = layer.forward(x0, Mode::kTrain);
  const Tensor r = random_tensor(y0.shape, rng);
  auto loss = [&](const Tensor& x) {
    const Tensor& y = layer.forward(x, Mode::kTrain);
    double s = 0.0;
    for (size_t i = 0; i < y.data.size(); ++i) s += static_cast<double>(y.data[i]) * r.data[i];
    return s;
  };
  for (Param* p : layer.params()) p->grad.zero();
  layer.forward(x0, Mode::kTrain);
  const Tensor dx = layer.backward(r);
  ASSERT_EQ(dx.shape, x0.shape) << layer.type() << ": dx shape";
  std::vector<Tensor> grads;
  for (Param* p : layer.params()) grads.push_back(p->grad);

  Tensor x = x0;
  for (size_t i = 0; i < x.data.size(); ++i) {
    const float v = x.data[i];
    x.data[i] = v + static_cast<float>(eps);
    const double up = loss(x);
    x.data[i] = v - static_cast<float>(eps);
    const double down = loss(x);
    x.data[i] = v;
    expect_close_grad(dx.data[i], (up - down) / (2 * eps), std::string(layer.type()) + " dx[" + std::to_string(i) + "]");
  }
  const auto params = layer.params();
  for (size_t k = 0; k < params.size(); ++k) {
    Param& p = *params[k];
    for (size_t i = 0; i < p.value.data.size(); ++i) {
      const float v = p.value.data[i];
      p.value.data[i] = v + static_cast<float>(eps);
      const double up = loss(x0);
      p.value.data[i] = v - static_cast<float>(eps);
      const double down = loss(x0);
      p.value.data[i] = v;
      expect_close_grad(grads[k].data[i], (up - down) / (2 * eps),
                        std::string(layer.type()) + " d" + p.name + "[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace cnnlab::testing
