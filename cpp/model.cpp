// model.cpp — Sequential: forward/backward through the layer list, weights by name, predict.
#include "model.h"

#include <algorithm>
#include <cmath>

#include "error_catalog.h"
#include "loss.h"
#include "spec.h"

namespace cnnlab {

Sequential::Sequential(const std::string& spec_json, uint32_t seed) : rng_(std::make_shared<Rng>(seed)) {
  layers_ = build_layers(spec_json, &spec_, rng_);
  check_memory(1);
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
    refuse("input.shape", {{"shape", shape_str(input_shape())}, {"got", shape_str(x.shape)}});
  if (x.dim(0) > checked_batch_) {
    check_memory(x.dim(0));
    checked_batch_ = x.dim(0);
  }
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

Tensor Sequential::input_gradient(const Tensor& x, int class_index) {
  const int k = num_classes();
  if (class_index < 0 || class_index >= k)
    refuse("saliency.class", {{"index", class_index}, {"classes", k}, {"last", k - 1}});
  // logits: (N, K); the score of one class is a sum with weight 1 on its logit: dscore/dlogits = e_k.
  const Tensor& logits = forward(x, Mode::kEval);
  Tensor dlogits(logits.shape);
  dlogits.zero();
  for (int n = 0; n < logits.dim(0); ++n) dlogits.data[static_cast<size_t>(n) * k + class_index] = 1.0f;
  // The first layer normally skips its input gradient (nothing feeds on it during training).
  layers_.front()->set_input_grad(true);
  Tensor dx;
  try {
    const Tensor* g = &dlogits;
    for (size_t i = layers_.size(); i-- > 0;) g = &layers_[i]->backward(*g);
    dx = *g;
  } catch (...) {
    layers_.front()->set_input_grad(false);
    zero_grad();
    throw;
  }
  layers_.front()->set_input_grad(false);
  zero_grad();
  return dx;
}

float Sequential::loss_and_grads(const Tensor& x, const std::vector<int>& labels, const std::string& method) {
  const int n = x.shape.empty() ? 0 : x.dim(0);
  if (static_cast<int64_t>(labels.size()) != n)
    refuse("input.labels_count", {{"method", method}, {"labels", labels.size()}, {"images", n}});
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= num_classes())
      refuse("input.label_range", {{"method", method}, {"label", labels[i]}, {"index", i}, {"classes", num_classes()}});
  // One NaN pixel would turn every weight into NaN at the next step.
  for (size_t i = 0; i < x.data.size(); ++i)
    if (!std::isfinite(x.data[i])) refuse("input.not_finite", {{"method", method}, {"value", x.data[i]}, {"index", i}});
  return loss_and_grads(x, labels.data());
}

Shape Sequential::batch_shape(int64_t values, const std::string& method) const {
  const Shape sample = input_shape();
  const int64_t per = shape_size(sample);
  if (values <= 0 || values % per != 0)
    refuse("input.values", {{"method", method}, {"count", values}, {"shape", shape_str(sample)}, {"per", per}});
  Shape shape{static_cast<int>(values / per)};
  shape.insert(shape.end(), sample.begin(), sample.end());
  return shape;
}

namespace {

// Bytes a batch takes: the input, and every layer's output, dx and scratch.
double batch_bytes(const Shape& input, const std::vector<std::unique_ptr<Layer>>& layers, int batch) {
  int64_t floats = shape_size(input);
  for (const auto& l : layers) floats += l->floats_per_sample();
  return 4.0 * static_cast<double>(floats) * batch;
}

}  // namespace

bool Sequential::fits_batch(int batch) const {
  return batch_bytes(input_shape(), layers_, batch) <= static_cast<double>(kMaxBatchBytes);
}

void Sequential::check_memory(int batch) const {
  const double bytes = batch_bytes(input_shape(), layers_, batch);
  if (bytes > static_cast<double>(kMaxBatchBytes))
    refuse("net.memory", {{"megabytes", static_cast<int64_t>(std::ceil(bytes / (1 << 20)))},
                          {"batch", batch},
                          {"max", kMaxBatchBytes >> 20}});
}

std::vector<Param*> Sequential::params() {
  std::vector<Param*> all;
  for (auto& l : layers_)
    for (Param* p : l->params()) all.push_back(p);
  return all;
}

int64_t Sequential::num_params() const {
  int64_t n = 0;
  for (const auto& l : layers_) n += l->num_params();
  return n;
}

std::vector<NamedTensor> Sequential::get_weights() const {
  std::vector<NamedTensor> out;
  for (size_t i = 0; i < layers_.size(); ++i)
    for (const Param* p : layers_[i]->params()) out.push_back({std::to_string(i) + "." + p->name, p->value});
  return out;
}

std::vector<NamedTensor> Sequential::get_gradients() const {
  std::vector<NamedTensor> out;
  for (size_t i = 0; i < layers_.size(); ++i)
    for (const Param* p : layers_[i]->params()) out.push_back({std::to_string(i) + "." + p->name, p->grad});
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
    if (!target) refuse("weights.unknown_name", {{"name", w.name}});
    if (target->value.shape != w.tensor.shape || w.tensor.size() != shape_size(w.tensor.shape))
      refuse("weights.shape", {{"name", w.name}, {"shape", shape_str(target->value.shape)},
                               {"got", w.tensor.size() != shape_size(w.tensor.shape)
                                           ? std::to_string(w.tensor.size()) + " values"
                                           : shape_str(w.tensor.shape)}});
    for (size_t i = 0; i < w.tensor.data.size(); ++i)
      if (!std::isfinite(w.tensor.data[i]))
        refuse("weights.not_finite", {{"name", w.name}, {"value", w.tensor.data[i]}, {"index", i}});
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
