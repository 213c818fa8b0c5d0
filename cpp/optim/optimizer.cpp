// optim/optimizer.cpp — optimizer config parsing, SGD (momentum, Nesterov) and Adam.
#include "optimizer.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "../error_catalog.h"
#include "../json_read.h"

namespace cnnlab {

namespace {

// The gradient the update uses: L2 weight decay adds wd·w to weights, never to biases.
inline float decayed_grad(const Param& p, size_t i, float wd) {
  return p.grad.data[i] + (p.decay ? wd * p.value.data[i] : 0.0f);
}

// v ← μ·v + g;  w ← w − lr·v   (Nesterov: w ← w − lr·(g + μ·v)), as torch.optim.SGD.
class Sgd : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step(const std::vector<Param*>& params) override {
    ++steps_;
    if (velocity_.size() != params.size()) velocity_.assign(params.size(), {});
    const float mu = config_.momentum, lr = config_.lr, wd = config_.weight_decay;
    for (size_t k = 0; k < params.size(); ++k) {
      Param& p = *params[k];
      if (!p.trainable) continue;
      if (mu == 0.0f) {
        for (size_t i = 0; i < p.value.data.size(); ++i) p.value.data[i] -= lr * decayed_grad(p, i, wd);
        continue;
      }
      std::vector<float>& v = velocity_[k];
      const bool first = v.empty();
      if (first) v.assign(p.value.data.size(), 0.0f);
      for (size_t i = 0; i < v.size(); ++i) {
        const float g = decayed_grad(p, i, wd);
        v[i] = first ? g : mu * v[i] + g;  // PyTorch starts the buffer at the first gradient
        p.value.data[i] -= lr * (config_.nesterov ? g + mu * v[i] : v[i]);
      }
    }
  }

 private:
  std::vector<std::vector<float>> velocity_;
};

// m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  m̂ = m/(1−β1ᵗ);  v̂ = v/(1−β2ᵗ);
// w ← w − lr·m̂/(√v̂ + ε), as torch.optim.Adam (the bias corrections divide).
class Adam : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step(const std::vector<Param*>& params) override {
    ++steps_;
    if (m_.size() != params.size()) {
      m_.assign(params.size(), {});
      v_.assign(params.size(), {});
    }
    const float b1 = config_.beta1, b2 = config_.beta2, wd = config_.weight_decay;
    const double t = static_cast<double>(steps_);
    const float c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(b1), t));
    const float c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(b2), t));
    for (size_t k = 0; k < params.size(); ++k) {
      Param& p = *params[k];
      if (!p.trainable) continue;
      std::vector<float>& m = m_[k];
      std::vector<float>& v = v_[k];
      if (m.empty()) {
        m.assign(p.value.data.size(), 0.0f);
        v.assign(p.value.data.size(), 0.0f);
      }
      for (size_t i = 0; i < m.size(); ++i) {
        const float g = decayed_grad(p, i, wd);
        m[i] = b1 * m[i] + (1.0f - b1) * g;
        v[i] = b2 * v[i] + (1.0f - b2) * g * g;
        p.value.data[i] -= config_.lr * (m[i] / c1) / (std::sqrt(v[i] / c2) + config_.eps);
      }
    }
  }

 private:
  std::vector<std::vector<float>> m_, v_;
};

float number(const nlohmann::json& v, const char* key, float lo, float hi, bool hi_open) {
  if (!v.is_number()) refuse("optimizer.not_number", {{"key", key}, {"value", json_text(v)}});
  const double x = v.get<double>();
  if (!(x >= lo && (hi_open ? x < hi : x <= hi)))
    refuse("optimizer.range", {{"key", key},
                               {"range", "[" + number_text(lo) + ", " + number_text(hi) + (hi_open ? ")" : "]")},
                               {"value", json_text(v)}});
  return static_cast<float>(x);
}

}  // namespace

OptimizerConfig parse_optimizer_config(const std::string& text) {
  const nlohmann::json j = read_json(text, "optimizer");
  if (!j.is_object()) refuse("optimizer.not_object");
  OptimizerConfig c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const nlohmann::json& v = *it;
    if (k == "type") {
      if (!v.is_string() || (v != "adam" && v != "sgd")) refuse("optimizer.type", {{"value", json_text(v)}});
      c.type = v.get<std::string>();
    } else if (k == "lr") {
      c.lr = number(v, "lr", 0.0f, 1e6f, false);
    } else if (k == "momentum") {
      c.momentum = number(v, "momentum", 0.0f, 1.0f, true);
    } else if (k == "nesterov") {
      if (!v.is_boolean()) refuse("optimizer.not_bool", {{"key", k}, {"value", json_text(v)}});
      c.nesterov = v.get<bool>();
    } else if (k == "weightDecay") {
      c.weight_decay = number(v, "weightDecay", 0.0f, 1e3f, false);
    } else if (k == "beta1") {
      c.beta1 = number(v, "beta1", 0.0f, 1.0f, true);
    } else if (k == "beta2") {
      c.beta2 = number(v, "beta2", 0.0f, 1.0f, true);
    } else if (k == "eps") {
      c.eps = number(v, "eps", 0.0f, 1.0f, false);
    } else {
      refuse("optimizer.unknown_setting", {{"key", k}, {"known", "type, lr, momentum, nesterov, weightDecay, beta1, beta2, eps"}});
    }
  }
  if (c.nesterov && c.momentum == 0.0f) refuse("optimizer.nesterov_momentum");
  return c;
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config) {
  if (config.type == "sgd") return std::make_unique<Sgd>(config);
  if (config.type == "adam") return std::make_unique<Adam>(config);
  refuse("optimizer.type", {{"value", "\"" + config.type + "\""}});
}

}  // namespace cnnlab
