// model.h — Sequential: the network built from the JSON model spec (see README "Model spec").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "layers/layer.h"

namespace cnnlab {

struct ModelSpec {
  int channels = 0, height = 0, width = 0;
  std::vector<std::string> classes;
  std::string json;  // the spec as given, normalised (re-serialised by nlohmann::json)
};

// A named weight in PyTorch layout ([out, in, kh, kw] for conv, [out, in] for dense).
struct NamedTensor {
  std::string name;  // "<layer index>.weight" / "<layer index>.bias", as a PyTorch nn.Sequential
  Tensor tensor;
};

class Sequential {
 public:
  // Parses and validates the spec (throws Error naming the layer and the problem), then
  // initialises all weights from one Rng seeded with `seed`.
  Sequential(const std::string& spec_json, uint32_t seed);

  const ModelSpec& spec() const { return spec_; }
  Shape input_shape() const { return {spec_.channels, spec_.height, spec_.width}; }
  int num_classes() const { return static_cast<int>(spec_.classes.size()); }
  size_t num_layers() const { return layers_.size(); }
  Layer& layer(size_t i) { return *layers_.at(i); }
  const Layer& layer(size_t i) const { return *layers_.at(i); }

  // x: (N, C, H, W) → logits (N, K). Every layer's output stays readable via layer(i).output().
  const Tensor& forward(const Tensor& x, Mode mode);
  // dlogits: (N, K). Adds into every parameter's grad; call zero_grad() before each batch.
  void backward(const Tensor& dlogits);
  void zero_grad();
  // One training batch's gradients: zero_grad, forward (train mode), softmax cross-entropy,
  // backward. labels: N class indices. Returns the mean loss; `correct` gets the argmax hits.
  // Changes no weights.
  float loss_and_grads(const Tensor& x, const int* labels, int* correct = nullptr);

  std::vector<Param*> params();
  int64_t num_params() const;
  std::vector<NamedTensor> get_weights() const;
  // Throws Error on a missing/unknown name or a shape mismatch; on error nothing is changed.
  void set_weights(const std::vector<NamedTensor>& weights);
  // Re-draws all weights from a fresh Rng(seed).
  void reinit(uint32_t seed);
  // Softmax probabilities (N, K), eval mode, in chunks of `batch` samples to bound memory.
  // Runs the layers' infer() path: layer outputs are unspecified afterwards (use forward()).
  Tensor predict(const Tensor& x, int batch = 64);

 private:
  void check_batch(const Tensor& x) const;  // throws Error unless x is (N, C, H, W) of the spec
  const Tensor& infer(const Tensor& x);     // logits (N, K) through every layer's infer()

  ModelSpec spec_;
  std::vector<std::unique_ptr<Layer>> layers_;
  Tensor dlogits_;  // dL/dlogits of the last loss_and_grads
  std::shared_ptr<Rng> rng_;  // init and dropout masks draw from here (shared with dropout layers)
};

}  // namespace cnnlab
