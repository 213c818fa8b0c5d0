// optim/optimizer.h — SGD (momentum, Nesterov) and Adam, configured from JSON.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "../layers/layer.h"

namespace cnnlab {

struct OptimizerConfig {
  std::string type = "adam";  // "adam" | "sgd"
  float lr = 1e-3f;
  float momentum = 0.0f;  // sgd
  bool nesterov = false;  // sgd
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // adam
  float weight_decay = 0.0f;  // L2 added to the gradient of weights (not biases): g += wd·w
};

// {"type":"adam","lr":1e-3,"weightDecay":0,"momentum":0.9,"nesterov":false,"beta1":..,"beta2":..,"eps":..}
// Unknown keys or bad values throw Error naming the key. The one validation of optimizer settings:
// the CLI's flags go through it too.
OptimizerConfig parse_optimizer_config(const std::string& json);

class Optimizer {
 public:
  explicit Optimizer(const OptimizerConfig& config) : config_(config) {}
  virtual ~Optimizer() = default;
  // One update of every trainable parameter from its grad (others are left alone). State is
  // keyed by parameter position.
  virtual void step(const std::vector<Param*>& params) = 0;
  const OptimizerConfig& config() const { return config_; }
  void set_lr(float lr) { config_.lr = lr; }
  int64_t steps() const { return steps_; }

 protected:
  OptimizerConfig config_;
  int64_t steps_ = 0;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config);

}  // namespace cnnlab
