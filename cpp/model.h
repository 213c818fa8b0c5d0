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

// Size caps, checked from the spec before anything is allocated (a refused spec costs nothing):
// weights per layer and per network (×4 for values, gradients and Adam's two moments), and the
// memory a batch's activations, gradients and scratch may take.
constexpr int64_t kMaxLayerWeights = int64_t{1} << 25;  // 33.5 M: 128 MB of float32
constexpr int64_t kMaxNetWeights = int64_t{1} << 25;
constexpr int64_t kMaxBatchBytes = int64_t{1} << 30;  // 1 GiB

class Sequential {
 public:
  // Parses and validates the spec (throws Error naming the layer and the problem), checks the
  // size caps (a batch of one must fit), then initialises all weights from one Rng(seed).
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
  // The same for a batch from outside (the JavaScript API): first refuses, naming `method`, a
  // label count other than N, a label outside the classes and any NaN or infinite pixel.
  float loss_and_grads(const Tensor& x, const std::vector<int>& labels, const std::string& method);
  // {N, C, H, W} for `values` floats of input, or a refusal naming `method`.
  Shape batch_shape(int64_t values, const std::string& method) const;
  // Refuses (net.memory) when a batch of `batch` samples would not fit kMaxBatchBytes.
  void check_memory(int batch) const;
  bool fits_batch(int batch) const;

  std::vector<Param*> params();
  int64_t num_params() const;
  std::vector<NamedTensor> get_weights() const;
  // The gradients of the last backward pass, named as get_weights() names the weights.
  std::vector<NamedTensor> get_gradients() const;
  // Throws Error on a missing/unknown name, a shape mismatch or a non-finite value; on error
  // nothing is changed.
  void set_weights(const std::vector<NamedTensor>& weights);
  // Re-draws all weights from a fresh Rng(seed).
  void reinit(uint32_t seed);
  // Saliency: d(logit of class_index)/dx for every sample of x (N, C, H, W), in eval mode — which
  // pixels, nudged, move that class's score most. Returns (N, C, H, W). Changes no weights and
  // leaves every parameter grad at zero. Throws Error for a class index outside [0, K).
  Tensor input_gradient(const Tensor& x, int class_index);
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
  mutable int checked_batch_ = 1;     // the largest batch check_memory() has allowed
};

}  // namespace cnnlab
