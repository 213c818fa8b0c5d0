// model.cpp — Sequential: forward/backward through the layer list, weights by name, predict.
#include "model.h"

#include <algorithm>

#include "loss.h"
#include "spec.h"

namespace cnnlab {

Sequential::Sequential(const std::string& spec_json, uint32_t seed) : rng_(std::make_shared<Rng>(seed)) {
  layers_ = build_layers(spec_json, &spec_, rng_);
  layers_.front()->set_input_grad(false);
  for (auto& l : layers_) l->init(*rng_);
}

void Sequential::reinit(uint32_t seed) {
  *rng_ = Rng(seed);
  for (auto& l : layers_) l->init(*rng_);
}

void Sequential::check_batch(const Tensor& x) const {
  if (x.shape.size() != 4 || x.dim(0) < 1 || x.dim(1) != spec_.channels || x.dim(2) != spec_.height ||
      x.dim(3) != spec_.width)
    throw Error("input: expected N×" + shape_str(input_shape()) + " images, got " + shape_str(x.shape));
}

const Tensor& Sequential::forward(const Tensor& x, Mode mode) {
  check_batch(x);
  const Tensor* h = &x;
  for (auto& l : layers_) h = &l->forward(*h, mode);
  return *h;
}

void Sequential::backward(const Tensor& dlogits) {
  const Tensor* g = &dlogits;
  for (size_t i = layers_.size(); i-- > 0;) g = &layers_[i]->backward(*g);
}

void Sequential::zero_grad() {
  for (Param* p : params()) p->grad.zero();
}

float Sequential::loss_and_grads(const Tensor& x, const int* labels, int* correct) {
  zero_grad();
  const float loss = softmax_cross_entropy(forward(x, Mode::kTrain), labels, &dlogits_, correct);
  backward(dlogits_);
  return loss;
}

std::vector<Param*> Sequential::params() {
  std::vector<Param*> all;
  for (auto& l : layers_)
    for (Param* p : l->params()) all.push_back(p);
  return all;
}

int64_t Sequential::num_params() const {
  int64_t n = 0;
  for (const auto& l : layers_)
    for (const Param* p : l->params()) n += p->value.size();
  return n;
}

std::vector<NamedTensor> Sequential::get_weights() const {
  std::vector<NamedTensor> out;
  for (size_t i = 0; i < layers_.size(); ++i)
    for (const Param* p : layers_[i]->params()) out.push_back({std::to_string(i) + "." + p->name, p->value});
  return out;
}

void Sequential::set_weights(const std::vector<NamedTensor>& weights) {
  // Validate everything first so that a bad list changes nothing.
  std::vector<std::pair<Param*, const Tensor*>> plan;
  std::vector<bool> seen;
  for (const NamedTensor& w : weights) {
    Param* target = nullptr;
    for (size_t i = 0; i < layers_.size() && !target; ++i)
      for (Param* p : layers_[i]->params())
        if (std::to_string(i) + "." + p->name == w.name) target = p;
    if (!target) throw Error("set_weights: the model has no weight named '" + w.name + "'");
    if (target->value.shape != w.tensor.shape)
      throw Error("set_weights: '" + w.name + "' has shape " + shape_str(target->value.shape) + ", got " +
                  shape_str(w.tensor.shape));
    if (w.tensor.size() != shape_size(w.tensor.shape))
      throw Error("set_weights: '" + w.name + "' has " + std::to_string(w.tensor.size()) + " values for shape " +
                  shape_str(w.tensor.shape));
    plan.emplace_back(target, &w.tensor);
  }
  for (auto& [p, t] : plan) p->value.data = t->data;
}

// A ReLU that follows a layer able to fuse it (conv2d, dense) is applied by that layer and skipped.
const Tensor& Sequential::infer(const Tensor& x) {
  const Tensor* h = &x;
  for (size_t i = 0; i < layers_.size(); ++i) {
    const bool relu_next =
        layers_[i]->fuses_relu() && i + 1 < layers_.size() && std::string(layers_[i + 1]->type()) == "relu";
    h = &layers_[i]->infer(*h, relu_next);
    i += relu_next;
  }
  return *h;
}

Tensor Sequential::predict(const Tensor& x, int batch) {
  check_batch(x);
  const int n = x.dim(0), k = num_classes();
  if (n <= batch) return softmax_rows(infer(x));
  const int64_t per = shape_size(input_shape());
  Tensor probs({n, k});
  Tensor chunk;
  for (int b = 0; b < n; b += batch) {
    const int m = std::min(batch, n - b);
    chunk.shape = {m, spec_.channels, spec_.height, spec_.width};
    chunk.data.assign(x.data.begin() + b * per, x.data.begin() + (b + m) * per);
    const Tensor p = softmax_rows(infer(chunk));
    std::copy(p.data.begin(), p.data.end(), probs.data.begin() + static_cast<int64_t>(b) * k);
  }
  return probs;
}

}  // namespace cnnlab
